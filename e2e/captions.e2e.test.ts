import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import {
  type Messenger,
  messenger,
  playTones,
  stateOf,
  toggleWithShortcut,
  tonePage,
  transcriptOf,
} from './session-helpers';
import { openToolbarPopup } from './toolbar';

// Captions drawn over the recorded tab: turned on in the popup, drawn when the recording goes
// live, following the words, movable, kept over a fullscreen element and against a hostile page,
// gone at Stop. The region is in an open shadow root, which Playwright's locators pierce.

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

const captionsOf = (page: Page) => page.getByRole('region', { name: 'Tabscribe captions' });

/** The caption's box, and whether the captions are what a user sees at its centre. */
async function drawnBox(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('tabscribe-captions');
    const region = host?.shadowRoot?.querySelector('[role=region]');
    if (!host || !region) return null;
    const box = region.getBoundingClientRect();
    const atCentre = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return { x: box.x, y: box.y, width: box.width, height: box.height, onTop: atCentre === host };
  });
}

async function setCaptionsShown(browser: ExtensionBrowser, page: Page, shown: boolean) {
  const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
  await popup.waitForText(/Show captions on the page/);
  const checked = await popup.evaluate<boolean>(`(() => {
    const label = [...document.querySelectorAll('label')].find((element) =>
      element.textContent.includes('Show captions on the page'));
    const box = label.querySelector('input[type=checkbox]');
    if (box.checked !== ${shown}) box.click();
    return box.checked;
  })()`);
  expect(checked).toBe(shown);
  await popup.close();
}

describe('captions on the page', () => {
  let browser: ExtensionBrowser;
  let send: Messenger;
  let options: Page;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    options = await browser.openPage('options.html');
    send = messenger(options);
    await send('account.sign-in-password', ADA);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the words over the tab, moves with a drag, stays over fullscreen and a hostile page, goes at Stop', async () => {
    const page = await tonePage(browser, {
      words: WORDS.join(','),
      tone: '250',
      gap: '900',
      autoplay: '0',
    });
    await setCaptionsShown(browser, page, true);
    await toggleWithShortcut(browser, send, page, 'live');
    const captions = captionsOf(page);
    await captions.waitFor();
    await playTones(page);

    // The words, as they come: the first, then later ones in its place.
    await expect.poll(() => captions.textContent(), { timeout: 10_000 }).toContain('alpha');
    await expect.poll(() => captions.textContent(), { timeout: 10_000 }).toMatch(/charlie|delta/);
    const drawn = await drawnBox(page);
    expect(drawn?.onTop).toBe(true);
    // Interim words are drawn apart from settled ones, and settle in place.
    expect(await captions.locator('.settled').count()).toBe(1);
    // The page's own scripts have no way to the extension to send it anything.
    expect(
      await page.evaluate(
        () =>
          typeof (globalThis as { chrome?: { runtime?: { connect?: unknown } } }).chrome?.runtime
            ?.connect,
      ),
    ).toBe('undefined');

    // A drag moves it (the user's own pointer), by what the pointer moved (give or take a few
    // pixels: the box's width follows the words meanwhile).
    await dragBy(page, captions, -120, -90);
    const movedBy = async () => {
      const moved = await drawnBox(page);
      if (!moved || !drawn) return null;
      const centre = (box: typeof drawn): [number, number] => [
        box.x + box.width / 2,
        box.y + box.height,
      ];
      const [[fromX, fromY], [toX, toY]] = [centre(drawn), centre(moved)];
      return Math.hypot(toX - fromX + 120, toY - fromY + 90);
    };
    await expect.poll(movedBy).toBeLessThan(12);

    // Fullscreen: the captions go inside the fullscreen element and stay on top of it.
    await page.evaluate(() => {
      const stage = document.createElement('div');
      stage.id = 'stage';
      stage.style.background = '#123';
      const button = document.createElement('button');
      button.textContent = 'Go fullscreen';
      button.onclick = () => void stage.requestFullscreen();
      document.body.append(stage, button);
    });
    await page.getByRole('button', { name: 'Go fullscreen' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.id)).toBe('stage');
    await expect
      .poll(() =>
        page.evaluate(() =>
          Boolean(
            document.fullscreenElement?.contains(document.querySelector('tabscribe-captions')),
          ),
        ),
      )
      .toBe(true);
    await expect.poll(async () => (await drawnBox(page))?.onTop).toBe(true);
    await page.evaluate(() => document.exitFullscreen());
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

    // A video going fullscreen (it cannot hold the captions): they stay above it, in view.
    await page.evaluate(() => {
      const video = document.createElement('video');
      video.id = 'film';
      const button = document.createElement('button');
      button.textContent = 'Watch fullscreen';
      button.onclick = () => void video.requestFullscreen();
      document.body.append(video, button);
    });
    await page.getByRole('button', { name: 'Watch fullscreen' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.id)).toBe('film');
    // Chrome makes what is outside a fullscreen element inert, so no hit test finds the captions
    // there: what is on screen is read instead. The video is black; the captions' words white.
    await expect.poll(() => whitePixelsOfCaptions(page, options)).toBeGreaterThan(50);
    await page.evaluate(() => document.exitFullscreen());
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

    // A page that hides it and takes it out: it comes back, and the recording goes on.
    const wordsBefore = (await transcriptOf(send)).segments.length;
    await page.addStyleTag({
      content: 'tabscribe-captions { display: none !important; opacity: 0 !important }',
    });
    await page.evaluate(() => document.querySelector('tabscribe-captions')?.remove());
    await expect.poll(async () => (await drawnBox(page))?.onTop).toBe(true);
    expect((await stateOf(send)).phase).toBe('live');
    await expect
      .poll(async () => (await transcriptOf(send)).segments.length, { timeout: 10_000 })
      .toBeGreaterThan(wordsBefore);

    // Stop: the captions go.
    await toggleWithShortcut(browser, send, page, 'ended');
    await expect.poll(() => page.locator('tabscribe-captions').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('comes when the toggle is turned on mid-recording, again after a reload, and goes when turned off', async () => {
    const page = await tonePage(browser, { words: WORDS.join(','), tone: '250', gap: '600' });
    await setCaptionsShown(browser, page, false);
    await toggleWithShortcut(browser, send, page, 'live');
    // Premise: nothing drawn while off.
    await expect.poll(async () => (await transcriptOf(send)).segments.length).toBeGreaterThan(0);
    expect(await page.locator('tabscribe-captions').count()).toBe(0);
    await setCaptionsShown(browser, page, true);
    const captions = captionsOf(page);
    await captions.waitFor();
    // A reload takes the page's captions with it; the worker draws them on the new page.
    await page.reload();
    await captions.waitFor();
    expect(await page.locator('tabscribe-captions').count()).toBe(1);
    await setCaptionsShown(browser, page, false);
    await expect.poll(() => page.locator('tabscribe-captions').count()).toBe(0);
    expect((await stateOf(send)).phase).toBe('live');
    await toggleWithShortcut(browser, send, page, 'ended');
    await page.close();
  }, 60_000);
});

describe('captions after the tab moved to another site', () => {
  let browser: ExtensionBrowser;
  let send: Messenger;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
    send = messenger(await browser.openPage('options.html'));
    await send('account.sign-in-password', ADA);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws nothing where the grant does not reach, and the side panel says why and offers to allow it', async () => {
    const page = await tonePage(browser, { words: WORDS.join(','), tone: '250', gap: '600' });
    await setCaptionsShown(browser, page, true);
    await toggleWithShortcut(browser, send, page, 'live');
    await captionsOf(page).waitFor();
    // Another site (localhost is another origin than 127.0.0.1): activeTab's grant ends there.
    const elsewhere = new URL(page.url());
    elsewhere.hostname = 'localhost';
    await page.goto(elsewhere.href);
    const panel = await browser.openPage('sidepanel.html');
    await panel.getByRole('button', { name: 'Allow captions on other sites' }).waitFor();
    expect(await panel.getByText(/moved to another site/).count()).toBe(1);
    // Premise: the recording went on through the navigation, and nothing was drawn there.
    expect((await stateOf(send)).phase).toBe('live');
    expect(await page.locator('tabscribe-captions').count()).toBe(0);
    await page.bringToFront();
    await toggleWithShortcut(browser, send, page, 'ended');
    // The problem was the recording's: it is gone with it.
    await expect
      .poll(() => panel.getByRole('button', { name: 'Allow captions on other sites' }).count())
      .toBe(0);
    await panel.close();
    await page.close();
  }, 60_000);
});

/** White pixels on screen where the captions are: their words, if they are drawn on top. */
async function whitePixelsOfCaptions(page: Page, decoder: Page): Promise<number> {
  const box = await drawnBox(page);
  if (!box) return 0;
  const shot = await page.screenshot({ clip: box });
  // Decoded by the browser, in another page (Node has no PNG decoder in this project).
  return decoder.evaluate(async (png) => {
    const image = new Image();
    image.src = `data:image/png;base64,${png}`;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    let white = 0;
    for (let at = 0; at < data.length; at += 4) {
      if ((data[at] ?? 0) > 220 && (data[at + 1] ?? 0) > 220 && (data[at + 2] ?? 0) > 220)
        white += 1;
    }
    return white;
  }, shot.toString('base64'));
}

async function dragBy(page: Page, target: Locator, dx: number, dy: number) {
  const box = await target.boundingBox();
  if (!box) throw new Error('nothing to drag');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}
