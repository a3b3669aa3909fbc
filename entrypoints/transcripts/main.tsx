import { render } from 'preact';
import { browser } from 'wxt/browser';
import { HistoryApp } from '../../components/HistoryApp';
import '../../components/theme.css';
import { downloadText } from '../../utils/export/download-text';
import { createMessenger } from '../../utils/messaging/client';
import { createTranscriptStore, openTranscriptDb } from '../../utils/storage/transcript-store';

const request = createMessenger((message) => browser.runtime.sendMessage(message));
const store = createTranscriptStore(await openTranscriptDb());
// Set only by builds made for the local stack (scripts/configured-build.mjs): benchmarks seed and
// time the real store. A release build drops this line.
if (import.meta.env.WXT_EXPOSE_TRANSCRIPT_STORE === '1') {
  (window as unknown as { tabscribeStore: typeof store }).tabscribeStore = store;
}

render(
  <HistoryApp
    store={store}
    runningSessionId={async () => {
      const session = await request('session.get', {}).catch(() => null);
      return session && (session.phase === 'live' || session.phase === 'starting')
        ? session.sessionId
        : null;
    }}
    download={downloadText}
    copy={(text) => navigator.clipboard.writeText(text)}
    initialSessionId={location.hash.slice(1) || null}
    onOpen={(sessionId) => history.replaceState(null, '', sessionId ? `#${sessionId}` : '#')}
  />,
  document.getElementById('app') as HTMLElement,
);
