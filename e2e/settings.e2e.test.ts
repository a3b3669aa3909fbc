import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, CONFIGURED_EXTENSION_DIR, type ExtensionBrowser, launchExtension } from './harness';
import { listenRecords, messenger, stateOf, tonePage } from './session-helpers';
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
    await options
      .getByRole('textbox', { name: /Key terms/ })
      .fill('Tabscribe\nQ3 roadmap\nSmith, John');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Saved. They apply from the next Start.').waitFor();

    const page = await tonePage(browser, { words: 'alpha,bravo', loop: '1' });
    const recordsBefore = (await listenRecords()).length;
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await stateOf(send)).phase).toBe('live');
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
    // One term per line, as the field says: the comma stays inside its term.
    expect(record?.keyterms).toEqual(['Tabscribe', 'Q3 roadmap', 'Smith, John']);

    const popup = await openToolbarPopup(browser.context, browser.extensionId, page);
    await popup.waitForText(/German · Nova-3/);
    await popup.close();
    await pressToggleShortcut(browser.context, page);
    await expect.poll(async () => (await stateOf(send)).phase).toBe('ended');
    await page.close();
  });

  it('finds a language by its own name, says when none matches, and keeps the choice in view', async () => {
    const options = await browser.openPage('options.html');
    const search = options.getByPlaceholder('Search languages');
    const list = options.getByRole('listbox', { name: 'Language' });
    const values = () =>
      list.locator('option').evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    // French chosen first, so a match for German is the search's doing, not the choice's.
    await search.fill('fr');
    await list.selectOption('fr');
    await search.fill('Deutsch');
    await expect.poll(values).toEqual(['de']);
    await search.fill('es');
    await expect.poll(values).toEqual(['es', 'es-419', 'et']);
    await search.fill('zzz');
    await options.getByText('No language matches “zzz”.').waitFor();
    expect(await values()).toEqual([]);

    // Chosen from a search, far down the whole list: clearing the search must not hide it.
    await search.fill('vi');
    await list.selectOption('vi');
    await search.fill('');
    await expect.poll(async () => (await values()).length).toBeGreaterThan(40);
    const view = await list.evaluate((select: HTMLSelectElement) => {
      const chosen = select.selectedOptions[0] as HTMLOptionElement;
      const box = select.getBoundingClientRect();
      const row = chosen.getBoundingClientRect();
      return {
        value: chosen.value,
        // The premise: at the list's top it would be out of sight.
        belowTheFold: chosen.index >= select.size,
        inView: row.top >= box.top && row.bottom <= box.bottom,
      };
    });
    expect(view).toEqual({ value: 'vi', belowTheFold: true, inView: true });
    await options.close();
  });

  it('unsaved changes: leaving asks first; a reload brings them back and says so', async () => {
    const options = await browser.openPage('options.html');
    const profanity = options.getByRole('checkbox', { name: /Filter profanity/ });
    const keyterms = options.getByRole('textbox', { name: /Key terms/ });
    const restored = options.getByText(
      'Restored your unsaved changes. Save them, or discard them.',
    );
    expect(await profanity.isChecked()).toBe(false);
    await profanity.check();
    await keyterms.fill('Smith, John');
    const dialogs: string[] = [];
    options.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });

    await options.reload();
    expect(dialogs).toEqual(['beforeunload']);
    await restored.waitFor();
    expect(await profanity.isChecked()).toBe(true);
    expect(await keyterms.inputValue()).toBe('Smith, John');

    // Discarded: the saved settings again, and nothing to ask or restore on the next reload.
    await options.getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => profanity.isChecked()).toBe(false);
    await options.reload();
    await keyterms.waitFor();
    expect(dialogs).toEqual(['beforeunload']);
    expect(await restored.count()).toBe(0);
    expect(await profanity.isChecked()).toBe(false);
    await options.close();
  });
});
