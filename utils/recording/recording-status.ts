import type { ErrorInfo } from '../errors';
import type { EndReason, RecordingState } from './recording-state';

/**
 * What a view says about one tab, decided in one place from the owner's state (and the worker's
 * refusal of a start on that tab), so no view can show an error, "Ready to transcribe" and
 * "Listening…" at once. Pure, with a table of tests.
 */

export type TabStatus =
  | { kind: 'ready' }
  /** The worker refused a start here before any capture (signed out, a page Chrome refuses). */
  | { kind: 'refused'; error: ErrorInfo }
  | { kind: 'starting' }
  | {
      kind: 'live';
      startedAt: number;
      reconnecting: boolean;
      /** The tab is silent: "no sound from this tab" instead of "Listening…". */
      silent: boolean;
      /** No audio arrives at all. */
      stalled: boolean;
    }
  | { kind: 'stopping' }
  /** The latest recording was of this tab and ended: why, and whether it is saved. */
  | {
      kind: 'ended';
      recordingId: string;
      reason: EndReason;
      error: ErrorInfo | null;
      saved: boolean;
    }
  /** Another tab is being recorded. */
  | { kind: 'elsewhere'; tabId: number };

export function statusOfTab(
  state: RecordingState,
  tabId: number | null,
  refusal: ErrorInfo | null,
): TabStatus {
  const here = tabId !== null && state.phase !== 'idle' && state.tabId === tabId;
  if (!here) {
    if (state.phase === 'starting' || state.phase === 'live' || state.phase === 'stopping') {
      return { kind: 'elsewhere', tabId: state.tabId };
    }
    return refusal ? { kind: 'refused', error: refusal } : { kind: 'ready' };
  }
  switch (state.phase) {
    case 'starting':
      return { kind: 'starting' };
    case 'stopping':
      return { kind: 'stopping' };
    case 'live':
      return {
        kind: 'live',
        startedAt: state.startedAt,
        reconnecting: state.connection === 'reconnecting',
        silent: state.hearing === 'silence',
        stalled: state.hearing === 'nothing',
      };
    case 'ended':
      // A refusal is newer than the recording it followed (refusals are cleared at each start).
      if (refusal) return { kind: 'refused', error: refusal };
      return {
        kind: 'ended',
        recordingId: state.recordingId,
        reason: state.reason,
        error: state.error,
        saved: state.saved,
      };
    default:
      return { kind: 'ready' };
  }
}

/** The heading a view shows for a status. */
export function headingOf(status: TabStatus): string {
  switch (status.kind) {
    case 'ready':
    case 'elsewhere':
      return 'Ready to transcribe';
    case 'refused':
      // The one worker-held error that is not a refused start: the owner died recording.
      return status.error.code === 'capture_lost' ? 'Transcription stopped' : 'Couldn’t start';
    case 'starting':
      return 'Starting…';
    case 'live':
      return status.reconnecting ? 'Reconnecting…' : 'Transcribing this tab';
    case 'stopping':
      return 'Finishing the last words…';
    case 'ended':
      return status.error ? 'Transcription stopped' : 'Ready to transcribe';
  }
}

const endSentences: Record<Exclude<EndReason, 'failed'>, string> = {
  stopped: 'Transcription stopped.',
  tab_closed: 'The tab was closed, so transcription stopped.',
  capture_ended: 'Chrome stopped sharing this tab’s audio, so transcription stopped.',
  signed_out: 'You signed out, so transcription stopped.',
};

/**
 * Why the recording ended, for an ended status without an error (whose own sentence says why);
 * says the transcript is saved when it is.
 */
export function endSentence(status: Extract<TabStatus, { kind: 'ended' }>): string | null {
  if (status.reason === 'failed') return null;
  const why = endSentences[status.reason];
  return status.saved ? `${why} The transcript is saved.` : why;
}
