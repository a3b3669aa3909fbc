import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MicrophonePermission } from '../utils/capture/microphone';
import { describeError, ExtensionError } from '../utils/errors';
import { DEEPGRAM_MODELS, languageName } from '../utils/settings/deepgram-models';
import {
  findModel,
  MAX_KEYTERMS,
  parseKeyterms,
  type SettingsField,
  settingsProblems,
  type TranscriptionSettings,
} from '../utils/settings/transcription-settings';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './TranscriptionSettingsForm.module.css';

export interface MicrophoneAccess {
  /** Asks Chrome for the microphone (it prompts the first time); rejects when refused. */
  request(): Promise<void>;
  /** Whether Chrome lets Tabscribe use it now, without asking. */
  permission(): Promise<MicrophonePermission>;
}

interface TranscriptionSettingsFormProps {
  load(): Promise<TranscriptionSettings>;
  save(settings: TranscriptionSettings): Promise<void>;
  microphone: MicrophoneAccess;
}

const MULTI = 'multi';

/**
 * The transcription settings on the options page. What cannot be combined is said next to the
 * field, in a sentence, and Save waits until it is mended: nothing is sent to Deepgram to be
 * refused.
 */
export function TranscriptionSettingsForm({
  load,
  save,
  microphone,
}: TranscriptionSettingsFormProps) {
  const [draft, setDraft] = useState<TranscriptionSettings | null>(null);
  const [keytermText, setKeytermText] = useState('');
  const [languageQuery, setLanguageQuery] = useState('');
  const [state, setState] = useState<'editing' | 'saving' | 'saved'>('editing');
  const [failure, setFailure] = useState<string | null>(null);
  const [askingForMicrophone, setAskingForMicrophone] = useState(false);
  const [microphoneProblem, setMicrophoneProblem] = useState<string | null>(null);

  useEffect(() => {
    void load().then(async (settings) => {
      setDraft(settings);
      setKeytermText(settings.keyterms.join('\n'));
      // Permission can be taken back after it was given (or not synced to this computer).
      if (settings.includeMicrophone && (await microphone.permission()) === 'denied') {
        setMicrophoneProblem(MICROPHONE_BLOCKED);
      }
    });
  }, []);

  const model = draft ? findModel(draft.model) : undefined;
  const languages = useMemo(() => {
    if (!model) return [];
    const query = languageQuery.trim().toLocaleLowerCase();
    const all = [...(model.multilingual ? [MULTI] : []), ...model.languages];
    return all.filter(
      (code) =>
        !query ||
        code.toLocaleLowerCase().startsWith(query) ||
        label(code).toLocaleLowerCase().includes(query),
    );
  }, [model, languageQuery]);

  if (!draft) return null;
  const problems = settingsProblems(draft);
  const problem = (field: SettingsField) => problems.find((entry) => entry.field === field);
  const change = (next: Partial<TranscriptionSettings>) => {
    setDraft({ ...draft, ...next });
    setState('editing');
  };
  /** Turning the microphone on asks Chrome first: the option is on only once it may be used. */
  const includeMicrophone = async (include: boolean) => {
    setMicrophoneProblem(null);
    if (!include) return change({ includeMicrophone: false });
    setAskingForMicrophone(true);
    try {
      await microphone.request();
      change({ includeMicrophone: true });
    } catch (error) {
      setMicrophoneProblem(
        error instanceof ExtensionError && error.code === 'microphone_blocked'
          ? MICROPHONE_BLOCKED
          : MICROPHONE_MISSING,
      );
    } finally {
      setAskingForMicrophone(false);
    }
  };
  // The chosen language stays in the list while searching, so the list never hides the choice.
  const shown = languages.includes(draft.language) ? languages : [draft.language, ...languages];

  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length > 0) return;
        setState('saving');
        setFailure(null);
        save(draft).then(
          () => setState('saved'),
          (error: unknown) => {
            setState('editing');
            setFailure(describeError(error));
          },
        );
      }}
    >
      <label class={styles.field}>
        <span class={styles.label}>Model</span>
        <select
          value={draft.model}
          onChange={(event) => change({ model: (event.target as HTMLSelectElement).value })}
        >
          {DEEPGRAM_MODELS.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
        {model && <span class={styles.hint}>{model.description}</span>}
      </label>

      <div class={styles.field}>
        <label class={styles.label} for="language-search">
          Language
        </label>
        <input
          id="language-search"
          type="search"
          placeholder="Search languages"
          value={languageQuery}
          aria-controls="language"
          onInput={(event) => setLanguageQuery((event.target as HTMLInputElement).value)}
        />
        <select
          id="language"
          size={6}
          aria-label="Language"
          value={draft.language}
          aria-invalid={problem('language') ? 'true' : undefined}
          aria-describedby={problem('language') ? 'language-problem' : undefined}
          onChange={(event) => change({ language: (event.target as HTMLSelectElement).value })}
        >
          {shown.map((code) => (
            <option key={code} value={code}>
              {label(code)}
            </option>
          ))}
        </select>
        {problem('language') && (
          <p id="language-problem" class={styles.problem} role="alert">
            {problem('language')?.message}
          </p>
        )}
      </div>

      <fieldset class={styles.options}>
        <legend class={styles.label}>Transcript</legend>
        <Toggle
          label="Smart formatting"
          hint="Punctuation, capitals, numbers and dates written as such."
          checked={draft.smartFormat}
          onChange={(smartFormat) => change({ smartFormat })}
        />
        <Toggle
          label="Speaker labels"
          hint="Says who is speaking: Speaker 1, Speaker 2…"
          checked={draft.diarize}
          onChange={(diarize) => change({ diarize })}
        />
        <Toggle
          label="Filter profanity"
          hint="Replaces profane words with asterisks."
          checked={draft.profanityFilter}
          onChange={(profanityFilter) => change({ profanityFilter })}
        />
        <Toggle
          label="Show words as they are heard"
          hint="Greyed words in the popup, settled a moment later."
          checked={draft.showInterim}
          onChange={(showInterim) => change({ showInterim })}
        />
      </fieldset>

      <fieldset class={styles.options}>
        <legend class={styles.label}>Your voice</legend>
        <Toggle
          label="Include my microphone"
          hint="Your own words, labelled “You”, beside the tab’s. Chrome asks once; the microphone is on only while Tabscribe transcribes. Its echo cancellation keeps the tab’s sound out of it, and headphones keep it out entirely."
          checked={draft.includeMicrophone}
          disabled={askingForMicrophone}
          describedBy={microphoneProblem ? 'microphone-problem' : undefined}
          onChange={(include) => void includeMicrophone(include)}
        />
        {askingForMicrophone && (
          <p class={styles.hint} role="status">
            Asking Chrome for the microphone… answer its prompt at the top of this page.
          </p>
        )}
        {microphoneProblem && (
          <p id="microphone-problem" class={styles.problem} role="alert">
            {microphoneProblem}
          </p>
        )}
      </fieldset>

      <label class={styles.field}>
        <span class={styles.label}>Key terms</span>
        <textarea
          rows={4}
          value={keytermText}
          placeholder={'Names, products, jargon — one per line'}
          aria-invalid={problem('keyterms') ? 'true' : undefined}
          aria-describedby="keyterms-hint"
          onInput={(event) => {
            const text = (event.target as HTMLTextAreaElement).value;
            setKeytermText(text);
            change({ keyterms: parseKeyterms(text) });
          }}
        />
        <span id="keyterms-hint" class={styles.hint}>
          {problem('keyterms')?.message ??
            `Deepgram listens harder for these words. ${draft.keyterms.length} of ${MAX_KEYTERMS}.`}
        </span>
      </label>

      {failure && <Notice tone="error">{failure}</Notice>}
      <div class={styles.actions}>
        <Button type="submit" pending={state === 'saving'} disabled={problems.length > 0}>
          Save settings
        </Button>
        <span class={styles.status} role="status">
          {state === 'saved' ? 'Saved. They apply from the next Start.' : ''}
        </span>
      </div>
    </form>
  );
}

const MICROPHONE_BLOCKED =
  'Chrome is blocking the microphone for Tabscribe. Click the microphone icon at the right of the address bar on this page, choose “Allow”, then turn this on again. (Or allow it under chrome://settings/content/microphone.)';
const MICROPHONE_MISSING =
  'Chrome found no microphone it could open. Connect one, or close the app using it, and try again.';

function label(code: string): string {
  return code === MULTI ? 'Detect automatically (multilingual)' : `${languageName(code)} (${code})`;
}

function Toggle(props: {
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  describedBy?: string | undefined;
  onChange(checked: boolean): void;
}) {
  return (
    <label class={styles.toggle}>
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        onChange={(event) => props.onChange((event.target as HTMLInputElement).checked)}
      />
      <span>
        {props.label}
        <span class={styles.hint}>{props.hint}</span>
      </span>
    </label>
  );
}
