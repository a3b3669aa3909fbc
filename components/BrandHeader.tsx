import type { ComponentChildren } from 'preact';
import styles from './BrandHeader.module.css';

interface BrandHeaderProps {
  /** The page's own heading text beside the product name, e.g. "Settings". */
  subtitle?: string;
  /** Controls shown at the header's end. */
  children?: ComponentChildren;
}

export function BrandHeader({ subtitle, children }: BrandHeaderProps) {
  return (
    <header class={styles.header}>
      <img class={styles.mark} src="/icon/48.png" alt="" width={28} height={28} />
      <h1 class={styles.title}>
        Tabscribe
        {subtitle && <span class={styles.subtitle}>{subtitle}</span>}
      </h1>
      {children && <div class={styles.end}>{children}</div>}
    </header>
  );
}
