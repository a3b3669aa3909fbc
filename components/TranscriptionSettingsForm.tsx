import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { describeError } from '../utils/error-sentences';
import { DEEPGRAM_MODELS } from '../utils/settings/deepgram-models';
import { MULTILINGUAL } from '../utils/settings/language-search';
import {
  openingSettings,
  type SettingsDraftStore,
  sameSettings,
} from '../utils/settings/settings-draft';
import {
  findModel,
  MAX_KEYTERMS,
  parseKeyterms,
  type SettingsField,
  settingsProblems,
  type TranscriptionSettings,
} from '../utils/settings/transcription-settings';
import { Button } from './Button';
import { LanguagePicker } from './LanguagePicker';
import { type MicrophoneAccess, MicrophoneSetting } from './MicrophoneSetting';
import { Notice } from './Notice';
import { SettingsToggle } from './SettingsToggle';
import styles from './TranscriptionSettingsForm.module.css';

export type { MicrophoneAccess };

interface TranscriptionSettingsFormProps {
  load(): Promise<TranscriptionSettings>;
  save(settings: TranscriptionSettings): Promise<void>;
  microphone: MicrophoneAccess;
  /** Where changes not yet saved are kept, so a reload does not lose them. */
  drafts: SettingsDraftStore;
}

/** What the page is holding: the settings as saved, and as edited (the same when nothing changed). */
interface Editing {
  saved: TranscriptionSettings;
  settings: TranscriptionSettings;
  keytermText: string;
}

/**
 * The transcription settings on the options page. What cannot be combined is said next to the
 * field, in a sentence, and Save waits until it is mended: nothing is sent to Deepgram to be
 * refused. Changes not yet saved survive a reload (and leaving asks first).
 */
export function TranscriptionSettingsForm({
  load,
  save,
  microphone,
  drafts,
}: TranscriptionSettingsFormProps) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const [restored, setRestored] = useState(false);
  const [state, setState] = useState<'editing' | 'saving' | 'saved'>('editing');
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([load(), drafts.load()]).then(([saved, draft]) => {
      const opening = openingSettings(saved, draft);
      setEditing({ saved, settings: opening.settings, keytermText: opening.keytermText });
      setRestored(opening.restored);
    });
  }, []);

  const unsaved = editing !== null && !sameSettings(editing.settings, editing.saved);
  // The draft follows every edit; once the page matches what is saved, there is none.
  // Layout effects, run as the change is drawn rather than a frame later: a user who discards
  // their changes and reloads at once must be neither asked nor shown the draft again.
  useLayoutEffect(() => {
    if (!editing) return;
    void (unsaved
      ? drafts.save({ settings: editing.settings, keytermText: editing.keytermText })
      : drafts.clear());
  }, [editing]);
  useLayoutEffect(() => {
    if (!unsaved) return;
    // Chrome asks "Leave site?" only for a page the user has interacted with, which editing is.
    const askFirst = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', askFirst);
    return () => window.removeEventListener('beforeunload', askFirst);
  }, [unsaved]);

  const model = editing ? findModel(editing.settings.model) : undefined;
  const languageCodes = useMemo(
    () => (model ? [...(model.multilingual ? [MULTILINGUAL] : []), ...model.languages] : []),
    [model],
  );

  if (!editing) return null;
  const { settings } = editing;
  const problems = settingsProblems(settings);
  const problem = (field: SettingsField) => problems.find((entry) => entry.field === field);
  // From the latest state: the microphone's answer can arrive after other edits.
  const edit = (next: Partial<TranscriptionSettings>, keytermText?: string) => {
    setEditing(
      (current) =>
        current && {
          ...current,
          settings: { ...current.settings, ...next },
          keytermText: keytermText ?? current.keytermText,
        },
    );
    setState('editing');
  };
  const discard = () => {
    setEditing({
      ...editing,
      settings: editing.saved,
      keytermText: editing.saved.keyterms.join('\n'),
    });
    setRestored(false);
  };

  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length > 0) return;
        setState('saving');
        setFailure(null);
        save(settings).then(
          () => {
            setEditing((current) => current && { ...current, saved: settings });
            setRestored(false);
            setState('saved');
          },
          (error: unknown) => {
            setState('editing');
            setFailure(describeError(error));
          },
        );
      }}
    >
      {restored && unsaved && (
        <Notice tone="info">Restored your unsaved changes. Save them, or discard them.</Notice>
      )}
      <label class={styles.field}>
        <span class={styles.label}>Model</span>
        <select
          value={settings.model}
          onChange={(event) => edit({ model: event.currentTarget.value })}
        >
          {DEEPGRAM_MODELS.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.label}
            </option>
          ))}
        </select>
        {model && <span class={styles.hint}>{model.description}</span>}
      </label>

      <LanguagePicker
        codes={languageCodes}
        value={settings.language}
        problem={problem('language')?.message}
        onChange={(language) => edit({ language })}
      />

      <fieldset class={styles.options}>
        <legend class={styles.label}>Transcript</legend>
        <SettingsToggle
          label="Smart formatting"
          hint="Punctuation, capitals, numbers and dates written as such."
          checked={settings.smartFormat}
          onChange={(smartFormat) => edit({ smartFormat })}
        />
        <SettingsToggle
          label="Speaker labels"
          hint="Says who is speaking: Speaker 1, Speaker 2…"
          checked={settings.diarize}
          onChange={(diarize) => edit({ diarize })}
        />
        <SettingsToggle
          label="Filter profanity"
          hint="Replaces profane words with asterisks."
          checked={settings.profanityFilter}
          onChange={(profanityFilter) => edit({ profanityFilter })}
        />
        <SettingsToggle
          label="Show words as they are heard"
          hint="Greyed words in the popup and the side panel, settled a moment later."
          checked={settings.showInterim}
          onChange={(showInterim) => edit({ showInterim })}
        />
      </fieldset>

      <MicrophoneSetting
        microphone={microphone}
        included={settings.includeMicrophone}
        onChange={(includeMicrophone) => edit({ includeMicrophone })}
      />

      <label class={styles.field}>
        <span class={styles.label}>Key terms</span>
        <textarea
          rows={4}
          value={editing.keytermText}
          placeholder={'Names, products, jargon — one per line'}
          aria-invalid={problem('keyterms') ? 'true' : undefined}
          aria-describedby="keyterms-hint"
          onInput={(event) => {
            const text = event.currentTarget.value;
            edit({ keyterms: parseKeyterms(text) }, text);
          }}
        />
        <span id="keyterms-hint" class={styles.hint}>
          {problem('keyterms')?.message ??
            `One per line; Deepgram listens harder for these. ${settings.keyterms.length} of ${MAX_KEYTERMS}.`}
        </span>
      </label>

      {failure && <Notice tone="error">{failure}</Notice>}
      <div class={styles.actions}>
        <Button type="submit" pending={state === 'saving'} disabled={problems.length > 0}>
          Save settings
        </Button>
        {unsaved && state !== 'saving' && (
          <Button variant="quiet" onClick={discard}>
            Discard changes
          </Button>
        )}
        <span class={styles.status} role="status">
          {state === 'saved'
            ? 'Saved. They apply from the next Start.'
            : unsaved
              ? 'Not saved yet.'
              : ''}
        </span>
      </div>
    </form>
  );
}
