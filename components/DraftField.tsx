import { useEffect, useState } from 'preact/hooks';

interface DraftFieldProps {
  /** The value as saved; shown unless the user is typing another. */
  saved: string;
  /** The field's accessible name, when no `<label for>` names it. */
  label?: string | undefined;
  id?: string | undefined;
  placeholder: string;
  maxLength: number;
  class: string | undefined;
  /** Saves what was typed, when the field is left or on Enter. */
  onSave(value: string): void;
}

/**
 * A text field over a saved value that a live view redraws many times a second: what the user
 * types stays as typed until it is saved (a redraw with the saved value would wipe it), then the
 * field shows the value as saved.
 */
export function DraftField({
  saved,
  label,
  placeholder,
  maxLength,
  onSave,
  ...rest
}: DraftFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => setDraft(null), [saved]);
  return (
    <input
      id={rest.id}
      class={rest.class}
      type="text"
      aria-label={label}
      placeholder={placeholder}
      maxLength={maxLength}
      value={draft ?? saved}
      onInput={(event) => setDraft(event.currentTarget.value)}
      onChange={(event) => onSave(event.currentTarget.value)}
    />
  );
}
