import { useEffect } from 'preact/hooks';
import type { ExtensionStatus } from '../utils/messaging/protocol';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './PopupApp.module.css';
import { ShortcutHint } from './ShortcutHint';
import { useExtensionStatus } from './useExtensionStatus';

interface PopupAppProps {
  loadStatus: () => Promise<ExtensionStatus>;
  /** Opens the options page, where signing in and account settings live. */
  openSettings: () => void;
  openShortcutSettings: () => void;
  /** Has a transcription token ready before the user asks for one. */
  warmToken: () => void;
}

export function PopupApp({
  loadStatus,
  openSettings,
  openShortcutSettings,
  warmToken,
}: PopupAppProps) {
  const status = useExtensionStatus(loadStatus);
  const account = status.kind === 'ready' ? status.status.account : null;
  useEffect(() => {
    if (account?.signedIn) warmToken();
  }, [account?.signedIn]);

  return (
    <div class={styles.popup}>
      <BrandHeader>
        {account?.signedIn && (
          <Button variant="quiet" onClick={openSettings}>
            Settings
          </Button>
        )}
      </BrandHeader>
      {account?.signedIn ? (
        <main class={styles.main}>
          <h2 class={styles.heading}>Ready to transcribe</h2>
          <p class={styles.lede}>
            Signed in as <strong>{account.email}</strong>.
          </p>
        </main>
      ) : account ? (
        <main class={styles.main}>
          <h2 class={styles.heading}>Live transcripts of any tab</h2>
          <p class={styles.lede}>
            Sign in to see the words of meetings, lectures and videos appear as they are spoken.
          </p>
          <Button fullWidth onClick={openSettings}>
            Sign in
          </Button>
        </main>
      ) : status.kind === 'failed' ? (
        <Notice tone="error">{status.sentence}</Notice>
      ) : null}
      <footer class={styles.footer}>
        <ShortcutHint
          status={status}
          description="to start or stop"
          onChangeShortcut={openShortcutSettings}
        />
      </footer>
    </div>
  );
}
