// The guard's batching, with the database replaced: the quota itself is tested against a real
// PostgreSQL in tests/integration/usage-guard.test.ts.
import assert from 'node:assert/strict';
import {
  claimQuery,
  createUsageGuard,
  type SqlClient,
  UsageGuardUnavailable,
} from '../usage-guard.ts';

interface Call {
  text: string;
  userIds: string[];
  requestIds: string[];
  quota: number;
  answer(rows: unknown[] | Error): void;
}

const CLAIM_CALL =
  /^select request_id, granted, retry_after_seconds from public\.claim_token_grants\('\{([^}']*)\}', '\{([^}']*)\}', (\d+)\)$/;

/** A stand-in for postgres.js's `sql.unsafe`: each call waits until the test answers it. */
function fakeDatabase() {
  const calls: Call[] = [];
  const sql = {
    unsafe: (text: string) =>
      new Promise((resolve, reject) => {
        const [, userIds = '', requestIds = '', quota = ''] = CLAIM_CALL.exec(text) ?? [];
        calls.push({
          text,
          userIds: userIds.split(','),
          requestIds: requestIds.split(','),
          quota: Number(quota),
          answer: (rows) => (rows instanceof Error ? reject(rows) : resolve(rows)),
        });
      }),
  } as unknown as SqlClient;
  return { sql, calls };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Readable UUIDs: `id('a', 1)` is 00000000-0000-4000-8000-a00000000001 (a: users, b: requests). */
const id = (kind: 'a' | 'b', n: number) =>
  `00000000-0000-4000-8000-${kind}${String(n).padStart(11, '0')}`;
const [u1, u2, u3] = [1, 2, 3].map((n) => id('a', n)) as [string, string, string];
const [r1, r2, r3, r4, r5] = [1, 2, 3, 4, 5].map((n) => id('b', n)) as [
  string,
  string,
  string,
  string,
  string,
];

Deno.test('claims that arrive while a call runs go together in the next, each with its answer', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const first = guard.claim(u1, r1);
  await tick();
  const waiting = [guard.claim(u2, r2), guard.claim(u1, r3), guard.claim(u3, r4)];
  await tick();
  assert.equal(calls.length, 1, 'one call at a time');
  assert.match(calls[0]?.text ?? '', CLAIM_CALL);
  assert.equal(calls[0]?.quota, 10);
  calls[0]?.answer([{ request_id: r1, granted: true, retry_after_seconds: null }]);
  assert.deepEqual(await first, { allowed: true });
  await tick();
  assert.deepEqual(calls[1]?.userIds, [u2, u1, u3]);
  assert.deepEqual(calls[1]?.requestIds, [r2, r3, r4]);
  calls[1]?.answer([
    { request_id: r4, granted: true, retry_after_seconds: null },
    { request_id: r2, granted: true, retry_after_seconds: null },
    { request_id: r3, granted: false, retry_after_seconds: 42 },
  ]);
  assert.deepEqual(await Promise.all(waiting), [
    { allowed: true },
    { allowed: false, retryAfterSeconds: 42, quotaPerHour: 10 },
    { allowed: true },
  ]);
});

Deno.test('a failed call refuses every claim in it as unavailable; the next call goes on', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const claims = [guard.claim(u1, r1)];
  await tick();
  claims.push(guard.claim(u2, r2), guard.claim(u3, r3));
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
  const later = guard.claim(u1, r5);
  await tick();
  calls[2]?.answer([{ request_id: r5, granted: true, retry_after_seconds: null }]);
  assert.deepEqual(await later, { allowed: true });
});

Deno.test('a claim the database did not answer is refused as unavailable, never allowed', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const first = guard.claim(u1, r1);
  await tick();
  calls[0]?.answer([]);
  await assert.rejects(first, /skipped a claim/);
});

Deno.test('ids that are not UUIDs never reach the query text, and are refused alone', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const hostile = "x'}', '{}', 1); drop table public.token_grants; --";
  await assert.rejects(guard.claim(hostile, r1), UsageGuardUnavailable);
  await assert.rejects(guard.claim(u1, hostile), UsageGuardUnavailable);
  const fine = guard.claim(u2, r2);
  await tick();
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0]?.userIds, [u2]);
  calls[0]?.answer([{ request_id: r2, granted: true, retry_after_seconds: null }]);
  assert.deepEqual(await fine, { allowed: true });
  assert.throws(() => claimQuery([{ userId: hostile, requestId: r1 }], 10), RangeError);
  assert.throws(() => claimQuery([{ userId: u1, requestId: r1 }], 1.5), RangeError);
  assert.throws(() => claimQuery([{ userId: u1, requestId: r1 }], 2 ** 31), RangeError);
});

Deno.test('upper-case UUIDs are matched to the lower-case ids Postgres answers with', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const claim = guard.claim(u1.toUpperCase(), r1.toUpperCase());
  await tick();
  calls[0]?.answer([{ request_id: r1, granted: true, retry_after_seconds: null }]);
  assert.deepEqual(await claim, { allowed: true });
});
