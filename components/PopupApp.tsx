import type { ExtensionStatus } from '../utils/messaging/protocol';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import styles from './PopupApp.module.css';
import { ShortcutHint } from './ShortcutHint';
import { useExtensionStatus } from './useExtensionStatus';

interface PopupAppProps {
  loadStatus: () => Promise<ExtensionStatus>;
  /** Opens the options page, where signing in happens. */
  openSignIn: () => void;
  openShortcutSettings: () => void;
}

/** The toolbar popup. Signed out is the only state until accounts arrive. */
export function PopupApp({ loadStatus, openSignIn, openShortcutSettings }: PopupAppProps) {
  const status = useExtensionStatus(loadStatus);
  return (
    <div class={styles.popup}>
      <BrandHeader />
      <main class={styles.main}>
        <h2 class={styles.heading}>Live transcripts of any tab</h2>
        <p class={styles.lede}>
          Sign in to see the words of meetings, lectures and videos appear as they are spoken.
        </p>
        <Button fullWidth onClick={openSignIn}>
          Sign in
        </Button>
      </main>
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
