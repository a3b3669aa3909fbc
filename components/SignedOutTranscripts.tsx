import { useEffect, useRef } from 'preact/hooks';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
// The history page's own column, so signed out it is laid out as signed in.
import page from './HistoryApp.module.css';
import styles from './SignedOutTranscripts.module.css';

interface SignedOutTranscriptsProps {
  openSignIn: () => void;
}

/** The history page with nobody signed in: transcripts belong to accounts, so none are shown. */
export function SignedOutTranscripts({ openSignIn }: SignedOutTranscriptsProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div class={page.page}>
      <BrandHeader subtitle="History" />
      <main class={styles.main}>
        <h2 class={styles.heading} ref={heading} tabIndex={-1}>
          Sign in to see your transcripts
        </h2>
        <p class={styles.lede}>
          Saved transcripts belong to the account that made them: each account on this browser sees
          only its own.
        </p>
        <Button onClick={openSignIn}>Sign in</Button>
      </main>
    </div>
  );
}
