import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createMessageRouter } from '../utils/messaging/router';
import { readToggleShortcut } from '../utils/shortcut';

export default defineBackground(() => {
  browser.runtime.onMessage.addListener(
    createMessageRouter({
      owner: 'background',
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
      handlers: {
        'status.get': async () => ({ shortcut: await readToggleShortcut(browser.commands) }),
      },
    }),
  );

  // A new user's first step is signing in, which happens on the options page.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
