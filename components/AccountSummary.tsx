import { useState } from 'preact/hooks';
import styles from './AccountSummary.module.css';
import { Button } from './Button';

interface AccountSummaryProps {
  email: string;
  signingOut: boolean;
  /** `removeTranscripts`: the user also asked to delete their transcripts from this browser. */
  onSignOut: (removeTranscripts: boolean) => void;
}

/** The signed-in state: who, and the way out, with or without this account's transcripts. */
export function AccountSummary({ email, signingOut, onSignOut }: AccountSummaryProps) {
  const [removeTranscripts, setRemoveTranscripts] = useState(false);
  return (
    <div class={styles.summary}>
      <p>
        Signed in as <strong>{email}</strong>
      </p>
      <div class={styles.signOut}>
        <label class={styles.remove}>
          <input
            type="checkbox"
            checked={removeTranscripts}
            onChange={(event) => setRemoveTranscripts(event.currentTarget.checked)}
          />
          Also remove my transcripts from this browser
        </label>
        <Button
          variant="secondary"
          pending={signingOut}
          onClick={() => onSignOut(removeTranscripts)}
        >
          Sign out
        </Button>
      </div>
    </div>
  );
}
