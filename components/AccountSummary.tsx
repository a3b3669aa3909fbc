import { useEffect, useRef, useState } from 'preact/hooks';
import styles from './AccountSummary.module.css';
import { Button } from './Button';

interface AccountSummaryProps {
  email: string;
  signingOut: boolean;
  /** Take focus when shown: the user just signed in and the form they were in is gone. */
  focusOnShow?: boolean;
  /** `removeTranscripts`: the user also asked to delete their transcripts from this browser. */
  onSignOut: (removeTranscripts: boolean) => void;
}

/** The signed-in state: who, and the way out, with or without this account's transcripts. */
export function AccountSummary({
  email,
  signingOut,
  focusOnShow = false,
  onSignOut,
}: AccountSummaryProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [removeTranscripts, setRemoveTranscripts] = useState(false);
  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, []);
  return (
    <div class={styles.summary}>
      <h3 ref={heading} tabIndex={-1} class={styles.who}>
        Signed in as <strong>{email}</strong>
      </h3>
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
