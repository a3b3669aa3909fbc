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
        <label key={key} class={styles.speaker}>
          <span>Name for {label}</span>
          <DraftField
            class={styles.field}
            placeholder={label}
            maxLength={SPEAKER_NAME_MAX}
            saved={names[key] ?? ''}
            onSave={(name) => onRename(key, name)}
          />
        </label>
      ))}
    </fieldset>
  );
}
