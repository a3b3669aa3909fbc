import { useEffect, useRef } from 'preact/hooks';
import styles from './AccountSummary.module.css';
import { Button } from './Button';

interface AccountSummaryProps {
  email: string;
  signingOut: boolean;
  /** Take focus when shown: the user just signed in and the form they were in is gone. */
  focusOnShow?: boolean;
  onSignOut: () => void;
}

/** The signed-in state: who, and the way out. */
export function AccountSummary({
  email,
  signingOut,
  focusOnShow = false,
  onSignOut,
}: AccountSummaryProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, []);
  return (
    <div class={styles.summary}>
      <h3 ref={heading} tabIndex={-1} class={styles.who}>
        Signed in as <strong>{email}</strong>
      </h3>
      <Button variant="secondary" pending={signingOut} onClick={onSignOut}>
        Sign out
      </Button>
    </div>
  );
}
