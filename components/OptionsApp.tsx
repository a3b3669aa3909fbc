import type { Account } from '../utils/auth/account';
import type { ExtensionStatus } from '../utils/messaging/protocol';
import { BrandHeader } from './BrandHeader';
import styles from './OptionsApp.module.css';
import { ShortcutHint } from './ShortcutHint';
import { SignInForm } from './SignInForm';
import { useExtensionStatus } from './useExtensionStatus';
import { useSignInForm } from './useSignInForm';

interface OptionsAppProps {
  account: Account;
  loadStatus: () => Promise<ExtensionStatus>;
  openShortcutSettings: () => void;
  version: string;
}

export function OptionsApp({
  account,
  loadStatus,
  openShortcutSettings,
  version,
}: OptionsAppProps) {
  const [form, dispatch] = useSignInForm(account);
  const status = useExtensionStatus(loadStatus);
  return (
    <div class={styles.page}>
      <BrandHeader subtitle="Settings" />
      <main class={styles.sections}>
        <section class={styles.section} aria-labelledby="account-heading">
          <div class={styles.intro}>
            <h2 id="account-heading">Account</h2>
            <p>
              Sign in to start transcribing. Your account lets Tabscribe request short-lived
              transcription access; it never stores your audio.
            </p>
          </div>
          <div class={styles.card}>
            <SignInForm state={form} dispatch={dispatch} />
          </div>
        </section>
        <section class={styles.section} aria-labelledby="shortcut-heading">
          <div class={styles.intro}>
            <h2 id="shortcut-heading">Keyboard shortcut</h2>
            <p>Start and stop transcription without opening the popup.</p>
          </div>
          <div class={styles.card}>
            <ShortcutHint
              status={status}
              description="starts or stops transcribing the current tab."
              onChangeShortcut={openShortcutSettings}
            />
          </div>
        </section>
      </main>
      <footer class={styles.footer}>
        Tabscribe {version} · Audio goes from this browser straight to Deepgram for transcription.
      </footer>
    </div>
  );
}
