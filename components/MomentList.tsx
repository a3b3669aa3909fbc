import { MOMENT_NOTE_MAX, type Moment } from '../utils/transcript/annotations';
import { formatOffset } from '../utils/transcript/paragraphs';
import styles from './Annotations.module.css';
import { Button } from './Button';
import { DraftField } from './DraftField';

interface MomentListProps {
  moments: readonly Moment[];
  /** Saves a moment's note; without it, notes are shown and not edited. */
  onNote?: ((id: string, note: string) => void) | undefined;
}

/** The id of a moment's marker in the transcript drawn on the same page. */
export const markerId = (moment: Moment) => `moment-${moment.id}`;

/** Takes the reader to a moment's place in the transcript, and the keyboard with them. */
function jumpTo(moment: Moment) {
  const marker = document.getElementById(markerId(moment));
  marker?.scrollIntoView({ block: 'center' });
  marker?.focus({ preventScroll: true });
}

/**
 * The moments the user marked, in order: each a button to its place in the transcript, and a
 * field for its note (saved when the field is left, or on Enter).
 */
export function MomentList({ moments, onNote }: MomentListProps) {
  if (moments.length === 0) return null;
  return (
    <section class={styles.moments}>
      <h3 class={styles.heading}>Moments</h3>
      <ol class={styles.list} aria-label="Moments">
        {moments.map((moment, position) => {
          const time = formatOffset(moment.at / 1000);
          return (
            <li key={moment.id} class={styles.moment}>
              <Button variant="link" onClick={() => jumpTo(moment)}>
                <time>{time}</time> {moment.note || `Moment ${position + 1}`}
              </Button>
              {onNote && (
                <DraftField
                  class={styles.field}
                  label={`Note for moment ${position + 1} (${time})`}
                  placeholder="Add a note"
                  maxLength={MOMENT_NOTE_MAX}
                  saved={moment.note}
                  onSave={(note) => onNote(moment.id, note)}
                />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Where a moment is in the transcript: what its button in the list jumps to. */
export function MomentMarker({ moment }: { moment: Moment }) {
  const time = formatOffset(moment.at / 1000);
  return (
    <span id={markerId(moment)} class={styles.marker} tabIndex={-1}>
      ◆ {moment.note ? `${time} ${moment.note}` : `Moment at ${time}`}
    </span>
  );
}
