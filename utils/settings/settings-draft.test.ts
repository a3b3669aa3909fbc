import { describe, expect, it } from 'vitest';
import { openingSettings, type SettingsDraft, sameSettings } from './settings-draft';
import { DEFAULT_SETTINGS } from './transcription-settings';

describe('settings draft', () => {
  it('tells settings that would transcribe differently apart', () => {
    const cases: [string, Partial<typeof DEFAULT_SETTINGS>, boolean][] = [
      ['nothing changed', {}, true],
      ['a new array, same terms', { keyterms: [] }, true],
      ['the language', { language: 'de' }, false],
      ['a toggle', { diarize: true }, false],
      ['a key term more', { keyterms: ['Tabscribe'] }, false],
    ];
    for (const [name, change, same] of cases) {
      expect([name, sameSettings(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, ...change })]).toEqual([
        name,
        same,
      ]);
    }
    const terms = { ...DEFAULT_SETTINGS, keyterms: ['A', 'B'] };
    expect(sameSettings(terms, { ...terms, keyterms: ['B', 'A'] })).toBe(false);
  });

  it('opens with a draft only when it differs from what is saved, and says it is restored', () => {
    const saved = { ...DEFAULT_SETTINGS, keyterms: ['Tabscribe'] };
    const draft: SettingsDraft = {
      settings: { ...saved, language: 'de' },
      keytermText: 'Tabscribe\n\n',
    };
    expect(openingSettings(saved, null)).toEqual({
      settings: saved,
      keytermText: 'Tabscribe',
      restored: false,
    });
    expect(openingSettings(saved, draft)).toEqual({ ...draft, restored: true });
    expect(openingSettings(saved, { settings: saved, keytermText: 'Tabscribe\n' })).toEqual({
      settings: saved,
      keytermText: 'Tabscribe',
      restored: false,
    });
  });
});
