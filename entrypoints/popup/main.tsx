import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '../../components/PopupApp';
import '../../components/theme.css';
import { createMessenger } from '../../utils/messaging/client';
import { openShortcutSettings } from '../../utils/shortcut';

const request = createMessenger((message) => browser.runtime.sendMessage(message));

render(
  <PopupApp
    loadStatus={() => request('status.get', {})}
    openSettings={() => {
      void browser.runtime.openOptionsPage();
      window.close();
    }}
    openShortcutSettings={() => void openShortcutSettings(browser.tabs)}
    warmToken={() => void request('token.warm', {}).catch(() => undefined)}
  />,
  document.getElementById('app') as HTMLElement,
);
