import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { type Annotations, momentPlaces, NO_ANNOTATIONS } from '../utils/transcript/annotations';
import { formatOffset, toParagraphs } from '../utils/transcript/paragraphs';
import type { InterimText, Segment } from '../utils/transcript/transcript-model';
import { Button } from './Button';
import { Highlighted } from './Highlighted';
import styles from './LiveTranscript.module.css';
import { MomentMarker } from './MomentList';

interface LiveTranscriptProps {
  segments: Segment[];
  interim: InterimText | null;
  /** Speakers' names and the moments marked, each shown at its place. */
  annotations?: Annotations | undefined;
  /** Shown while there are no words yet. */
  placeholder: string;
  /** Plays the tab's media from a time (seconds): paragraphs said while it played offer it. */
  onSeek?: ((mediaSeconds: number) => void) | undefined;
  /** Words to mark in the transcript (the view's search box). */
  query?: string;
  /** The container's own class, for how the log sits in it (its height, say). */
  class?: string | undefined;
  /** Earlier segments of this transcript that could not be loaded here: said, not hidden. */
  unread?: number | undefined;
}

/** How close to the bottom (px) still counts as "following the words". */
const FOLLOW_SLACK = 24;

/**
 * The live transcript as paragraphs, each with its time and speaker, the words still being
 * heard set apart. It follows new words unless the reader scrolled up to read something earlier;
 * then "Jump to live" takes them back.
 */
export function LiveTranscript({
  segments,
  interim,
  annotations = NO_ANNOTATIONS,
  onSeek,
  placeholder,
  query = '',
  class: className,
  unread = 0,
}: LiveTranscriptProps) {
  const region = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const paragraphs = toParagraphs(segments, annotations.speakerNames);
  const places = momentPlaces(segments, annotations.moments);
  const markersIn = (paragraph: (typeof paragraphs)[number]) =>
    paragraph.segments
      .flatMap((segment) => places.get(segment.index) ?? [])
      .map((moment) => <MomentMarker key={moment.id} moment={moment} />);
  const markersAfterWords = (places.get(null) ?? []).map((moment) => (
    <MomentMarker key={moment.id} moment={moment} />
  ));

  useLayoutEffect(() => {
    const element = region.current;
    if (element && following) element.scrollTop = element.scrollHeight;
  }, [segments.length, interim?.text, following]);

  const onScroll = () => {
    const element = region.current;
    if (!element) return;
    setFollowing(element.scrollTop + element.clientHeight >= element.scrollHeight - FOLLOW_SLACK);
  };

  return (
    <div class={className ? `${styles.frame} ${className}` : styles.frame}>
      <div
        ref={region}
        class={styles.log}
        role="log"
        aria-label="Transcript"
        // Screen readers hear final words; interim text would be read twice as it firms up.
        aria-live="polite"
        aria-relevant="additions"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard, or its overflow cannot be read without a mouse
        tabIndex={0}
        onScroll={onScroll}
      >
        {unread > 0 && (
          <p class={styles.unread} role="note">
            Earlier words of this transcript couldn’t be loaded here. They were saved: History has
            the whole transcript.
          </p>
        )}
        {paragraphs.length === 0 && !interim && <p class={styles.placeholder}>{placeholder}</p>}
        {paragraphs.map((paragraph) => (
          <section key={paragraph.key} class={styles.paragraph}>
            <p class={styles.meta}>
              <SeekableTime
                start={paragraph.start}
                mediaTime={paragraph.segments[0]?.mediaTime}
                onSeek={onSeek}
              />{' '}
              {paragraph.speaker && <span class={styles.speaker}>{paragraph.speaker}</span>}
              {markersIn(paragraph)}
            </p>
            <p class={styles.text} data-words="">
              <Highlighted
                text={paragraph.segments.map((segment) => segment.text).join(' ')}
                query={query}
              />
            </p>
          </section>
        ))}
        {markersAfterWords.length > 0 && <p class={styles.meta}>{markersAfterWords}</p>}
        {interim && (
          <p class={styles.interim} aria-hidden="true" data-interim="">
            {interim.text}
          </p>
        )}
      </div>
      {!following && (
        <div class={styles.jump}>
          <Button compact onClick={() => setFollowing(true)}>
            Jump to live
          </Button>
        </div>
      )}
    </div>
  );
}

/** A paragraph's time; a button that plays the tab's media from there when it can. */
export function SeekableTime({
  start,
  mediaTime,
  onSeek,
}: {
  start: number;
  mediaTime: number | undefined;
  onSeek: ((mediaSeconds: number) => void) | undefined;
}) {
  const time = <time>{formatOffset(start)}</time>;
  if (mediaTime === undefined || !onSeek) return time;
  return (
    <button
      type="button"
      class={styles.seek}
      aria-label={`Play the tab from ${formatOffset(mediaTime)}`}
      onClick={() => onSeek(mediaTime)}
    >
      {time}
    </button>
  );
}
