import { TARGET_SAMPLE_RATE } from '../audio/pcm-format';
import type { PcmFrame } from '../audio/pcm-framer';
import { ExtensionError } from '../errors';
import type { ListenConnection, ListenConnector } from './listen-connection';

/**
 * One transcription's connection to Deepgram: opens with a fresh token, sends the capture's PCM
 * frames (holding those captured before the connection opens, so Start loses no words), stops
 * sending digital silence after a moment (KeepAlive holds the connection instead, and nobody is
 * billed for a muted tab), and on stop asks for the last results (CloseStream) and waits for
 * them. It keeps the map from Deepgram's audio timeline (which skipped silence never enters) to
 * the session's clock.
 */

export type StreamPhase = 'connecting' | 'open' | 'closing' | 'closed' | 'failed';

export interface TranscriptionStreamDeps {
  /** A Deepgram token with time left to open a connection (the background's broker). */
  getToken(): Promise<string>;
  connect: ListenConnector;
  /** Every message Deepgram sends, with the map from its times to the session's. */
  onMessage(message: { type: string }, toSessionTime: (seconds: number) => number): void;
  /** The connection ended without being asked to. */
  onLost(error: ExtensionError): void;
  now: () => number;
}

export interface TranscriptionStream {
  /** Resolves once the connection is open; rejects with an ExtensionError when it cannot open. */
  start(): Promise<void>;
  pushFrame(frame: PcmFrame): void;
  /** Sends what is held, asks for the final results and waits for them (or a time limit). */
  stop(): Promise<void>;
  readonly phase: StreamPhase;
  readonly stats: StreamStats;
}

export interface StreamStats {
  framesSent: number;
  bytesSent: number;
  /** Frames of digital silence not sent. */
  framesSkipped: number;
  keepAlives: number;
  /** Finalize messages: one each time skipping starts, so the words before it settle now. */
  finalizes: number;
}

/**
 * Digital silence still sent before skipping starts: short gaps inside speech stay in the audio,
 * and Deepgram hears the pause that ends an utterance.
 */
export const SILENT_FRAMES_SENT = 8;
/** Deepgram closes a stream after 10 s without audio; KeepAlive well before that. */
export const KEEPALIVE_AFTER_MS = 3_000;
/** How long stop() waits for Deepgram's last results after CloseStream. */
export const FINAL_RESULTS_TIMEOUT_MS = 5_000;
/** Frames held while connecting, at most (30 s of audio); the oldest go first beyond that. */
const MAX_HELD_FRAMES = 750;

export function createTranscriptionStream(deps: TranscriptionStreamDeps): TranscriptionStream {
  let phase: StreamPhase = 'connecting';
  let connection: ListenConnection | null = null;
  const held: Int16Array[] = [];
  const stats: StreamStats = {
    framesSent: 0,
    bytesSent: 0,
    framesSkipped: 0,
    keepAlives: 0,
    finalizes: 0,
  };
  let lastSentAt = deps.now();
  let keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  let closed: () => void = () => {};
  const closedPromise = new Promise<void>((resolve) => {
    closed = resolve;
  });

  // Session clock: samples captured vs samples Deepgram has heard. Each time sending resumes
  // after skipped silence, a breakpoint records the difference from there on.
  let capturedSamples = 0;
  let sentSamples = 0;
  let skipping = false;
  let silentRun = 0;
  const breakpoints: { from: number; offset: number }[] = [{ from: 0, offset: 0 }];
  const toSessionTime = (seconds: number) => {
    let offset = 0;
    for (const point of breakpoints) {
      if (point.from > seconds + 1e-9) break;
      offset = point.offset;
    }
    return seconds + offset;
  };

  function send(pcm: Int16Array) {
    connection?.sendAudio(pcm);
    stats.framesSent += 1;
    stats.bytesSent += pcm.byteLength;
    lastSentAt = deps.now();
  }

  function keepAliveIfQuiet() {
    if (phase !== 'open' || !connection) return;
    if (deps.now() - lastSentAt >= KEEPALIVE_AFTER_MS) {
      connection.sendKeepAlive();
      stats.keepAlives += 1;
      lastSentAt = deps.now();
    }
  }

  function finish(next: 'closed' | 'failed') {
    phase = next;
    if (keepAliveTimer !== null) clearInterval(keepAliveTimer);
    keepAliveTimer = null;
    closed();
  }

  let opening: Promise<void> | null = null;

  async function open() {
    try {
      const token = await deps.getToken();
      connection = await deps.connect(token, {
        onMessage: (message) => deps.onMessage(message, toSessionTime),
        onClose: (code, reason) => {
          if (phase === 'closing') return finish('closed');
          if (phase === 'open') {
            finish('failed');
            deps.onLost(new ExtensionError('stream_lost', `${code} ${reason}`.trim()));
          }
        },
      });
    } catch (error) {
      finish('failed');
      if (error instanceof ExtensionError) throw error;
      throw new ExtensionError(
        'stream_refused',
        error instanceof Error ? error.message : String(error),
      );
    }
    phase = 'open';
    for (const pcm of held.splice(0)) send(pcm);
    keepAliveTimer = setInterval(keepAliveIfQuiet, 1_000);
  }

  const stream: TranscriptionStream = {
    start() {
      opening ??= open();
      return opening;
    },

    pushFrame(frame) {
      const samples = frame.pcm.length;
      silentRun = frame.silent ? silentRun + 1 : 0;
      if (silentRun > SILENT_FRAMES_SENT) {
        capturedSamples += samples;
        stats.framesSkipped += 1;
        if (!skipping && phase === 'open' && connection) {
          // Without more audio Deepgram would hold the last words until sound returns.
          connection.sendFinalize();
          stats.finalizes += 1;
        }
        skipping = true;
        return;
      }
      if (skipping) {
        skipping = false;
        breakpoints.push({
          from: sentSamples / TARGET_SAMPLE_RATE,
          offset: (capturedSamples - sentSamples) / TARGET_SAMPLE_RATE,
        });
      }
      capturedSamples += samples;
      sentSamples += samples;
      if (phase === 'open') send(frame.pcm);
      else if (phase === 'connecting') {
        held.push(frame.pcm);
        if (held.length > MAX_HELD_FRAMES) held.shift();
      }
    },

    async stop() {
      // Stopped while connecting: what was held is sent once the connection opens, then closed.
      if (phase === 'connecting' && opening) await opening.catch(() => undefined);
      if (phase !== 'open' || !connection) return;
      phase = 'closing';
      connection.sendCloseStream();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, FINAL_RESULTS_TIMEOUT_MS));
      await Promise.race([closedPromise, timeout]);
      if (phase === 'closing') {
        connection.close();
        finish('closed');
      }
    },

    get phase() {
      return phase;
    },
    stats,
  };
  return stream;
}
