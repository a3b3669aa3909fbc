import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADA,
  CONFIGURED_EXTENSION_DIR,
  type ExtensionBrowser,
  GRACE,
  launchExtension,
} from './harness';
import {
  messenger,
  playTones,
  toggleWithShortcut,
  tonePage,
  transcriptOf,
} from './session-helpers';

// Saved transcripts belong to the account that made them: two people who share a browser
// profile each see only their own, and signing out can take yours off the browser.

describe('transcripts per account', () => {
  let browser: ExtensionBrowser;
  let options: Page;
  let send: ReturnType<typeof messenger>;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    options = await browser.openPage('options.html');
    send = messenger(options);
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Records the words on a tone page with the shortcut until each is saved, then stops. */
  async function record(words: string[]) {
    const page = await tonePage(browser, {
      words: words.join(','),
      tone: '250',
      gap: '250',
      autoplay: '0',
    });
    await toggleWithShortcut(browser, send, page, 'live');
    await playTones(page);
    await expect
      .poll(async () => (await transcriptOf(send)).segments.map((segment) => segment.text), {
        timeout: 15_000,
      })
      .toEqual(words);
    await toggleWithShortcut(browser, send, page, 'ended');
    await page.close();
  }

  /** The titles of the saved transcripts the history page lists for whoever is signed in. */
  async function listedTitles(): Promise<string[]> {
    const history = await browser.openPage('transcripts.html');
    const rows = history.getByRole('listitem').getByRole('button');
    await rows
      .first()
      .or(history.getByText(/^No transcripts yet/))
      .waitFor();
    const titles = await rows.evaluateAll((buttons) =>
      buttons.map((button) => button.firstElementChild?.textContent ?? ''),
    );
    await history.close();
    return titles;
  }

  async function signOutOnPage({ removeTranscripts }: { removeTranscripts: boolean }) {
    await options.reload();
    if (removeTranscripts) {
      await options
        .getByRole('checkbox', { name: 'Also remove my transcripts from this browser' })
        .check();
    }
    await options.getByRole('button', { name: 'Sign out' }).click();
    await options.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  }

  /** The words the side panel shows of the latest recording, opened now (none: empty). */
  async function sidePanelWords(): Promise<string> {
    const panel = await browser.openPage('sidepanel.html');
    const log = panel.getByRole('log', { name: 'Transcript' });
    await log
      .or(panel.getByText('Your transcripts will be listed here.'))
      .or(panel.getByRole('navigation', { name: 'Recent transcripts' }))
      .first()
      .waitFor();
    const words = (await log.allInnerTexts()).join(' ');
    await panel.close();
    return words;
  }

  it('each account lists only the transcripts it made; signed out, none are shown', async () => {
    await send('account.sign-in-password', ADA);
    await record(['alpha', 'bravo']);
    expect(await listedTitles()).toEqual(['Tone-words: alpha bravo']);
    // The side panel shows the recording just ended, to the account that made it.
    expect(await sidePanelWords()).toMatch(/alpha\s+bravo/);

    await signOutOnPage({ removeTranscripts: false });
    const signedOut = await browser.openPage('transcripts.html');
    await signedOut.getByRole('heading', { name: 'Sign in to see your transcripts' }).waitFor();
    expect(await signedOut.getByRole('button', { name: /^Tone-words/ }).count()).toBe(0);
    await signedOut.close();

    await send('account.sign-in-password', GRACE);
    expect(await listedTitles()).toEqual([]);
    // Nor are Ada's last words, which the recording's owner still held, shown to Grace.
    expect(await sidePanelWords()).toBe('');
    await record(['charlie', 'delta']);
    expect(await listedTitles()).toEqual(['Tone-words: charlie delta']);

    await signOutOnPage({ removeTranscripts: false });
    await send('account.sign-in-password', ADA);
    expect(await listedTitles()).toEqual(['Tone-words: alpha bravo']);
  }, 90_000);

  it('signing out with “Also remove my transcripts” deletes them from this browser, and only them', async () => {
    // Ada is signed in, with her transcript from before, and a recording just ended.
    expect(await listedTitles()).toEqual(['Tone-words: alpha bravo']);
    await record(['echo', 'foxtrot']);
    expect(await sidePanelWords()).toMatch(/echo\s+foxtrot/);
    await signOutOnPage({ removeTranscripts: true });
    await send('account.sign-in-password', ADA);
    expect(await listedTitles()).toEqual([]);
    // The words of the recording just ended went with the rest.
    expect(await sidePanelWords()).toBe('');
    await send('account.sign-out');
    await send('account.sign-in-password', GRACE);
    expect(await listedTitles()).toEqual(['Tone-words: charlie delta']);
  }, 60_000);
});
