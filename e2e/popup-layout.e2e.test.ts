import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import {
  activeTabId,
  closeFirstInstallOptions,
  messenger,
  stateOf,
  tonePage,
} from './session-helpers';
import { openToolbarPopup, pressToggleShortcut } from './toolbar';

// Chrome gives a popup at most 800×600 px and cuts off the rest: whatever falls below 600 px
// cannot be reached. Each state of the popup is driven for real (a session on a tone page, the
// microphone refused by Chrome, the stand-in dropping the stream and refusing it back) and measured in the popup
// page opened in a tab of the popup's size, then the fullest one in the real toolbar popup.
// Screenshots of every state land in .output/popup-states, for a person to look at.

const POPUP = { width: 360, height: 600 };
/** A transcript taller than this overflows the transcript box in any state. */
const LONG_TRANSCRIPT_PX = 400;
const SCREENSHOTS = resolve(import.meta.dirname, '../.output/popup-states');
// Fast tone-words, so a transcript longer than the popup fills in seconds.
const FAST_WORDS = {
  words: 'alpha,bravo,charlie,delta,echo,foxtrot,golf,hotel',
  tone: '120',
  gap: '80',
  loop: '1',
};

const standIn = (path: string, init?: RequestInit) =>
  fetch(`${inject('deepgramUrl')}/__stand-in/${path}`, init).then((response) => response.json());

interface Layout {
  /** The document's height: what Chrome sizes the popup to. */
  height: number;
  width: number;
  /** Each named control's box, or null when it is not on the page. */
  boxes: Record<string, { top: number; bottom: number } | null>;
  /** The transcript region: how tall its words are, and how tall it is drawn. */
  log: { scrollHeight: number; clientHeight: number } | null;
}

/** Measures the popup document (a tab-opened popup page or the real popup) from inside. */
const MEASURE = `(() => {
  const box = (element) => {
    if (!element) return null;
    const rect = element.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom };
  };
  const button = (pattern) =>
    [...document.querySelectorAll('button')].find((b) => pattern.test(b.textContent.trim())) ?? null;
  const log = document.querySelector('[role=log]');
  return {
    height: document.documentElement.scrollHeight,
    width: document.documentElement.scrollWidth,
    boxes: {
      action: box(button(/^(Start|Stop) transcription$|^Sign in$/)),
      copy: box(button(/^Cop(y|ied)$/)),
      export: box(document.querySelector('select')),
      footer: box(document.querySelector('footer')),
      main: box(document.querySelector('main')),
    },
    log: log ? { scrollHeight: log.scrollHeight, clientHeight: log.clientHeight } : null,
  };
})()`;

/**
 * Every control shown lies inside the popup's 600 px, and so does the whole document; those of
 * the main card lie inside the card (none spills over its edge when the popup runs out of room).
 */
function expectFits(layout: Layout, shown: string[]) {
  expect(layout.height).toBeLessThanOrEqual(POPUP.height);
  expect(layout.width).toBeLessThanOrEqual(POPUP.width);
  for (const name of shown) {
    const box = layout.boxes[name];
    expect(box, `${name} is shown`).not.toBeNull();
    expect(box?.top, `${name}'s top`).toBeGreaterThanOrEqual(0);
    expect(box?.bottom, `${name}'s bottom`).toBeLessThanOrEqual(POPUP.height);
    if (name !== 'footer') {
      expect(box?.bottom, `${name} inside the card`).toBeLessThanOrEqual(
        layout.boxes.main?.bottom ?? 0,
      );
    }
  }
}

describe('the popup fits in Chrome’s 600 px in every state', () => {
  let browser: ExtensionBrowser;
  let send: ReturnType<typeof messenger>;
  let cdp: CDPSession | undefined;
  let page: Page;
  let pageTabId: number;
  let popup: Page;

  /** The popup page for the tone page's tab, in a tab the popup's size. */
  async function openPopupPage(tabId = pageTabId): Promise<Page> {
    const opened = await browser.openPage(`popup.html?tab=${tabId}`);
    await opened.setViewportSize(POPUP);
    await opened.locator('footer').waitFor();
    return opened;
  }

  async function measure(state: string, target: Page): Promise<Layout> {
    await target.bringToFront();
    await target.screenshot({ path: join(SCREENSHOTS, `${state}.png`) });
    return (await target.evaluate(MEASURE)) as Layout;
  }

  const session = () => stateOf(send);

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    // A fake microphone that Chrome refuses to Tabscribe: Start goes on with the tab alone and
    // the popup shows why, with a button to allow it (the tallest notice the popup has).
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR, undefined, [
      '--use-fake-device-for-media-stream',
    ]);
    cdp = await browser.context.browser()?.newBrowserCDPSession();
    await cdp?.send('Browser.setPermission', {
      permission: { name: 'microphone' },
      setting: 'denied',
      origin: `chrome-extension://${browser.extensionId}`,
    });
    await closeFirstInstallOptions(browser);
    page = await tonePage(browser, FAST_WORDS);
    pageTabId = await activeTabId(browser);
  });
  afterAll(async () => {
    await standIn('listen-fault', { method: 'PUT', body: JSON.stringify({ refuse: 0 }) });
    await cdp?.detach().catch(() => undefined);
    await browser?.close();
  });

  it('signed out, and ready', async () => {
    popup = await openPopupPage();
    await popup.getByRole('button', { name: 'Sign in' }).waitFor();
    expectFits(await measure('signed-out', popup), ['action', 'footer']);

    send = messenger(popup);
    await send('account.sign-in-password', ADA);
    await popup.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { sync: { set(items: object): Promise<void> } } };
        }
      ).chrome.storage.sync.set({
        'transcription-settings': { model: 'nova-3', language: 'en', includeMicrophone: true },
      }),
    );
    await popup.reload();
    await popup.getByRole('button', { name: 'Start transcription' }).waitFor();
    expectFits(await measure('ready', popup), ['action', 'footer']);
  });

  it('live, with a transcript longer than the popup and the microphone notice', async () => {
    await page.bringToFront();
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await session()).phase, { timeout: 10_000 }).toBe('live');
    expect((await session()) as unknown).toMatchObject({
      stream: { microphoneError: { code: 'microphone_blocked' } },
    });
    await popup.getByRole('button', { name: 'Allow the microphone' }).waitFor({ timeout: 15_000 });
    // The premise: more words than the transcript box shows at once (its tallest is 15rem).
    await expect
      .poll(async () => ((await popup.evaluate(MEASURE)) as Layout).log?.scrollHeight ?? 0, {
        timeout: 45_000,
      })
      .toBeGreaterThan(LONG_TRANSCRIPT_PX);
    const layout = await measure('live-long-transcript-microphone-notice', popup);
    expectFits(layout, ['action', 'copy', 'export', 'footer']);
    // What is left for the words still shows a few lines of them.
    expect(layout.log?.clientHeight).toBeGreaterThanOrEqual(60);

    // The same in the real popup, opened from the toolbar button on the tab.
    await page.bringToFront();
    const real = await openToolbarPopup(browser.context, browser.extensionId, page);
    await real.waitForText(/Allow the microphone/, 15_000);
    await expect
      .poll(async () => (await real.evaluate<Layout>(MEASURE)).log?.scrollHeight ?? 0, {
        timeout: 15_000,
      })
      .toBeGreaterThan(LONG_TRANSCRIPT_PX);
    expectFits(await real.evaluate<Layout>(MEASURE), ['action', 'copy', 'export', 'footer']);
    await real.close();
  }, 120_000);

  it('reconnecting, then failed, with the transcript', async () => {
    await standIn('listen-fault', { method: 'PUT', body: JSON.stringify({ refuse: 100 }) });
    await standIn('listen/drop', { method: 'POST' });
    await popup.getByRole('heading', { name: 'Reconnecting…' }).waitFor({ timeout: 10_000 });
    expectFits(await measure('reconnecting', popup), ['action', 'copy', 'export', 'footer']);

    await popup.getByRole('alert').waitFor({ timeout: 60_000 });
    expect((await session()).phase).toBe('ended');
    expectFits(await measure('error-with-transcript', popup), [
      'action',
      'copy',
      'export',
      'footer',
    ]);
    await standIn('listen-fault', { method: 'PUT', body: JSON.stringify({ refuse: 0 }) });
  }, 90_000);

  it('another tab being transcribed, and finished with the transcript', async () => {
    await standIn('listen-fault', { method: 'PUT', body: JSON.stringify({ refuse: 0 }) });
    await page.bringToFront();
    // Whatever the test before left (the failed session, or one still running), a fresh start.
    if ((await session()).phase === 'live') {
      await pressToggleShortcut(browser.context, page);
      await expect.poll(async () => (await session()).phase, { timeout: 15_000 }).toBe('idle');
    }
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await session()).phase, { timeout: 10_000 }).toBe('live');
    const other = await tonePage(browser, { words: 'alpha' });
    const otherTabId = await activeTabId(browser);
    const onOther = await openPopupPage(otherTabId);
    // Stop names the tab it stops: the title its saved transcript was given.
    const stop = onOther.getByRole('button', { name: 'Stop transcription', exact: true });
    const stopDescription = () =>
      stop.evaluate(
        (button) =>
          document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent,
      );
    await expect.poll(stopDescription).toBe(`of “${await page.title()}”`);
    expectFits(await measure('another-tab', onOther), ['action', 'footer']);
    await onOther.close();
    await other.close();

    await page.bringToFront();
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await session()).phase, { timeout: 15_000 }).toBe('ended');
    await popup.getByRole('button', { name: 'Open in history' }).waitFor();
    expectFits(await measure('finished', popup), ['action', 'copy', 'export', 'footer']);
  }, 60_000);
});
