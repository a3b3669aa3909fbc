import postgres from 'postgres';
import type { Caller } from './auth.ts';
import { type ClaimDecision, type ClaimRow, claimQuery, decisionOf, UUID } from './claim-query.ts';
import { createOverQuotaMemo } from './over-quota-memo.ts';

// Defined with the query that produces it; still importable from the guard, which returns it.
export type { ClaimDecision } from './claim-query.ts';

/**
 * Each user's hourly quota of minted tokens, kept in Postgres (`token_grants`, see
 * `supabase/migrations/`), checked with the caller's Auth session in the same call. `claim`
 * throws `UsageGuardUnavailable` when the database cannot answer by the deadline: the caller must
 * then refuse to mint, never mint unguarded.
 */
export interface UsageGuard {
  /** `deadline`: the guard's clock reading (see `createUsageGuard`) by which the answer is due. */
  claim(caller: Caller, requestId: string, deadline: number): Promise<ClaimDecision>;
  /** The mint failed upstream: the user's claimed slot is given back (best effort). */
  release(requestId: string, userId: string): Promise<void>;
  close(): Promise<void>;
}

export class UsageGuardUnavailable extends Error {
  override name = 'UsageGuardUnavailable';
}

/** Longest wait for the database before a mint is refused with 503. */
export const DATABASE_TIMEOUT_MS = 3_000;

/** The queries the guard runs, so tests can give it any Postgres client. */
export type SqlClient = ReturnType<typeof postgres>;

/**
 * A pooled client for Supabase's `SUPABASE_DB_URL`. Prepared statements are off: Supabase's
 * pooler runs in transaction mode, where a statement prepared on one server connection is not
 * there on the next.
 */
export function connectDatabase(databaseUrl: string): SqlClient {
  return postgres(databaseUrl, {
    prepare: false,
    max: 8,
    connect_timeout: DATABASE_TIMEOUT_MS / 1000,
    idle_timeout: 60,
    connection: { application_name: 'deepgram-token' },
    // Notices (none expected) would otherwise be printed as unstructured lines.
    onnotice: () => {},
  });
}

/**
 * One call to the database at a time: the claims that arrive meanwhile go together in the next.
 * Fewer, larger calls cost less per mint than many small ones (measured on the token-mint
 * benchmark at 64 concurrent, guard on ÷ off: 0.59 with 4 calls in flight, 0.66 with 2, 0.78
 * with 1; again, in a run like the benchmark's, once each call took one round trip: 0.70 with 2,
 * 0.73 with 1), and a batch of 128 at a 2 ms round trip still allows 64,000 claims a second.
 */
const MAX_CALLS_IN_FLIGHT = 1;
const NOTED_FLUSH_MS = 1_000;
const MAX_CLAIMS_PER_CALL = 128;

interface WaitingClaim {
  userId: string;
  sessionId: string;
  requestId: string;
  /** The guard's clock reading by which the claim must be answered. */
  deadline: number;
  /** Set once the claim is answered, or refused for want of time. */
  done: boolean;
  resolve(decision: ClaimDecision): void;
  reject(error: unknown): void;
}

/**
 * `now` is a monotonic clock in milliseconds (the handler's): each claim is refused with
 * `UsageGuardUnavailable` when its deadline passes, whether it is still waiting for its turn or
 * its call is running. A call whose every claim was refused so is cancelled; if the database
 * answers it anyway (the cancel lost the race with the commit), its grants are settled as failed,
 * so a mint refused with 503 never spends a slot.
 */
export function createUsageGuard(
  sql: SqlClient,
  quotaPerHour: number,
  now: () => number = () => performance.now(),
): UsageGuard {
  // Claims are sent in batches: one waits only while the calls in flight are full, and then goes
  // with every claim that arrived meanwhile. Alone, a claim is a batch of one, sent at once.
  const waiting: WaitingClaim[] = [];
  let callsInFlight = 0;
  const overQuota = createOverQuotaMemo(now);
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  /** Refusals answered from memory reach the counter within a second, with no claim to carry them. */
  function flushNotedSoon() {
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      if (callsInFlight >= MAX_CALLS_IN_FLIGHT) return flushNotedSoon();
      callsInFlight += 1;
      void send([]).finally(() => {
        callsInFlight -= 1;
        sendWaiting();
      });
    }, NOTED_FLUSH_MS);
  }

  function sendWaiting() {
    while (callsInFlight < MAX_CALLS_IN_FLIGHT && waiting.length > 0) {
      callsInFlight += 1;
      void send(waiting.splice(0, MAX_CLAIMS_PER_CALL)).finally(() => {
        callsInFlight -= 1;
        sendWaiting();
      });
    }
  }

  /** Batches in flight, with their running query: the last claim of one to time out cancels it. */
  const running = new Map<WaitingClaim, { batch: WaitingClaim[]; cancel(): void }>();

  function timeOut(claim: WaitingClaim, afterMs: number) {
    claim.done = true;
    const queued = waiting.indexOf(claim);
    if (queued >= 0) waiting.splice(queued, 1);
    claim.reject(new UsageGuardUnavailable(`no answer within ${Math.round(afterMs)} ms`));
    const call = running.get(claim);
    if (call?.batch.every((other) => other.done)) call.cancel();
  }

  async function send(batch: WaitingClaim[]) {
    const noted = overQuota.takeNoted();
    // The database gives up when the most pressed claim would (a call carrying only counts, when
    // the guard would).
    const due = Math.min(...batch.map((claim) => claim.deadline), now() + DATABASE_TIMEOUT_MS);
    const timeoutMs = Math.max(1, Math.ceil(due - now()));
    const query = sql.unsafe(claimQuery(batch, quotaPerHour, noted, timeoutMs));
    const call = { batch, cancel: () => query.cancel() };
    for (const claim of batch) running.set(claim, call);
    let rows: ClaimRow[];
    try {
      // Two statements, two results: the rows are the second's.
      rows = ((await query) as unknown as [unknown, ClaimRow[]])[1];
    } catch (error) {
      overQuota.putBack(noted);
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      for (const claim of batch) {
        if (!claim.done) claim.reject(new UsageGuardUnavailable(reason, { cause: error }));
        claim.done = true;
      }
      return;
    } finally {
      for (const claim of batch) running.delete(claim);
    }
    const answers = new Map(rows.map((row) => [row.request_id, row]));
    const tooLate: string[] = [];
    for (const claim of batch) {
      // Postgres writes a uuid in lower case.
      const row = answers.get(claim.requestId.toLowerCase());
      if (claim.done) {
        if (row?.outcome === 'granted') tooLate.push(row.request_id);
        continue;
      }
      claim.done = true;
      if (!row) {
        claim.reject(new UsageGuardUnavailable('the database skipped a claim'));
        continue;
      }
      const decision = decisionOf(row);
      if (decision.kind === 'over_quota') overQuota.remember(claim.userId.toLowerCase(), decision);
      claim.resolve(decision);
    }
    // Best effort, like `release`: if this fails too, those slots stay taken for the hour.
    await Promise.all(tooLate.map((requestId) => settleFailed(requestId).catch(() => {})));
  }

  const settleFailed = (requestId: string) =>
    sql`select public.settle_token_grant(${requestId}::uuid, 'failed')`.then(() => {});

  return {
    claim({ userId, sessionId }, requestId, deadline) {
      // Only UUIDs go into the query's text (see `claimQuery`); anything else could never be
      // claimed (the columns are uuid), and is refused alone, not with the rest of its batch.
      const bad = [userId, sessionId, requestId].findIndex((id) => !UUID.test(id));
      if (bad >= 0) {
        const what = ['user', 'session', 'request'][bad];
        return Promise.reject(new UsageGuardUnavailable(`not a UUID: ${what} id`));
      }
      const known = overQuota.refuse(userId.toLowerCase());
      if (known) {
        flushNotedSoon();
        return Promise.resolve(known);
      }
      const remaining = deadline - now();
      if (remaining <= 0) return Promise.reject(new UsageGuardUnavailable('no time left'));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => timeOut(claim, remaining), remaining);
        const claim: WaitingClaim = {
          userId,
          sessionId,
          requestId,
          deadline,
          done: false,
          resolve: (decision) => {
            clearTimeout(timer);
            resolve(decision);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiting.push(claim);
        sendWaiting();
      });
    },
    async release(requestId, userId) {
      overQuota.forget(userId.toLowerCase());
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new UsageGuardUnavailable(`no answer within ${DATABASE_TIMEOUT_MS} ms`)),
          DATABASE_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([settleFailed(requestId), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      clearTimeout(flushTimer);
      if (overQuota.hasNoted()) await send([]);
      await sql.end({ timeout: 1 });
    },
  };
}
