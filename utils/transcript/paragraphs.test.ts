import { describe, expect, it } from 'vitest';
import { formatOffset, toParagraphs } from './paragraphs';
import type { Segment } from './transcript-model';

const at = (index: number, start: number, end: number, more: Partial<Segment> = {}): Segment => ({
  index,
  text: `w${index}`,
  start,
  end,
  speaker: null,
  ...more,
});

describe('paragraphs', () => {
  it.each([
    ['nothing', [], []],
    ['one segment', [at(0, 0, 1)], [[0]]],
    [
      'close segments of one voice run on',
      [at(0, 0, 1), at(1, 1.2, 2), at(2, 2.5, 3)],
      [[0, 1, 2]],
    ],
    ['a pause of 1.5 s starts a paragraph', [at(0, 0, 1), at(1, 2.5, 3)], [[0], [1]]],
    ['a pause just under it does not', [at(0, 0, 1), at(1, 2.4, 3)], [[0, 1]]],
    [
      'a new speaker starts a paragraph at once',
      [at(0, 0, 1, { speaker: 0 }), at(1, 1, 2, { speaker: 1 }), at(2, 2, 3, { speaker: 1 })],
      [[0], [1, 2]],
    ],
    [
      'the microphone and the tab are two voices',
      [at(0, 0, 1, { channel: 'tab' }), at(1, 1, 2, { channel: 'microphone' })],
      [[0], [1]],
    ],
  ] as const)('%s', (_, segments, grouped) => {
    expect(
      toParagraphs(segments as unknown as Segment[]).map((paragraph) =>
        paragraph.segments.map((s) => s.index),
      ),
    ).toEqual(grouped);
  });

  it('each paragraph has its start, its speaker and a key that stays as words arrive', () => {
    const segments = [at(4, 10, 11, { speaker: 1 }), at(5, 11, 12, { speaker: 1 })];
    expect(toParagraphs(segments)).toEqual([{ key: 4, start: 10, speaker: 'Speaker 2', segments }]);
  });

  it('a named speaker reads by name, and two speakers given one name share a paragraph', () => {
    const segments = [at(0, 0, 1, { speaker: 0 }), at(1, 1, 2, { speaker: 1 })];
    expect(toParagraphs(segments, { 'speaker-1': 'Ada' }).map((p) => p.speaker)).toEqual([
      'Speaker 1',
      'Ada',
    ]);
    const same = toParagraphs(segments, { 'speaker-0': 'Ada', 'speaker-1': 'Ada' });
    expect(same.map((p) => [p.speaker, p.segments.length])).toEqual([['Ada', 2]]);
  });

  it.each([
    [0, '0:00'],
    [7.9, '0:07'],
    [754, '12:34'],
    [3723, '1:02:03'],
  ])('%s s reads %s', (seconds, text) => {
    expect(formatOffset(seconds)).toBe(text);
  });
});
