import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';

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
  const emailField = (page: Page) => page.getByRole('textbox', { name: 'Email', exact: true });

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
    await options.close();
  });

  it('signs in with a password; the popup then shows the account and readies a token', async () => {
    const options = await browser.openPage('options.html');
    await emailField(options).fill(ADA.email);
    await options.getByLabel('Password', { exact: true }).fill(ADA.password);
    await options.getByRole('button', { name: 'Sign in' }).click();
    await options.getByText(`Signed in as ${ADA.email}`).waitFor();

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
    const ask = () =>
      popup.evaluate(() =>
        chrome.runtime.sendMessage({ channel: 'tabscribe', type: 'token.get', request: {} }),
      );
    const first = await ask();
    const second = await ask();
    expect(first.ok).toBe(true);
    expect(second.value.token).toBe(first.value.token);
    expect(first.value.expiresAt - Date.now()).toBeGreaterThan(60_000);
    expect(await grantsIssued()).toBe(before);
    await popup.close();
  });

  it('signs out: both pages show the signed-out state again', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('button', { name: 'Sign out' }).click();
    await emailField(options).waitFor();
    const popup = await browser.openPage('popup.html');
    await popup.getByRole('button', { name: 'Sign in' }).waitFor();
    const answer = await popup.evaluate(() =>
      chrome.runtime.sendMessage({ channel: 'tabscribe', type: 'token.get', request: {} }),
    );
    expect(answer).toEqual({ ok: false, error: { code: 'signed_out' } });
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
    await code.fill(await lastCode('newcomer@example.com'));
    await options.getByRole('button', { name: 'Verify code' }).click();
    await options.getByText('Signed in as newcomer@example.com').waitFor();
    await options.getByRole('button', { name: 'Sign out' }).click();
    await emailField(options).waitFor();
    await options.close();
  });

  it('signs in with Google through the browser’s sign-in window (PKCE)', async () => {
    const options = await browser.openPage('options.html');
    await options.getByRole('button', { name: 'Continue with Google' }).click();
    await options.getByText('Signed in as google.user@gmail.com').waitFor({ timeout: 10_000 });
    await options.getByRole('button', { name: 'Sign out' }).click();
    await emailField(options).waitFor();
    await options.close();
  });

  it('logs no errors on any page', () => {
    expect(browser.errors).toEqual([]);
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
