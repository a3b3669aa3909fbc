import { TARGET_SAMPLE_RATE } from '../audio/pcm-format';
import type { PcmFrame } from '../audio/pcm-framer';
import { ExtensionError } from '../errors';
import type { ListenConnection, ListenConnector, ListenQuery } from './listen-connection';

/**
 * One transcription's stream of audio to Deepgram, across as many connections as it takes. It
 * opens with a fresh token, sends the capture's PCM frames (holding those captured before the
 * connection opens, so Start loses no words), stops sending digital silence after a moment
 * (KeepAlive holds the connection instead, and nobody is billed for a muted tab), and on stop
 * asks for the last results (CloseStream) and waits for them.
 *
 * When a connection drops it reconnects, with exponential backoff and jitter and a new token
 * each time, and first sends again the audio Deepgram had not yet turned into final words, then
 * what was captured meanwhile: each word is heard once, and none is lost while the outage is
 * shorter than the buffer (30 s). Every frame keeps the session time it was captured at, so
 * Deepgram's times on any connection (each starts at 0, and never contains skipped silence or
 * audio lost to an overflow) map back to the session's clock.
 */

export type StreamPhase = 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed' | 'failed';

export interface ReconnectPolicy {
  /** The first retry waits up to this long; each following one up to twice as long. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failed attempts in a row before the stream gives up. */
  maxAttempts: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxAttempts: 8,
};

export interface TranscriptionStreamDeps {
  /** A Deepgram token with time left to open a connection (the background's broker). */
  getToken(): Promise<string>;
  connect: ListenConnector;
  /** What every connection of this stream opens with (the settings of its Start). */
  query: ListenQuery;
  /** Every message Deepgram sends, with the map from its times to the session's. */
  onMessage(message: { type: string }, toSessionTime: (seconds: number) => number): void;
  /** The stream gave up: it cannot reconnect, or must not (signed out, over quota, refused). */
  onLost(error: ExtensionError): void;
  /** A connection dropped and the stream is reconnecting, or it is streaming again. */
  onConnectionChange?(state: 'reconnecting' | 'streaming'): void;
  /** Audio captured during an outage longer than the buffer was dropped: this span of it. */
  onGap?(gap: { start: number; end: number }): void;
  reconnect?: ReconnectPolicy;
  /** In [0, 1): the jitter of each backoff delay. */
  random?: () => number;
  now: () => number;
}

export interface TranscriptionStream {
  /** Resolves once the first connection is open; rejects with an ExtensionError when it cannot. */
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
  /** Connections opened after the first. */
  reconnects: number;
  /** Frames sent again on a new connection, because the dropped one had not finalized them. */
  framesResent: number;
  /** Frames dropped because an outage outlasted the buffer. */
  framesDropped: number;
  /** The backoff waited (jittered delays before attempts) in the latest outage, in ms. */
  lastOutageBackoffMs: number;
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
/** Audio kept for a new connection, at most: 30 s (40 ms frames). Beyond it the oldest goes. */
export const MAX_BUFFERED_FRAMES = 750;

/** Close codes after which a new connection would be refused the same way: give up. */
const DO_NOT_RETRY_CLOSE_CODES = new Set([1002, 1003, 1007, 1008]);
/** Errors of the token broker that no retry can mend. */
const DO_NOT_RETRY_ERRORS = new Set(['signed_out', 'over_quota', 'not_configured']);

/** A frame of audio and the session time (seconds) of its first sample. */
interface TimedFrame {
  pcm: Int16Array;
  /** Interleaved channels in `pcm`: 1, or 2 with the microphone. */
  channels: number;
  at: number;
}

const frameSeconds = (frame: TimedFrame) => frame.pcm.length / frame.channels / TARGET_SAMPLE_RATE;

/** One connection and the map from its audio time to the session's. */
interface Connection {
  socket: ListenConnection | null;
  /** Seconds of audio sent on it. */
  sent: number;
  /** Where the session time stops following on from the audio before: a new piece starts. */
  pieces: { from: number; sessionFrom: number }[];
}

function toSessionTime(connection: Connection, seconds: number): number {
  let piece = connection.pieces[0];
  for (const next of connection.pieces) {
    if (next.from > seconds + 1e-9) break;
    piece = next;
  }
  return piece ? piece.sessionFrom + (seconds - piece.from) : seconds;
}

export function createTranscriptionStream(deps: TranscriptionStreamDeps): TranscriptionStream {
  const policy = deps.reconnect ?? DEFAULT_RECONNECT;
  const random = deps.random ?? Math.random;
  let phase: StreamPhase = 'connecting';
  let current: Connection | null = null;
  /** Captured and not yet sent: while connecting or reconnecting. */
  let outbox: TimedFrame[] = [];
  /** Sent on the current connection and not yet settled by a final result. */
  let unsettled: TimedFrame[] = [];
  /** The audio dropped by an overflow during the current outage, reported once it ends. */
  let gap: { start: number; end: number } | null = null;
  const stats: StreamStats = {
    framesSent: 0,
    bytesSent: 0,
    framesSkipped: 0,
    keepAlives: 0,
    finalizes: 0,
    reconnects: 0,
    framesResent: 0,
    framesDropped: 0,
    lastOutageBackoffMs: 0,
  };
  let capturedSeconds = 0;
  let silentRun = 0;
  let skipping = false;
  let lastSentAt = deps.now();
  let keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed: () => void = () => {};
  const closedPromise = new Promise<void>((resolve) => {
    closed = resolve;
  });

  function send(connection: Connection, frame: TimedFrame) {
    const seconds = frameSeconds(frame);
    const last = connection.pieces.at(-1);
    const followsOn = last && Math.abs(last.sessionFrom + (connection.sent - last.from) - frame.at);
    if (followsOn === undefined || followsOn > 1e-6) {
      connection.pieces.push({ from: connection.sent, sessionFrom: frame.at });
    }
    connection.sent += seconds;
    connection.socket?.sendAudio(frame.pcm);
    unsettled.push(frame);
    if (unsettled.length > MAX_BUFFERED_FRAMES) unsettled.shift();
    stats.framesSent += 1;
    stats.bytesSent += frame.pcm.byteLength;
    lastSentAt = deps.now();
  }

  /** Keeps frames for the next connection; beyond the buffer the oldest are dropped, as a gap. */
  function hold(frame: TimedFrame) {
    outbox.push(frame);
    while (outbox.length > MAX_BUFFERED_FRAMES) {
      const dropped = outbox.shift() as TimedFrame;
      stats.framesDropped += 1;
      gap = { start: gap?.start ?? dropped.at, end: dropped.at + frameSeconds(dropped) };
    }
  }

  /** A final result settles the audio up to its end: it need not be sent again. */
  function settle(connection: Connection, message: { type: string }) {
    const result = message as {
      type: string;
      is_final?: boolean;
      start?: number;
      duration?: number;
    };
    if (result.type !== 'Results' || !result.is_final) return;
    const end = toSessionTime(connection, (result.start ?? 0) + (result.duration ?? 0));
    unsettled = unsettled.filter((frame) => frame.at + frameSeconds(frame) > end + 1e-6);
  }

  function keepAliveIfQuiet() {
    const socket = current?.socket;
    if (phase !== 'open' || !socket) return;
    if (deps.now() - lastSentAt >= KEEPALIVE_AFTER_MS) {
      socket.sendKeepAlive();
      stats.keepAlives += 1;
      lastSentAt = deps.now();
    }
  }

  function finish(next: 'closed' | 'failed') {
    phase = next;
    if (keepAliveTimer !== null) clearInterval(keepAliveTimer);
    if (retryTimer !== null) clearTimeout(retryTimer);
    keepAliveTimer = null;
    retryTimer = null;
    closed();
  }

  function giveUp(error: ExtensionError) {
    if (phase === 'closed' || phase === 'failed') return;
    finish('failed');
    deps.onLost(error);
  }

  /** Opens one connection with a fresh token; throws an ExtensionError when it cannot. */
  async function connectOnce(): Promise<Connection> {
    const connection: Connection = { socket: null, sent: 0, pieces: [] };
    const token = await deps.getToken();
    try {
      connection.socket = await deps.connect(
        token,
        {
          onMessage: (message) => {
            settle(connection, message);
            deps.onMessage(message, (seconds) => toSessionTime(connection, seconds));
          },
          onClose: (code, reason) => {
            if (connection !== current) return;
            if (phase === 'closing') return finish('closed');
            if (phase !== 'open') return;
            const detail = `${code} ${reason}`.trim();
            if (DO_NOT_RETRY_CLOSE_CODES.has(code)) {
              return giveUp(new ExtensionError('stream_lost', detail));
            }
            dropped();
          },
        },
        deps.query,
      );
    } catch (error) {
      if (error instanceof ExtensionError) throw error;
      throw new ExtensionError(
        'stream_refused',
        error instanceof Error ? error.message : String(error),
      );
    }
    return connection;
  }

  /** The connection is open: send what waited (resent audio first, in capture order). */
  function opened(connection: Connection) {
    current = connection;
    phase = 'open';
    const waiting = outbox;
    outbox = [];
    for (const frame of waiting) send(connection, frame);
    keepAliveTimer ??= setInterval(keepAliveIfQuiet, 1_000);
  }

  /** The connection dropped without being asked to: keep what it had not settled, reconnect. */
  function dropped() {
    phase = 'reconnecting';
    current = null;
    stats.framesResent += unsettled.length;
    const resend = unsettled;
    unsettled = [];
    const captured = outbox;
    outbox = [];
    for (const frame of [...resend, ...captured]) hold(frame);
    deps.onConnectionChange?.('reconnecting');
    stats.lastOutageBackoffMs = 0;
    scheduleAttempt(1);
  }

  function scheduleAttempt(attempt: number) {
    // Full jitter: a random wait up to the exponential bound, so clients dropped together by
    // one outage do not all come back at the same instant.
    const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(random() * bound);
    stats.lastOutageBackoffMs += delay;
    retryTimer = setTimeout(() => void reconnect(attempt), delay);
  }

  async function reconnect(attempt: number) {
    retryTimer = null;
    if (phase !== 'reconnecting') return;
    let connection: Connection;
    try {
      connection = await connectOnce();
    } catch (error) {
      if (phase !== 'reconnecting') return;
      const refusal = error as ExtensionError;
      if (DO_NOT_RETRY_ERRORS.has(refusal.code)) return giveUp(refusal);
      if (attempt >= policy.maxAttempts) return giveUp(refusal);
      return scheduleAttempt(attempt + 1);
    }
    if (phase !== 'reconnecting') {
      connection.socket?.close();
      return;
    }
    stats.reconnects += 1;
    opened(connection);
    if (gap) deps.onGap?.(gap);
    gap = null;
    deps.onConnectionChange?.('streaming');
  }

  let starting: Promise<void> | null = null;

  async function start() {
    let connection: Connection;
    try {
      connection = await connectOnce();
    } catch (error) {
      finish('failed');
      throw error;
    }
    if (phase !== 'connecting') {
      connection.socket?.close();
      return;
    }
    opened(connection);
  }

  const stream: TranscriptionStream = {
    start() {
      starting ??= start();
      return starting;
    },

    pushFrame(frame) {
      const timed: TimedFrame = { pcm: frame.pcm, channels: frame.channels, at: capturedSeconds };
      capturedSeconds += frameSeconds(timed);
      silentRun = frame.silent ? silentRun + 1 : 0;
      if (silentRun > SILENT_FRAMES_SENT) {
        stats.framesSkipped += 1;
        if (!skipping && phase === 'open') {
          // Without more audio Deepgram would hold the last words until sound returns.
          current?.socket?.sendFinalize();
          stats.finalizes += 1;
        }
        skipping = true;
        return;
      }
      skipping = false;
      if (phase === 'open' && current) send(current, timed);
      else if (phase === 'connecting' || phase === 'reconnecting') hold(timed);
    },

    async stop() {
      // Stopped while connecting: what was held is sent once the connection opens, then closed.
      if (phase === 'connecting' && starting) await starting.catch(() => undefined);
      // Stopped during an outage: what waits for a connection cannot be sent any more.
      if (phase === 'reconnecting') return finish('closed');
      const socket = current?.socket;
      if (phase !== 'open' || !socket) return;
      phase = 'closing';
      socket.sendCloseStream();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, FINAL_RESULTS_TIMEOUT_MS));
      await Promise.race([closedPromise, timeout]);
      if (phase === 'closing') {
        socket.close();
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
