import { describe, expect, it } from 'vitest';
import { createMediaTimeline, type MediaReading } from './media-timeline';

const playing = (at: number, mediaTime: number, playbackRate = 1): MediaReading => ({
  at,
  mediaTime,
  playbackRate,
  paused: false,
});
const paused = (at: number, mediaTime: number): MediaReading => ({
  at,
  mediaTime,
  playbackRate: 1,
  paused: true,
});

describe('media timeline', () => {
  it.each([
    ['nothing read yet', [], 5_000, null],
    ['before the first reading', [playing(1_000, 10)], 500, null],
    ['playing: the media advances with the clock', [playing(1_000, 10)], 4_000, 13],
    ['paused: it stands still', [playing(0, 0), paused(2_000, 2)], 9_000, 2],
    ['played again after a pause', [playing(0, 0), paused(2_000, 2), playing(5_000, 2)], 6_000, 3],
    ['seeked forward', [playing(0, 0), playing(3_000, 60)], 4_000, 61],
    ['seeked back', [playing(0, 30), playing(3_000, 5)], 3_500, 5.5],
    ['at twice the speed', [playing(0, 0), playing(2_000, 2, 2)], 4_000, 6],
    ['slowed to half', [playing(0, 10, 0.5)], 4_000, 12],
    [
      'the page gone (or no element heard)',
      [playing(0, 0), { ...paused(2_000, 0), mediaTime: null }],
      3_000,
      null,
    ],
  ])('%s', (_, readings, at, expected) => {
    const timeline = createMediaTimeline();
    for (const reading of readings) timeline.record(reading);
    expect(timeline.mediaTimeAt(at)).toBe(expected);
  });

  it('a reading that arrives late still counts where it was read', () => {
    const timeline = createMediaTimeline();
    timeline.record(playing(0, 0));
    timeline.record(playing(5_000, 5));
    timeline.record(paused(2_000, 2));
    expect(timeline.mediaTimeAt(3_000)).toBe(2);
    expect(timeline.mediaTimeAt(6_000)).toBe(6);
  });

  it('forgets readings older than its memory, but knows the time at its start', () => {
    const timeline = createMediaTimeline(10_000);
    timeline.record(paused(0, 1));
    timeline.record(playing(5_000, 1));
    for (let at = 6_000; at <= 30_000; at += 1_000) timeline.record(playing(at, at / 1000 - 4));
    expect(timeline.mediaTimeAt(20_500)).toBe(16.5);
    expect(timeline.mediaTimeAt(2_000)).toBeNull();
  });
});
