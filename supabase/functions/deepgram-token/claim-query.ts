// The one call the usage guard makes per batch of claims, and how its rows become decisions.
// The decision type is defined here, not in usage-guard.ts (which re-exports it), so this module
// does not import the guard that imports it: no import cycle.
import type { OverQuota } from './over-quota-memo.ts';

/** What the guard decided for one mint. */
export type ClaimDecision =
  | { kind: 'granted' }
  | OverQuota
  /** The caller's Auth session has ended (signed out, revoked): their access token no longer counts. */
  | { kind: 'signed_out' };

export interface ClaimRow {
  request_id: string;
  outcome: 'granted' | 'refused' | 'signed_out';
  retry_after_seconds: number | null;
  retry_at: Date | null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The claim call with its values written into the text, sent as a simple query: one round trip.
 * It starts with `set local statement_timeout`: the database's own bound on the call, the time
 * left to its most pressed claim. A simple query of two statements is one implicit transaction,
 * so the setting ends with it and holds behind a transaction-mode pooler, where a startup
 * parameter might be refused and a session `SET` would reach other clients.
 * With `prepare: false`, postgres.js sends a query that has parameters in two (Parse and
 * Describe first, to learn the parameters' types, then Bind and Execute), which made a claim
 * call a second round trip of waiting and of work on both sides. Safe only because every value
 * is checked here first: the ids against `UUID`, the quota and counts as integers in Postgres's range.
 */
export function claimQuery(
  batch: readonly { userId: string; sessionId: string; requestId: string }[],
  quota: number,
  noted: ReadonlyMap<string, number>,
  timeoutMs: number,
) {
  // Postgres's integer, as `claim_token_grants` takes it.
  if (!Number.isInteger(quota) || quota < 1 || quota > 2_147_483_647) {
    throw new RangeError(`the quota must be an integer from 1 to 2^31 - 1, not ${quota}`);
  }
  for (const { userId, sessionId, requestId } of batch) {
    if (![userId, sessionId, requestId].every((id) => UUID.test(id)))
      throw new RangeError('not a UUID');
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 2_147_483_647) {
    throw new RangeError(`the timeout must be a whole number of milliseconds, not ${timeoutMs}`);
  }
  for (const [userId, count] of noted) {
    if (!UUID.test(userId) || !Number.isInteger(count) || count < 0 || count > 2_147_483_647)
      throw new RangeError('not a UUID and a count');
  }
  const array = (values: readonly unknown[]) => `'{${values.join(',')}}'`;
  const list = (key: 'userId' | 'sessionId' | 'requestId') =>
    array(batch.map((claim) => claim[key]));
  return `set local statement_timeout = ${timeoutMs}; select request_id, outcome, retry_after_seconds, retry_at from public.claim_token_grants(${list('userId')}, ${list('sessionId')}, ${list('requestId')}, ${quota}, ${array([...noted.keys()])}, ${array([...noted.values()])})`;
}

export function decisionOf(row: ClaimRow): ClaimDecision {
  if (row.outcome === 'granted') return { kind: 'granted' };
  if (row.outcome === 'signed_out') return { kind: 'signed_out' };
  const retryAfterSeconds = row.retry_after_seconds ?? 60;
  const retryAt = row.retry_at ?? new Date(Date.now() + retryAfterSeconds * 1000);
  return { kind: 'over_quota', retryAfterSeconds, retryAt: retryAt.toISOString() };
}
