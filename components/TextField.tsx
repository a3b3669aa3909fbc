import { useId } from 'preact/hooks';
import styles from './TextField.module.css';

interface TextFieldProps {
  label: string;
  /** The field's name in its form, by which the form finds it (to focus it, for one). */
  name?: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email';
  /** The complaint about this field, read out with it and shown below it. */
  error?: string | undefined;
  disabled?: boolean;
}

export function TextField({
  label,
  name,
  value,
  onInput,
  type = 'text',
  autoComplete,
  inputMode,
  error,
  disabled = false,
}: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div class={styles.field}>
      <label class={styles.label} for={id}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        class={styles.input}
        // Preact types <input> as a union keyed on a literal `type`; a union-typed value picks no branch.
        type={type as 'text'}
        value={value}
        autoComplete={autoComplete}
        inputMode={inputMode}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      {error && (
        <p id={errorId} class={styles.error}>
          {error}
        </p>
      )}
    </div>
  );
}
