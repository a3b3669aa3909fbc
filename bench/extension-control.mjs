// Starting, stopping and watching an extension's capture from a benchmark as a user would: the
// keyboard shortcut on the tab, and the toolbar badge ("REC" while live). Nothing here uses the
// product's runtime messages: the peer it is compared with has none.
import { pressShortcut } from '../e2e/toolbar.ts';

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('playwright-core').Worker} Worker */

const RECORDING = 'REC';
const TIMEOUT_MS = 10_000;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The controls of one loaded extension whose shortcut toggles capture of the active tab and whose
 * badge reads "REC" while it captures (Tabscribe: Alt+Shift+Y; the bench's peer: Alt+Shift+U).
 * @param {BrowserContext} context
 * @param {string} extensionId
 * @param {string} letter the shortcut's letter, with Alt+Shift
 */
export function extensionControl(context, extensionId, letter) {
  const origin = `chrome-extension://${extensionId}/`;
  /**
   * The extension's worker as it runs now: Chrome stops an idle worker and starts a new one on
   * the next event, so a handle kept from earlier may be dead.
   * @returns {Promise<Worker>}
   */
  const worker = async () =>
    context.serviceWorkers().find((candidate) => candidate.url().startsWith(origin)) ??
    (await context.waitForEvent('serviceworker', {
      predicate: (candidate) => candidate.url().startsWith(origin),
      timeout: TIMEOUT_MS,
    }));
  /** The id of the page's tab: the shortcut acts on the active tab, so the page is made so. */
  const tabIdOf = async (/** @type {Page} */ page) => {
    await page.bringToFront();
    const [tab] = await (await worker()).evaluate(() =>
      /** @type {any} */ (globalThis).chrome.tabs.query({ active: true, lastFocusedWindow: true }),
    );
    if (tab?.id === undefined) throw new Error('No active tab');
    return /** @type {number} */ (tab.id);
  };

  /** The badge's text on that tab. @param {number} tabId @returns {Promise<string>} */
  const badge = async (tabId) =>
    (await worker()).evaluate(
      (id) => /** @type {any} */ (globalThis).chrome.action.getBadgeText({ tabId: id }),
      tabId,
    );
  /** Whether the extension shows it is capturing that tab. @param {number} tabId */
  const isRecording = async (tabId) => (await badge(tabId)) === RECORDING;

  /**
   * Presses the shortcut, then waits for the badge to settle on `wanted` (it shows "…" while
   * starting or stopping, and "!" after a failure, which is reported).
   * @param {Page} page @param {string} wanted
   */
  const toggleUntil = async (page, wanted) => {
    const tabId = await tabIdOf(page);
    await pressShortcut(context, page, letter);
    const deadline = Date.now() + TIMEOUT_MS;
    for (let text = await badge(tabId); text !== wanted; text = await badge(tabId)) {
      if (Date.now() > deadline) {
        throw new Error(`${extensionId}'s badge on tab ${tabId} reads "${text}", not "${wanted}"`);
      }
      await sleep(25);
    }
    return tabId;
  };

  return {
    isRecording,
    /** Presses the shortcut on the page; resolves with its tab id once the badge reads "REC". */
    startRecording: (/** @type {Page} */ page) => toggleUntil(page, RECORDING),
    /** Presses the shortcut on the page; resolves once the badge is empty again (idle). */
    stopRecording: (/** @type {Page} */ page) => toggleUntil(page, ''),
  };
}

/**
 * Tabscribe's controls: its Alt+Shift+Y shortcut and its badge.
 * @param {BrowserContext} context
 * @param {string} extensionId
 */
export const tabscribeControl = (context, extensionId) =>
  extensionControl(context, extensionId, 'Y');
