// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type TranscriptionSettings,
} from '../utils/settings/transcription-settings';
import { TranscriptionSettingsForm } from './TranscriptionSettingsForm';

afterEach(cleanup);

function form(initial: TranscriptionSettings = DEFAULT_SETTINGS) {
  const save = vi.fn(async (_settings: TranscriptionSettings) => {});
  render(<TranscriptionSettingsForm load={async () => initial} save={save} />);
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
});
