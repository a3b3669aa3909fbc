import { render } from 'preact';
import { extensionRecordingClient } from '../../components/extensionRecordingClient';
import { SidePanelApp } from '../../components/SidePanelApp';
import { nativeBrowser } from '../../utils/native-browser';
import '../../components/theme.css';
import { captionsClient } from '../../utils/captions/captions-client';
import { createMessenger } from '../../utils/messaging/client';
import { signedInTranscripts } from '../../utils/saved/signed-in-transcripts';
import { watchShowInterim } from '../../utils/settings/settings-item';

const request = createMessenger((message) => nativeBrowser.runtime.sendMessage(message));
const RECENT = 5;

const saved = signedInTranscripts(request);

/** The tab in front of the panel's window, now and whenever another comes to the front. */
function watchActiveTab(onTab: (tabId: number | null) => void): () => void {
  let windowId: number | undefined;
  const activated = ({ tabId, windowId: window }: { tabId: number; windowId: number }) => {
    if (window === windowId) onTab(tabId);
  };
  nativeBrowser.tabs.onActivated.addListener(activated);
  void nativeBrowser.windows.getCurrent().then(async (current) => {
    windowId = current.id;
    const [tab] = await nativeBrowser.tabs.query({ active: true, windowId: current.id });
    onTab(tab?.id ?? null);
  });
  return () => nativeBrowser.tabs.onActivated.removeListener(activated);
}

render(
  <SidePanelApp
    {...extensionRecordingClient(request, saved)}
    watchActiveTab={watchActiveTab}
    recentTranscripts={async () => {
      const sessions = (await (await saved.open())?.listSessions()) ?? [];
      return sessions
        .slice(0, RECENT)
        .map(({ id, title, startedAt }) => ({ id, title, startedAt }));
    }}
    openHistory={(recordingId) =>
      void nativeBrowser.tabs.create({
        url: nativeBrowser.runtime.getURL(
          `/transcripts.html${recordingId ? `#${recordingId}` : ''}`,
        ),
      })
    }
    openSettings={() => void nativeBrowser.runtime.openOptionsPage()}
    copy={(text) => navigator.clipboard.writeText(text)}
    exportAs={saved.download}
    captions={captionsClient}
    watchShowInterim={watchShowInterim}
  />,
  document.getElementById('app') as HTMLElement,
);
