import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '../../components/PopupApp';
import '../../components/theme.css';
import { downloadText } from '../../utils/export/download-text';
import {
  EXPORT_FORMATS,
  exportFileName,
  exportTranscript,
} from '../../utils/export/transcript-formats';
import { createMessenger } from '../../utils/messaging/client';
import { subscribe } from '../../utils/messaging/events';
import { loadSettings } from '../../utils/settings/settings-storage';
import { openShortcutSettings } from '../../utils/shortcut';
import { openAccountTranscripts } from '../../utils/storage/account-transcripts';

const request = createMessenger((message) => browser.runtime.sendMessage(message));
const onMessage = browser.runtime.onMessage as unknown as Parameters<typeof subscribe>[0];

/** The popup shares the extension's IndexedDB: the signed-in account's transcripts are here. */
const signedInTranscripts = async () => {
  const account = await request('account.get', {});
  return account.signedIn ? openAccountTranscripts(account.userId) : null;
};

// `?tab=<id>` names the tab to act on when the popup is opened as a page (tests, screenshots):
// there the active tab is the popup itself.
const tabFromUrl = Number(new URLSearchParams(location.search).get('tab'));
const currentTabId = async () => {
  if (Number.isInteger(tabFromUrl) && tabFromUrl > 0) return tabFromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
};

render(
  <PopupApp
    loadStatus={() => request('status.get', {})}
    openSettings={() => {
      void browser.runtime.openOptionsPage();
      window.close();
    }}
    openShortcutSettings={() => void openShortcutSettings(browser.tabs)}
    openHistory={(sessionId) => {
      void browser.tabs.create({
        url: browser.runtime.getURL(`/transcripts.html${sessionId ? `#${sessionId}` : ''}`),
      });
      window.close();
    }}
    copy={(text) => navigator.clipboard.writeText(text)}
    exportAs={async (sessionId, format) => {
      const saved = await (await signedInTranscripts())?.getTranscript(sessionId);
      if (!saved) return;
      const mime = EXPORT_FORMATS.find((entry) => entry.format === format)?.mime ?? 'text/plain';
      downloadText(exportFileName(saved, format), mime, exportTranscript(saved, format));
    }}
    warmToken={() => void request('token.warm', {}).catch(() => undefined)}
    session={{
      get: () => request('session.get', {}),
      start: (tabId) => request('session.start', { tabId }),
      stop: () => request('session.stop', {}),
      onChange: (listener) => subscribe(onMessage, 'session.changed', listener),
    }}
    transcript={{
      get: () => request('transcript.get', {}),
      onChange: (listener) => subscribe(onMessage, 'transcript.changed', listener),
    }}
    currentTabId={currentTabId}
    sessionTitle={async (sessionId) =>
      (await (await signedInTranscripts())?.getSession(sessionId))?.title ?? null
    }
    loadSettings={loadSettings}
    now={Date.now}
  />,
  document.getElementById('app') as HTMLElement,
);
