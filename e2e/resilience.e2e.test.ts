import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ListenRecord } from '../tests/stand-ins/deepgram/listen';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { stopServiceWorker } from './service-worker';
import {
  badge,
  errorCodeOf,
  isReconnecting,
  listenRecords,
  messenger,
  playTones,
  recordingIdOf,
  stateOf,
  tabOf,
  toggleWithShortcut,
  tonePage,
  transcriptOf,
} from './session-helpers';
import { openToolbarPopup } from './toolbar';

// A session that heals itself: the Deepgram stand-in drops streams, refuses handshakes and
// issues short-lived tokens on demand, and Chrome's service worker is stopped mid-recording.

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

const standIn = (path: string, init?: RequestInit) =>
  fetch(`${inject('deepgramUrl')}/__stand-in/${path}`, init).then((response) => response.json());
const refuseHandshakes = (refuse: number) =>
  standIn('listen-fault', { method: 'PUT', body: JSON.stringify({ refuse }) });
const dropStreams = () => standIn('listen/drop', { method: 'POST' });
const setGrantFault = (fault: object) =>
  standIn('grant-fault', { method: 'PUT', body: JSON.stringify(fault) });

describe('a session that heals itself', () => {
  let browser: ExtensionBrowser;
  let send: ReturnType<typeof messenger>;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    const options = await browser.openPage('options.html');
    send = messenger(options);
    await send('account.sign-in-password', ADA);
  });
  afterAll(async () => {
    await refuseHandshakes(0);
    await setGrantFault({});
    await browser?.close();
  });

  /** Starts transcribing a page of the tone-words with the shortcut; its stand-in records follow. */
  async function transcribe(query: Record<string, string>) {
    const page = await tonePage(browser, { tone: '300', gap: '300', autoplay: '0', ...query });
    const recordsBefore = (await listenRecords()).length;
    await toggleWithShortcut(browser, send, page, 'live');
    const records = async () => (await listenRecords()).slice(recordsBefore);
    return { page, records, play: () => playTones(page) };
  }

  /** After a drop: a second connection opened, with another token, and words arrive on it. */
  async function expectSecondConnectionWithAnotherToken(records: () => Promise<ListenRecord[]>) {
    await expect.poll(async () => (await records()).length, { timeout: 15_000 }).toBe(2);
    const [first, second] = (await records()) as [ListenRecord, ListenRecord];
    expect(second.tokenId).not.toBe(first.tokenId);
    await expect
      .poll(async () => (await records())[1]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(1);
    expect((await stateOf(send)).phase).toBe('live');
  }

  const transcriptWords = async () =>
    (await transcriptOf(send)).segments.map((segment) => segment.text);

  it('dropped mid-sentence and refused three times: says it is reconnecting, then every word arrives once, in order, on one clock', async () => {
    const { page, records, play } = await transcribe({ words: WORDS.join(',') });
    await play();
    await expect
      .poll(async () => (await records())[0]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(2);
    await refuseHandshakes(3);
    await dropStreams();

    // While it reconnects, the session says so (the popup reads this view), and so does the
    // badge of the tab.
    await expect
      .poll(async () => isReconnecting(await stateOf(send)), { timeout: 5_000 })
      .toBe(true);
    const tabId = tabOf(await stateOf(send));
    expect(await badge(browser, tabId as number)).toEqual({
      text: '…',
      title: 'Tabscribe — reconnecting to the transcription service; the audio is kept meanwhile',
    });
    await expect
      .poll(async () => isReconnecting(await stateOf(send)), {
        timeout: 15_000,
      })
      .toBe(false);
    expect((await standIn('listen-fault')).refused).toBeGreaterThanOrEqual(3);

    await expect.poll(transcriptWords, { timeout: 15_000 }).toEqual(WORDS);
    // Words sit 600 ms apart in the audio, across the two connections too.
    const starts = (await transcriptOf(send)).segments.map((s) => s.start);
    for (let i = 1; i < starts.length; i += 1) {
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeCloseTo(0.6, 1);
    }
    const { stream } = await send('recording.diagnostics');
    expect(stream).toMatchObject({ reconnects: 1, framesDropped: 0 });
    // Two connections: the dropped one and the one that took over (the refused never opened).
    expect(await records()).toHaveLength(2);

    await toggleWithShortcut(browser, send, page, 'ended');
    await page.close();
  });

  it('tokens that live 3 s, the stream dropped after 10 s: the new connection opens with a fresh token', async () => {
    await setGrantFault({ ttlSeconds: 3 });
    // A fresh session asks for a token now (the one cached before lives on, so drop it first).
    await send('account.sign-out');
    await send('account.sign-in-password', ADA);
    const { page, records, play } = await transcribe({ words: 'alpha,bravo', loop: '1' });
    await play();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await dropStreams();
    // The first token had long expired: only a fresh one opens a stream at the stand-in.
    await expectSecondConnectionWithAnotherToken(records);
    await setGrantFault({});
    await toggleWithShortcut(browser, send, page, 'ended');
    await page.close();
  });

  it('Deepgram stops accepting the cached token: the next connection opens with a new one', async () => {
    const { page, records, play } = await transcribe({ words: 'alpha,bravo', loop: '1' });
    await play();
    await expect
      .poll(async () => (await records())[0]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(1);
    // The token is still cached and unexpired, but Deepgram now refuses it (401).
    await standIn('listen-fault', {
      method: 'PUT',
      body: JSON.stringify({ revokeTokensSeen: true }),
    });
    await dropStreams();
    await expectSecondConnectionWithAnotherToken(records);
    await toggleWithShortcut(browser, send, page, 'ended');
    await page.close();
  });

  it('the first connection refused twice: Start goes on, reconnects, and every word arrives', async () => {
    const page = await tonePage(browser, {
      tone: '300',
      gap: '300',
      autoplay: '0',
      words: 'hotel,golf',
    });
    const recordsBefore = (await listenRecords()).length;
    const refusedBefore = ((await standIn('listen-fault')) as { refused: number }).refused;
    await refuseHandshakes(2);
    await toggleWithShortcut(browser, send, page, 'live');
    await playTones(page);
    await expect
      .poll(async () => (await listenRecords()).slice(recordsBefore)[0]?.words ?? [], {
        timeout: 15_000,
      })
      .toEqual(['hotel', 'golf']);
    expect(((await standIn('listen-fault')) as { refused: number }).refused).toBe(
      refusedBefore + 2,
    );
    expect((await stateOf(send)).phase).toBe('live');
    await toggleWithShortcut(browser, send, page, 'ended');
    await page.close();
  });

  it('Chrome stops the service worker mid-recording: streaming goes on, and the popup reopened shows it live', async () => {
    const { page, records } = await transcribe({
      words: 'charlie,delta',
      loop: '1',
      autoplay: '1',
    });
    await expect
      .poll(async () => (await records())[0]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(1);
    await stopServiceWorker(browser);
    const heard = (await records())[0]?.words.length ?? 0;
    await expect
      .poll(async () => (await records())[0]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(heard + 2);
    expect(await records()).toHaveLength(1);

    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(/Transcribing this tab/);
    await expect.poll(async () => (await popup.words()).length).toBeGreaterThan(1);
    await popup.click('Stop transcription');
    await popup.waitForText(/Ready to transcribe/);
    await popup.close();
    expect((await records())[0]?.closeCode).toBe(1000);
    await page.close();
  });

  it('signing out mid-recording stops it cleanly, with the whole transcript saved', async () => {
    const { page, records } = await transcribe({ words: 'echo,golf', loop: '1', autoplay: '1' });
    const sessionId = recordingIdOf(await stateOf(send));
    await expect
      .poll(async () => (await records())[0]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(1);
    await send('account.sign-out');
    await expect.poll(async () => (await stateOf(send)).phase).toBe('ended');
    const [record] = (await records()) as [ListenRecord];
    expect(record.closeStreamAt).not.toBeNull();
    expect(record.closeCode).toBe(1000);
    // Every final word Deepgram sent is in the saved transcript, and the session is complete:
    // it is Ada's, so she sees it once she signs in again.
    await send('account.sign-in-password', ADA);
    const history = await browser.openPage(`transcripts.html#${sessionId}`);
    await history.getByText('Delete transcript').waitFor();
    const saved = await history.evaluate(() =>
      [...document.querySelectorAll('ol li p')].map((p) => p.textContent?.trim() ?? ''),
    );
    expect(saved.join(' ').split(' ')).toEqual(record.words);
    expect(await history.getByText('Interrupted').count()).toBe(0);
    await history.close();
    await page.close();
  });

  it('the offscreen document dies mid-recording: the badge and the popup say why at once, the words are kept', async () => {
    const { page, records } = await transcribe({ words: 'alpha,hotel', loop: '1', autoplay: '1' });
    const sessionId = recordingIdOf(await stateOf(send));
    const tabId = tabOf(await stateOf(send));
    await expect
      .poll(async () => (await records())[0]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(1);
    const heard = (await records())[0]?.words.length ?? 0;
    // What a crash looks like from outside: the document is gone, without a word to anyone.
    const options = await browser.openPage('options.html');
    await options.evaluate(() =>
      (
        globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }
      ).chrome.offscreen.closeDocument(),
    );
    // Nobody is left to publish the end: the worker notices the owner's port close, and the
    // tab's badge and popup say so.
    expect(await stateOf(send)).toEqual({ phase: 'idle' });
    await expect
      .poll(async () => (await badge(browser, tabId as number)).text, { timeout: 5_000 })
      .toBe('!');
    expect((await badge(browser, tabId as number)).title).toMatch(/capture stopped unexpectedly/);
    const popup = await browser.openPage(`popup.html?tab=${tabId}`);
    await popup.getByRole('heading', { name: 'Transcription stopped' }).waitFor();
    expect(await popup.getByRole('alert').textContent()).toMatch(/stopped unexpectedly/);
    await popup.close();
    const history = await browser.openPage(`transcripts.html#${sessionId}`);
    await history.getByText('Interrupted').waitFor();
    const saved = await history.evaluate(() => document.querySelectorAll('ol li').length);
    expect(saved).toBeGreaterThanOrEqual(heard - 1);
    await history.close();
    await options.close();
    await page.close();
  });

  it('refused for good: the session ends with its sentence, and keeps its transcript', async () => {
    const { page, records, play } = await transcribe({ words: 'alpha,bravo,charlie,delta' });
    await play();
    await expect
      .poll(async () => (await records())[0]?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(1);
    const heard = (await transcriptWords()).length;
    await refuseHandshakes(1_000);
    await dropStreams();
    await expect.poll(async () => (await stateOf(send)).phase, { timeout: 45_000 }).toBe('ended');
    expect(errorCodeOf(await stateOf(send))).toBe('stream_refused');
    await refuseHandshakes(0);
    expect((await transcriptWords()).length).toBeGreaterThanOrEqual(heard);
    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(/didn’t accept the connection/);
    await popup.close();
    await page.close();
  }, 60_000);
});
