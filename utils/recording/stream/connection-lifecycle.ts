import { type ErrorCode, ExtensionError } from '../../errors';
import {
  backoffBound,
  type ConnectionFailure,
  DEFAULT_RECONNECT,
  decideAfterFailure,
  type RetryState,
} from './connection-decisions';
import { handshakeStatus, type ListenConnection } from './listen-connection';
import { type AudioLedger, type ConnectionClock, createConnectionClock } from './stream-audio';
import type {
  StreamPhase,
  StreamStats,
  TranscriptionStreamDeps,
  WaitingFor,
} from './stream-contract';

/**
 * The stream's connections, one after another: the first attempt, and after a refusal or a drop
 * what `decideAfterFailure` says (retry after a backoff, with the cached token or a fresh one, or
 * give up). It moves the stream through its phases; what is sent on a connection is the stream's.
 */

export interface Connection {
  socket: ListenConnection;
  clock: ConnectionClock;
}

/**
 * The phase, with what exists only in it: the connection while open or closing; while
 * reconnecting, whether this outage has minted a token already (a refusal after that is not the
 * token's fault, so another would only spend the user's quota).
 */
export type StreamState =
  | { phase: 'connecting' }
  | { phase: 'open'; connection: Connection }
  | { phase: 'reconnecting'; mintedThisOutage: boolean }
  | { phase: 'closing'; connection: Connection }
  | { phase: 'closed' }
  | { phase: 'failed' };

export interface LifecycleDeps {
  deps: TranscriptionStreamDeps;
  audio: AudioLedger;
  stats: StreamStats;
  /** A connection is open (the state says so already): send what waited. */
  onOpen(connection: Connection): void;
  /** The stream is closed or failed: nothing more will happen. */
  onFinish(): void;
}

export interface ConnectionLifecycle {
  readonly state: StreamState;
  /** The first attempt; see TranscriptionStream.start. */
  start(): Promise<void>;
  /** CloseStream was sent on the open connection: its close ends the stream. */
  closing(connection: Connection): void;
  finish(next: 'closed' | 'failed'): void;
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

export function createConnectionLifecycle({
  deps,
  audio,
  stats,
  onOpen,
  onFinish,
}: LifecycleDeps): ConnectionLifecycle {
  const policy = deps.reconnect ?? DEFAULT_RECONNECT;
  const random = deps.random ?? Math.random;
  let state: StreamState = { phase: 'connecting' };
  let everOpened = false;
  /** The token of the latest attempt: the one a refusal may be about. */
  let lastToken: string | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  // Read through a function: TypeScript keeps a narrowing of `state` across awaits otherwise.
  const phase = (): StreamPhase => state.phase;

  // Outside an outage no token has been minted for it: an open connection, or the first attempt.
  const retryState = (attempt: number, mintedThisOutage = false): RetryState => ({
    attempt,
    maxAttempts: policy.maxAttempts,
    mintedThisOutage,
  });

  /** A final result settles the audio up to its end: it need not be sent again. */
  function settle(connection: Connection, message: { type: string }) {
    const result = message as { is_final?: boolean; start?: number; duration?: number };
    if (message.type !== 'Results' || !result.is_final) return;
    const end = (result.start ?? 0) + (result.duration ?? 0);
    audio.settle(connection.clock.toRecordingTime(end));
    connection.clock.settled(end);
  }

  function finish(next: 'closed' | 'failed') {
    state = { phase: next };
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    onFinish();
  }

  function giveUp(error: ExtensionError) {
    if (state.phase === 'closed' || state.phase === 'failed') return;
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
      if (state.phase === 'reconnecting') state = { ...state, mintedThisOutage: true };
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
            deps.onMessage(message, clock.toRecordingTime);
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
    switch (state.phase) {
      case 'closing':
        if (connection === state.connection) finish('closed');
        return;
      case 'open': {
        if (connection !== state.connection) return;
        const decision = decideAfterFailure({ kind: 'closed', code, reason }, retryState(0));
        const detail = `${code} ${reason}`.trim();
        if (decision.action === 'give-up') {
          return giveUp(new ExtensionError(decision.error, detail));
        }
        stats.framesResent += audio.requeueUnsettled();
        stats.framesDropped = audio.framesDropped;
        stats.lastOutageBackoffMs = 0;
        return waitForConnection(1, decision.token, decision.waitingFor);
      }
      default:
        // A connection this stream has moved on from, or one that ended with it.
        return;
    }
  }

  function opened(connection: Connection) {
    const reopened = state.phase === 'reconnecting';
    state = { phase: 'open', connection };
    onOpen(connection);
    if (everOpened) stats.reconnects += 1;
    everOpened = true;
    if (reopened) deps.onConnectionChange?.('streaming');
  }

  function waitForConnection(attempt: number, token: 'cached' | 'fresh', waitingFor: WaitingFor) {
    if (state.phase !== 'reconnecting') {
      state = { phase: 'reconnecting', mintedThisOutage: false };
      deps.onConnectionChange?.('reconnecting', waitingFor);
    }
    const delay = Math.round(random() * backoffBound(attempt, policy));
    stats.lastOutageBackoffMs += delay;
    retryTimer = setTimeout(() => void retry(attempt, token), delay);
  }

  async function retry(attempt: number, token: 'cached' | 'fresh') {
    retryTimer = null;
    if (phase() !== 'reconnecting') return;
    try {
      const connection = await attemptConnection(token);
      if (phase() !== 'reconnecting') return connection.socket.close();
      opened(connection);
    } catch (error) {
      if (state.phase !== 'reconnecting' || !(error instanceof AttemptFailed)) return;
      const decision = decideAfterFailure(
        error.failure,
        retryState(attempt, state.mintedThisOutage),
      );
      if (decision.action === 'give-up') {
        return giveUp(new ExtensionError(decision.error, error.detail));
      }
      waitForConnection(attempt + 1, decision.token, decision.waitingFor);
    }
  }

  async function start() {
    try {
      const connection = await attemptConnection('cached');
      if (phase() !== 'connecting') return connection.socket.close();
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

  return {
    get state() {
      return state;
    },
    start,
    closing(connection) {
      state = { phase: 'closing', connection };
    },
    finish,
  };
}
