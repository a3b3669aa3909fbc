import { browser } from 'wxt/browser';
import { createMessageRouter } from '../../utils/messaging/router';

// The offscreen document will own the tab's audio: it outlives the popup and keeps running when
// Chrome stops the service worker. It answers only the messages the protocol gives it.
browser.runtime.onMessage.addListener(
  createMessageRouter({
    owner: 'offscreen',
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    handlers: {},
  }),
);
