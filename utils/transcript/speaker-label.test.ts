import { describe, expect, it } from 'vitest';
import { speakerKey, speakerLabel, speakersIn, turnLabel } from './speaker-label';
import type { Segment } from './transcript-model';

const said = (index: number, more: Partial<Segment>): Segment => ({
  index,
  text: `w${index}`,
  start: index,
  end: index + 1,
  speaker: null,
  ...more,
});

describe('speaker labels', () => {
  it.each([
    ['the microphone', { speaker: null, channel: 'microphone' as const }, 'you', 'You'],
    ['a diarized speaker', { speaker: 1 }, 'speaker-1', 'Speaker 2'],
    [
      'a diarized speaker of the tab',
      { speaker: 0, channel: 'tab' as const },
      'speaker-0',
      'Speaker 1',
    ],
    ['the tab undiarized', { speaker: null, channel: 'tab' as const }, 'tab', 'Tab'],
    ['nobody', { speaker: null }, null, null],
  ])('%s: key %s, label %s', (_, segment, key, label) => {
    expect(speakerKey(segment)).toBe(key);
    expect(speakerLabel(segment)).toBe(label);
  });

  it('uses a given name in place of the default, and the default for an empty one', () => {
    const names = { 'speaker-1': 'Ada', you: 'Grace', tab: '' };
    expect(speakerLabel({ speaker: 1 }, names)).toBe('Ada');
    expect(speakerLabel({ speaker: null, channel: 'microphone' }, names)).toBe('Grace');
    expect(speakerLabel({ speaker: null, channel: 'tab' }, names)).toBe('Tab');
    expect(speakerLabel({ speaker: 0 }, names)).toBe('Speaker 1');
  });

  it('labels a turn where the named speaker changes', () => {
    const segments = [said(0, { speaker: 0 }), said(1, { speaker: 1 }), said(2, { speaker: 1 })];
    expect(segments.map((_, i) => turnLabel(segments, i, { 'speaker-0': 'Ada' }))).toEqual([
      'Ada',
      'Speaker 2',
      null,
    ]);
  });

  it('lists each speaker once, in the order they first speak, with their default label', () => {
    const segments = [
      said(0, { speaker: null, channel: 'tab' }),
      said(1, { speaker: null, channel: 'microphone' }),
      said(2, { speaker: null, channel: 'tab' }),
      said(3, { speaker: 2, channel: 'tab' }),
      said(4, { speaker: null }),
    ];
    expect(speakersIn(segments)).toEqual([
      { key: 'tab', label: 'Tab' },
      { key: 'you', label: 'You' },
      { key: 'speaker-2', label: 'Speaker 3' },
    ]);
  });
});
