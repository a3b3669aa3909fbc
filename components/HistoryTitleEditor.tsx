import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { sentenceFor } from '../utils/error-sentences';
import { Button } from './Button';
import styles from './HistoryApp.module.css';

interface HistoryTitleEditorProps {
  title: string;
  onSave(title: string): Promise<void>;
  onCancel(): void;
}

/** A transcript's title, edited in place: Save keeps it, Cancel or Escape leave it as it was. */
export function HistoryTitleEditor({ title, onSave, onCancel }: HistoryTitleEditorProps) {
  const [draft, setDraft] = useState(title);
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const problemId = useId();
  // Opened to type a new title: the old one is selected, so typing replaces it.
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  return (
    <form
      class={styles.titleForm}
      noValidate
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        onCancel();
      }}
      onSubmit={(event) => {
        event.preventDefault();
        const next = draft.trim();
        if (!next) {
          setProblem(sentenceFor('title_required'));
          field.current?.focus();
          return;
        }
        onSave(next).catch((error: unknown) => {
          console.error(error);
          setProblem(sentenceFor('history_rename_failed'));
        });
      }}
    >
      <div class={styles.titleRow}>
        <label class={styles.search}>
          <span class={styles.label}>Title</span>
          <input
            ref={field}
            value={draft}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? problemId : undefined}
            onInput={(event) => {
              setDraft(event.currentTarget.value);
              setProblem(null);
            }}
          />
        </label>
        <Button type="submit">Save</Button>
        <Button variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {problem && (
        <p id={problemId} class={styles.problem} role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
