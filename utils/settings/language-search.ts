import { languageName } from './deepgram-models';

/** The code for Deepgram's automatic multilingual detection, offered beside the languages. */
export const MULTILINGUAL = 'multi';

/** A language as the picker shows and searches it. */
export interface LanguageEntry {
  code: string;
  /** Its name in English: "German". */
  english: string;
  /** Its name in itself (endonym), capitalised: "Deutsch"; null when it is the English one. */
  native: string | null;
  /** What the list shows: "German — Deutsch (de)". */
  label: string;
}

/** "de" → German, Deutsch; from the browser's own names (Intl.DisplayNames), so none is typed here. */
export function languageEntry(code: string): LanguageEntry {
  if (code === MULTILINGUAL) {
    const english = 'Detect automatically (multilingual)';
    return { code, english, native: null, label: english };
  }
  const english = languageName(code);
  const native = endonym(code);
  const differs = native !== null && fold(native) !== fold(english);
  return {
    code,
    english,
    native: differs ? native : null,
    label: differs ? `${english} — ${native} (${code})` : `${english} (${code})`,
  };
}

function endonym(code: string): string | null {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    if (!name || name === code) return null;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return null;
  }
}

/** Lower case without accents: "Español" and "espanol" are the same search. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().replace(/\s+/g, ' ');
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Whether the query begins a word of the name: "ger" in "Swiss High German", not "es" in "Chinese". */
function startsAWord(name: string, query: string): boolean {
  for (let at = name.indexOf(query); at !== -1; at = name.indexOf(query, at + 1)) {
    if (at === 0 || !LETTER_OR_DIGIT.test(name.charAt(at - 1))) return true;
  }
  return false;
}

/**
 * How well an entry answers a query, lower is better, or null for no match: the code itself,
 * then a code it begins ("es" → es-419), then a name it begins, then a word of a name it begins.
 */
export function languageRank(entry: LanguageEntry, query: string): number | null {
  const wanted = fold(query.trim());
  if (!wanted) return 0;
  const code = entry.code.toLocaleLowerCase();
  if (code === wanted) return 0;
  if (code.startsWith(wanted)) return 1;
  const names = [entry.english, entry.native].filter((name) => name !== null).map(fold);
  if (names.some((name) => name.startsWith(wanted))) return 2;
  if (names.some((name) => startsAWord(name, wanted))) return 3;
  return null;
}

/** The entries that match the query, best first; the list's own order within a rank. */
export function searchLanguages(entries: LanguageEntry[], query: string): LanguageEntry[] {
  return entries
    .map((entry, order) => ({ entry, order, rank: languageRank(entry, query) }))
    .filter(
      (found): found is { entry: LanguageEntry; order: number; rank: number } =>
        found.rank !== null,
    )
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((found) => found.entry);
}
