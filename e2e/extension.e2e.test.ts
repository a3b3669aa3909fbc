import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';

// The part of the extension API the tests evaluate inside the service worker.
declare const chrome: {
  commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> };
};

const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));

describe('the built manifest', () => {
  it('has the side panel and no standing access to any site', () => {
    // The permissions themselves are listed once, in manifest.e2e.test.ts.
    // The side panel's page; sidePanel.open, which the popup calls, is Chrome 116's too.
    expect(manifest.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.minimum_chrome_version).toBe('116');
  });

  it('declares the popup, the options page, the offscreen page and the toggle command', () => {
    expect(manifest.name).toBe('Tabscribe');
    expect(manifest.action.default_popup).toBe('popup.html');
    expect(manifest.options_ui.page).toBe('options.html');
    expect(existsSync(join(EXTENSION_DIR, 'offscreen.html'))).toBe(true);
    expect(manifest.commands['toggle-transcription'].suggested_key.default).toBe('Alt+Shift+Y');
    expect(manifest.commands['open-side-panel'].suggested_key.default).toBe('Alt+Shift+K');
    expect(manifest.commands['mark-moment'].suggested_key.default).toBe('Alt+Shift+M');
  });

  it('carries the icon set at every size Chrome asks for', () => {
    for (const size of ['16', '32', '48', '128']) {
      expect(manifest.icons[size]).toBe(`icon/${size}.png`);
      expect(existsSync(join(EXTENSION_DIR, manifest.icons[size]))).toBe(true);
    }
  });
});

describe('the extension in Chromium', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchExtension();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const isOptionsPage = (page: Page) => page.url().endsWith('/options.html');

  it('opens the options page on first install, where signing in happens', async () => {
    await expect.poll(() => browser.context.pages().some(isOptionsPage)).toBe(true);
    const options = browser.context.pages().find(isOptionsPage);
    await options?.getByRole('heading', { name: 'Account' }).waitFor();
  });

  it('gets the suggested shortcuts really assigned by Chromium', async () => {
    const commands = await browser.worker.evaluate(() => chrome.commands.getAll());
    const shortcut = (name: string) => commands.find((command) => command.name === name)?.shortcut;
    expect(shortcut('toggle-transcription')).toBe('Alt+Shift+Y');
    expect(shortcut('open-side-panel')).toBe('Alt+Shift+K');
    expect(shortcut('mark-moment')).toBe('Alt+Shift+M');
  });

  it('shows the signed-out popup with the shortcut the background reports', async () => {
    const popup = await browser.openPage('popup.html');
    // Signed out is known once the worker answers `account.get`: wait for it, not a fixed moment.
    await popup.getByRole('heading', { name: 'Live transcripts of any tab' }).waitFor();
    await expect(popup.getByRole('button', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    // The keys arrive over runtime messaging from the background's `status.get`.
    await popup.locator('kbd', { hasText: 'Y' }).waitFor();
    expect(await popup.locator('kbd').allTextContents()).toEqual(['Alt', 'Shift', 'Y']);

    const width = await popup.evaluate(
      () => document.querySelector('#app > *')?.getBoundingClientRect().width,
    );
    expect(width).toBeGreaterThanOrEqual(320);
    expect(width).toBeLessThanOrEqual(400);
    await popup.close();
  });

  it('takes the user from the popup’s "Sign in" to the options page', async () => {
    // Chrome focuses an options page that is already open instead of opening a second one.
    await Promise.all(
      browser.context
        .pages()
        .filter(isOptionsPage)
        .map((page) => page.close()),
    );
    const popup = await browser.openPage('popup.html');
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => browser.context.pages().some(isOptionsPage)).toBe(true);
    const options = browser.context.pages().find(isOptionsPage);
    await options?.getByRole('textbox', { name: 'Email', exact: true }).waitFor();
  });

  it('lets a keyboard user reach every control of the sign-in form in order', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('textbox', { name: 'Email', exact: true }).waitFor();
    const focusOrder: string[] = [];
    for (let step = 0; step < 4; step += 1) {
      await options.keyboard.press('Tab');
      focusOrder.push(
        await options.evaluate(() => {
          const element = document.activeElement as HTMLInputElement | HTMLButtonElement | null;
          return element?.labels?.[0]?.textContent?.trim() || element?.textContent?.trim() || '';
        }),
      );
    }
    expect(focusOrder).toEqual(['With password', 'Email', 'Password', 'Sign in']);
    await options.close();
  });

  it('explains a missing field, and keeps what was typed when sign-in fails', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('button', { name: 'Sign in' }).click();
    await expect(options.getByText('Enter your email address.').isVisible()).resolves.toBe(true);

    await options.getByRole('textbox', { name: 'Email', exact: true }).fill('ada@example.com');
    await options.getByLabel('Password', { exact: true }).fill('correct horse');
    await options.getByRole('button', { name: 'Sign in' }).click();
    const alert = options.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'This build of Tabscribe has no account service configured, so it cannot sign you in.',
    );
    await expect(
      options.getByRole('textbox', { name: 'Email', exact: true }).inputValue(),
    ).resolves.toBe('ada@example.com');
    await options.close();
  });

  it('logs no errors on any page', () => {
    expect(browser.errors).toEqual([]);
  });
});

describe('the theme follows the system', () => {
  const backgroundLuminance = (page: Page) =>
    page.evaluate(() => {
      const channels = getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? [];
      const [r = 0, g = 0, b = 0] = channels.map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    });

  for (const [scheme, isExpected] of [
    ['light', (luminance: number) => luminance > 0.85],
    ['dark', (luminance: number) => luminance < 0.15],
  ] as const) {
    it(`draws both pages ${scheme} when the system is ${scheme}`, async () => {
      const browser = await launchExtension(scheme);
      try {
        for (const path of ['popup.html', 'options.html']) {
          const page = await browser.openPage(path);
          await page.getByRole('button', { name: 'Sign in' }).waitFor();
          expect(isExpected(await backgroundLuminance(page)), `${path} in ${scheme}`).toBe(true);
        }
        expect(browser.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }
});
