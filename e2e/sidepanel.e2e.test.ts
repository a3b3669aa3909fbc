import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { messenger, playTones, stateOf, toggleWithShortcut, tonePage } from './session-helpers';
import { openToolbarPopup, pressShortcut } from './toolbar';

// The view that stays beside the tab. Headless Chromium opens the side panel (its page target
// appears and runs) but gives it no size, so what a user reads in it is tested on the same page
// opened in a tab of its own, beside the recorded one.

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

describe('the side panel', () => {
  let browser: ExtensionBrowser;
  let send: ReturnType<typeof messenger>;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    send = messenger(await browser.openPage('options.html'));
    await send('account.sign-in-password', ADA);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens from the popup’s “Open side panel”: its page really runs beside the tab', async () => {
    const page = await tonePage(browser, { words: 'alpha', autoplay: '0' });
    const cdp = await browser.context.browser()?.newBrowserCDPSession();
    if (!cdp) throw new Error('no browser CDP session');
    const panels = async () =>
      (
        (await cdp.send('Target.getTargets', { filter: [{}] })) as { targetInfos: TargetInfo[] }
      ).targetInfos.filter((target) => target.url.endsWith('/sidepanel.html'));
    expect(await panels()).toEqual([]);
    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(/Open side panel/);
    await popup.click('Open side panel');
    // The panel's page (Chrome also lists the panel's own host target beside it).
    await expect
      .poll(async () => (await panels()).filter((target) => target.type === 'page').length)
      .toBe(1);
    await cdp.detach();
    await page.close();
  });

  it('opens from the keyboard too (Alt+Shift+K), in the window of the tab in front', async () => {
    const cdp = await browser.context.browser()?.newBrowserCDPSession();
    if (!cdp) throw new Error('no browser CDP session');
    // A window of its own: the panel the popup opened stays open in the first one.
    const opened = browser.context.waitForEvent('page');
    await cdp.send('Target.createTarget', {
      url: `${inject('deepgramUrl')}/__stand-in/tones?words=alpha&autoplay=0&page=keyboard`,
      newWindow: true,
    });
    const page = await opened;
    await page.waitForLoadState();
    await page.bringToFront();
    const panelPages = async () =>
      (
        (await cdp.send('Target.getTargets', { filter: [{}] })) as { targetInfos: TargetInfo[] }
      ).targetInfos.filter(
        (target) => target.type === 'page' && target.url.endsWith('/sidepanel.html'),
      ).length;
    // Premise: counted before the key, in a window with no panel yet.
    const before = await panelPages();
    await pressShortcut(browser.context, page, 'K');
    await expect.poll(panelPages).toBeGreaterThan(before);
    await cdp.detach();
    await page.close();
  });

  it('shows the recording as paragraphs with times, follows it unless scrolled up, and stops it', async () => {
    // Words 1.6 s apart: each its own paragraph (a pause of 1.5 s ends one).
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const page = await tonePage(browser, {
      words: words.join(','),
      tone: '250',
      gap: '1600',
      autoplay: '0',
    });
    await toggleWithShortcut(browser, send, page, 'live');
    const panel = await browser.openPage('sidepanel.html');
    await panel.setViewportSize({ width: 360, height: 420 });
    await page.bringToFront();
    await page.evaluate(() => (document.getElementById('speech') as HTMLAudioElement).play());

    const log = panel.getByRole('log', { name: 'Transcript' });
    const paragraphs = log.locator('section');
    await expect.poll(() => paragraphs.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    // Each paragraph: its time in the recording, then its words.
    const first = await paragraphs.first().innerText();
    expect(first).toMatch(/^0:0\d\s+alpha$/);
    const times = await log.locator('section time').allInnerTexts();
    expect(times.every((time) => /^\d+:\d\d$/.test(time))).toBe(true);

    // Following: the newest paragraph is in view. Scrolled up: "Jump to live" brings it back.
    const atBottom = () =>
      log.evaluate(
        (element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 24,
      );
    await expect.poll(atBottom).toBe(true);
    await log.evaluate((element) => {
      element.scrollTop = 0;
    });
    const jump = panel.getByRole('button', { name: 'Jump to live' });
    await jump.waitFor();
    await expect.poll(() => paragraphs.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
    expect(await atBottom()).toBe(false);
    await jump.click();
    await expect.poll(atBottom).toBe(true);
    expect(await jump.count()).toBe(0);

    // The search box marks matches in this transcript.
    await panel.getByPlaceholder('Search this transcript').fill('bravo');
    expect(await log.locator('mark').allInnerTexts()).toEqual(['bravo']);

    // Stop from the panel (the recorded tab is another tab: Stop names it).
    await panel.bringToFront();
    await panel.getByRole('button', { name: 'Stop transcription', exact: true }).click();
    await expect.poll(async () => (await stateOf(send)).phase).toBe('ended');
    await panel.close();
    await page.close();
  }, 60_000);

  it('follows “Show words as they are heard” while it stays open', async () => {
    const options = await browser.openPage('options.html');
    const showInterim = async (show: boolean) => {
      await options.reload();
      await options
        .getByRole('checkbox', { name: /Show words as they are heard/ })
        .setChecked(show);
      await options.getByRole('button', { name: 'Save settings' }).click();
      await options.getByText('Saved. They apply from the next Start.').waitFor();
    };
    await showInterim(false);
    const page = await tonePage(browser, {
      words: 'alpha,bravo,charlie',
      tone: '400',
      gap: '600',
      autoplay: '0',
    });
    await toggleWithShortcut(browser, send, page, 'live');
    const panel = await browser.openPage('sidepanel.html');
    const log = panel.getByRole('log', { name: 'Transcript' });
    await log.waitFor();
    // Counts the changes after which the panel shows words still being heard.
    await panel.evaluate(() => {
      const seen = { interim: 0 };
      Object.assign(window, { __seen: seen });
      new MutationObserver(() => {
        if (document.querySelector('[role=log] [data-interim]')) seen.interim += 1;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const interimShown = () =>
      panel.evaluate(() => (window as unknown as { __seen: { interim: number } }).__seen.interim);
    const settled = async () => (await log.locator('[data-words]').allInnerTexts()).join(' ');

    await page.bringToFront();
    await playTones(page);
    await expect.poll(settled, { timeout: 15_000 }).toMatch(/alpha bravo charlie$/);
    expect(await interimShown()).toBe(0);

    // Turned on again on the options page: the panel, still open, shows them from then on.
    await showInterim(true);
    await page.bringToFront();
    await playTones(page);
    await expect.poll(interimShown, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect
      .poll(settled, { timeout: 15_000 })
      .toMatch(/alpha bravo charlie.*alpha bravo charlie$/s);

    await toggleWithShortcut(browser, send, page, 'ended');
    await panel.close();
    await options.close();
    await page.close();
  }, 60_000);
});
