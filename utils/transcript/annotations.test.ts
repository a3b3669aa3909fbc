import { describe, expect, it } from 'vitest';
import {
  MOMENT_NOTE_MAX,
  momentPlaces,
  NO_ANNOTATIONS,
  withMoment,
  withNote,
  withSpeakerName,
} from './annotations';
import type { Segment } from './transcript-model';

const segment = (index: number, start: number, end: number): Segment => ({
  index,
  text: `w${index}`,
  start,
  end,
  speaker: null,
});

describe('moments', () => {
  it('numbers moments in the order they are marked, each with an empty note', () => {
    const two = withMoment(withMoment(NO_ANNOTATIONS, 1_200), 7_250);
    expect(two.moments).toEqual([
      { id: 'm1', at: 1_200, note: '' },
      { id: 'm2', at: 7_250, note: '' },
    ]);
    expect(NO_ANNOTATIONS.moments).toEqual([]);
  });

  it('keeps a note on one line and within its length; an unknown moment changes nothing', () => {
    const one = withMoment(NO_ANNOTATIONS, 0);
    expect(withNote(one, 'm1', '  the\n deadline ').moments[0]?.note).toBe('the deadline');
    expect(withNote(one, 'm1', 'x'.repeat(900)).moments[0]?.note).toHaveLength(MOMENT_NOTE_MAX);
    expect(withNote(one, 'm9', 'lost')).toBe(one);
  });

  it.each([
    ['inside a segment: before it', 1_500, 1],
    ['in a pause: before the next segment', 2_500, 2],
    ['at a segment’s very end: before it', 2_000, 1],
    ['before any words: before the first', 0, 0],
    ['after the last words: at the end', 9_000, null],
  ])('a moment %s', (_, at, place) => {
    const segments = [segment(0, 0.2, 1), segment(1, 1.2, 2), segment(2, 3, 4)];
    const places = momentPlaces(segments, [{ id: 'm1', at, note: '' }]);
    expect([...places.keys()]).toEqual([place]);
  });

  it('puts two moments at one place in the order they were marked', () => {
    const moments = [
      { id: 'm1', at: 100, note: '' },
      { id: 'm2', at: 200, note: '' },
    ];
    expect(momentPlaces([segment(0, 0, 1)], moments).get(0)).toEqual(moments);
  });
});

describe('speaker names', () => {
  it('names a speaker, renames them, and gives the default back for an empty name', () => {
    const named = withSpeakerName(NO_ANNOTATIONS, 'speaker-0', ' Ada  Lovelace ');
    expect(named.speakerNames).toEqual({ 'speaker-0': 'Ada Lovelace' });
    expect(withSpeakerName(named, 'speaker-0', 'Ada').speakerNames).toEqual({ 'speaker-0': 'Ada' });
    expect(withSpeakerName(named, 'speaker-0', '  ').speakerNames).toEqual({});
    expect(withSpeakerName(named, 'speaker-0', 'Ada Lovelace')).toBe(named);
  });
});
