import styles from './AccountSummary.module.css';
import { Button } from './Button';

interface AccountSummaryProps {
  email: string;
  signingOut: boolean;
  onSignOut: () => void;
}

/** The signed-in state: who, and the way out. */
export function AccountSummary({ email, signingOut, onSignOut }: AccountSummaryProps) {
  return (
    <div class={styles.summary}>
      <p>
        Signed in as <strong>{email}</strong>
      </p>
      <Button variant="secondary" pending={signingOut} onClick={onSignOut}>
        Sign out
      </Button>
    </div>
  );
}
