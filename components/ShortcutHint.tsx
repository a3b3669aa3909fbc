import { Notice } from './Notice';
import styles from './ShortcutHint.module.css';
import type { StatusState } from './useExtensionStatus';

interface ShortcutHintProps {
  /** The background's status, which carries the shortcut Chrome assigned (or null). */
  status: StatusState;
  /** What pressing it does, read after the keys: short in the popup, a sentence elsewhere. */
  description: string;
  /** Opens the browser's shortcut settings, where the user can choose or change one. */
  onChangeShortcut: () => void;
}

/** Shows the toggle shortcut key by key, or offers to set one when Chrome assigned none. */
export function ShortcutHint({ status, description, onChangeShortcut }: ShortcutHintProps) {
  if (status.kind === 'loading') return null;
  if (status.kind === 'failed') return <Notice tone="error">{status.sentence}</Notice>;
  const { shortcut } = status.status;
  if (!shortcut) {
    return (
      <p class={styles.hint}>
        No keyboard shortcut is set.{' '}
        <button type="button" class={styles.link} onClick={onChangeShortcut}>
          Choose a shortcut
        </button>
      </p>
    );
  }
  const keys = shortcut.split('+');
  return (
    <p class={styles.hint}>
      <span class={styles.keys}>
        {keys.map((key) => (
          <kbd key={key}>{key}</kbd>
        ))}
      </span>
      <span>{description}</span>
      <button type="button" class={styles.link} onClick={onChangeShortcut}>
        Change
      </button>
    </p>
  );
}
