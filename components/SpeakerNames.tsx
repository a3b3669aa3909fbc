import { useId } from 'preact/hooks';
import { SPEAKER_NAME_MAX } from '../utils/transcript/annotations';
import { type SpeakerNames as Names, speakersIn } from '../utils/transcript/speaker-label';
import type { Segment } from '../utils/transcript/transcript-model';
import styles from './Annotations.module.css';
import { DraftField } from './DraftField';

interface SpeakerNamesProps {
  segments: readonly Segment[];
  names: Names;
  /** Saves a speaker's name (empty: back to the default label). */
  onRename(speaker: string, name: string): void;
}

/**
 * A field per speaker of the transcript ("Speaker 1", "Tab", "You"), for the name the views and
 * exports use instead. Saved when the field is left, or on Enter. Nothing when nobody is named.
 */
export function SpeakerNames({ segments, names, onRename }: SpeakerNamesProps) {
  const speakers = speakersIn(segments);
  if (speakers.length === 0) return null;
  return (
    <fieldset class={styles.speakers}>
      <legend>Speaker names</legend>
      {speakers.map(({ key, label }) => (
        <SpeakerNameField
          key={key}
          label={label}
          saved={names[key] ?? ''}
          onSave={(name) => onRename(key, name)}
        />
      ))}
    </fieldset>
  );
}

function SpeakerNameField(props: { label: string; saved: string; onSave(name: string): void }) {
  const id = useId();
  return (
    <div class={styles.speaker}>
      <label for={id}>Name for {props.label}</label>
      <DraftField
        id={id}
        class={styles.field}
        placeholder={props.label}
        maxLength={SPEAKER_NAME_MAX}
        saved={props.saved}
        onSave={props.onSave}
      />
    </div>
  );
}
