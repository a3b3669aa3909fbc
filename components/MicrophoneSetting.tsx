import { useEffect, useState } from 'preact/hooks';
import { sentenceFor } from '../utils/error-sentences';
import { ExtensionError } from '../utils/errors';
import type { MicrophonePermission } from '../utils/recording/capture/microphone';
import { SettingsToggle } from './SettingsToggle';
import styles from './TranscriptionSettingsForm.module.css';

export interface MicrophoneAccess {
  /** Asks Chrome for the microphone (it prompts the first time); rejects when refused. */
  request(): Promise<void>;
  /** Whether Chrome lets Tabscribe use it now, without asking. */
  permission(): Promise<MicrophonePermission>;
}

interface MicrophoneSettingProps {
  microphone: MicrophoneAccess;
  included: boolean;
  onChange(included: boolean): void;
}

const MICROPHONE_BLOCKED = sentenceFor('microphone_setting_blocked');
const MICROPHONE_MISSING = sentenceFor('microphone_setting_missing');

/** "Include my microphone": on only once Chrome lets Tabscribe use it, and says when it does not. */
export function MicrophoneSetting({ microphone, included, onChange }: MicrophoneSettingProps) {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    // Permission can be taken back after it was given (or not synced to this computer).
    if (!included) return;
    void microphone.permission().then((permission) => {
      if (permission === 'denied') setProblem(MICROPHONE_BLOCKED);
    });
  }, []);

  /** Turning it on asks Chrome first. */
  const include = async (on: boolean) => {
    setProblem(null);
    if (!on) return onChange(false);
    setAsking(true);
    try {
      await microphone.request();
      onChange(true);
    } catch (error) {
      setProblem(
        error instanceof ExtensionError && error.code === 'microphone_blocked'
          ? MICROPHONE_BLOCKED
          : MICROPHONE_MISSING,
      );
    } finally {
      setAsking(false);
    }
  };

  return (
    <fieldset class={styles.options}>
      <legend class={styles.label}>Your voice</legend>
      <SettingsToggle
        label="Include my microphone"
        hint="Your own words, labelled “You”, beside the tab’s. Chrome asks once; the microphone is on only while Tabscribe transcribes. Its echo cancellation keeps the tab’s sound out of it, and headphones keep it out entirely."
        checked={included}
        disabled={asking}
        describedBy={problem ? 'microphone-problem' : undefined}
        onChange={(on) => void include(on)}
      />
      {asking && (
        <p class={styles.hint} role="status">
          Asking Chrome for the microphone… answer its prompt at the top of this page.
        </p>
      )}
      {problem && (
        <p id="microphone-problem" class={styles.problem} role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
