import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildConfiguredExtension } from '../scripts/configured-build.mjs';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { messenger } from './session-helpers';

const emailField = (page: Page) => page.getByRole('textbox', { name: 'Email', exact: true });
/** Whether the element has the keyboard focus (after an attempt, never the page's body). */
const isFocused = (element: Locator) => element.evaluate((node) => node === document.activeElement);

// The extension built for the local stack: real supabase-js against the local Auth, the real
// token function under Deno, the Deepgram stand-in.
describe('signing in and out, in the built extension', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const grantsIssued = async () =>
    (
      (await (await fetch(`${inject('deepgramUrl')}/__stand-in/grants`)).json()) as {
        count: number;
      }
    ).count;
  const lastCode = async (email: string) =>
    (
      (await (
        await fetch(`${inject('supabaseUrl')}/__stand-in/otp?email=${encodeURIComponent(email)}`)
      ).json()) as { code: string }
    ).code;

  it('explains a wrong password and keeps what was typed', async () => {
    const options = await browser.openPage('options.html');
    await emailField(options).fill(ADA.email);
    await options.getByLabel('Password', { exact: true }).fill('not my password');
    await options.getByRole('button', { name: 'Sign in' }).click();
    await options.getByRole('alert').waitFor();
    expect(await options.getByRole('alert').textContent()).toBe(
      'That email and password don’t match. Check both and try again.',
    );
    expect(await emailField(options).inputValue()).toBe(ADA.email);
    // Focus is back where the mistake is to be mended.
    await expect.poll(() => isFocused(options.getByLabel('Password', { exact: true }))).toBe(true);
    await options.close();
  });

  it('signs in with a password; the popup then shows the account and readies a token', async () => {
    const options = await browser.openPage('options.html');
    await emailField(options).fill(ADA.email);
    await options.getByLabel('Password', { exact: true }).fill(ADA.password);
    await options.getByRole('button', { name: 'Sign in' }).click();
    const signedIn = options.getByRole('heading', { name: `Signed in as ${ADA.email}` });
    await signedIn.waitFor();
    await expect.poll(() => isFocused(signedIn)).toBe(true);

    const before = await grantsIssued();
    const popup = await browser.openPage('popup.html');
    await popup.getByText(`Signed in as ${ADA.email}.`).waitFor();
    // Opening the popup mints a token ahead of need, through the real function.
    await expect.poll(grantsIssued).toBe(before + 1);
    await popup.close();

    // The session survives a reload of the page: it lives in chrome.storage.local.
    await options.reload();
    await options.getByText(`Signed in as ${ADA.email}`).waitFor();
    await options.close();
  });

  it('hands extension pages a token, from the cache the second time', async () => {
    const popup = await browser.openPage('popup.html');
    const before = await grantsIssued();
    const send = messenger(popup);
    const first = await send('token.get');
    const second = await send('token.get');
    expect(second.token).toBe(first.token);
    expect(first.expiresAt - Date.now()).toBeGreaterThan(60_000);
    expect(await grantsIssued()).toBe(before);
    await popup.close();
  });

  it('signs out: both pages show the signed-out state again', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('button', { name: 'Sign out' }).click();
    await emailField(options).waitFor();
    await expect.poll(() => isFocused(emailField(options))).toBe(true);
    const popup = await browser.openPage('popup.html');
    await popup.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect(messenger(popup)('token.get')).rejects.toMatchObject({ code: 'signed_out' });
    await popup.close();
    await options.close();
  });

  it('signs in with an emailed code', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('radio', { name: 'With email code' }).check();
    await emailField(options).fill('newcomer@example.com');
    await options.getByRole('button', { name: 'Send code' }).click();
    const code = options.getByRole('textbox', { name: 'Code' });
    await code.waitFor();
    await expect.poll(() => isFocused(code)).toBe(true);
    await code.fill(await lastCode('newcomer@example.com'));
    await options.getByRole('button', { name: 'Verify code' }).click();
    const signedIn = options.getByRole('heading', { name: 'Signed in as newcomer@example.com' });
    await signedIn.waitFor();
    await expect.poll(() => isFocused(signedIn)).toBe(true);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await emailField(options).waitFor();
    await options.close();
  });

  it('going back to the email step sends nothing; a new code waits out its minute, on its button', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('radio', { name: 'With email code' }).check();
    await emailField(options).fill('typo@example.com');
    await options.getByRole('button', { name: 'Send code' }).click();
    await options.getByRole('textbox', { name: 'Code' }).waitFor();
    const firstCode = await lastCode('typo@example.com');
    const newCode = options.getByRole('button', { name: 'Send a new code', exact: true });
    expect(await newCode.isDisabled()).toBe(true);
    const wait = await options.locator(`#${await newCode.getAttribute('aria-describedby')}`);
    expect(await wait.textContent()).toMatch(/^You can send another code in \d+ s\.$/);

    await options.getByRole('button', { name: 'Use a different email' }).click();
    await expect.poll(() => isFocused(emailField(options))).toBe(true);
    expect(await emailField(options).inputValue()).toBe('typo@example.com');
    await emailField(options).fill('fixed@example.com');
    await options.getByRole('button', { name: 'Send code' }).click();
    const code = options.getByRole('textbox', { name: 'Code' });
    await code.waitFor();
    // Nothing was sent to the first address on the way back, and nothing was refused.
    expect(await lastCode('typo@example.com')).toBe(firstCode);
    expect(await options.getByRole('alert').count()).toBe(0);
    await code.fill(await lastCode('fixed@example.com'));
    await options.getByRole('button', { name: 'Verify code' }).click();
    await options.getByRole('heading', { name: 'Signed in as fixed@example.com' }).waitFor();
    await options.getByRole('button', { name: 'Sign out' }).click();
    await emailField(options).waitFor();
    await options.close();
  });

  it('signs in with Google through the browser’s sign-in window (PKCE)', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('button', { name: 'Continue with Google' }).click();
    const signedIn = options.getByRole('heading', { name: 'Signed in as google.user@gmail.com' });
    await signedIn.waitFor({ timeout: 10_000 });
    await expect.poll(() => isFocused(signedIn)).toBe(true);
    await options.getByRole('button', { name: 'Sign out' }).click();
    await emailField(options).waitFor();
    await options.close();
  });

  it('logs no errors on any page', () => {
    expect(browser.errors).toEqual([]);
  });
});

// A build whose Supabase URL is a port nothing listens on: the account server is down.
describe('signing in with the account server down', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const extensionDir = buildConfiguredExtension({
      outDir: join(import.meta.dirname, '../.output/e2e-server-down'),
      supabaseUrl: `http://127.0.0.1:${closedPort}`,
      publishableKey: 'sb_publishable_server_down',
    });
    browser = await launchExtension('light', extensionDir);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const unreachable = 'Tabscribe can’t reach its server. Check your connection and try again.';

  it('says so in one sentence, for Google as for a password, and focuses it', async () => {
    const options = await browser.openPage('options.html');
    const alert = options.getByRole('alert');
    // The click focuses the button; focus moves to the sentence only once the attempt has failed.
    const focusOnSentence = () =>
      alert.first().evaluate((node) => Boolean(document.activeElement?.contains(node)));

    // The sign-in window cannot load its page: that is the server, not a cancel.
    await options.getByRole('button', { name: 'Continue with Google' }).click();
    await expect.poll(focusOnSentence, { timeout: 10_000 }).toBe(true);
    expect(await alert.allTextContents()).toEqual([unreachable]);

    await emailField(options).fill(ADA.email);
    await options.getByLabel('Password', { exact: true }).fill(ADA.password);
    await options.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(focusOnSentence).toBe(true);
    expect(await alert.allTextContents()).toEqual([unreachable]);

    // And Google after a failed password: its sentence replaces the form's, never adds to it.
    await options.getByRole('button', { name: 'Continue with Google' }).click();
    await expect.poll(focusOnSentence, { timeout: 10_000 }).toBe(true);
    expect(await alert.allTextContents()).toEqual([unreachable]);
    await options.close();
  });
});

declare const chrome: {
  runtime: {
    sendMessage(message: unknown): Promise<{
      ok: boolean;
      value: { token: string; expiresAt: number };
      error?: { code: string };
    }>;
  };
};
