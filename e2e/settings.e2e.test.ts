import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { listenRecords, messenger, type Session, tonePage } from './session-helpers';
import { openToolbarPopup, pressToggleShortcut } from './toolbar';

// Settings chosen on the options page, as a user chooses them, reach Deepgram at the next Start.

describe('transcription settings', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchExtension('light', CONFIGURED_EXTENSION_DIR);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the options chosen on the options page are what the next stream opens with', async () => {
    const options = await browser.openPage('options.html');
    const send = messenger(options);
    await send('account.sign-in-password', ADA);
    await options.reload();

    await options.getByPlaceholder('Search languages').fill('german');
    await options.getByRole('listbox', { name: 'Language' }).selectOption('de');
    await options.getByRole('checkbox', { name: /Speaker labels/ }).check();
    await options.getByRole('checkbox', { name: /Smart formatting/ }).uncheck();
    await options.getByRole('textbox', { name: /Key terms/ }).fill('Tabscribe\nQ3 roadmap');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Saved. They apply from the next Start.').waitFor();

    const page = await tonePage(browser, { words: 'alpha,bravo', loop: '1' });
    const recordsBefore = (await listenRecords()).length;
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await send<Session>('session.get')).phase).toBe('live');
    await expect.poll(async () => (await listenRecords()).length).toBe(recordsBefore + 1);
    const record = (await listenRecords())[recordsBefore];
    expect(record?.params).toMatchObject({
      model: 'nova-3',
      language: 'de',
      diarize: 'true',
      smart_format: 'false',
      profanity_filter: 'false',
      encoding: 'linear16',
    });
    expect(record?.keyterms).toEqual(['Tabscribe', 'Q3 roadmap']);

    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(/German · Nova-3/);
    await popup.close();
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await send<Session>('session.get')).phase).toBe('idle');
    await page.close();
  });
});
