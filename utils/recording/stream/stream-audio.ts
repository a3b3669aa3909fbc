import { TARGET_SAMPLE_RATE } from '../audio/pcm-format';

/**
 * The stream's audio bookkeeping, apart from its connections: which frames wait for a connection,
 * which were sent and not yet settled by a final result (so a new connection can hear them again),
 * and the map from a connection's audio time to the recording's clock.
 */

/** A frame of audio and the recording time (seconds) of its first sample. */
export interface TimedFrame {
  pcm: Int16Array;
  /** Interleaved channels in `pcm`: 1, or 2 with the microphone. */
  channels: number;
  at: number;
}

/** Audio kept for a new connection, at most: 30 s (40 ms frames). Beyond it the oldest goes. */
export const MAX_BUFFERED_FRAMES = 750;

export const frameSeconds = (frame: TimedFrame) =>
  frame.pcm.length / frame.channels / TARGET_SAMPLE_RATE;

/**
 * One connection's clock. Each connection starts at 0 and hears only what was sent on it, which
 * skips silence and audio lost to an overflow: a new piece starts wherever the recording time stops
 * following on from the audio before.
 */
export interface ConnectionClock {
  /** Records a frame sent on this connection. */
  sent(frame: TimedFrame): void;
  /** Deepgram's time on this connection (seconds) as recording time. */
  toRecordingTime(seconds: number): number;
  /**
   * A final result reached `seconds` on this connection: the pieces that end more than
   * CLOCK_MEMORY_SECONDS before it are forgotten, as no later message reaches back there. Each
   * skipped silence starts a piece: kept for ever, a long recording's clock would grow with its
   * pauses (and every lookup, which walks the pieces, would slow with it).
   */
  settled(seconds: number): void;
  /** Pieces remembered now. */
  readonly pieceCount: number;
}

/** How far behind the latest final result the clock still maps times. */
export const CLOCK_MEMORY_SECONDS = 60;

export function createConnectionClock(): ConnectionClock {
  let sent = 0;
  const pieces: { from: number; recordingFrom: number }[] = [];
  return {
    settled(seconds) {
      const forgetBefore = seconds - CLOCK_MEMORY_SECONDS;
      while (pieces.length > 1 && (pieces[1] as { from: number }).from <= forgetBefore) {
        pieces.shift();
      }
    },
    get pieceCount() {
      return pieces.length;
    },
    sent(frame) {
      const last = pieces.at(-1);
      const drift = last && Math.abs(last.recordingFrom + (sent - last.from) - frame.at);
      if (drift === undefined || drift > 1e-6) pieces.push({ from: sent, recordingFrom: frame.at });
      sent += frameSeconds(frame);
    },
    toRecordingTime(seconds) {
      let piece = pieces[0];
      for (const next of pieces) {
        if (next.from > seconds + 1e-9) break;
        piece = next;
      }
      return piece ? piece.recordingFrom + (seconds - piece.from) : seconds;
    },
  };
}

export interface AudioLedger {
  /** Keeps a frame for the next connection; beyond the buffer the oldest go, as a gap. */
  hold(frame: TimedFrame): void;
  /** Everything held, oldest first, and forgets it: the connection is open. */
  takeHeld(): TimedFrame[];
  /** A frame went out on the current connection. */
  sent(frame: TimedFrame): void;
  /** A final result settled the recording's audio up to `end` seconds: no need to send it again. */
  settle(end: number): void;
  /**
   * The connection dropped: what it had not settled is held again, before what was captured
   * meanwhile. Returns how many frames will be sent again.
   */
  requeueUnsettled(): number;
  /** The audio dropped by an overflow since the last call, if any. */
  takeGap(): { start: number; end: number } | null;
  readonly framesDropped: number;
}

export function createAudioLedger(maxFrames = MAX_BUFFERED_FRAMES): AudioLedger {
  let held: TimedFrame[] = [];
  let unsettled: TimedFrame[] = [];
  let gap: { start: number; end: number } | null = null;
  let framesDropped = 0;

  const ledger: AudioLedger = {
    hold(frame) {
      held.push(frame);
      while (held.length > maxFrames) {
        const dropped = held.shift() as TimedFrame;
        framesDropped += 1;
        gap = { start: gap?.start ?? dropped.at, end: dropped.at + frameSeconds(dropped) };
      }
    },
    takeHeld() {
      const waiting = held;
      held = [];
      return waiting;
    },
    sent(frame) {
      unsettled.push(frame);
      if (unsettled.length > maxFrames) unsettled.shift();
    },
    settle(end) {
      unsettled = unsettled.filter((frame) => frame.at + frameSeconds(frame) > end + 1e-6);
    },
    requeueUnsettled() {
      const resend = unsettled;
      const captured = held;
      unsettled = [];
      held = [];
      for (const frame of [...resend, ...captured]) ledger.hold(frame);
      return resend.length;
    },
    takeGap() {
      const taken = gap;
      gap = null;
      return taken;
    },
    get framesDropped() {
      return framesDropped;
    },
  };
  return ledger;
}
