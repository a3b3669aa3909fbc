// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExtensionError } from '../utils/errors';
import type { MicrophonePermission } from '../utils/recording/capture/microphone';
import type { SettingsDraft, SettingsDraftStore } from '../utils/settings/settings-draft';
import {
  DEFAULT_SETTINGS,
  type TranscriptionSettings,
} from '../utils/settings/transcription-settings';
import { type MicrophoneAccess, TranscriptionSettingsForm } from './TranscriptionSettingsForm';

afterEach(cleanup);

const grantedMicrophone: MicrophoneAccess = {
  request: async () => {},
  permission: async () => 'granted',
};

/** storage.session's draft, in memory. */
function memoryDrafts(initial: SettingsDraft | null = null) {
  let draft = initial;
  return {
    load: async () => draft,
    save: vi.fn(async (next: SettingsDraft) => {
      draft = next;
    }),
    clear: vi.fn(async () => {
      draft = null;
    }),
    get current() {
      return draft;
    },
  };
}

function form(
  initial: TranscriptionSettings = DEFAULT_SETTINGS,
  microphone: MicrophoneAccess = grantedMicrophone,
  drafts: SettingsDraftStore = memoryDrafts(),
) {
  const save = vi.fn(async (_settings: TranscriptionSettings) => {});
  render(
    <TranscriptionSettingsForm
      load={async () => initial}
      save={save}
      microphone={microphone}
      drafts={drafts}
    />,
  );
  return save;
}

describe('TranscriptionSettingsForm', () => {
  it('finds a language by name, and saves what was chosen', async () => {
    const save = form();
    fireEvent.input(await screen.findByPlaceholderText('Search languages'), {
      target: { value: 'germ' },
    });
    const languages = screen.getByRole('listbox', { name: 'Language' }) as HTMLSelectElement;
    const shown = [...languages.options].map((option) => option.textContent);
    expect(shown).toEqual([
      'German — Deutsch (de)',
      'Swiss High German — Schweizer Hochdeutsch (de-CH)',
    ]);
    fireEvent.change(languages, { target: { value: 'de' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Speaker labels/ }));
    fireEvent.input(screen.getByRole('textbox', { name: /Key terms/ }), {
      target: { value: 'Tabscribe\nBundestag' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText('Saved. They apply from the next Start.');
    expect(save).toHaveBeenCalledWith({
      ...DEFAULT_SETTINGS,
      language: 'de',
      diarize: true,
      keyterms: ['Tabscribe', 'Bundestag'],
    });
  });

  it('prevents what cannot be combined, with a sentence saying why', async () => {
    const save = form({ ...DEFAULT_SETTINGS, language: 'multi', keyterms: ['Tabscribe'] });
    fireEvent.change(await screen.findByRole('combobox', { name: /Model/ }), {
      target: { value: 'nova-2' },
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'Nova-2 cannot detect the language by itself; choose a language, or Nova-3.',
    );
    expect(screen.getByText(/Key terms work with Nova-3 models only/)).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Save settings' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(button);
    await waitFor(() => expect(save).not.toHaveBeenCalled());
  });

  describe('Include my microphone', () => {
    it('asks Chrome for the microphone first, and is on only once it may be used', async () => {
      let answer: () => void = () => {};
      const request = vi.fn(() => new Promise<void>((resolve) => (answer = resolve)));
      const save = form(DEFAULT_SETTINGS, { ...grantedMicrophone, request });
      const toggle = (await screen.findByRole('checkbox', {
        name: /Include my microphone/,
      })) as HTMLInputElement;
      fireEvent.click(toggle);
      expect(request).toHaveBeenCalledOnce();
      expect(await screen.findByText(/Asking Chrome for the microphone/)).toBeTruthy();
      expect(toggle.disabled).toBe(true);
      answer();
      await waitFor(() => expect(toggle.checked).toBe(true));
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
      await waitFor(() =>
        expect(save).toHaveBeenCalledWith({ ...DEFAULT_SETTINGS, includeMicrophone: true }),
      );
    });

    it('refused: stays off, and says how to allow it', async () => {
      const request = async () => {
        throw new ExtensionError('microphone_blocked', 'NotAllowedError');
      };
      form(DEFAULT_SETTINGS, { ...grantedMicrophone, request });
      const toggle = (await screen.findByRole('checkbox', {
        name: /Include my microphone/,
      })) as HTMLInputElement;
      fireEvent.click(toggle);
      expect((await screen.findByRole('alert')).textContent).toMatch(
        /Chrome is blocking the microphone for Tabscribe\. Click the microphone icon/,
      );
      expect(toggle.checked).toBe(false);
      expect(toggle.getAttribute('aria-describedby')).toBe('microphone-problem');
    });

    it('on, but the permission taken back since: says so when the page opens', async () => {
      const permission = async (): Promise<MicrophonePermission> => 'denied';
      form({ ...DEFAULT_SETTINGS, includeMicrophone: true }, { ...grantedMicrophone, permission });
      expect((await screen.findByRole('alert')).textContent).toMatch(/Chrome is blocking/);
    });
  });

  describe('Language search', () => {
    const search = async (query: string) => {
      fireEvent.input(await screen.findByPlaceholderText('Search languages'), {
        target: { value: query },
      });
      const list = screen.getByRole('listbox', { name: 'Language' }) as HTMLSelectElement;
      return [...list.options].map((option) => option.value);
    };

    it('finds a language by its own name', async () => {
      form();
      expect(await search('Deutsch')).toEqual(['de']);
      expect(await search('日本語')).toEqual(['ja']);
      expect(await search('Español')).toEqual(['es', 'es-419']);
    });

    it('a code finds itself and its regions, not every name with those letters inside', async () => {
      form();
      expect(await search('es')).toEqual(['es', 'es-419', 'et']);
    });

    it('nothing matching: an empty list, a sentence saying so, and the choice still named', async () => {
      form();
      expect(await search('zzz')).toEqual([]);
      expect(screen.getByText('No language matches “zzz”. Chosen: English (en).')).toBeTruthy();
      expect(await search('')).toContain('en');
      expect(screen.queryByText(/No language matches/)).toBeNull();
    });
  });

  it('a key term may hold a comma: one term per line', async () => {
    const save = form();
    fireEvent.input(await screen.findByRole('textbox', { name: /Key terms/ }), {
      target: { value: 'Smith, John\nTabscribe' },
    });
    expect(screen.getByText(/2 of 100/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(save).toHaveBeenCalledWith({
        ...DEFAULT_SETTINGS,
        keyterms: ['Smith, John', 'Tabscribe'],
      }),
    );
  });

  describe('Unsaved changes', () => {
    const leaving = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };

    it('are kept as a draft, and leaving the page asks first until they are saved', async () => {
      const drafts = memoryDrafts();
      form(DEFAULT_SETTINGS, grantedMicrophone, drafts);
      const speakers = await screen.findByRole('checkbox', { name: /Speaker labels/ });
      expect(leaving()).toBe(false);
      fireEvent.click(speakers);
      await waitFor(() =>
        expect(drafts.current?.settings).toEqual({ ...DEFAULT_SETTINGS, diarize: true }),
      );
      await waitFor(() => expect(leaving()).toBe(true));
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
      await screen.findByText('Saved. They apply from the next Start.');
      await waitFor(() => expect(drafts.current).toBeNull());
      await waitFor(() => expect(leaving()).toBe(false));
    });

    it('a reload brings the draft back, says so, and can discard it', async () => {
      const drafts = memoryDrafts({
        settings: { ...DEFAULT_SETTINGS, language: 'de', keyterms: ['Smith, John'] },
        keytermText: 'Smith, John\n',
      });
      form(DEFAULT_SETTINGS, grantedMicrophone, drafts);
      await screen.findByText('Restored your unsaved changes. Save them, or discard them.');
      const terms = screen.getByRole('textbox', { name: /Key terms/ }) as HTMLTextAreaElement;
      expect(terms.value).toBe('Smith, John\n');
      expect((screen.getByRole('listbox', { name: 'Language' }) as HTMLSelectElement).value).toBe(
        'de',
      );
      await waitFor(() => expect(leaving()).toBe(true));
      fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
      await waitFor(() => expect(terms.value).toBe(''));
      expect(screen.queryByText(/Restored your unsaved changes/)).toBeNull();
      await waitFor(() => expect(drafts.current).toBeNull());
      await waitFor(() => expect(leaving()).toBe(false));
    });

    it('a draft that matches what is saved is no draft: nothing is said', async () => {
      const drafts = memoryDrafts({ settings: DEFAULT_SETTINGS, keytermText: '' });
      form(DEFAULT_SETTINGS, grantedMicrophone, drafts);
      await screen.findByRole('button', { name: 'Save settings' });
      expect(screen.queryByText(/Restored your unsaved changes/)).toBeNull();
      await waitFor(() => expect(drafts.current).toBeNull());
    });
  });
});
