import { type SpeakerNames, speakerLabel } from './speaker-label';
import type { Segment } from './transcript-model';

/**
 * The transcript as a reader takes it in: paragraphs, a new one where the speaker changes or
 * after a pause long enough to end an utterance, each with its start time and who spoke.
 */

export interface Paragraph {
  /** The index of its first segment: stable while the transcript grows. */
  key: number;
  /** Seconds from the recording's start. */
  start: number;
  /** "Speaker 2", "You", "Tab" or the name the user gave; null when the transcript names nobody. */
  speaker: string | null;
  segments: Segment[];
}

/** A silence this long between two segments ends a paragraph (Deepgram's utterance end is 1 s). */
export const PARAGRAPH_PAUSE_SECONDS = 1.5;

export function toParagraphs(
  segments: readonly Segment[],
  names: SpeakerNames = {},
  pauseSeconds = PARAGRAPH_PAUSE_SECONDS,
): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let last: Segment | null = null;
  for (const segment of segments) {
    const speaker = speakerLabel(segment, names);
    const current = paragraphs.at(-1);
    const continues =
      current !== undefined &&
      last !== null &&
      current.speaker === speaker &&
      segment.start - last.end < pauseSeconds;
    if (continues) current.segments.push(segment);
    else
      paragraphs.push({ key: segment.index, start: segment.start, speaker, segments: [segment] });
    last = segment;
  }
  return paragraphs;
}

/** 0:07, 12:34, 1:02:03: a time in the recording. */
export function formatOffset(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
