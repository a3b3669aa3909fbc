import { type ErrorCode, ExtensionError } from '../../errors';
import type { PcmFrame } from '../audio/pcm-framer';
import {
  type ConnectionFailure,
  decideAfterFailure,
  type RetryState,
} from './connection-decisions';
import type { ListenConnection, ListenConnector, ListenQuery } from './listen-connection';
import { handshakeStatus } from './listen-connection';
import {
  type ConnectionClock,
  createAudioLedger,
  createConnectionClock,
  frameSeconds,
  type TimedFrame,
} from './stream-audio';

export { MAX_BUFFERED_FRAMES } from './stream-audio';

/**
 * One transcription's stream of audio to Deepgram, across as many connections as it takes. It
 * opens with a token from the broker, sends the capture's PCM frames (holding those captured
 * before a connection opens, so Start loses no words), stops sending digital silence after a
 * moment (KeepAlive holds the connection instead, and nobody is billed for a muted tab), and on
 * stop asks for the last results (CloseStream) and waits for them.
 *
 * When an attempt fails or a connection drops, `decideAfterFailure` says what to do: retry, with
 * exponential backoff and jitter, with the cached token or a fresh one; or give up. A retry first
 * sends again the audio Deepgram had not yet turned into final words, then what was captured
 * meanwhile: each word is heard once, and none is lost while the outage is shorter than the
 * buffer (30 s). Deepgram's times on any connection map back to the session's clock.
 */

/** Where the stream is; `reconnecting` also covers a first connection that was refused. */
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

export type WaitingFor = 'connection' | 'capacity';

export interface TranscriptionStreamDeps {
  /**
   * A Deepgram token with time left to open a connection (the background's broker), never the
   * `refused` one: Deepgram refused a connection with it, so the broker mints another.
   */
  getToken(options: { refused: string | null }): Promise<string>;
  connect: ListenConnector;
  /** What every connection of this stream opens with (the settings of its Start). */
  query: ListenQuery;
  /** Every message Deepgram sends, with the map from its times to the session's. */
  onMessage(message: { type: string }, toSessionTime: (seconds: number) => number): void;
  /** The stream gave up: it cannot reconnect, or must not (signed out, over quota, refused). */
  onLost(error: ExtensionError): void;
  /** The stream is waiting for a connection (and why), or is streaming again. */
  onConnectionChange?(state: 'reconnecting' | 'streaming', waitingFor?: WaitingFor): void;
  /** Audio captured during an outage longer than the buffer was dropped: this span of it. */
  onGap?(gap: { start: number; end: number }): void;
  reconnect?: ReconnectPolicy;
  /** In [0, 1): the jitter of each backoff delay. */
  random?: () => number;
  now: () => number;
}

export interface TranscriptionStream {
  /**
   * Resolves once the first connection is open, or once a refused one is being retried (the
   * audio is held meanwhile); rejects with an ExtensionError when no retry could mend it.
   */
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
  /** New tokens asked for because Deepgram refused a connection with the cached one. */
  freshTokens: number;
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

interface Connection {
  socket: ListenConnection;
  clock: ConnectionClock;
}

/** An attempt that failed, as the decision table reads it, and the error the user would read. */
class AttemptFailed extends Error {
  constructor(
    readonly failure: ConnectionFailure,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export function createTranscriptionStream(deps: TranscriptionStreamDeps): TranscriptionStream {
  const policy = deps.reconnect ?? DEFAULT_RECONNECT;
  const random = deps.random ?? Math.random;
  const audio = createAudioLedger();
  let phase: StreamPhase = 'connecting';
  let current: Connection | null = null;
  let everOpened = false;
  let mintedThisOutage = false;
  /** The token of the latest attempt: the one a refusal may be about. */
  let lastToken: string | null = null;
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
    freshTokens: 0,
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
    connection.clock.sent(frame);
    connection.socket.sendAudio(frame.pcm);
    audio.sent(frame);
    stats.framesSent += 1;
    stats.bytesSent += frame.pcm.byteLength;
    lastSentAt = deps.now();
  }

  /** A final result settles the audio up to its end: it need not be sent again. */
  function settle(connection: Connection, message: { type: string }) {
    const result = message as { is_final?: boolean; start?: number; duration?: number };
    if (message.type !== 'Results' || !result.is_final) return;
    audio.settle(connection.clock.toSessionTime((result.start ?? 0) + (result.duration ?? 0)));
  }

  function keepAliveIfQuiet() {
    if (phase !== 'open' || !current) return;
    if (deps.now() - lastSentAt >= KEEPALIVE_AFTER_MS) {
      current.socket.sendKeepAlive();
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

  /** One attempt at a connection; throws AttemptFailed. */
  async function attemptConnection(token: 'cached' | 'fresh'): Promise<Connection> {
    let accessToken: string;
    try {
      accessToken = await deps.getToken({ refused: token === 'fresh' ? lastToken : null });
    } catch (error) {
      const code: ErrorCode = error instanceof ExtensionError ? error.code : 'network';
      throw new AttemptFailed({ kind: 'no-token', code }, String(error));
    }
    if (token === 'fresh') {
      mintedThisOutage = true;
      stats.freshTokens += 1;
    }
    lastToken = accessToken;
    const clock = createConnectionClock();
    let connection: Connection | null = null;
    try {
      const socket = await deps.connect(
        accessToken,
        {
          onMessage: (message) => {
            if (!connection) return;
            settle(connection, message);
            deps.onMessage(message, clock.toSessionTime);
          },
          onClose: (code, reason) => connectionClosed(connection, code, reason),
        },
        deps.query,
      );
      connection = { socket, clock };
      return connection;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new AttemptFailed({ kind: 'refused', status: handshakeStatus(error) }, detail);
    }
  }

  function connectionClosed(connection: Connection | null, code: number, reason: string) {
    if (!connection || connection !== current) return;
    if (phase === 'closing') return finish('closed');
    if (phase !== 'open') return;
    const decision = decideAfterFailure({ kind: 'closed', code, reason }, retryState(0));
    const detail = `${code} ${reason}`.trim();
    if (decision.action === 'give-up') return giveUp(new ExtensionError(decision.error, detail));
    current = null;
    stats.framesResent += audio.requeueUnsettled();
    stats.framesDropped = audio.framesDropped;
    stats.lastOutageBackoffMs = 0;
    waitForConnection(1, decision.token, decision.waitingFor);
  }

  const retryState = (attempt: number): RetryState => ({
    attempt,
    maxAttempts: policy.maxAttempts,
    mintedThisOutage,
  });

  /** The connection is open: send what waited (resent audio first, in capture order). */
  function opened(connection: Connection) {
    const reopened = phase === 'reconnecting';
    current = connection;
    phase = 'open';
    mintedThisOutage = false;
    for (const frame of audio.takeHeld()) send(connection, frame);
    keepAliveTimer ??= setInterval(keepAliveIfQuiet, 1_000);
    if (everOpened) stats.reconnects += 1;
    everOpened = true;
    const gap = audio.takeGap();
    if (gap) deps.onGap?.(gap);
    if (reopened) deps.onConnectionChange?.('streaming');
  }

  function waitForConnection(attempt: number, token: 'cached' | 'fresh', waitingFor: WaitingFor) {
    const announce = phase !== 'reconnecting';
    phase = 'reconnecting';
    if (announce) deps.onConnectionChange?.('reconnecting', waitingFor);
    // Full jitter: a random wait up to the exponential bound, so clients dropped together by
    // one outage do not all come back at the same instant.
    const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(random() * bound);
    stats.lastOutageBackoffMs += delay;
    retryTimer = setTimeout(() => void retry(attempt, token), delay);
  }

  async function retry(attempt: number, token: 'cached' | 'fresh') {
    retryTimer = null;
    if (phase !== 'reconnecting') return;
    try {
      const connection = await attemptConnection(token);
      if (phase !== 'reconnecting') return connection.socket.close();
      opened(connection);
    } catch (error) {
      if (phase !== 'reconnecting' || !(error instanceof AttemptFailed)) return;
      const decision = decideAfterFailure(error.failure, retryState(attempt));
      if (decision.action === 'give-up') {
        return giveUp(new ExtensionError(decision.error, error.detail));
      }
      waitForConnection(attempt + 1, decision.token, decision.waitingFor);
    }
  }

  async function start() {
    try {
      const connection = await attemptConnection('cached');
      if (phase !== 'connecting') return connection.socket.close();
      opened(connection);
    } catch (error) {
      if (!(error instanceof AttemptFailed)) throw error;
      const decision = decideAfterFailure(error.failure, retryState(1));
      if (decision.action === 'give-up') {
        finish('failed');
        throw new ExtensionError(decision.error, error.detail);
      }
      // A refused first connection is retried like a dropped one; the audio waits meanwhile.
      waitForConnection(2, decision.token, decision.waitingFor);
    }
  }

  let starting: Promise<void> | null = null;

  return {
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
          current?.socket.sendFinalize();
          stats.finalizes += 1;
        }
        skipping = true;
        return;
      }
      skipping = false;
      if (phase === 'open' && current) send(current, timed);
      else if (phase === 'connecting' || phase === 'reconnecting') {
        audio.hold(timed);
        stats.framesDropped = audio.framesDropped;
      }
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
}
