import { render } from 'preact';
import { HistoryApp } from '../../components/HistoryApp';
import { SignedOutTranscripts } from '../../components/SignedOutTranscripts';
import { nativeBrowser } from '../../utils/native-browser';
import '../../components/theme.css';
import { AUTH_STORAGE_KEY, sessionUserId } from '../../utils/account/stored-session';
import { seekMedia } from '../../utils/media/seek-media';
import { createMessenger } from '../../utils/messaging/client';
import { isRunning } from '../../utils/recording/recording-state';
import { downloadText } from '../../utils/saved/export/download-text';
import { openAccountTranscripts } from '../../utils/saved/transcript-store';

const request = createMessenger((message) => nativeBrowser.runtime.sendMessage(message));
const root = document.getElementById('app') as HTMLElement;

// Another account's transcripts must never stay on screen: signing out or in as someone else,
// from any page, draws this page again for whoever is signed in now.
nativeBrowser.storage.local.onChanged.addListener((changes) => {
  const change = changes[AUTH_STORAGE_KEY];
  if (change && sessionUserId(change.newValue) !== sessionUserId(change.oldValue)) {
    location.reload();
  }
});

const account = await request('account.get', {}).catch(() => ({ signedIn: false as const }));
if (!account.signedIn) {
  render(
    <SignedOutTranscripts openSignIn={() => void nativeBrowser.runtime.openOptionsPage()} />,
    root,
  );
} else {
  const store = await openAccountTranscripts(account.userId);
  // Test builds only (scripts/configured-build.mjs; wxt.config.ts refuses the flag elsewhere):
  // benchmarks and screenshots seed and time the real store. A release build drops this branch,
  // which e2e/manifest.e2e.test.ts checks in its output.
  if (import.meta.env.WXT_TABSCRIBE_TEST_HOOKS === '1') {
    (window as unknown as { tabscribeStore: typeof store }).tabscribeStore = store;
  }
  const runningSessionId = async () => {
    // No offscreen document (no answer) means nothing is recording.
    const state = await request('recording.state', {}).catch(() => null);
    return state && isRunning(state) ? state.recordingId : null;
  };
  render(
    <HistoryApp
      store={store}
      runningSessionId={runningSessionId}
      annotateLive={async (sessionId, change) => {
        if ((await runningSessionId()) !== sessionId) return null;
        const reply =
          'id' in change
            ? await request('recording.note-moment', change)
            : await request('recording.rename-speaker', change);
        return reply.annotations;
      }}
      download={downloadText}
      copy={(text) => navigator.clipboard.writeText(text)}
      seekMedia={(session, seconds) =>
        seekMedia(session, seconds, {
          sendToTab: (tabId, message) => nativeBrowser.tabs.sendMessage(tabId, message),
          openTab: (url) => nativeBrowser.tabs.create({ url }),
        })
      }
      initialSessionId={location.hash.slice(1) || null}
      onOpen={(sessionId) => history.replaceState(null, '', sessionId ? `#${sessionId}` : '#')}
    />,
    root,
  );
}
