import { describe, expect, it } from 'vitest';
import { holdSegments } from './held-segments';
import type { Segment } from './transcript-model';

const segment = (index: number): Segment => ({
  index,
  text: `word ${index}`,
  start: index,
  end: index + 0.5,
  speaker: null,
});
const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, offset) => segment(from + offset));
const indexes = (held: { segments: readonly Segment[] }) => held.segments.map((kept) => kept.index);

describe('holdSegments: what the owner keeps of the live transcript', () => {
  it.each([
    // [segments added, saved before, recent kept, indexes still held]
    ['nothing saved: every segment', 10, 0, 3, range(0, 10).map((s) => s.index)],
    ['all saved: the last three', 10, 10, 3, [7, 8, 9]],
    ['some saved: the unsaved and the last three', 10, 5, 3, [5, 6, 7, 8, 9]],
    ['saved, fewer than recent: all of them', 2, 2, 3, [0, 1]],
    ['saved, none kept recent', 4, 4, 0, []],
  ])('%s', (_, added, savedBefore, recent, expected) => {
    const held = holdSegments(recent);
    held.add(range(0, added));
    held.savedBefore(savedBefore);
    expect(indexes(held)).toEqual(expected);
  });

  it('forgets as it goes: a long recording holds only the recent ones', () => {
    const held = holdSegments(5);
    for (let index = 0; index < 1000; index += 1) {
      held.add([segment(index)]);
      held.savedBefore(index + 1);
    }
    expect(indexes(held)).toEqual([995, 996, 997, 998, 999]);
  });

  it('a save that never confirms keeps everything from there on', () => {
    const held = holdSegments(2);
    held.add(range(0, 4));
    held.savedBefore(2);
    held.add(range(4, 8));
    expect(indexes(held)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('a confirmation that comes late, or twice, changes nothing it should not', () => {
    const held = holdSegments(1);
    held.add(range(0, 3));
    held.savedBefore(3);
    held.savedBefore(1);
    expect(indexes(held)).toEqual([2]);
  });
});
