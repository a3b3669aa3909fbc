import { describe, expect, it } from 'vitest';
import {
  backoffBound,
  type ConnectionDecision,
  type ConnectionFailure,
  decideAfterFailure,
} from './connection-decisions';

const retry = (token: 'cached' | 'fresh', waitingFor: 'connection' | 'capacity' = 'connection') =>
  ({ action: 'retry', token, waitingFor }) as const;
const giveUp = (error: string) => ({ action: 'give-up', error }) as ConnectionDecision;

/** [what happened, failed attempts so far (this one included), minted this outage, decision] */
const table: [ConnectionFailure, number, boolean, ConnectionDecision][] = [
  // An open connection that drops is retried with the token at hand, whatever the code...
  [{ kind: 'closed', code: 1006, reason: '' }, 0, false, retry('cached')],
  [{ kind: 'closed', code: 1011, reason: 'NET-0001' }, 0, false, retry('cached')],
  [{ kind: 'closed', code: 1000, reason: '' }, 0, true, retry('cached')],
  // ...unless a new connection would be closed the same way.
  [{ kind: 'closed', code: 1008, reason: 'DATA-0000' }, 0, false, giveUp('stream_lost')],
  [{ kind: 'closed', code: 1002, reason: '' }, 0, false, giveUp('stream_lost')],
  [{ kind: 'closed', code: 1003, reason: '' }, 0, false, giveUp('stream_lost')],
  [{ kind: 'closed', code: 1007, reason: '' }, 0, false, giveUp('stream_lost')],
  // A refused token gets a fresh one, once an outage; after that the token is not the cause.
  [{ kind: 'refused', status: 401 }, 1, false, retry('fresh')],
  [{ kind: 'refused', status: 403 }, 1, false, retry('fresh')],
  [{ kind: 'refused', status: 401 }, 2, true, retry('cached')],
  // A browser sees no status: the token may be the cause, so the same rule holds.
  [{ kind: 'refused', status: null }, 1, false, retry('fresh')],
  [{ kind: 'refused', status: null }, 3, true, retry('cached')],
  // A server error is not the token's fault.
  [{ kind: 'refused', status: 503 }, 1, false, retry('cached')],
  [{ kind: 'refused', status: 500 }, 1, false, retry('cached')],
  // Deepgram at capacity: wait and retry, and say that is what the wait is for.
  [{ kind: 'refused', status: 429 }, 1, false, retry('cached', 'capacity')],
  [{ kind: 'refused', status: 429 }, 8, false, giveUp('stream_busy')],
  // Requests Deepgram will never accept: the settings, or an account without credit.
  [{ kind: 'refused', status: 400 }, 1, false, giveUp('stream_refused')],
  [{ kind: 'refused', status: 402 }, 1, false, giveUp('stream_refused')],
  // Out of attempts.
  [{ kind: 'refused', status: null }, 8, false, giveUp('stream_refused')],
  [{ kind: 'refused', status: 503 }, 8, true, giveUp('stream_refused')],
  // The broker could not hand out a token: some things a retry mends, some it never will.
  [{ kind: 'no-token', code: 'network' }, 1, false, retry('cached')],
  [{ kind: 'no-token', code: 'service_unavailable' }, 3, false, retry('cached')],
  [{ kind: 'no-token', code: 'network' }, 8, false, giveUp('network')],
  [{ kind: 'no-token', code: 'signed_out' }, 1, false, giveUp('signed_out')],
  [{ kind: 'no-token', code: 'over_quota' }, 1, false, giveUp('over_quota')],
  [{ kind: 'no-token', code: 'not_configured' }, 1, false, giveUp('not_configured')],
];

describe('what a failed connection means', () => {
  it.each(table)(
    '%o after %i failed attempts (minted: %s)',
    (failure, attempt, minted, decision) => {
      expect(
        decideAfterFailure(failure, { attempt, maxAttempts: 8, mintedThisOutage: minted }),
      ).toEqual(decision);
    },
  );
});

const policy = { baseDelayMs: 250, maxDelayMs: 8_000, maxAttempts: 8 };

/** [attempt (the first retry is 1), the longest wait before it, ms] */
const backoff: [number, number][] = [
  [1, 250],
  [2, 500],
  [3, 1_000],
  [5, 4_000],
  [6, 8_000],
  // Capped: an outage of a minute does not mean waiting minutes once it ends.
  [7, 8_000],
  [20, 8_000],
];

describe('how long before the next attempt', () => {
  it.each(backoff)('attempt %i waits up to %i ms', (attempt, bound) => {
    expect(backoffBound(attempt, policy)).toBe(bound);
  });
});
