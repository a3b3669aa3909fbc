// The guard's batching and deadlines, with the database replaced: the quota itself is tested
// against a real PostgreSQL in tests/integration/.
import assert from 'node:assert/strict';
import { claimQuery } from '../claim-query.ts';
import { createUsageGuard, type SqlClient, UsageGuardUnavailable } from '../usage-guard.ts';

interface Call {
  text: string;
  userIds: string[];
  sessionIds: string[];
  requestIds: string[];
  quota: number;
  timeoutMs: number;
  notedUserIds: string[];
  notedCounts: number[];
  cancelled: boolean;
  answer(rows: unknown[] | Error): void;
}

const CLAIM_CALL =
  /^set local statement_timeout = (\d+); select request_id, outcome, retry_after_seconds, retry_at from public\.claim_token_grants\('\{([^}']*)\}', '\{([^}']*)\}', '\{([^}']*)\}', (\d+), '\{([^}']*)\}', '\{([^}']*)\}'\)$/;

/** A stand-in for postgres.js: each claim call waits until the test answers it. */
function fakeDatabase() {
  const calls: Call[] = [];
  const settled: string[] = [];
  const unsafe = (text: string) => {
    let answer: Call['answer'] = () => {};
    const pending = new Promise((resolve, reject) => {
      // Two statements, two results, as postgres.js gives them: the `set`'s and the rows.
      answer = (rows) => (rows instanceof Error ? reject(rows) : resolve([[], rows]));
    });
    const [
      ,
      timeoutMs = '',
      userIds = '',
      sessionIds = '',
      requestIds = '',
      quota = '',
      noted = '',
      counts = '',
    ] = CLAIM_CALL.exec(text) ?? [];
    const split = (list: string) => (list ? list.split(',') : []);
    const call: Call = {
      text,
      userIds: split(userIds),
      sessionIds: split(sessionIds),
      requestIds: split(requestIds),
      quota: Number(quota),
      timeoutMs: Number(timeoutMs),
      notedUserIds: split(noted),
      notedCounts: split(counts).map(Number),
      cancelled: false,
      answer,
    };
    calls.push(call);
    return Object.assign(pending, {
      cancel: () => {
        call.cancelled = true;
      },
    });
  };
  // `settle_token_grant(id, 'failed')`, as the tagged template sends it.
  const settle = (_strings: TemplateStringsArray, requestId: string) => {
    settled.push(requestId);
    return Promise.resolve([]);
  };
  const sql = Object.assign(settle, { unsafe }) as unknown as SqlClient;
  return { sql, calls, settled };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Readable UUIDs: `id('a', 1)` is 00000000-0000-4000-8000-a00000000001 (a: users, b: requests, c: sessions). */
const id = (kind: 'a' | 'b' | 'c', n: number) =>
  `00000000-0000-4000-8000-${kind}${String(n).padStart(11, '0')}`;
const [u1, u2, u3] = [1, 2, 3].map((n) => ({ userId: id('a', n), sessionId: id('c', n) })) as [
  { userId: string; sessionId: string },
  { userId: string; sessionId: string },
  { userId: string; sessionId: string },
];
const [r1, r2, r3, r4, r5] = [1, 2, 3, 4, 5].map((n) => id('b', n)) as [
  string,
  string,
  string,
  string,
  string,
];
const granted = (request_id: string) => ({
  request_id,
  outcome: 'granted',
  retry_after_seconds: null,
  retry_at: null,
});
/** A deadline far enough away not to matter. */
const LATER = performance.now() + 3_600_000;

Deno.test('claims that arrive while a call runs go together in the next, each with its answer', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const first = guard.claim(u1, r1, LATER);
  await tick();
  const waiting = [
    guard.claim(u2, r2, LATER),
    guard.claim(u1, r3, LATER),
    guard.claim(u3, r4, LATER),
  ];
  await tick();
  assert.equal(calls.length, 1, 'one call at a time');
  assert.match(calls[0]?.text ?? '', CLAIM_CALL);
  assert.equal(calls[0]?.quota, 10);
  calls[0]?.answer([granted(r1)]);
  assert.deepEqual(await first, { kind: 'granted' });
  await tick();
  assert.deepEqual(calls[1]?.userIds, [u2.userId, u1.userId, u3.userId]);
  assert.deepEqual(calls[1]?.sessionIds, [u2.sessionId, u1.sessionId, u3.sessionId]);
  assert.deepEqual(calls[1]?.requestIds, [r2, r3, r4]);
  calls[1]?.answer([
    { request_id: r4, outcome: 'signed_out', retry_after_seconds: null, retry_at: null },
    granted(r2),
    {
      request_id: r3,
      outcome: 'refused',
      retry_after_seconds: 42,
      retry_at: new Date('2026-12-04T14:00:42.250Z'),
    },
  ]);
  assert.deepEqual(await Promise.all(waiting), [
    { kind: 'granted' },
    {
      kind: 'over_quota',
      retryAfterSeconds: 42,
      retryAt: '2026-12-04T14:00:42.250Z',
    },
    { kind: 'signed_out' },
  ]);
});

Deno.test('a failed call refuses every claim in it as unavailable; the next call goes on', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const claims = [guard.claim(u1, r1, LATER)];
  await tick();
  claims.push(guard.claim(u2, r2, LATER), guard.claim(u3, r3, LATER));
  calls[0]?.answer(new Error('connect ECONNREFUSED'));
  await assert.rejects(claims[0] as Promise<unknown>, UsageGuardUnavailable);
  await tick();
  calls[1]?.answer(new Error('Connection terminated'));
  for (const claim of claims.slice(1)) {
    await assert.rejects(claim, (error: Error) => {
      assert.ok(error instanceof UsageGuardUnavailable);
      assert.match(error.message, /Connection terminated/);
      return true;
    });
  }
  const later = guard.claim(u1, r5, LATER);
  await tick();
  calls[2]?.answer([granted(r5)]);
  assert.deepEqual(await later, { kind: 'granted' });
});

Deno.test('a user known to be over quota is refused from memory; the refusals are counted in a later call', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const first = guard.claim(u1, r1, LATER);
  await tick();
  calls[0]?.answer([
    {
      request_id: r1,
      outcome: 'refused',
      retry_after_seconds: 600,
      retry_at: new Date('2026-12-04T14:10:00Z'),
    },
  ]);
  assert.equal((await first).kind, 'over_quota');
  const again = await Promise.all([guard.claim(u1, r2, LATER), guard.claim(u1, r3, LATER)]);
  for (const refusal of again) {
    assert.equal(refusal.kind, 'over_quota');
    assert.equal(refusal.kind === 'over_quota' && refusal.retryAt, '2026-12-04T14:10:00.000Z');
  }
  assert.equal(calls.length, 1, 'no call for a refusal known already');
  // Another user's claim goes at once, carrying the two refusals answered from memory.
  const other = guard.claim(u2, r4, LATER);
  await tick();
  assert.deepEqual(calls[1]?.userIds, [u2.userId]);
  assert.deepEqual([calls[1]?.notedUserIds, calls[1]?.notedCounts], [[u1.userId], [2]]);
  calls[1]?.answer([granted(r4)]);
  assert.deepEqual(await other, { kind: 'granted' });
  // With no claim to carry them, refusals are sent alone within a second.
  await guard.claim(u1, r5, LATER);
  await sleep(1_100);
  assert.deepEqual([calls[2]?.userIds, calls[2]?.notedCounts], [[], [1]]);
  calls[2]?.answer([]);
});

Deno.test('a slot given back (Deepgram failed) is free again at once for that user', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const first = guard.claim(u1, r1, LATER);
  await tick();
  calls[0]?.answer([
    { request_id: r1, outcome: 'refused', retry_after_seconds: 600, retry_at: new Date() },
  ]);
  await first;
  await guard.release(r2, u1.userId);
  const next = guard.claim(u1, r3, LATER);
  await tick();
  assert.deepEqual(calls.at(-1)?.requestIds, [r3], 'asked the database again');
  calls.at(-1)?.answer([granted(r3)]);
  assert.deepEqual(await next, { kind: 'granted' });
});

Deno.test('a claim the database did not answer is refused as unavailable, never allowed', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const first = guard.claim(u1, r1, LATER);
  await tick();
  calls[0]?.answer([]);
  await assert.rejects(first, /skipped a claim/);
});

Deno.test('a claim waiting for its turn is refused at its deadline, not when its turn comes', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const stuck = guard.claim(u1, r1, performance.now() + 40);
  await tick();
  const queuedAt = performance.now();
  const queued = guard.claim(u2, r2, queuedAt + 60);
  await assert.rejects(stuck, /no answer within/);
  await assert.rejects(queued, /no answer within/);
  const waited = performance.now() - queuedAt;
  assert.ok(waited >= 55 && waited < 200, `refused after ${waited} ms`);
  assert.equal(calls.length, 1, 'the queued claim was never sent');
  assert.ok((calls[0]?.timeoutMs ?? 0) <= 40, 'the database gives up when the claim would');
  assert.equal(calls[0]?.cancelled, true, 'the call nobody waits for is cancelled');
});

Deno.test('a grant the database answers after its claim gave up is settled as failed', async () => {
  const { sql, calls, settled } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const claim = guard.claim(u1, r1, performance.now() + 20);
  await assert.rejects(claim, UsageGuardUnavailable);
  calls[0]?.answer([granted(r1)]);
  await sleep(10);
  assert.deepEqual(settled, [r1]);
});

Deno.test('a claim whose time is already up is refused without a call', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  await assert.rejects(guard.claim(u1, r1, performance.now() - 1), /no time left/);
  assert.equal(calls.length, 0);
});

Deno.test('ids that are not UUIDs never reach the query text, and are refused alone', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const hostile = "x'}', '{}', 1); drop table public.token_grants; --";
  await assert.rejects(guard.claim({ ...u1, userId: hostile }, r1, LATER), UsageGuardUnavailable);
  await assert.rejects(guard.claim({ ...u1, sessionId: hostile }, r1, LATER), /session id/);
  await assert.rejects(guard.claim(u1, hostile, LATER), UsageGuardUnavailable);
  const fine = guard.claim(u2, r2, LATER);
  await tick();
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0]?.userIds, [u2.userId]);
  calls[0]?.answer([granted(r2)]);
  assert.deepEqual(await fine, { kind: 'granted' });
  const one = (over: Record<string, string>) => [{ ...u1, requestId: r1, ...over }];
  const query = (batch: ReturnType<typeof one>, quota = 10, noted = new Map(), timeoutMs = 3_000) =>
    claimQuery(batch, quota, noted, timeoutMs);
  assert.throws(() => query(one({ userId: hostile })), RangeError);
  assert.throws(() => query(one({ sessionId: hostile })), RangeError);
  assert.throws(() => query(one({}), 1.5), RangeError);
  assert.throws(() => query(one({}), 2 ** 31), RangeError);
  assert.throws(() => query(one({}), 10, new Map([[hostile, 1]])), RangeError);
  assert.throws(() => query(one({}), 10, new Map([[u1.userId, 0.5]])), RangeError);
  assert.throws(() => query(one({}), 10, new Map(), 0), RangeError);
});

Deno.test('upper-case UUIDs are matched to the lower-case ids Postgres answers with', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const upper = { userId: u1.userId.toUpperCase(), sessionId: u1.sessionId.toUpperCase() };
  const claim = guard.claim(upper, r1.toUpperCase(), LATER);
  await tick();
  calls[0]?.answer([granted(r1)]);
  assert.deepEqual(await claim, { kind: 'granted' });
});
