import { render } from 'preact';
import { extensionRecordingClient } from '../../components/extensionRecordingClient';
import { PopupApp } from '../../components/PopupApp';
import { nativeBrowser } from '../../utils/native-browser';
import '../../components/theme.css';
import { captionsClient } from '../../utils/captions/captions-client';
import { createMessenger } from '../../utils/messaging/client';
import { signedInTranscripts } from '../../utils/saved/signed-in-transcripts';
import { watchShowInterim } from '../../utils/settings/settings-item';
import { openShortcutSettings } from '../../utils/shortcut';

const request = createMessenger((message) => nativeBrowser.runtime.sendMessage(message));

const saved = signedInTranscripts(request);

const currentTabId = async () => {
  // Test builds only (the flag is empty in a release build, and this branch is removed): a
  // popup opened as a page acts on the tab `?tab=` names, as its own tab is the popup.
  if (import.meta.env.WXT_TABSCRIBE_TEST_HOOKS === '1') {
    const named = Number(new URLSearchParams(location.search).get('tab'));
    if (Number.isInteger(named) && named > 0) return named;
  }
  const [tab] = await nativeBrowser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
};

// The side panel opens in this window; `sidePanel.open` must run inside the click's gesture, so
// the window is known before any click.
let windowId: number | undefined;
void nativeBrowser.windows.getCurrent().then((current) => {
  windowId = current.id;
});

render(
  <PopupApp
    {...extensionRecordingClient(request, saved)}
    openSidePanel={() => {
      if (windowId === undefined) return;
      void nativeBrowser.sidePanel.open({ windowId });
      window.close();
    }}
    openSettings={() => {
      void nativeBrowser.runtime.openOptionsPage();
      window.close();
    }}
    openShortcutSettings={() => void openShortcutSettings(nativeBrowser.tabs)}
    openHistory={(recordingId) => {
      void nativeBrowser.tabs.create({
        url: nativeBrowser.runtime.getURL(
          `/transcripts.html${recordingId ? `#${recordingId}` : ''}`,
        ),
      });
      window.close();
    }}
    copy={(text) => navigator.clipboard.writeText(text)}
    exportAs={saved.download}
    currentTabId={currentTabId}
    watchShowInterim={watchShowInterim}
    captions={captionsClient}
  />,
  document.getElementById('app') as HTMLElement,
);
