import type { Hearing } from './recording-state';

/**
 * What a live capture hears, decided from two facts: when audio last arrived from the tab, and
 * when it last had sound in it. A tab that plays nothing still delivers frames (of silence), so
 * "no frames" means the capture itself stalled, while "quiet frames" means the tab is silent.
 */

/** Quiet this long reads as "no sound from this tab": longer than a pause between sentences. */
export const SILENCE_AFTER_MS = 4_000;
/** No audio at all this long: the capture is stalled. Frames come every 40 ms when it works. */
export const NOTHING_AFTER_MS = 4_000;
/** Playback RMS above this is sound (about −46 dBFS; digital silence and hiss stay below). */
export const SOUND_LEVEL = 0.005;
/** How often the level is read, for the views' meter and for the decision. */
export const LEVEL_INTERVAL_MS = 250;

export function hearingAt(
  now: number,
  { lastFrameAt, lastSoundAt }: { lastFrameAt: number; lastSoundAt: number },
): Hearing {
  if (now - lastFrameAt >= NOTHING_AFTER_MS) return 'nothing';
  if (now - lastSoundAt >= SILENCE_AFTER_MS) return 'silence';
  return 'sound';
}

export interface HearingWatch {
  stop(): void;
}

/** Reads the level four times a second while live: the meter's value, and hearing's changes. */
export function createHearingWatch(options: {
  level(): number;
  /** Frames received so far; a count that stops growing means no audio arrives. */
  framesSoFar(): number;
  now(): number;
  onHearing(hearing: Hearing): void;
  onLevel(level: number): void;
}): HearingWatch {
  const started = options.now();
  let lastFrameAt = started;
  let lastSoundAt = started;
  let frames = options.framesSoFar();
  let heard: Hearing = 'sound';
  const timer = setInterval(() => {
    const now = options.now();
    const level = options.level();
    const framesNow = options.framesSoFar();
    if (framesNow !== frames) lastFrameAt = now;
    frames = framesNow;
    if (level > SOUND_LEVEL) lastSoundAt = now;
    const hearing = hearingAt(now, { lastFrameAt, lastSoundAt });
    if (hearing !== heard) {
      heard = hearing;
      options.onHearing(hearing);
    }
    options.onLevel(level);
  }, LEVEL_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
