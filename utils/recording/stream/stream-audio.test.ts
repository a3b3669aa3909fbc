import { describe, expect, it } from 'vitest';
import { TARGET_SAMPLE_RATE } from '../audio/pcm-format';
import { CLOCK_MEMORY_SECONDS, createConnectionClock, type TimedFrame } from './stream-audio';

/** A one-second mono frame at `at` seconds of the recording. */
const second = (at: number): TimedFrame => ({
  pcm: new Int16Array(TARGET_SAMPLE_RATE),
  channels: 1,
  at,
});

describe('the connection clock', () => {
  it('forgets the pieces far behind the latest final result, and still maps the times after them', () => {
    const clock = createConnectionClock();
    // One second of sound, then two skipped, again and again: a piece per skipped silence.
    for (let piece = 0; piece < 300; piece += 1) clock.sent(second(piece * 3));
    expect(clock.pieceCount).toBe(300);

    clock.settled(299);
    // What a message may still name: the last CLOCK_MEMORY_SECONDS of this connection's audio.
    expect(clock.pieceCount).toBeLessThanOrEqual(CLOCK_MEMORY_SECONDS + 1);
    expect(clock.toRecordingTime(299.5)).toBeCloseTo(299 * 3 + 0.5);
    expect(clock.toRecordingTime(299 - CLOCK_MEMORY_SECONDS + 0.5)).toBeCloseTo(
      (299 - CLOCK_MEMORY_SECONDS) * 3 + 0.5,
    );
  });

  it('keeps a clock without pauses at one piece', () => {
    const clock = createConnectionClock();
    for (let at = 0; at < 100; at += 1) clock.sent(second(at));
    clock.settled(100);
    expect(clock.pieceCount).toBe(1);
    expect(clock.toRecordingTime(42.25)).toBeCloseTo(42.25);
  });
});
