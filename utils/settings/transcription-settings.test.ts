import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  listenQuery,
  MAX_KEYTERMS,
  normalizeSettings,
  parseKeyterms,
  settingsProblems,
} from './transcription-settings';

describe('transcription settings', () => {
  it('defaults to Nova-3 in English with smart formatting, and asks for nothing more', () => {
    expect(settingsProblems(DEFAULT_SETTINGS)).toEqual([]);
    expect(listenQuery(DEFAULT_SETTINGS)).toEqual({
      model: 'nova-3',
      language: 'en',
      encoding: 'linear16',
      sample_rate: '16000',
      channels: '1',
      interim_results: 'true',
      utterance_end_ms: '1000',
      vad_events: 'true',
      smart_format: 'true',
      diarize: 'false',
      profanity_filter: 'false',
    });
  });

  it('turns each choice into its query parameter; key terms repeat, one per term', () => {
    const query = listenQuery({
      ...DEFAULT_SETTINGS,
      language: 'multi',
      diarize: true,
      profanityFilter: true,
      smartFormat: false,
      keyterms: ['Tabscribe', 'Q3 roadmap'],
    });
    expect(query).toMatchObject({
      language: 'multi',
      diarize: 'true',
      profanity_filter: 'true',
      smart_format: 'false',
      keyterm: ['Tabscribe', 'Q3 roadmap'],
    });
  });

  it('sends the microphone as a second channel, transcribed apart', () => {
    const query = listenQuery(
      { ...DEFAULT_SETTINGS, includeMicrophone: true },
      { microphone: true },
    );
    expect(query).toMatchObject({ channels: '2', multichannel: 'true' });
    // The setting on but no microphone opened (refused): one channel, as before.
    const tabOnly = listenQuery({ ...DEFAULT_SETTINGS, includeMicrophone: true });
    expect(tabOnly.channels).toBe('1');
    expect(tabOnly).not.toHaveProperty('multichannel');
  });

  it('says in a sentence what cannot be combined', () => {
    expect(settingsProblems({ ...DEFAULT_SETTINGS, model: 'nova-2', language: 'multi' })).toEqual([
      {
        field: 'language',
        message: 'Nova-2 cannot detect the language by itself; choose a language, or Nova-3.',
      },
    ]);
    expect(settingsProblems({ ...DEFAULT_SETTINGS, model: 'nova-3', language: 'th' })).toEqual([
      { field: 'language', message: 'Nova-3 does not transcribe Thai.' },
    ]);
    expect(
      settingsProblems({ ...DEFAULT_SETTINGS, model: 'nova-2', keyterms: ['Tabscribe'] }),
    ).toEqual([
      {
        field: 'keyterms',
        message: 'Key terms work with Nova-3 models only; Nova-2 would ignore them.',
      },
    ]);
    const many = Array.from({ length: MAX_KEYTERMS + 1 }, (_, index) => `term${index}`);
    expect(settingsProblems({ ...DEFAULT_SETTINGS, keyterms: many })[0]?.message).toBe(
      'At most 100 key terms; there are 101.',
    );
    const wordy = Array.from({ length: 60 }, () => 'an extraordinarily verbose multiword phrase');
    expect(settingsProblems({ ...DEFAULT_SETTINGS, keyterms: wordy })[0]?.message).toMatch(
      /too long together/,
    );
    expect(settingsProblems({ ...DEFAULT_SETTINGS, model: 'whisper' })[0]?.field).toBe('model');
  });

  it('reads key terms as typed: one per line, trimmed, no blanks, no repeats', () => {
    expect(parseKeyterms(' Tabscribe\r\n\nQ3   roadmap \nTabscribe\n')).toEqual([
      'Tabscribe',
      'Q3 roadmap',
    ]);
    // The field says one per line: a comma or semicolon is part of the term.
    expect(parseKeyterms('Smith, John\nR&D; Ops')).toEqual(['Smith, John', 'R&D; Ops']);
  });

  it('makes whatever storage holds usable: defaults for the missing, fixes for the unknown', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(normalizeSettings({ model: 'nova-2', language: 'th', diarize: true })).toEqual({
      ...DEFAULT_SETTINGS,
      model: 'nova-2',
      language: 'th',
      diarize: true,
    });
    // From a newer version, synced here: an unknown model, a language it had, a field it added.
    expect(
      normalizeSettings({
        model: 'nova-4',
        language: 'xx',
        keyterms: ['A', 7, 'A', ' B '],
        smartFormat: 'yes',
        includeTelepathy: true,
      }),
    ).toEqual({ ...DEFAULT_SETTINGS, keyterms: ['A', 'B'] });
    expect(normalizeSettings({ includeMicrophone: true }).includeMicrophone).toBe(true);
    expect(normalizeSettings({ includeMicrophone: 'yes' }).includeMicrophone).toBe(false);
    // Key terms kept only where the model takes them.
    expect(normalizeSettings({ model: 'nova-2', keyterms: ['A'] }).keyterms).toEqual([]);
  });
});
