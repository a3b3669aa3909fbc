// The token function's throughput, latency and CPU per request, next to the Deepgram stand-in's
// own, measured in the same run: what the function adds is the difference. Then the usage
// guard's cost: the same function with its quota kept in a local PostgreSQL, against it with the
// guard off (bench/mint-guard.mjs); then its memory over many mints (bench/mint-memory.mjs).
import postgres from 'postgres';
import {
  startDeepgramStandIn,
  startLocalDatabase,
  startTokenFunction,
} from '../scripts/processes.mjs';
import { closedLoop, median } from './load.mjs';
import { measureGuard } from './mint-guard.mjs';
import { measureMintMemory } from './mint-memory.mjs';
import { ISSUER, userTokensAndKeys } from './mint-tokens.mjs';
import { size } from './mode.mjs';
import { cpuMs, withCpu } from './proc-stats.mjs';

const RUNS = size(3, 1);
const RUN_MS = size(2_000, 200);
const WARMUP_MS = size(1_000, 100);
const CONCURRENCY = [1, 16, 64];
const MEMORY_MINTS = size(100_000, 1_000);
const API_KEY = 'bench-master-key';
// More distinct tokens than the function's verified-token cache holds (10,000), used in turn, so
// every request of the "new token" rows pays for a full signature check.
const DISTINCT_TOKENS = size(20_000, 200);
// The guard rows: this many users (fewer than the verified-token cache holds, so no row pays for
// signature checks), each asking in turn, with a quota none of them reaches in the run.
const GUARD_USERS = size(5_000, 50);
const GUARD_QUOTA = 1_000;
const GUARD_CONCURRENCY = [1, 64];
const GUARD_PAIRS = size(5, 1);

/**
 * Median of RUNS timed runs after a warm-up, and the CPU time the answering process (`pid`)
 * spent per request over them: throughput at 64 concurrent is bounded by the load generator on
 * the same cores, CPU per request is the process's own cost.
 * @param {string} url
 * @param {number} pid
 * @param {Record<string, string> | ((index: number) => Record<string, string>)} headers
 * @param {number} concurrency
 */
async function measure(url, pid, headers, concurrency) {
  await closedLoop({ url, headers, concurrency, durationMs: WARMUP_MS });
  const runs = [];
  let cpu = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const timed = await withCpu(
      () => cpuMs(pid),
      () => closedLoop({ url, headers, concurrency, durationMs: RUN_MS }),
    );
    runs.push(timed.result);
    cpu += timed.cpuMs;
  }
  const count = runs.reduce((sum, r) => sum + r.count, 0);
  return {
    perSecond: median(runs.map((r) => r.perSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    cpuUsPerRequest: (cpu * 1000) / Math.max(1, count),
  };
}

export async function run() {
  const { tokens, sessions, jwks } = await userTokensAndKeys(DISTINCT_TOKENS);
  const standIn = await startDeepgramStandIn({ apiKey: API_KEY });
  const fnEnv = {
    DEEPGRAM_API_KEY: API_KEY,
    DEEPGRAM_API_URL: standIn.url,
    SUPABASE_JWKS: JSON.stringify(jwks),
    SUPABASE_AUTH_ISSUERS: ISSUER,
  };
  const fn = await startTokenFunction({ ...fnEnv, DEEPGRAM_TOKEN_QUOTA_PER_HOUR: '0' });
  const database = await startLocalDatabase();
  // Every token's session is signed in, as Auth records it in `auth.sessions`.
  const sessionsSql = postgres(database.url, { max: 1, onnotice: () => {} });
  await sessionsSql`insert into auth.sessions ${sessionsSql(
    sessions.map(({ userId, sessionId }) => ({ id: sessionId, user_id: userId })),
  )}`;
  await sessionsSql.end();
  const guarded = await startTokenFunction({
    ...fnEnv,
    SUPABASE_DB_URL: database.url,
    DEEPGRAM_TOKEN_QUOTA_PER_HOUR: String(GUARD_QUOTA),
  });
  const grantUrl = `${standIn.url}/v1/auth/grant`;
  const grantHeaders = {
    Authorization: `Token ${API_KEY}`,
    'Content-Type': 'application/json',
    'Content-Length': '0',
  };
  const oneUser = { Authorization: `Bearer ${tokens[0]}`, 'Content-Length': '0' };
  let next = 0;
  const newTokenEachTime = () => ({
    Authorization: `Bearer ${tokens[next++ % tokens.length]}`,
    'Content-Length': '0',
  });
  const setDelay = (/** @type {number} */ delayMs) =>
    fetch(`${standIn.url}/__stand-in/grant-fault`, {
      method: 'PUT',
      body: JSON.stringify(delayMs ? { delayMs } : {}),
    });

  /** @type {Record<string, string | number>[]} */
  const throughput = [];
  /** @type {Map<string, Awaited<ReturnType<typeof measure>>>} */
  const results = new Map();
  try {
    for (const delayMs of [0, 50]) {
      await setDelay(delayMs);
      for (const concurrency of CONCURRENCY) {
        for (const [target, url, pid, headers] of /** @type {const} */ ([
          ['stand-in grant alone', grantUrl, standIn.pid, grantHeaders],
          ['function, one user (token seen before)', fn.url, fn.pid, oneUser],
          ['function, a new token each request', fn.url, fn.pid, newTokenEachTime],
        ])) {
          const result = await measure(url, pid, headers, concurrency);
          results.set(`${target}/${delayMs}/${concurrency}`, result);
          throughput.push({
            target,
            'grant delay': `${delayMs} ms`,
            concurrency,
            'per second': Math.round(result.perSecond),
            'p50 ms': Number(result.p50.toFixed(2)),
            'p99 ms': Number(result.p99.toFixed(2)),
            failures: result.failures,
            'CPU µs per request': Math.round(result.cpuUsPerRequest),
          });
        }
      }
    }

    await setDelay(0);
    let nextUser = 0;
    const manyUsers = () => ({
      Authorization: `Bearer ${tokens[nextUser++ % GUARD_USERS]}`,
      'Content-Length': '0',
    });
    const guardRows = await measureGuard({
      off: fn,
      on: guarded,
      databasePid: /** @type {number} */ (database.pid),
      headers: manyUsers,
      concurrencies: GUARD_CONCURRENCY,
      pairs: GUARD_PAIRS,
      runMs: RUN_MS,
      warmupMs: WARMUP_MS,
    });
    const sql = postgres(database.url, { max: 1 });
    const [counted] = await sql`
      select count(*)::int as grants from public.token_grants where outcome = 'granted'`;
    await sql.end();
    const grants = /** @type {number} */ (counted?.grants);

    const memory = await measureMintMemory({
      env: { ...fnEnv, DEEPGRAM_TOKEN_QUOTA_PER_HOUR: '0' },
      headers: newTokenEachTime,
      mints: MEMORY_MINTS,
    });

    const get = (/** @type {string} */ key) =>
      /** @type {Awaited<ReturnType<typeof measure>>} */ (results.get(key));
    const summary = [0, 50].flatMap((delayMs) =>
      ['function, one user (token seen before)', 'function, a new token each request'].map(
        (target) => ({
          target,
          'grant delay': `${delayMs} ms`,
          'p50 added at 1 concurrent (ms)': Number(
            (
              get(`${target}/${delayMs}/1`).p50 - get(`stand-in grant alone/${delayMs}/1`).p50
            ).toFixed(3),
          ),
          'throughput ÷ stand-in at 64': Number(
            (
              get(`${target}/${delayMs}/64`).perSecond /
              get(`stand-in grant alone/${delayMs}/64`).perSecond
            ).toFixed(2),
          ),
          // What the ratio cannot show on two cores shared with the load generator: the
          // function's own cost, beside the stand-in's for a bare grant.
          'function CPU µs/mint at 64': Math.round(get(`${target}/${delayMs}/64`).cpuUsPerRequest),
          'stand-in CPU µs/grant at 64': Math.round(
            get(`stand-in grant alone/${delayMs}/64`).cpuUsPerRequest,
          ),
        }),
      ),
    );
    return [
      {
        title: `Token minting: medians of ${RUNS} × ${RUN_MS / 1000} s runs (targets: ≥ 4,000/s at 64 with 0 ms delay)`,
        rows: throughput,
      },
      { title: 'What the function adds (target: ≤ 1 ms p50 at 1 concurrent)', rows: summary },
      {
        title: `Usage guard: ${GUARD_USERS.toLocaleString('en')} users in turn, quota ${GUARD_QUOTA}/h, ${GUARD_PAIRS} alternating off/on pairs of ${RUN_MS / 1000} s runs; ${grants.toLocaleString('en')} grants recorded (target: on ÷ off ≥ 0.75 at 64)`,
        rows: guardRows,
      },
      memory,
    ];
  } finally {
    await Promise.all([fn.stop(), guarded.stop(), standIn.stop()]);
    await database.destroy();
  }
}
