import type { Annotations } from '../utils/transcript/annotations';
import { momentPlaces } from '../utils/transcript/annotations';
import { formatOffset } from '../utils/transcript/paragraphs';
import { turnLabel } from '../utils/transcript/speaker-label';
import type { Segment } from '../utils/transcript/transcript-model';
import { Highlighted } from './Highlighted';
import styles from './HistoryApp.module.css';
import { MomentMarker } from './MomentList';
import { formatElapsed } from './useNow';

interface HistorySegmentsProps {
  segments: readonly Segment[];
  /** How many of them are drawn so far (a long transcript is drawn in batches). */
  shown: number;
  annotations: Annotations;
  query: string;
  /** Plays the recorded tab's media from a time (seconds), for segments said while it played. */
  onSeek(mediaSeconds: number): void;
}

/** A saved transcript's words: a time and, where the speaker changes, their name; moments at their place. */
export function HistorySegments({
  segments,
  shown,
  annotations,
  query,
  onSeek,
}: HistorySegmentsProps) {
  const places = momentPlaces(segments, annotations.moments);
  const markers = (place: number | null) =>
    (places.get(place) ?? []).map((moment) => <MomentMarker key={moment.id} moment={moment} />);
  return (
    <ol class={styles.segments}>
      {segments.slice(0, shown).map((segment, index) => {
        const who = turnLabel(segments, index, annotations.speakerNames);
        const time = formatElapsed(segment.start * 1000);
        const { mediaTime } = segment;
        return (
          <li key={segment.index} class={styles.segment}>
            {mediaTime === undefined ? (
              <span class={styles.time}>{time}</span>
            ) : (
              <button
                type="button"
                class={`${styles.time} ${styles.seek}`}
                aria-label={`Play the page from ${formatOffset(mediaTime)}`}
                onClick={() => onSeek(mediaTime)}
              >
                {time}
              </button>
            )}
            <p>
              {markers(segment.index)}
              {places.has(segment.index) && ' '}
              {who && <strong class={styles.speaker}>{who}: </strong>}
              <Highlighted text={segment.text} query={query} />
            </p>
          </li>
        );
      })}
      {shown >= segments.length && places.has(null) && (
        <li class={styles.segment}>
          <span class={styles.time} />
          <p>{markers(null)}</p>
        </li>
      )}
    </ol>
  );
}
