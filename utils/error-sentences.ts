import { type ErrorCode, ExtensionError } from './errors';

/**
 * The sentence the user reads for each error code: for the pages and the badge's tooltip only, so
 * that contexts which just pass errors on do not load them (see errors.ts).
 */
const sentences: Record<ErrorCode, string> = {
  not_configured:
    'This build of Tabscribe has no account service configured, so it cannot sign you in.',
  signed_out: 'You’re signed out. Sign in on the Tabscribe settings page to transcribe.',
  wrong_password: 'That email and password don’t match. Check both and try again.',
  code_invalid: 'That code is wrong or has expired. Check the latest email, or send a new code.',
  too_many_attempts: 'Too many attempts. Wait a minute, then try again.',
  sign_in_cancelled: 'Sign-in with Google was cancelled.',
  over_quota: 'You’ve reached this hour’s transcription limit.',
  service_unavailable: 'Tabscribe’s service isn’t answering right now. Try again in a moment.',
  network: 'Tabscribe can’t reach its server. Check your connection and try again.',
  bad_message: 'Tabscribe received a request it does not understand. Reload the extension.',
  forbidden_sender: 'Only Tabscribe’s own pages may ask for that.',
  no_response: 'Tabscribe’s background service did not answer. Reload the extension and try again.',
  uncapturable:
    'Chrome didn’t let Tabscribe capture this tab. Start Tabscribe from its button or shortcut while on that tab; a few pages, such as the Chrome Web Store, can’t be captured at all.',
  capture_failed:
    'Tabscribe couldn’t capture this tab’s audio. Chrome blocks capture on some pages, such as the Chrome Web Store; elsewhere, reload the tab and try again.',
  no_tab: 'That tab is gone. Open the tab you want to transcribe and try again.',
  stream_refused:
    'The transcription service didn’t accept the connection, even after several tries; it may be busy. Your transcript so far is saved; try again in a few minutes.',
  stream_busy:
    'The transcription service is at capacity right now, so Tabscribe could not connect. Your transcript so far is saved; try again in a few minutes.',
  stream_lost:
    'The transcription service closed the connection and would not take it back. The transcript so far is saved; start again to continue.',
  capture_lost:
    'Tabscribe’s capture stopped unexpectedly. The transcript so far is saved in the history; start again to continue.',
  microphone_blocked:
    'Chrome is blocking Tabscribe from your microphone, so only the tab is transcribed. Allow the microphone on Tabscribe’s settings page.',
  microphone_missing:
    'Chrome found no microphone, so only the tab is transcribed. Connect one and start again.',
  microphone_lost:
    'Your microphone stopped (unplugged, or taken by another app), so only the tab is transcribed now. Your words so far are kept; connect it and start again to include it.',
  microphone_revoked:
    'Chrome no longer lets Tabscribe use your microphone (its permission was taken back), so only the tab is transcribed now. Your words so far are kept; allow the microphone on Tabscribe’s settings page, then start again to include it.',
  // On the settings page itself, where the toggle is: what to click, not where to go.
  microphone_setting_blocked:
    'Chrome is blocking the microphone for Tabscribe. Click the microphone icon at the right of the address bar on this page, choose “Allow”, then turn this on again. (Or allow it under chrome://settings/content/microphone.)',
  microphone_setting_missing:
    'Chrome found no microphone it could open. Connect one, or close the app using it, and try again.',
  title_required: 'A transcript needs a title. Type one, or Cancel to keep the old title.',
  history_rename_failed: 'The new title could not be saved. Try again.',
  history_delete_failed:
    'Tabscribe couldn’t delete this transcript, so it is still saved. Try again; if it keeps happening, reload the page.',
  history_restore_failed:
    'Tabscribe couldn’t bring the transcript back. Press Undo to try again while it is offered.',
  history_delete_all_failed:
    'Tabscribe couldn’t delete your transcripts, so they are all still saved. Try again; if it keeps happening, reload the page.',
  history_export_failed:
    'Tabscribe couldn’t read this transcript to export it. Try again; if it keeps happening, reload the page.',
  history_copy_failed:
    'Chrome didn’t let Tabscribe copy the transcript. Try again, or export it as plain text.',
  annotation_failed: 'The moment, note or name could not be saved. Try again.',
  media_unavailable:
    'The page this was recorded from is not open any more, so Tabscribe can’t play it from there.',
  internal:
    'Something went wrong inside Tabscribe. Try again; if it keeps happening, reload the extension.',
};

/** The plain-language sentence shown to the user for any thrown value. */
export function describeError(error: unknown, locale?: string): string {
  const code = error instanceof ExtensionError ? error.code : 'internal';
  if (code === 'over_quota' && error instanceof ExtensionError && error.detail) {
    // Rounded up to the minute: at the time shown the limit has lifted, never still holds.
    const lifts = new Date(Math.ceil(Date.parse(error.detail) / 60_000) * 60_000);
    if (!Number.isNaN(lifts.getTime())) {
      const time = lifts.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
      return `You’ve reached this hour’s transcription limit. It lifts at ${time}.`;
    }
  }
  return sentences[code];
}

/** The sentence for a failure known by its code alone (a page's own write, a form's check). */
export function sentenceFor(code: ErrorCode): string {
  return sentences[code];
}
