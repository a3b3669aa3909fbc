import type { ComponentChildren } from 'preact';
import styles from './Button.module.css';

interface ButtonProps {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'quiet';
  type?: 'button' | 'submit';
  /** A request is under way: the button is disabled and says so to assistive technology. */
  pending?: boolean;
  disabled?: boolean;
  fullWidth?: boolean;
  onClick?: () => void;
}

export function Button({
  children,
  variant = 'primary',
  type = 'button',
  pending = false,
  disabled = false,
  fullWidth = false,
  onClick,
}: ButtonProps) {
  const className = [styles.button, styles[variant], fullWidth && styles.fullWidth]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type={type}
      class={className}
      disabled={disabled || pending}
      aria-busy={pending}
      onClick={onClick}
    >
      {pending && <span class={styles.spinner} aria-hidden="true" />}
      {children}
    </button>
  );
}
