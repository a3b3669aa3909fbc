import { render } from 'preact';
import { browser } from 'wxt/browser';
import { SidePanelApp } from '../../components/SidePanelApp';
import '../../components/theme.css';
import { captionsClient } from '../../utils/captions/captions-client';
import { createMessenger } from '../../utils/messaging/client';
import { watchRecording } from '../../utils/recording/recording-view';
import { signedInTranscripts } from '../../utils/saved/signed-in-transcripts';

const request = createMessenger((message) => browser.runtime.sendMessage(message));
const RECENT = 5;

const saved = signedInTranscripts(request);

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
    markMoment={() => request('recording.mark-moment', {})}
    noteMoment={(id, note) => request('recording.note-moment', { id, note })}
    renameSpeaker={(speaker, name) => request('recording.rename-speaker', { speaker, name })}
    seekMedia={(recordingId, seconds) =>
      saved.seek(recordingId, seconds, {
        sendToTab: (tabId, message) => browser.tabs.sendMessage(tabId, message),
        openTab: (url) => browser.tabs.create({ url }),
      })
    }
    transcriptTitle={saved.title}
    warmToken={() => void request('token.warm', {}).catch(() => undefined)}
    watchActiveTab={watchActiveTab}
    recentTranscripts={async () => {
      const sessions = (await (await saved.open())?.listSessions()) ?? [];
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
    exportAs={saved.download}
    captions={captionsClient}
    now={Date.now}
  />,
  document.getElementById('app') as HTMLElement,
);
