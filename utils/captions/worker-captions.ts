import { browser } from 'wxt/browser';
import { CAPTION_HOSTS, captionsProblemItem } from './caption-access';
import { type CaptionInjector, createCaptionInjector } from './caption-injector';
import { loadCaptions, watchCaptions } from './captions-setting';

/** The captions' script as built (entrypoints/captions.content.ts). */
const CAPTIONS_SCRIPT = '/content-scripts/captions.js';

/**
 * The worker's captions, wired to Chrome: the injector with its I/O, and the events that make it
 * draw again (the recorded tab loaded a page, the setting was turned on, access was granted).
 * The recording's states reach it from the owner's status port (owner-link.ts).
 */
export function startWorkerCaptions(): CaptionInjector {
  const injector = createCaptionInjector({
    captionsShown: async () => (await loadCaptions()).shown,
    // Readable only where a grant reaches the tab (activeTab, or the optional permission).
    tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    draw: async (tabId) => {
      await browser.scripting.executeScript({ target: { tabId }, files: [CAPTIONS_SCRIPT] });
    },
    hostAccess: () => browser.permissions.contains({ origins: CAPTION_HOSTS }),
    setProblem: (problem) => captionsProblemItem.setValue(problem),
    logError: (message, error) => console.error(message, error),
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'complete') void injector.tabLoaded(tabId);
  });
  watchCaptions((setting) => {
    if (setting.shown) void injector.retry();
  });
  browser.permissions.onAdded.addListener(() => void injector.retry());
  return injector;
}
