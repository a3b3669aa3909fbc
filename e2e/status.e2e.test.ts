import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import {
  activeTabId,
  badge,
  closeFirstInstallOptions,
  listenRecords,
  messenger,
  playTones,
  recordingIdOf,
  stateOf,
  tabOf,
  toggleWithShortcut,
  tonePage,
} from './session-helpers';
import { pressToggleShortcut } from './toolbar';

// The status is always true: the badge, the popup and the owner's state say the same thing,
// through navigations, silence, the end of a recording and signing in.

describe('the status a user sees', () => {
  let browser: ExtensionBrowser;
  let send: ReturnType<typeof messenger>;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    // The options page a first install opens is closed, so the one the shortcut opens is seen.
    await closeFirstInstallOptions(browser);
    // Not the history page: it reloads when the account changes, and this test signs in.
    send = messenger(await browser.openPage('popup.html'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signed out, the shortcut shows why on the tab and opens sign-in; signing in clears it', async () => {
    const page = await tonePage(browser, { words: 'alpha', loop: '1' });
    const optionsOpened = browser.context.waitForEvent('page', {
      predicate: (opened) => opened.url().endsWith('/options.html'),
    });
    const tabId = await activeTabId(browser);
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await badge(browser, tabId)).text).toBe('!');
    expect((await badge(browser, tabId)).title).toMatch(/You’re signed out/);
    await optionsOpened;
    const popup = await browser.openPage(`popup.html?tab=${tabId}`);
    await popup.getByRole('button', { name: 'Sign in' }).waitFor();
    await popup.close();

    await send('account.sign-in-password', ADA);
    await expect.poll(async () => (await badge(browser, tabId)).text).toBe('');
    const after = await browser.openPage(`popup.html?tab=${tabId}`);
    await after.getByRole('heading', { name: 'Ready to transcribe' }).waitFor();
    expect(await after.getByRole('alert').count()).toBe(0);
    await after.close();
    await page.close();
  });

  it('the recorded tab navigates: its badge keeps saying REC while the words go on', async () => {
    // Premise: in this Chromium a reload clears a tab's own badge (on a tab nobody records).
    const control = await tonePage(browser, { words: 'alpha', autoplay: '0' });
    const controlTab = await activeTabId(browser);
    await browser.worker.evaluate(
      (id) =>
        (
          globalThis as unknown as {
            chrome: { action: { setBadgeText(d: { tabId: number; text: string }): Promise<void> } };
          }
        ).chrome.action.setBadgeText({ tabId: id, text: 'X' }),
      controlTab,
    );
    expect((await badge(browser, controlTab)).text).toBe('X');
    await control.reload();
    await expect.poll(async () => (await badge(browser, controlTab)).text).toBe('');
    await control.close();

    const page = await tonePage(browser, { words: 'alpha,bravo', loop: '1' });
    await toggleWithShortcut(browser, send, page, 'live');
    const tabId = tabOf(await stateOf(send)) as number;
    expect((await badge(browser, tabId)).text).toBe('REC');
    const recordsBefore = await listenRecords();
    const wordsBefore = recordsBefore.at(-1)?.words.length ?? 0;

    // Another page of the same site, then a reload: Chrome clears a tab's badge at each.
    await page.goto(
      `${inject('deepgramUrl')}/__stand-in/tones?words=charlie,delta&loop=1&page=nav`,
    );
    await expect.poll(async () => (await badge(browser, tabId)).text).toBe('REC');
    await page.reload();
    await expect.poll(async () => (await badge(browser, tabId)).text).toBe('REC');
    expect((await stateOf(send)).phase).toBe('live');
    await expect
      .poll(async () => (await listenRecords()).at(-1)?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(wordsBefore);

    await toggleWithShortcut(browser, send, page, 'ended');
    expect((await badge(browser, tabId)).text).toBe('');
    await page.close();
  });

  it('a silent tab says “no sound” with an empty meter; sound fills it; the end says why, saved, with a link', async () => {
    const page = await tonePage(browser, { words: 'echo,golf', loop: '1', autoplay: '0' });
    await toggleWithShortcut(browser, send, page, 'live');
    const tabId = tabOf(await stateOf(send)) as number;
    const popup = await browser.openPage(`popup.html?tab=${tabId}`);
    const meter = popup.getByRole('meter', { name: 'Tab’s sound level' });
    await popup
      .getByRole('status')
      .filter({ hasText: 'No sound from this tab right now.' })
      .waitFor({ timeout: 10_000 });
    expect(await meter.evaluate((element) => (element as HTMLMeterElement).value)).toBe(0);
    expect(await popup.getByText(/^Listening…/).count()).toBe(0);

    await playTones(page);
    await expect
      .poll(() => meter.evaluate((element) => (element as HTMLMeterElement).value), {
        timeout: 5_000,
      })
      .toBeGreaterThan(30);
    await expect
      .poll(() => popup.getByText('No sound from this tab right now.').count(), { timeout: 5_000 })
      .toBe(0);
    await expect
      .poll(async () => (await listenRecords()).at(-1)?.words.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(0);

    // The shortcut acts on the tab in front: the recorded one, with the popup (a tab) behind it.
    await page.bringToFront();
    await toggleWithShortcut(browser, send, page, 'ended');
    await popup
      .getByRole('status')
      .filter({ hasText: 'Transcription stopped. The transcript is saved.' })
      .waitFor();
    await popup.getByRole('heading', { name: 'Ready to transcribe' }).waitFor();
    const recordingId = recordingIdOf(await stateOf(send));
    const opened = browser.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Open in history' }).click();
    const history = await opened;
    await expect.poll(() => history.url()).toMatch(new RegExp(`#${recordingId}$`));
    await history.close();
    await page.close();
  });
});
