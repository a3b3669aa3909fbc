// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MicrophonePermission } from '../utils/capture/microphone';
import { ExtensionError } from '../utils/errors';
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

function form(
  initial: TranscriptionSettings = DEFAULT_SETTINGS,
  microphone: MicrophoneAccess = grantedMicrophone,
) {
  const save = vi.fn(async (_settings: TranscriptionSettings) => {});
  render(
    <TranscriptionSettingsForm load={async () => initial} save={save} microphone={microphone} />,
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
    expect(shown).toContain('German (de)');
    expect(shown).toContain('Swiss High German (de-CH)');
    expect(shown).not.toContain('French (fr)');
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
});
