import type { Segment } from './transcript-model';

/**
 * Who said a segment, as every view and export names them: "You" for the microphone's words,
 * "Speaker N" for the tab's when diarizing, and, in a recording with the microphone, "Tab" for
 * the tab's undiarized words (so a reply is never read as the user's). Null when the transcript
 * names nobody.
 */
export function speakerLabel(segment: Pick<Segment, 'speaker' | 'channel'>): string | null {
  if (segment.channel === 'microphone') return 'You';
  if (segment.speaker !== null) return `Speaker ${segment.speaker + 1}`;
  if (segment.channel === 'tab') return 'Tab';
  return null;
}

/** The label to show before `segments[position]`: its speaker's, where the speaker changes. */
export function turnLabel(segments: readonly Segment[], position: number): string | null {
  const segment = segments[position];
  if (!segment) return null;
  const label = speakerLabel(segment);
  const previous = segments[position - 1];
  return label !== null && (!previous || speakerLabel(previous) !== label) ? label : null;
}
