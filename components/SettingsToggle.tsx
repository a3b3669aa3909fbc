import styles from './TranscriptionSettingsForm.module.css';

interface SettingsToggleProps {
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  describedBy?: string | undefined;
  onChange(checked: boolean): void;
}

/** A checkbox with its label and a sentence on what it does. */
export function SettingsToggle(props: SettingsToggleProps) {
  return (
    <label class={styles.toggle}>
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <span>
        {props.label}
        <span class={styles.hint}>{props.hint}</span>
      </span>
    </label>
  );
}
