import { describe, expect, it } from 'vitest';
import { DEEPGRAM_MODELS } from './deepgram-models';
import { languageEntry, languageRank, MULTILINGUAL, searchLanguages } from './language-search';

const nova3 = [MULTILINGUAL, ...(DEEPGRAM_MODELS[0]?.languages ?? [])].map(languageEntry);
const codesFor = (query: string) => searchLanguages(nova3, query).map((entry) => entry.code);

describe('language search', () => {
  it('names each language in English and in itself, from the browser’s names', () => {
    expect(languageEntry('de')).toEqual({
      code: 'de',
      english: 'German',
      native: 'Deutsch',
      label: 'German — Deutsch (de)',
    });
    expect(languageEntry('ja').label).toBe('Japanese — 日本語 (ja)');
    expect(languageEntry('en-GB').label).toBe('British English (en-GB)');
    expect(languageEntry(MULTILINGUAL).label).toBe('Detect automatically (multilingual)');
  });

  it('finds by English name, own name or code, at the start of a word, best first', () => {
    const cases: [string, string[]][] = [
      ['Deutsch', ['de']],
      ['deutsch ', ['de']],
      ['germ', ['de', 'de-CH']],
      ['high german', ['de-CH']],
      ['es', ['es', 'es-419', 'et']],
      ['Español', ['es', 'es-419']],
      ['espanol', ['es', 'es-419']],
      ['Français', ['fr', 'fr-CA']],
      ['日本語', ['ja']],
      ['中国', ['zh-CN']],
      ['PT-br', ['pt-BR']],
      ['auto', [MULTILINGUAL]],
      // Inside a word is not a match: not Chinese, Japanese, Portuguese.
      ['ese', []],
      ['zzz', []],
    ];
    for (const [query, codes] of cases) {
      expect([query, codesFor(query)]).toEqual([query, codes]);
    }
  });

  it('ranks the code, then a code it begins, then a name, then a word of a name', () => {
    const spanish = languageEntry('es');
    const latinAmerican = languageEntry('es-419');
    const cases: [string, number | null][] = [
      ['es', 0],
      ['es-', null],
      ['span', 2],
      ['latin', null],
      ['', 0],
    ];
    for (const [query, rank] of cases) {
      expect([query, languageRank(spanish, query)]).toEqual([query, rank]);
    }
    expect(languageRank(latinAmerican, 'es-')).toBe(1);
    expect(languageRank(latinAmerican, 'latin')).toBe(2);
    expect(languageRank(latinAmerican, 'spanish')).toBe(3);
  });

  it('an empty query keeps the whole list in its order', () => {
    expect(codesFor('  ')).toEqual(nova3.map((entry) => entry.code));
  });
});
