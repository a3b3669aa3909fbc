// What the transcription tests share: tone-word pages, the stand-in's records, messages sent
// as an extension page sends them, and the toolbar badge of a tab.
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { ListenRecord } from '../tests/stand-ins/deepgram/listen';
import type { ExtensionBrowser } from './harness';
import { pressToggleShortcut } from './toolbar';

let pages = 0;
/** A page that plays tone-words; each gets its own URL (that is how its tab is found). */
export async function tonePage(
  browser: ExtensionBrowser,
  query: Record<string, string>,
): Promise<Page> {
  pages += 1;
  const page = await browser.context.newPage();
  const search = new URLSearchParams({ ...query, page: String(pages) });
  await page.goto(`${inject('deepgramUrl')}/__stand-in/tones?${search}`);
  await page.bringToFront();
  return page;
}

export const listenRecords = async (): Promise<ListenRecord[]> =>
  (await fetch(`${inject('deepgramUrl')}/__stand-in/listen`)).json() as Promise<ListenRecord[]>;

/** Sends a protocol message from an extension page, as the popup would. */
export function messenger(page: Page) {
  return <T>(type: string, request: object = {}) =>
    page.evaluate(
      async (message) => {
        const reply = await (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<{ value: unknown }> } };
          }
        ).chrome.runtime.sendMessage(message);
        return reply.value;
      },
      { channel: 'tabscribe', type, request },
    ) as Promise<T>;
}

export interface Session {
  phase: string;
  sessionId: string | null;
  tabId: number | null;
  error: { code: string } | null;
  reconnecting?: true;
}

export async function badge(browser: ExtensionBrowser, tabId: number) {
  return browser.worker.evaluate(async (id) => {
    const action = (
      globalThis as unknown as {
        chrome: {
          action: {
            getBadgeText(d: { tabId: number }): Promise<string>;
            getTitle(d: { tabId: number }): Promise<string>;
          };
        };
      }
    ).chrome.action;
    return {
      text: await action.getBadgeText({ tabId: id }),
      title: await action.getTitle({ tabId: id }),
    };
  }, tabId);
}

type Messenger = ReturnType<typeof messenger>;

/**
 * Presses the shortcut on the page and waits for the session to reach `phase`: `live` after a
 * Start (the first of a browser also creates the offscreen document, so it is given time), `idle`
 * after a Stop.
 */
export async function toggleWithShortcut(
  browser: ExtensionBrowser,
  send: Messenger,
  page: Page,
  phase: 'live' | 'idle',
): Promise<void> {
  await pressToggleShortcut(browser.context, page);
  await expect
    .poll(async () => (await send<Session>('session.get')).phase, { timeout: 10_000 })
    .toBe(phase);
}

/** Starts the tone page's words playing (pages opened with `autoplay: '0'` wait for this). */
export const playTones = (page: Page) =>
  page.evaluate(() => (document.getElementById('speech') as HTMLAudioElement).play());
