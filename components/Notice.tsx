import type { ComponentChildren } from 'preact';
import styles from './Notice.module.css';

interface NoticeProps {
  tone: 'error' | 'info';
  children: ComponentChildren;
}

/** A sentence for the user; errors are announced as they appear. */
export function Notice({ tone, children }: NoticeProps) {
  return (
    <div class={`${styles.notice} ${styles[tone]}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
