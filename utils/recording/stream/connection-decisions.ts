import type { ErrorCode } from '../../errors';
import type { ReconnectPolicy } from './stream-contract';

/**
 * What a failed or ended connection to Deepgram means for the stream, as data: retry (and with
 * which token), or give up with the sentence the user reads. The stream does what this says and
 * decides nothing itself, so every case is a row in this module's test table.
 */

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxAttempts: 8,
};

/** Why an attempt to open a connection, or an open connection, failed. */
export type ConnectionFailure =
  /** The broker handed out no token (signed out, over quota, its server unreachable…). */
  | { kind: 'no-token'; code: ErrorCode }
  /**
   * Deepgram refused the handshake. `status` is its HTTP status where the client can see it
   * (Node); a browser only sees close 1006, so there it is null.
   */
  | { kind: 'refused'; status: number | null }
  /** An open connection ended without being asked to. */
  | { kind: 'closed'; code: number; reason: string };

export interface RetryState {
  /** Failed attempts in a row, this one included; 0 for an open connection that just closed. */
  attempt: number;
  maxAttempts: number;
  /**
   * A token was minted for this outage already. A refusal after that is not the token's fault,
   * so asking for another would only spend the user's quota.
   */
  mintedThisOutage: boolean;
}

export type ConnectionDecision =
  | {
      action: 'retry';
      /** `fresh`: the cached token may be what Deepgram refused; mint a new one. */
      token: 'cached' | 'fresh';
      /** What the wait is about, for the views: a dropped line, or Deepgram at capacity. */
      waitingFor: 'connection' | 'capacity';
    }
  | { action: 'give-up'; error: ErrorCode };

/** Close codes after which a new connection would be refused the same way. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([1002, 1003, 1007, 1008]);
/** Broker errors that no retry can mend. */
export const FATAL_TOKEN_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'signed_out',
  'over_quota',
  'not_configured',
  'forbidden_sender',
]);
/** Handshake statuses that mean this request will never be accepted: bad settings, no credit. */
const FATAL_HANDSHAKE_STATUSES: ReadonlySet<number> = new Set([400, 402, 404]);
/** Handshake statuses that mean the token was not accepted. */
const TOKEN_REFUSED_STATUSES: ReadonlySet<number> = new Set([401, 403]);
/** Deepgram's answer when the project has no stream left (≈50 concurrent per project). */
const AT_CAPACITY = 429;

export function decideAfterFailure(
  failure: ConnectionFailure,
  state: RetryState,
): ConnectionDecision {
  const outOfAttempts = state.attempt >= state.maxAttempts;
  switch (failure.kind) {
    case 'no-token':
      if (FATAL_TOKEN_ERRORS.has(failure.code) || outOfAttempts) {
        return { action: 'give-up', error: failure.code };
      }
      return { action: 'retry', token: 'cached', waitingFor: 'connection' };
    case 'refused': {
      const { status } = failure;
      if (status !== null && FATAL_HANDSHAKE_STATUSES.has(status)) {
        return { action: 'give-up', error: 'stream_refused' };
      }
      if (status === AT_CAPACITY) {
        return outOfAttempts
          ? { action: 'give-up', error: 'stream_busy' }
          : { action: 'retry', token: 'cached', waitingFor: 'capacity' };
      }
      if (outOfAttempts) return { action: 'give-up', error: 'stream_refused' };
      // A browser cannot tell a refused token from a lost network: either way, one new token per
      // outage costs little and mends the first.
      const mayBeTheToken = status === null || TOKEN_REFUSED_STATUSES.has(status);
      return {
        action: 'retry',
        token: mayBeTheToken && !state.mintedThisOutage ? 'fresh' : 'cached',
        waitingFor: 'connection',
      };
    }
    case 'closed':
      if (FATAL_CLOSE_CODES.has(failure.code)) return { action: 'give-up', error: 'stream_lost' };
      return { action: 'retry', token: 'cached', waitingFor: 'connection' };
  }
}

/**
 * The longest wait before attempt `attempt` (the first retry is 1): exponential, up to the cap.
 * Full jitter then waits a random part of it, so clients dropped together by one outage do not
 * all come back at the same instant.
 */
export function backoffBound(attempt: number, policy: ReconnectPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}
