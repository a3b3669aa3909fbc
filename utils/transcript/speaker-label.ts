import type { Segment } from './transcript-model';

/**
 * Who said a segment, as every view and export names them: "You" for the microphone's words,
 * "Speaker N" for the tab's when diarizing, and, in a recording with the microphone, "Tab" for
 * the tab's undiarized words (so a reply is never read as the user's). Null when the transcript
 * names nobody. A name the user gave a speaker replaces its default label everywhere.
 */

/**
 * Names the user gave speakers, by `speakerKey`: keyed by who spoke, not by the label shown, so
 * a name survives a change of default wording and two speakers can never swap names.
 */
export type SpeakerNames = Readonly<Record<string, string>>;

type Speaking = Pick<Segment, 'speaker' | 'channel'>;

/** A speaker's stable key: `you`, `speaker-N` (Deepgram's number) or `tab`; null for nobody. */
export function speakerKey(segment: Speaking): string | null {
  if (segment.channel === 'microphone') return 'you';
  if (segment.speaker !== null) return `speaker-${segment.speaker}`;
  if (segment.channel === 'tab') return 'tab';
  return null;
}

/** The label a speaker has before the user names them. */
export function defaultSpeakerLabel(segment: Speaking): string | null {
  if (segment.channel === 'microphone') return 'You';
  if (segment.speaker !== null) return `Speaker ${segment.speaker + 1}`;
  if (segment.channel === 'tab') return 'Tab';
  return null;
}

export function speakerLabel(segment: Speaking, names: SpeakerNames = {}): string | null {
  const key = speakerKey(segment);
  const named = key === null ? undefined : names[key];
  return named ? named : defaultSpeakerLabel(segment);
}

/** The label to show before `segments[position]`: its speaker's, where the speaker changes. */
export function turnLabel(
  segments: readonly Segment[],
  position: number,
  names: SpeakerNames = {},
): string | null {
  const segment = segments[position];
  if (!segment) return null;
  const label = speakerLabel(segment, names);
  const previous = segments[position - 1];
  return label !== null && (!previous || speakerLabel(previous, names) !== label) ? label : null;
}

/** Each speaker in a transcript once, in the order they first speak: what can be renamed. */
export function speakersIn(segments: readonly Segment[]): { key: string; label: string }[] {
  const found = new Map<string, string>();
  for (const segment of segments) {
    const key = speakerKey(segment);
    const label = defaultSpeakerLabel(segment);
    if (key !== null && label !== null && !found.has(key)) found.set(key, label);
  }
  return [...found].map(([key, label]) => ({ key, label }));
}
