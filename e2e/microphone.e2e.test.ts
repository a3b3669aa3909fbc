import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeWav,
  synthesizeToneSequence,
  type ToneWord,
} from '../tests/stand-ins/deepgram/tone-words';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import {
  listenRecords,
  messenger,
  recordingIdOf,
  stateOf,
  tonePage,
  transcriptOf,
} from './session-helpers';
import { openToolbarPopup, pressToggleShortcut } from './toolbar';

// "Include my microphone" with Chromium's fake microphone: a WAV file of tone-words it plays, in
// a loop, as the microphone's sound. The tab plays other tone-words, so every word says which
// input it came from. The permission is asked for on the options page, as a user would; the
// answer to Chrome's prompt is given through CDP beforehand (allow, or deny), as headless Chrome
// shows no prompt. (`--use-fake-ui-for-media-stream` would answer it too, but it also swaps the
// tab capture for a fake device, which then fails: "Requested device not found".)

const TAB_WORDS: ToneWord[] = ['alpha', 'bravo', 'charlie'];
const MICROPHONE_WORDS: ToneWord[] = ['golf', 'hotel'];

let folder: string;
let microphoneFile: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tabscribe-microphone-'));
  microphoneFile = join(folder, 'microphone.wav');
  const rate = 48_000;
  const samples = synthesizeToneSequence(
    { words: MICROPHONE_WORDS, toneMs: 500, gapMs: 700, amplitude: 0.6 },
    rate,
  );
  await writeFile(microphoneFile, encodeWav(samples, rate));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Chromium with a fake microphone, playing the file. */
function launchWithMicrophone() {
  return launchExtension('light', CONFIGURED_EXTENSION_DIR, undefined, [
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${microphoneFile}`,
  ]);
}

type PermissionAnswer = 'granted' | 'denied';

/**
 * Signs in on the options page, where the user has answered Chrome's microphone prompt for
 * Tabscribe. The CDP session stays attached: Chrome forgets the answer when it detaches.
 */
async function signedIn(browser: ExtensionBrowser, microphone: PermissionAnswer) {
  const options = await browser.openPage('options.html');
  const cdp = await browser.context.browser()?.newBrowserCDPSession();
  /** The user's answer to Chrome's prompt, or a change of it in Chrome's site settings. */
  const answer = (setting: PermissionAnswer) =>
    cdp?.send('Browser.setPermission', {
      permission: { name: 'microphone' },
      setting,
      origin: `chrome-extension://${browser.extensionId}`,
    });
  await answer(microphone);
  const send = messenger(options);
  await send('account.sign-in-password', ADA);
  await options.reload();
  return { options, send, answer };
}

/** Turns "Include my microphone" on or off on the options page, as a user does, and saves. */
async function chooseMicrophone(options: Page, include: boolean) {
  const toggle = options.getByRole('checkbox', { name: /Include my microphone/ });
  // Turned on, it is checked once Chrome has answered.
  await toggle.click();
  await expect.poll(() => toggle.isChecked()).toBe(include);
  await options.getByRole('button', { name: 'Save settings' }).click();
  await options.getByText('Saved. They apply from the next Start.').waitFor();
}

/**
 * Starts transcribing the page with the shortcut (so with the saved settings) and waits until
 * the start settled; the stand-in's record of the stream it opened follows.
 */
async function startWithShortcut(
  browser: ExtensionBrowser,
  send: ReturnType<typeof messenger>,
  page: Page,
) {
  const recordsBefore = (await listenRecords()).length;
  const previous = recordingIdOf(await stateOf(send));
  await pressToggleShortcut(browser.context, page);
  // A new recording, live (the previous one's "ended" is not this one's start).
  await expect
    .poll(async () => {
      const state = await stateOf(send);
      return state.phase === 'live' && recordingIdOf(state) !== previous;
    })
    .toBe(true);
  await expect.poll(async () => (await listenRecords()).length).toBe(recordsBefore + 1);
  return {
    session: await stateOf(send),
    record: async () => (await listenRecords())[recordsBefore],
  };
}

async function stopWithShortcut(
  browser: ExtensionBrowser,
  send: ReturnType<typeof messenger>,
  page: Page,
) {
  await pressToggleShortcut(browser.context, page);
  await expect.poll(async () => (await stateOf(send)).phase).toBe('ended');
}

describe('Include my microphone', () => {
  let browser: ExtensionBrowser;
  let options: Page;
  let send: ReturnType<typeof messenger>;
  let answer: (setting: PermissionAnswer) => Promise<unknown> | undefined;

  beforeAll(async () => {
    browser = await launchWithMicrophone();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('on: two channels, the microphone’s words labelled “You” and the tab’s not; off: one channel and no microphone', async () => {
    ({ options, send, answer } = await signedIn(browser, 'granted'));
    await chooseMicrophone(options, true);

    const page = await tonePage(browser, { words: TAB_WORDS.join(','), loop: '1' });
    const { session, record } = await startWithShortcut(browser, send, page);
    expect(session).toMatchObject({ phase: 'live', stream: { microphone: 'included' } });
    expect((await record())?.params).toMatchObject({ channels: '2', multichannel: 'true' });
    expect(await send('recording.diagnostics')).toMatchObject({
      microphone: { readyState: 'live', echoCancellation: true },
    });

    // Both inputs heard, each in its own channel, and nothing of one in the other.
    await expect
      .poll(async () => (await record())?.channelWords.map((words) => new Set(words).size), {
        timeout: 15_000,
      })
      .toEqual([TAB_WORDS.length, MICROPHONE_WORDS.length]);
    const [tabHeard, microphoneHeard] = (await record())?.channelWords ?? [];
    expect(new Set(tabHeard)).toEqual(new Set(TAB_WORDS));
    expect(new Set(microphoneHeard)).toEqual(new Set(MICROPHONE_WORDS));

    const segments = (await transcriptOf(send)).segments;
    for (const segment of segments) {
      const fromMicrophone = (MICROPHONE_WORDS as string[]).includes(segment.text);
      expect(segment.channel).toBe(fromMicrophone ? 'microphone' : 'tab');
    }
    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(/English · Nova-3 · With your microphone/);
    // Paragraphs: the speaker over the words ("0:03 You", then "golf").
    await popup.waitForText(/You\s+(golf|hotel)/);
    await popup.waitForText(/Tab\s+(alpha|bravo|charlie)/);
    await popup.close();

    // Stop releases the microphone.
    await stopWithShortcut(browser, send, page);
    expect((await send('recording.diagnostics')).microphone?.readyState).toBe('ended');

    // Off: the next Start opens one channel, and no microphone.
    await chooseMicrophone(options, false);
    const tabOnly = await startWithShortcut(browser, send, page);
    expect(tabOnly.session.phase).toBe('live');
    expect((await tabOnly.record())?.params.channels).toBe('1');
    expect((await tabOnly.record())?.params).not.toHaveProperty('multichannel');
    expect((await send('recording.diagnostics')).microphone).toBeNull();
    await expect
      .poll(async () => (await tabOnly.record())?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(2);
    for (const word of (await tabOnly.record())?.words ?? []) expect(TAB_WORDS).toContain(word);
    await stopWithShortcut(browser, send, page);
    await page.close();
  });

  it('taken away mid-recording (Chrome’s answer changed): the tab goes on alone, and the popup says the permission was taken back and how to allow it', async () => {
    await chooseMicrophone(options, true);
    const page = await tonePage(browser, { words: TAB_WORDS.join(','), loop: '1' });
    const { session, record } = await startWithShortcut(browser, send, page);
    expect(session.phase).toBe('live');

    await answer('denied');
    await expect
      .poll(async () => (await send('recording.diagnostics')).microphone?.readyState)
      .toBe('ended');
    await expect
      .poll(async () => (await stateOf(send)) as unknown)
      .toMatchObject({
        phase: 'live',
        stream: { microphoneError: { code: 'microphone_revoked' } },
      });
    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(
      /no longer lets Tabscribe use your microphone \(its permission was taken back\), so only the tab is transcribed now/,
    );
    expect(await popup.text()).not.toMatch(/unplugged/);
    await popup.waitForText(/Allow the microphone/);
    await popup.close();
    // The tab's words keep coming on the same stream.
    const heard = (await record())?.channelWords[0]?.length ?? 0;
    await expect
      .poll(async () => (await record())?.channelWords[0]?.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(heard + 1);
    expect((await record())?.closedAt).toBeNull();
    await answer('granted');
    await stopWithShortcut(browser, send, page);
    await page.close();
  });
});

describe('Include my microphone, refused by Chrome', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchWithMicrophone();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the option stays off with the way to allow it; a Start with it on transcribes the tab and says why', async () => {
    const { options, send } = await signedIn(browser, 'denied');
    const toggle = options.getByRole('checkbox', { name: /Include my microphone/ });
    await toggle.click();
    await options.getByText(/Chrome is blocking the microphone for Tabscribe/).waitFor();
    expect(await toggle.isChecked()).toBe(false);

    // Turned on elsewhere and synced here, where Chrome blocks it.
    await options.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { sync: { set(items: object): Promise<void> } } };
        }
      ).chrome.storage.sync.set({
        'transcription-settings': { model: 'nova-3', language: 'en', includeMicrophone: true },
      }),
    );
    const page = await tonePage(browser, { words: TAB_WORDS.join(','), loop: '1' });
    const { session, record } = await startWithShortcut(browser, send, page);
    expect(session).toMatchObject({
      phase: 'live',
      stream: { microphone: 'unavailable', microphoneError: { code: 'microphone_blocked' } },
    });
    expect((await record())?.params.channels).toBe('1');

    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(
      /blocking Tabscribe from your microphone, so only the tab is transcribed/,
    );
    await popup.waitForText(/Allow the microphone/);
    await popup.waitForText(/alpha|bravo|charlie/, 10_000);
    await popup.close();
    await stopWithShortcut(browser, send, page);
    await page.close();
  });
});
