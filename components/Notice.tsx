import type { ComponentChildren } from 'preact';
import styles from './Notice.module.css';

interface NoticeProps {
  tone: 'error' | 'info';
  children: ComponentChildren;
  /** What the user can do about it (a button), drawn inside the notice, under the sentence. */
  action?: ComponentChildren;
}

/** A sentence for the user; errors are announced as they appear. */
export function Notice({ tone, children, action }: NoticeProps) {
  return (
    <div class={`${styles.notice} ${styles[tone]}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
      {action && <div class={styles.action}>{action}</div>}
    </div>
  );
}
