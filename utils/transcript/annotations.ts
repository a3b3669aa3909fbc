import type { SpeakerNames } from './speaker-label';
import type { Segment } from './transcript-model';

/**
 * What the user adds to a transcript besides its words: moments they marked while listening
 * ("that was the deadline"), each with an optional note, and names for its speakers. Pure
 * updates, so the recording's owner and the saved store apply exactly the same rules.
 */

export interface Moment {
  /** Unique within its transcript. */
  id: string;
  /** Milliseconds on the recording's clock (the audio captured so far), as segments' times. */
  at: number;
  /** Typed afterwards; empty until then. */
  note: string;
}

export interface Annotations {
  /** In the order they were marked, which is their order in time. */
  moments: readonly Moment[];
  speakerNames: SpeakerNames;
}

export const NO_ANNOTATIONS: Annotations = { moments: [], speakerNames: {} };

/** Longest note and name kept: a few words, not a document. */
export const MOMENT_NOTE_MAX = 500;
export const SPEAKER_NAME_MAX = 60;

const tidy = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);

/** A new moment at `at` ms, numbered after the ones before. */
export function withMoment(annotations: Annotations, at: number): Annotations {
  const moment: Moment = {
    id: `m${annotations.moments.length + 1}`,
    at: Math.max(0, at),
    note: '',
  };
  return { ...annotations, moments: [...annotations.moments, moment] };
}

/** The moment `id` with its note; the same object when nothing changes. */
export function withNote(annotations: Annotations, id: string, note: string): Annotations {
  const text = tidy(note, MOMENT_NOTE_MAX);
  const target = annotations.moments.find((moment) => moment.id === id);
  if (!target || target.note === text) return annotations;
  return {
    ...annotations,
    moments: annotations.moments.map((moment) =>
      moment.id === id ? { ...moment, note: text } : moment,
    ),
  };
}

/** The speaker `key` named `name`; an empty name gives them back their default label. */
export function withSpeakerName(annotations: Annotations, key: string, name: string): Annotations {
  const text = tidy(name, SPEAKER_NAME_MAX);
  if ((annotations.speakerNames[key] ?? '') === text) return annotations;
  const { [key]: _previous, ...others } = annotations.speakerNames;
  return { ...annotations, speakerNames: text ? { ...others, [key]: text } : others };
}

/**
 * Where each moment belongs in the transcript: before the first segment still being said at its
 * time (the one it interrupted, or the next after a pause); `null` after the last segment (words
 * not transcribed yet, while live). Keyed by the segment's index.
 */
export function momentPlaces(
  segments: readonly Segment[],
  moments: readonly Moment[],
): Map<number | null, Moment[]> {
  const places = new Map<number | null, Moment[]>();
  for (const moment of moments) {
    const seconds = moment.at / 1000;
    const place = segments.find((segment) => segment.end >= seconds)?.index ?? null;
    places.set(place, [...(places.get(place) ?? []), moment]);
  }
  return places;
}
