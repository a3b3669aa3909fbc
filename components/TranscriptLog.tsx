import { useLayoutEffect, useRef } from 'preact/hooks';
import { turnLabel } from '../utils/transcript/speaker-label';
import type { InterimText, Segment } from '../utils/transcript/transcript-model';
import styles from './TranscriptLog.module.css';

interface TranscriptLogProps {
  segments: Segment[];
  interim: InterimText | null;
  /** Shown while there are no words yet. */
  placeholder: string;
  /** The container's own class, for how the region sits in it (its size, say). */
  class?: string | undefined;
}

/** How close to the bottom (px) still counts as "following the words". */
const FOLLOW_SLACK = 24;

/**
 * The live transcript: final text, and the words still being recognized set apart. It follows
 * new words as they arrive, unless the reader has scrolled up to read something earlier.
 */
export function TranscriptLog({
  segments,
  interim,
  placeholder,
  class: className,
}: TranscriptLogProps) {
  const region = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const element = region.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [segments.length, interim?.text]);

  const onScroll = () => {
    const element = region.current;
    if (!element) return;
    following.current =
      element.scrollTop + element.clientHeight >= element.scrollHeight - FOLLOW_SLACK;
  };

  const empty = segments.length === 0 && !interim;
  return (
    <div
      ref={region}
      class={className ? `${styles.log} ${className}` : styles.log}
      role="log"
      aria-label="Transcript"
      // Screen readers hear final words; interim text would be read twice as it firms up.
      aria-live="polite"
      aria-relevant="additions"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard, or its overflow cannot be read without a mouse
      tabIndex={0}
      onScroll={onScroll}
    >
      {empty ? (
        <p class={styles.placeholder}>{placeholder}</p>
      ) : (
        <p class={styles.text} data-transcript="">
          {segments.map((segment, position) => {
            const who = turnLabel(segments, position);
            return (
              <span key={segment.index} class={styles.final}>
                {/* Each speaker's turn starts a line. */}
                {who && position > 0 && <br />}
                {who && <span class={styles.speaker}>{who}: </span>}
                {segment.text}{' '}
              </span>
            );
          })}
          {interim && (
            <span class={styles.interim} aria-hidden="true" data-interim="">
              {interim.text}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
