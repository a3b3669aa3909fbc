import { useState } from 'preact/hooks';
import type { AccountActions } from '../utils/account/account-actions';
import type { AccountState } from '../utils/account/account-service';
import { describeError } from '../utils/error-sentences';
import type { ExtensionStatus } from '../utils/messaging/protocol';
import type { SettingsDraftStore } from '../utils/settings/settings-draft';
import type { TranscriptionSettings } from '../utils/settings/transcription-settings';
import { AccountSummary } from './AccountSummary';
import { BrandHeader } from './BrandHeader';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './OptionsApp.module.css';
import { ShortcutHint } from './ShortcutHint';
import { SignInForm } from './SignInForm';
import { type MicrophoneAccess, TranscriptionSettingsForm } from './TranscriptionSettingsForm';
import { useExtensionStatus } from './useExtensionStatus';
import { useSignInForm } from './useSignInForm';

interface OptionsAppProps {
  account: AccountActions;
  settings: {
    load(): Promise<TranscriptionSettings>;
    save(s: TranscriptionSettings): Promise<void>;
    microphone: MicrophoneAccess;
    drafts: SettingsDraftStore;
  };
  loadStatus: () => Promise<ExtensionStatus>;
  openShortcutSettings: () => void;
  version: string;
  /** The clock the sign-in form's code cooldown counts with. */
  now?: () => number;
}

export function OptionsApp({
  account,
  settings,
  loadStatus,
  openShortcutSettings,
  version,
  now = Date.now,
}: OptionsAppProps) {
  const status = useExtensionStatus(loadStatus);
  // The account as last changed on this page; until then, as the background reported it.
  const [changed, setChanged] = useState<AccountState | null>(null);
  const current = changed ?? (status.kind === 'ready' ? status.status.account : null);
  const [form, dispatch] = useSignInForm(account, setChanged, now);
  const [signingOut, setSigningOut] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const signOut = (removeTranscripts: boolean) => {
    setSigningOut(true);
    setFailure(null);
    account
      .signOut({ removeTranscripts })
      .then(setChanged, (error: unknown) => setFailure(describeError(error)))
      .finally(() => setSigningOut(false));
  };

  return (
    <div class={styles.page}>
      <BrandHeader subtitle="Settings" />
      <main class={styles.sections}>
        <section class={styles.section} aria-labelledby="account-heading">
          <div class={styles.intro}>
            <h2 id="account-heading">Account</h2>
            <p>
              {current?.signedIn
                ? 'Tabscribe uses your account to get short-lived transcription access.'
                : 'Sign in to start transcribing. Your account lets Tabscribe request short-lived transcription access; it never stores your audio.'}
            </p>
          </div>
          <div class={styles.card}>
            {failure && <Notice tone="error">{failure}</Notice>}
            {current?.signedIn ? (
              <AccountSummary
                email={current.email}
                signingOut={signingOut}
                // Signed in just now, on this page: focus moves from the form that went away.
                focusOnShow={changed !== null}
                onSignOut={signOut}
              />
            ) : current ? (
              <div class={styles.signIn}>
                <SignInForm
                  state={form}
                  dispatch={dispatch}
                  now={now}
                  // Signed out just now, on this page: focus moves from the button that went away.
                  focusOnShow={changed !== null}
                />
                <div class={styles.or} aria-hidden="true">
                  or
                </div>
                <Button
                  variant="secondary"
                  fullWidth
                  pending={form.pending === 'google'}
                  disabled={form.pending !== null}
                  onClick={() => dispatch({ type: 'google' })}
                >
                  Continue with Google
                </Button>
              </div>
            ) : status.kind === 'failed' ? (
              <Notice tone="error">{status.sentence}</Notice>
            ) : null}
          </div>
        </section>
        <section class={styles.section} aria-labelledby="transcription-heading">
          <div class={styles.intro}>
            <h2 id="transcription-heading">Transcription</h2>
            <p>The language and the words Tabscribe listens for, and what the transcript shows.</p>
          </div>
          <div class={styles.card}>
            <TranscriptionSettingsForm
              load={settings.load}
              save={settings.save}
              microphone={settings.microphone}
              drafts={settings.drafts}
            />
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
