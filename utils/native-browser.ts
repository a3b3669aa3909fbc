import type { WxtBrowser } from 'wxt/browser';

/**
 * The browser's own extension API, for the pages that only send messages, connect ports and read
 * storage (the popup, the side panel, the options and history pages). In every Chrome the
 * manifest allows (≥ 116) it returns promises as webextension-polyfill's does, and it differs
 * from the polyfill (`wxt/browser` in this build) in one place only: a `runtime.onMessage`
 * listener that answers by returning a promise. The contexts with such listeners (the service
 * worker's and the offscreen document's message routers, the media clock's seek) keep the
 * polyfill; a page that imported it would carry its ≈10 kB (`npm run bench -- bundles` fails if
 * the popup or the side panel does). A page's own `onMessage` listeners here return nothing.
 */
export const nativeBrowser = (globalThis as unknown as { chrome: WxtBrowser }).chrome;
