import { render } from 'preact';
import { browser } from 'wxt/browser';
import { SidePanelApp } from '../../components/SidePanelApp';
import '../../components/theme.css';
import { createMessenger } from '../../utils/messaging/client';
import { watchRecording } from '../../utils/recording/recording-view';
import { openAccountTranscripts } from '../../utils/saved/account-transcripts';
import { downloadText } from '../../utils/saved/export/download-text';
import {
  EXPORT_FORMATS,
  exportFileName,
  exportTranscript,
} from '../../utils/saved/export/transcript-formats';

const request = createMessenger((message) => browser.runtime.sendMessage(message));
const RECENT = 5;

/** The side panel shares the extension's IndexedDB: the signed-in account's transcripts. */
const signedInTranscripts = async () => {
  const account = await request('account.get', {});
  return account.signedIn ? openAccountTranscripts(account.userId) : null;
};

/** The tab in front of the panel's window, now and whenever another comes to the front. */
function watchActiveTab(onTab: (tabId: number | null) => void): () => void {
  let windowId: number | undefined;
  const activated = ({ tabId, windowId: window }: { tabId: number; windowId: number }) => {
    if (window === windowId) onTab(tabId);
  };
  browser.tabs.onActivated.addListener(activated);
  void browser.windows.getCurrent().then(async (current) => {
    windowId = current.id;
    const [tab] = await browser.tabs.query({ active: true, windowId: current.id });
    onTab(tab?.id ?? null);
  });
  return () => browser.tabs.onActivated.removeListener(activated);
}

render(
  <SidePanelApp
    loadStatus={(tabId) => request('status.get', tabId === null ? {} : { tabId })}
    recording={(onInput) => watchRecording(browser.runtime, onInput)}
    startRecording={(tabId) => request('recording.start', { tabId })}
    stopRecording={() => request('recording.stop', {})}
    transcriptTitle={async (recordingId) =>
      (await (await signedInTranscripts())?.getSession(recordingId))?.title ?? null
    }
    warmToken={() => void request('token.warm', {}).catch(() => undefined)}
    watchActiveTab={watchActiveTab}
    recentTranscripts={async () => {
      const sessions = (await (await signedInTranscripts())?.listSessions()) ?? [];
      return sessions
        .slice(0, RECENT)
        .map(({ id, title, startedAt }) => ({ id, title, startedAt }));
    }}
    openHistory={(recordingId) =>
      void browser.tabs.create({
        url: browser.runtime.getURL(`/transcripts.html${recordingId ? `#${recordingId}` : ''}`),
      })
    }
    openSettings={() => void browser.runtime.openOptionsPage()}
    copy={(text) => navigator.clipboard.writeText(text)}
    exportAs={async (recordingId, format) => {
      const saved = await (await signedInTranscripts())?.getTranscript(recordingId);
      if (!saved) return;
      const mime = EXPORT_FORMATS.find((entry) => entry.format === format)?.mime ?? 'text/plain';
      downloadText(exportFileName(saved, format), mime, exportTranscript(saved, format));
    }}
    now={Date.now}
  />,
  document.getElementById('app') as HTMLElement,
);
