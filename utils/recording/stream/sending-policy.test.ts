import { describe, expect, it } from 'vitest';
import {
  decideFrame,
  type FrameAction,
  KEEPALIVE_AFTER_MS,
  needsKeepAlive,
  SILENT_FRAMES_SENT,
  type SilenceRun,
} from './sending-policy';
import type { StreamPhase } from './stream-contract';

const run = (silentFrames: number, skipping = false): SilenceRun => ({ silentFrames, skipping });
const LAST_SENT = SILENT_FRAMES_SENT;

/** [the frame is silent, the run before it, phase, what becomes of it, the run after it] */
const frames: [boolean, SilenceRun, StreamPhase, FrameAction, SilenceRun][] = [
  // Sound goes to the open connection, or waits for one, and ends any run of silence.
  [false, run(0), 'open', 'send', run(0)],
  [false, run(0), 'connecting', 'hold', run(0)],
  [false, run(0), 'reconnecting', 'hold', run(0)],
  [false, run(40, true), 'open', 'send', run(0)],
  [false, run(40, true), 'reconnecting', 'hold', run(0)],
  // Nothing takes audio once the stream is closing or over.
  [false, run(0), 'closing', 'drop', run(0)],
  [false, run(0), 'closed', 'drop', run(0)],
  [false, run(0), 'failed', 'drop', run(0)],
  // The first moment of silence is sent like sound: Deepgram hears the pause.
  [true, run(0), 'open', 'send', run(1)],
  [true, run(LAST_SENT - 1), 'open', 'send', run(LAST_SENT)],
  [true, run(LAST_SENT - 1), 'connecting', 'hold', run(LAST_SENT)],
  [true, run(LAST_SENT - 1), 'closed', 'drop', run(LAST_SENT)],
  // The frame after that starts skipping, with one Finalize on an open connection...
  [true, run(LAST_SENT), 'open', 'finalize', run(LAST_SENT + 1, true)],
  // ...and only skipping after it.
  [true, run(LAST_SENT + 1, true), 'open', 'skip', run(LAST_SENT + 2, true)],
  // Without an open connection there are no words to settle: silence is skipped all the same.
  [true, run(LAST_SENT), 'connecting', 'skip', run(LAST_SENT + 1, true)],
  [true, run(LAST_SENT), 'reconnecting', 'skip', run(LAST_SENT + 1, true)],
  [true, run(LAST_SENT), 'closing', 'skip', run(LAST_SENT + 1, true)],
  // A connection that opens in the middle of a skip has heard none of it: no Finalize.
  [true, run(LAST_SENT + 5, true), 'open', 'skip', run(LAST_SENT + 6, true)],
];

describe('what becomes of a captured frame', () => {
  it.each(frames)('silent: %s, after %o, %s: %s', (silent, before, phase, action, after) => {
    expect(decideFrame({ silent }, before, phase)).toEqual({ action, run: after });
  });
});

/** [ms since audio or KeepAlive went out, KeepAlive now] */
const quiet: [number, boolean][] = [
  [0, false],
  [KEEPALIVE_AFTER_MS - 1, false],
  [KEEPALIVE_AFTER_MS, true],
  [KEEPALIVE_AFTER_MS + 1_000, true],
];

describe('when a quiet connection needs KeepAlive', () => {
  it.each(quiet)('%i ms quiet: %s', (ms, keepAlive) => {
    expect(needsKeepAlive(ms)).toBe(keepAlive);
  });
});
