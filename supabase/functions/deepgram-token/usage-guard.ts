import postgres from 'postgres';

/** What the guard decided for one mint. */
export type QuotaDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; quotaPerHour: number };

/**
 * Each user's hourly quota of minted tokens, kept in Postgres (`token_grants`, see
 * `supabase/migrations/`). `claim` throws `UsageGuardUnavailable` when the database cannot
 * answer: the caller must then refuse to mint, never mint unguarded.
 */
export interface UsageGuard {
  claim(userId: string, requestId: string): Promise<QuotaDecision>;
  /** The mint failed upstream: the claimed slot is given back (best effort). */
  release(requestId: string): Promise<void>;
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
const MAX_CLAIMS_PER_CALL = 128;

interface WaitingClaim {
  userId: string;
  requestId: string;
  resolve(decision: QuotaDecision): void;
  reject(error: unknown): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The claim call with its values written into the text, sent as a simple query: one round trip.
 * With `prepare: false`, postgres.js sends a query that has parameters in two (Parse and
 * Describe first, to learn the parameters' types, then Bind and Execute), which made a claim
 * call a second round trip of waiting and of work on both sides. Safe only because every value
 * is checked here first: the ids against `UUID`, the quota as an integer in Postgres's range.
 */
export function claimQuery(batch: readonly { userId: string; requestId: string }[], quota: number) {
  // Postgres's integer, as `claim_token_grants` takes it.
  if (!Number.isInteger(quota) || quota < 1 || quota > 2_147_483_647) {
    throw new RangeError(`the quota must be an integer from 1 to 2^31 - 1, not ${quota}`);
  }
  for (const { userId, requestId } of batch) {
    if (!UUID.test(userId) || !UUID.test(requestId)) throw new RangeError('not a UUID');
  }
  return `select request_id, granted, retry_after_seconds from public.claim_token_grants('{${batch
    .map((claim) => claim.userId)
    .join(',')}}', '{${batch.map((claim) => claim.requestId).join(',')}}', ${quota})`;
}

export function createUsageGuard(sql: SqlClient, quotaPerHour: number): UsageGuard {
  /** Runs a query, bounded in time; every failure becomes `UsageGuardUnavailable`. */
  async function guarded<T>(query: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new UsageGuardUnavailable(`no answer within ${DATABASE_TIMEOUT_MS} ms`)),
        DATABASE_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([query(), timeout]);
    } catch (error) {
      if (error instanceof UsageGuardUnavailable) throw error;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new UsageGuardUnavailable(reason, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  // Claims are sent in batches: one waits only while the calls in flight are full, and then goes
  // with every claim that arrived meanwhile. Alone, a claim is a batch of one, sent at once.
  const waiting: WaitingClaim[] = [];
  let callsInFlight = 0;

  function sendWaiting() {
    while (callsInFlight < MAX_CALLS_IN_FLIGHT && waiting.length > 0) {
      callsInFlight += 1;
      void send(waiting.splice(0, MAX_CLAIMS_PER_CALL)).finally(() => {
        callsInFlight -= 1;
        sendWaiting();
      });
    }
  }

  async function send(batch: WaitingClaim[]) {
    try {
      const rows = await guarded(
        () =>
          sql.unsafe(claimQuery(batch, quotaPerHour)) as Promise<
            { request_id: string; granted: boolean; retry_after_seconds: number | null }[]
          >,
      );
      const answers = new Map(rows.map((row) => [row.request_id, row]));
      for (const claim of batch) {
        // Postgres writes a uuid in lower case.
        const row = answers.get(claim.requestId.toLowerCase());
        if (!row) claim.reject(new UsageGuardUnavailable('the database skipped a claim'));
        else if (row.granted) claim.resolve({ allowed: true });
        else {
          claim.resolve({
            allowed: false,
            retryAfterSeconds: row.retry_after_seconds ?? 60,
            quotaPerHour,
          });
        }
      }
    } catch (error) {
      for (const claim of batch) claim.reject(error);
    }
  }

  return {
    claim(userId, requestId) {
      // Only UUIDs go into the query's text (see `claimQuery`); anything else could never be
      // claimed (the columns are uuid), and is refused alone, not with the rest of its batch.
      if (!UUID.test(userId) || !UUID.test(requestId)) {
        return Promise.reject(
          new UsageGuardUnavailable(`not a UUID: ${UUID.test(userId) ? 'request' : 'user'} id`),
        );
      }
      return new Promise((resolve, reject) => {
        waiting.push({ userId, requestId, resolve, reject });
        sendWaiting();
      });
    },
    async release(requestId) {
      await guarded(() => sql`select public.settle_token_grant(${requestId}::uuid, 'failed')`);
    },
    close: () => sql.end({ timeout: 1 }),
  };
}
