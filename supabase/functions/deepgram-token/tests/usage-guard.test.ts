// The guard's batching, with the database replaced: the quota itself is tested against a real
// PostgreSQL in tests/integration/usage-guard.test.ts.
import assert from 'node:assert/strict';
import { createUsageGuard, type SqlClient, UsageGuardUnavailable } from '../usage-guard.ts';

interface Call {
  userIds: string[];
  requestIds: string[];
  answer(rows: unknown[] | Error): void;
}

/** A stand-in for postgres.js's tagged template: each call waits until the test answers it. */
function fakeDatabase() {
  const calls: Call[] = [];
  const sql = ((_strings: TemplateStringsArray, ...values: unknown[]) =>
    new Promise((resolve, reject) => {
      calls.push({
        userIds: values[0] as string[],
        requestIds: values[1] as string[],
        answer: (rows) => (rows instanceof Error ? reject(rows) : resolve(rows)),
      });
    })) as unknown as SqlClient;
  return { sql, calls };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test('claims that arrive while a call runs go together in the next, each with its answer', async () => {
  const { sql, calls } = fakeDatabase();
  const guard = createUsageGuard(sql, 10);
  const first = guard.claim('u1', 'r1');
  await tick();
  const waiting = [guard.claim('u2', 'r2'), guard.claim('u1', 'r3'), guard.claim('u3', 'r4')];
  await tick();
  assert.equal(calls.length, 1, 'one call at a time');
  calls[0]?.answer([{ request_id: 'r1', granted: true, retry_after_seconds: null }]);
  assert.deepEqual(await first, { allowed: true });
  await tick();
  assert.deepEqual(calls[1]?.userIds, ['u2', 'u1', 'u3']);
  assert.deepEqual(calls[1]?.requestIds, ['r2', 'r3', 'r4']);
  calls[1]?.answer([
    { request_id: 'r4', granted: true, retry_after_seconds: null },
    { request_id: 'r2', granted: true, retry_after_seconds: null },
    { request_id: 'r3', granted: false, retry_after_seconds: 42 },
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
  const claims = [guard.claim('u1', 'r1')];
  await tick();
  claims.push(guard.claim('u2', 'r2'), guard.claim('u3', 'r3'));
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
  const later = guard.claim('u1', 'r5');
  await tick();
  calls[2]?.answer([{ request_id: 'r5', granted: true, retry_after_seconds: null }]);
  assert.deepEqual(await later, { allowed: true });
});
