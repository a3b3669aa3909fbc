import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Moment } from '../utils/transcript/annotations';
import { formatOffset } from '../utils/transcript/paragraphs';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import {
  closeFirstInstallOptions,
  messenger,
  playTones,
  recordingIdOf,
  stateOf,
  toggleWithShortcut,
  tonePage,
  transcriptOf,
} from './session-helpers';
import { pressShortcut } from './toolbar';

// Finding one's way back into a transcript: moments marked while listening (with the shortcut
// and with the button), a note typed afterwards, and a speaker renamed, live and saved, in the
// history page and every export.

// The part of the extension API the test evaluates inside the service worker.
declare const chrome: {
  commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
};

/** The tone page's schedule: each word a tone of TONE_MS, after a gap of GAP_MS. */
const TONE_MS = 300;
const GAP_MS = 700;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
/** Where the first word starts in the page's `<audio>`. */
const FIRST_WORD_MEDIA_SECONDS = GAP_MS / 1000;

const mediaTime = (page: Page) =>
  page.evaluate(() => (document.getElementById('speech') as HTMLAudioElement).currentTime);

describe('moments and speaker names', () => {
  let browser: ExtensionBrowser;
  let send: ReturnType<typeof messenger>;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    await closeFirstInstallOptions(browser);
    const options = await browser.openPage('options.html');
    send = messenger(options);
    await send('account.sign-in-password', ADA);
    // Diarizing: the stand-in names its words' speaker, "Speaker 1".
    await options.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { sync: { set(items: object): Promise<void> } } };
        }
      ).chrome.storage.sync.set({
        'transcription-settings': { model: 'nova-3', language: 'en', diarize: true },
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('gets Alt+Shift+M really assigned to marking a moment', async () => {
    const commands = await browser.worker.evaluate(() => chrome.commands.getAll());
    const mark = commands.find((command) => command.name === 'mark-moment');
    expect(mark?.shortcut).toBe('Alt+Shift+M');
  });

  it('marks moments with the shortcut and the button at the time heard, names a speaker; history and exports keep both', async () => {
    const page = await tonePage(browser, {
      words: WORDS.join(','),
      tone: String(TONE_MS),
      gap: String(GAP_MS),
      autoplay: '0',
    });
    await toggleWithShortcut(browser, send, page, 'live');
    const recordingId = recordingIdOf(await stateOf(send)) as string;
    await playTones(page);
    await expect.poll(async () => (await transcriptOf(send)).segments.length).toBeGreaterThan(1);
    // The recording's clock against the page's: where the first word is on each.
    const first = (await transcriptOf(send)).segments[0];
    expect(first?.speaker).toBe(0);
    const recordingMinusMedia = (first?.start ?? 0) - FIRST_WORD_MEDIA_SECONDS;
    const expectedAt = (media: number) => (media + recordingMinusMedia) * 1000;
    const moments = async () => (await transcriptOf(send)).annotations.moments;

    // The shortcut, pressed on the recorded tab.
    await page.bringToFront();
    const heardAtKey = await mediaTime(page);
    await pressShortcut(browser.context, page, 'M');
    await expect.poll(async () => (await moments()).length).toBe(1);

    // The button, in the side panel (opened as a tab: the recorded tab is another one).
    const panel = await browser.openPage('sidepanel.html');
    const markButton = panel.getByRole('button', { name: 'Mark moment' });
    await markButton.waitFor();
    const heardAtClick = await mediaTime(page);
    await markButton.click();
    await expect.poll(async () => (await moments()).length).toBe(2);
    const [byKey, byButton] = (await moments()) as [Moment, Moment];
    expect(Math.abs(byKey.at - expectedAt(heardAtKey))).toBeLessThanOrEqual(500);
    expect(Math.abs(byButton.at - expectedAt(heardAtClick))).toBeLessThanOrEqual(500);

    // Live: both listed in the panel; a note typed for one; the speaker named, in the words too.
    const list = panel.getByRole('list', { name: 'Moments' });
    await expect.poll(() => list.locator('li').count()).toBe(2);
    await panel
      .getByRole('textbox', { name: `Note for moment 1 (${formatOffset(byKey.at / 1000)})` })
      .fill('the deadline');
    await panel.keyboard.press('Tab');
    await panel.getByRole('textbox', { name: 'Name for Speaker 1' }).fill('Ada');
    await panel.keyboard.press('Tab');
    const log = panel.getByRole('log', { name: 'Transcript' });
    await expect.poll(() => log.locator('section p').first().textContent()).toMatch(/Ada/);
    await expect.poll(async () => (await moments())[0]?.note).toBe('the deadline');

    await page.bringToFront();
    await toggleWithShortcut(browser, send, page, 'ended');
    // The panel's Copy and Export load the formats' code only when used (`import()`).
    await panel.bringToFront();
    await panel.getByRole('button', { name: 'Copy' }).click();
    await panel.getByRole('button', { name: 'Copied' }).waitFor();
    const [exported] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByRole('combobox', { name: 'Export' }).selectOption('txt'),
    ]);
    const exportedText = await readFile((await exported.path()) ?? '', 'utf8');
    expect(exportedText).toMatch(/^Ada: alpha\n/);
    expect(exportedText).toContain(`\nMoments:\n${formatOffset(byKey.at / 1000)} the deadline\n`);
    await panel.close();

    // The history page: the moments listed at their times, each a way to its place.
    const history = await browser.openPage(`transcripts.html#${recordingId}`);
    const saved = history.getByRole('list', { name: 'Moments' });
    await expect.poll(() => saved.locator('li').count()).toBe(2);
    const buttons = saved.getByRole('button');
    expect(await buttons.allTextContents()).toEqual([
      `${formatOffset(byKey.at / 1000)} the deadline`,
      `${formatOffset(byButton.at / 1000)} Moment 2`,
    ]);
    await buttons.first().click();
    await expect
      .poll(() => history.evaluate(() => document.activeElement?.textContent))
      .toBe(`◆ ${formatOffset(byKey.at / 1000)} the deadline`);
    // The name given live was saved; renamed again here, it is the name everywhere.
    const name = history.getByRole('textbox', { name: 'Name for Speaker 1' });
    expect(await name.inputValue()).toBe('Ada');
    await name.fill('Ada Lovelace');
    await name.press('Enter');
    await history.getByText('Ada Lovelace:').first().waitFor();

    const download = async (button: string) => {
      const [file] = await Promise.all([
        history.waitForEvent('download'),
        history.getByRole('button', { name: button, exact: true }).click(),
      ]);
      return readFile((await file.path()) ?? '', 'utf8');
    };
    const json = JSON.parse(await download('JSON')) as {
      moments: { at: number; note: string }[];
      segments: { speakerName: string }[];
    };
    expect(json.moments.map((moment) => moment.note)).toEqual(['the deadline', '']);
    expect(Math.abs((json.moments[0]?.at ?? 0) * 1000 - expectedAt(heardAtKey))).toBeLessThan(500);
    expect(Math.abs((json.moments[1]?.at ?? 0) * 1000 - expectedAt(heardAtClick))).toBeLessThan(
      500,
    );
    expect(new Set(json.segments.map((segment) => segment.speakerName))).toEqual(
      new Set(['Ada Lovelace']),
    );
    const text = await download('Plain text');
    expect(text).toMatch(/^Ada Lovelace: alpha\n/);
    expect(text).toContain(`\nMoments:\n${formatOffset(byKey.at / 1000)} the deadline\n`);
    const markdown = await download('Markdown');
    expect(markdown).toContain('**Ada Lovelace:** alpha');
    expect(markdown).toContain('\n## Moments\n');
    expect(await download('SubRip (.srt)')).toContain('Ada Lovelace: alpha');
    const vtt = await download('WebVTT (.vtt)');
    expect(vtt).toContain('<v Ada Lovelace>alpha');
    expect(vtt.match(/^NOTE Moment at .*$/gm)).toHaveLength(2);
    expect(browser.errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('records each segment’s media time, right after the page was seeked; a segment’s time seeks the page back there', async () => {
    const page = await tonePage(browser, {
      words: WORDS.join(','),
      tone: String(TONE_MS),
      gap: String(GAP_MS),
      autoplay: '0',
    });
    await toggleWithShortcut(browser, send, page, 'live');
    const recordingId = recordingIdOf(await stateOf(send)) as string;
    await playTones(page);
    const segments = async () => (await transcriptOf(send)).segments;
    await expect.poll(async () => (await segments()).length).toBeGreaterThanOrEqual(2);
    // Seeked back while recording, to just before "alpha": the first words are said again.
    await page.evaluate((seconds) => {
      (document.getElementById('speech') as HTMLAudioElement).currentTime = seconds;
    }, FIRST_WORD_MEDIA_SECONDS - 0.3);
    await expect
      .poll(async () => (await segments()).filter((segment) => segment.text === 'alpha').length)
      .toBe(2);
    await expect
      .poll(async () => (await segments()).filter((segment) => segment.text === 'bravo').length)
      .toBe(2);
    // Where each word is in the page's <audio>, whichever time it was said.
    const wordAt = (word: string) =>
      FIRST_WORD_MEDIA_SECONDS + (WORDS.indexOf(word) * (TONE_MS + GAP_MS)) / 1000;
    const said = await segments();
    for (const segment of said) {
      expect(segment.mediaTime, segment.text).toBeDefined();
      expect(Math.abs((segment.mediaTime ?? 0) - wordAt(segment.text)), segment.text).toBeLessThan(
        0.5,
      );
    }
    await toggleWithShortcut(browser, send, page, 'ended');
    await page.evaluate(() => (document.getElementById('speech') as HTMLAudioElement).pause());

    // In the history page, the second "bravo" (said after the seek) plays the page from there.
    const history = await browser.openPage(`transcripts.html#${recordingId}`);
    const bravo = said.filter((segment) => segment.text === 'bravo')[1];
    const seek = history.getByRole('button', {
      name: `Play the page from ${formatOffset(bravo?.mediaTime ?? 0)}`,
    });
    await seek.last().click();
    await expect.poll(() => mediaTime(page)).toBeCloseTo(bravo?.mediaTime ?? -1, 1);
    expect(Math.abs((await mediaTime(page)) - wordAt('bravo'))).toBeLessThan(0.5);
    expect(browser.errors).toEqual([]);
    await history.close();
    await page.close();
  }, 90_000);
});
