import type { StreamPhase } from './stream-contract';

/**
 * What the stream sends, as data: each captured frame is sent, held for a connection, skipped as
 * digital silence (with a Finalize when skipping starts) or dropped; a quiet connection gets a
 * KeepAlive. The stream does what these functions say, so every case is a row in a test table.
 */

/**
 * Digital silence still sent before skipping starts: short gaps inside speech stay in the audio,
 * and Deepgram hears the pause that ends an utterance.
 */
export const SILENT_FRAMES_SENT = 8;
/** Deepgram closes a stream after 10 s without audio; KeepAlive well before that. */
export const KEEPALIVE_AFTER_MS = 3_000;

/** The run of digital silence up to the latest frame. */
export interface SilenceRun {
  /** Silent frames in a row, the latest included; 0 after a frame with sound. */
  silentFrames: number;
  /** Frames are being skipped (the run is longer than SILENT_FRAMES_SENT). */
  skipping: boolean;
}

export const NO_SILENCE: SilenceRun = { silentFrames: 0, skipping: false };

export type FrameAction =
  /** On the open connection. */
  | 'send'
  /** For the connection to come: Start loses no words, nor does an outage. */
  | 'hold'
  /** Digital silence, not sent: nobody is billed for a muted tab. */
  | 'skip'
  /**
   * Skip, and send Finalize: skipping starts, and without more audio Deepgram would hold the last
   * words until sound returns.
   */
  | 'finalize'
  /** The stream is closing or over: no connection will take it. */
  | 'drop';

export function decideFrame(
  frame: { silent: boolean },
  run: SilenceRun,
  phase: StreamPhase,
): { action: FrameAction; run: SilenceRun } {
  const silentFrames = frame.silent ? run.silentFrames + 1 : 0;
  if (silentFrames > SILENT_FRAMES_SENT) {
    // Only an open connection has words to settle; one that opens mid-silence has heard none.
    const action = !run.skipping && phase === 'open' ? 'finalize' : 'skip';
    return { action, run: { silentFrames, skipping: true } };
  }
  return { action: actionWithSound(phase), run: { silentFrames, skipping: false } };
}

function actionWithSound(phase: StreamPhase): FrameAction {
  switch (phase) {
    case 'open':
      return 'send';
    case 'connecting':
    case 'reconnecting':
      return 'hold';
    case 'closing':
    case 'closed':
    case 'failed':
      return 'drop';
  }
}

/** Whether an open connection has been quiet long enough (skipped silence) to need KeepAlive. */
export function needsKeepAlive(msSinceLastSent: number): boolean {
  return msSinceLastSent >= KEEPALIVE_AFTER_MS;
}
