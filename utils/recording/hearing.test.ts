import { describe, expect, it } from 'vitest';
import { hearingAt, NOTHING_AFTER_MS, SILENCE_AFTER_MS } from './hearing';

const NOW = 100_000;

describe('what a live capture hears', () => {
  it.each([
    ['frames and sound just now', 0, 0, 'sound'],
    ['a pause between sentences', 0, SILENCE_AFTER_MS - 1, 'sound'],
    ['quiet frames for the silence threshold', 0, SILENCE_AFTER_MS, 'silence'],
    ['quiet for a minute', 0, 60_000, 'silence'],
    ['no frames at all, for the threshold', NOTHING_AFTER_MS, NOTHING_AFTER_MS, 'nothing'],
    ['no frames, though the last had sound', NOTHING_AFTER_MS, 0, 'nothing'],
  ] as const)('%s → %s', (_, frameAgo, soundAgo, hearing) => {
    expect(hearingAt(NOW, { lastFrameAt: NOW - frameAgo, lastSoundAt: NOW - soundAgo })).toBe(
      hearing,
    );
  });
});
