import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { languageEntry, searchLanguages } from '../utils/settings/language-search';
import styles from './TranscriptionSettingsForm.module.css';

interface LanguagePickerProps {
  /** The codes the model transcribes, `multi` first when it detects the language itself. */
  codes: string[];
  value: string;
  /** What is wrong with the choice for this model, in a sentence. */
  problem: string | undefined;
  onChange(code: string): void;
}

/**
 * The language: a search (English name, the language's own name, or code) over a list that shows
 * only what matches, says so when nothing does, and keeps the choice in view.
 */
export function LanguagePicker({ codes, value, problem, onChange }: LanguagePickerProps) {
  const [query, setQuery] = useState('');
  const list = useRef<HTMLSelectElement>(null);
  const entries = useMemo(() => codes.map(languageEntry), [codes]);
  const matches = useMemo(() => searchLanguages(entries, query), [entries, query]);
  const chosenShown = matches.some((entry) => entry.code === value);

  // A list box keeps its scroll position when its options change; the choice would be out of
  // sight once a search is cleared.
  useLayoutEffect(() => {
    const option = list.current?.selectedOptions[0];
    if (chosenShown && option) option.scrollIntoView({ block: 'nearest' });
  }, [matches, chosenShown]);

  return (
    <div class={styles.field}>
      <label class={styles.label} for="language-search">
        Language
      </label>
      <input
        id="language-search"
        type="search"
        placeholder="Search languages"
        value={query}
        aria-controls="language"
        aria-describedby="language-search-result"
        onInput={(event) => setQuery(event.currentTarget.value)}
      />
      <select
        ref={list}
        id="language"
        size={6}
        aria-label="Language"
        value={chosenShown ? value : ''}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? 'language-problem' : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      >
        {matches.map((entry) => (
          <option key={entry.code} value={entry.code}>
            {entry.label}
          </option>
        ))}
      </select>
      <p id="language-search-result" class={styles.hint} role="status">
        {[
          matches.length === 0 ? `No language matches “${query.trim()}”.` : '',
          chosenShown ? '' : `Chosen: ${languageEntry(value).label}.`,
        ]
          .filter(Boolean)
          .join(' ')}
      </p>
      {problem && (
        <p id="language-problem" class={styles.problem} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
