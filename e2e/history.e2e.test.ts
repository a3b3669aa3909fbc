import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { messenger, stateOf, transcriptOf } from './session-helpers';
import { pressToggleShortcut } from './toolbar';

// Transcripts that are never lost: a browser killed mid-recording, relaunched on the same profile,
// shows the session as interrupted with every final word saved before the kill.

describe('history', () => {
  let browser: ExtensionBrowser | null = null;
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps every final word of a session cut off by a killed browser; finds and exports it; leaves Chrome’s History page alone', async () => {
    const first = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    const send = messenger(await first.openPage('options.html'));
    await send('account.sign-in-password', ADA);
    const page = await first.context.newPage();
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    await page.goto(
      `${inject('deepgramUrl')}/__stand-in/tones?words=${words.join(',')}&tone=250&gap=250&autoplay=0&history=1`,
    );
    await page.bringToFront();
    await pressToggleShortcut(first.context, page);
    // The words play once the session is live, so the first is heard however long Start takes.
    await expect
      .poll(async () => (await stateOf(send)).phase, {
        timeout: 10_000,
      })
      .toBe('live');
    await page.evaluate(() => (document.getElementById('speech') as HTMLAudioElement).play());
    await expect
      .poll(async () => (await transcriptOf(send)).segments.length, {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(3);
    // Each final word is on disk within a second of arriving: the words heard a second before
    // the kill must all be there.
    const heard = (await transcriptOf(send)).segments.map((s) => s.text);
    await page.waitForTimeout(1_000);
    await first.kill();

    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR, first.userDataDir);
    const history = await browser.openPage('transcripts.html');
    const row = history.getByRole('button', { name: /Tone-words/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Interrupted/);
    await row.click();
    await history.getByRole('heading', { name: /Tone-words/ }).waitFor();
    // Focus is on what was opened, not left on <body>.
    await expect
      .poll(() => history.evaluate(() => document.activeElement?.textContent))
      .toMatch(/^Tone-words/);
    const saved = await history.locator('ol li p').allTextContents();
    // Everything heard before the kill, in order (and perhaps a word that landed just after).
    expect(saved.slice(0, heard.length)).toEqual(heard);
    expect(words.slice(0, saved.length)).toEqual(saved);

    // Search finds a word, marked.
    await history.getByRole('button', { name: '← All transcripts' }).click();
    await history.getByLabel('Search transcripts').fill(heard[1] as string);
    await history
      .locator('mark', { hasText: heard[1] as string })
      .first()
      .waitFor();

    // Each export downloads a file with the transcript in its format.
    await history.getByLabel('Search transcripts').fill('');
    await history.getByRole('button', { name: /Tone-words/ }).click();
    const download = async (name: string) => {
      const [file] = await Promise.all([
        history.waitForEvent('download'),
        history.getByRole('button', { name, exact: true }).click(),
      ]);
      return {
        name: file.suggestedFilename(),
        text: await readFile((await file.path()) ?? '', 'utf8'),
      };
    };
    const txt = await download('Plain text');
    expect(txt.name).toMatch(/^tabscribe-tone-words-.*\.txt$/);
    expect(txt.text).toBe(saved.map((word) => `${word}\n`).join(''));
    const srt = await download('SubRip (.srt)');
    expect(srt.text).toMatch(/^1\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\nalpha\n/);
    const vtt = await download('WebVTT (.vtt)');
    expect(vtt.text.startsWith('WEBVTT\n\n')).toBe(true);
    const json = JSON.parse((await download('JSON')).text) as {
      status: string;
      segments: { text: string }[];
    };
    expect(json.status).toBe('interrupted');
    expect(json.segments.map((segment) => segment.text)).toEqual(saved);
    const markdown = await download('Markdown');
    expect(markdown.text).toMatch(/^# Tone-words/);

    // Chrome's own History page (Ctrl+H) is still Chrome's: its <history-app>, titled "History".
    const chromeHistory = await browser.context.newPage();
    await chromeHistory.goto('chrome://history');
    await chromeHistory.locator('history-app').waitFor({ timeout: 10_000 });
    expect(await chromeHistory.title()).toBe('History');
    expect(await chromeHistory.getByLabel('Search transcripts').count()).toBe(0);
    expect(browser.errors).toEqual([]);
    // Two browser launches: on a busy machine each takes ten seconds or more.
  }, 60_000);
});
