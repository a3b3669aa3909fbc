import type { ComponentChildren } from 'preact';
import styles from './Button.module.css';

interface ButtonProps {
  children: ComponentChildren;
  /** `link`: text only, for an action inside a sentence or a notice, where a box would crowd it. */
  variant?: 'primary' | 'secondary' | 'quiet' | 'link';
  type?: 'button' | 'submit';
  /** A request is under way: the button is disabled and says so to assistive technology. */
  pending?: boolean;
  disabled?: boolean;
  fullWidth?: boolean;
  /** The id of the element that says more about what the button does. */
  describedBy?: string | undefined;
  /** Less height, for a row of small actions under the content they act on. */
  compact?: boolean;
  onClick?: () => void;
}

export function Button({
  children,
  variant = 'primary',
  type = 'button',
  pending = false,
  disabled = false,
  fullWidth = false,
  compact = false,
  describedBy,
  onClick,
}: ButtonProps) {
  const className = [
    styles.button,
    styles[variant],
    fullWidth && styles.fullWidth,
    compact && styles.compact,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type={type}
      class={className}
      disabled={disabled || pending}
      aria-busy={pending}
      aria-describedby={describedBy}
      onClick={onClick}
    >
      {pending && <span class={styles.spinner} aria-hidden="true" />}
      {children}
    </button>
  );
}
