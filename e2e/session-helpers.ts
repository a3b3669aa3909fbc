// What the transcription tests share: tone-word pages, the stand-in's records, messages sent
// as an extension page sends them, and the toolbar badge of a tab.
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { ListenRecord } from '../tests/stand-ins/deepgram/listen';
import { ExtensionError } from '../utils/errors';
import { createMessenger } from '../utils/messaging/client';
import type { MessageType, RequestOf } from '../utils/messaging/protocol';
import type { RecordingSnapshot } from '../utils/recording/recording-snapshot';
import { IDLE, type RecordingState } from '../utils/recording/recording-state';
import { NO_ANNOTATIONS } from '../utils/transcript/annotations';
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

/**
 * The product's own typed messenger, sending from an extension page as the popup does: the
 * same envelopes, the same validation, errors as `ExtensionError`s.
 */
export function messenger(page: Page) {
  const request = createMessenger((message) =>
    page.evaluate(
      (envelope) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
          }
        ).chrome.runtime.sendMessage(envelope),
      message,
    ),
  );
  return <T extends MessageType>(type: T, body: RequestOf<T> = {} as RequestOf<T>) =>
    request(type, body);
}

export type Messenger = ReturnType<typeof messenger>;

/** The recording now; with no offscreen document (none answers) nothing was recorded yet. */
export async function recordingNow(send: Messenger): Promise<RecordingSnapshot> {
  return send('recording.get').catch((error: unknown) => {
    if (error instanceof ExtensionError && error.code === 'no_response') {
      return {
        state: IDLE,
        transcript: { recordingId: null, segments: [], interim: null, annotations: NO_ANNOTATIONS },
      };
    }
    throw error;
  });
}
/** The recording's state alone (`recording.state`: no transcript read back); idle with no owner. */
export const stateOf = (send: Messenger): Promise<RecordingState> =>
  send('recording.state').catch((error: unknown) => {
    if (error instanceof ExtensionError && error.code === 'no_response') return IDLE;
    throw error;
  });
export const transcriptOf = async (send: Messenger) => (await recordingNow(send)).transcript;

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

/**
 * Presses the shortcut on the page and waits for the session to reach `phase`: `live` after a
 * Start (the first of a browser also creates the offscreen document, so it is given time), `ended`
 * after a Stop.
 */
export async function toggleWithShortcut(
  browser: ExtensionBrowser,
  send: Messenger,
  page: Page,
  phase: 'live' | 'ended',
): Promise<void> {
  await pressToggleShortcut(browser.context, page);
  await expect.poll(async () => (await stateOf(send)).phase, { timeout: 10_000 }).toBe(phase);
}

/** Starts the tone page's words playing (pages opened with `autoplay: '0'` wait for this). */
export const playTones = (page: Page) =>
  page.evaluate(() => (document.getElementById('speech') as HTMLAudioElement).play());

/** Reading a state in tests: the tab, the id, the error, whether it reconnects. */
export const tabOf = (state: RecordingState) => (state.phase === 'idle' ? null : state.tabId);
export const recordingIdOf = (state: RecordingState) =>
  state.phase === 'idle' ? null : state.recordingId;
export const errorCodeOf = (state: RecordingState) =>
  state.phase === 'ended' ? (state.error?.code ?? null) : null;
export const isReconnecting = (state: RecordingState) =>
  state.phase === 'live' && state.connection === 'reconnecting';

/**
 * Waits for the options page a first install opens, and closes it. Chrome opens it in the
 * active tab when that is blank, so a page opened meanwhile could be navigated away; and a test
 * that expects the shortcut to open sign-in must not count this one.
 */
export async function closeFirstInstallOptions(browser: ExtensionBrowser): Promise<void> {
  const isOptions = (page: Page) => page.url().endsWith('/options.html');
  for (let waited = 0; waited < 5_000 && !browser.context.pages().some(isOptions); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const page of browser.context.pages().filter(isOptions)) await page.close();
}

/** The id of the tab in front of the last focused window (Chrome's, not Playwright's). */
export async function activeTabId(browser: ExtensionBrowser): Promise<number> {
  return browser.worker.evaluate(
    async () =>
      (
        await (
          globalThis as unknown as {
            chrome: { tabs: { query(q: object): Promise<{ id: number }[]> } };
          }
        ).chrome.tabs.query({ active: true, lastFocusedWindow: true })
      )[0]?.id as number,
  );
}
