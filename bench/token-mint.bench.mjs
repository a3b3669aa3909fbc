// The token function's throughput and latency, next to the Deepgram stand-in's own, measured in
// the same run: what the function adds is the difference. Then the usage guard's cost: the same
// function with its quota kept in a local PostgreSQL, against it with the guard off.
import { readFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import postgres from 'postgres';
import {
  startDeepgramStandIn,
  startLocalDatabase,
  startTokenFunction,
} from '../scripts/processes.mjs';
import { closedLoop, median } from './load.mjs';
import { size } from './mode.mjs';

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
// Tokens name this issuer, as Supabase Auth's name the project's, and the function accepts it.
const ISSUER = 'http://127.0.0.1:54321/auth/v1';

/** @param {number} pid */
function rssMiB(pid) {
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kib / 1024;
}

async function userTokensAndKeys() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' }],
  };
  const sessions = Array.from({ length: DISTINCT_TOKENS }, () => ({
    userId: crypto.randomUUID(),
    sessionId: crypto.randomUUID(),
  }));
  const sign = (/** @type {{ userId: string, sessionId: string }} */ session) =>
    new SignJWT({
      role: 'authenticated',
      is_anonymous: false,
      email: 'bench@example.com',
      session_id: session.sessionId,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setIssuer(ISSUER)
      .setSubject(session.userId)
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
  const tokens = await Promise.all(sessions.map(sign));
  return { tokens, sessions, jwks };
}

/**
 * Median of RUNS timed runs after a warm-up.
 * @param {string} url
 * @param {Record<string, string> | ((index: number) => Record<string, string>)} headers
 * @param {number} concurrency
 */
async function measure(url, headers, concurrency) {
  await closedLoop({ url, headers, concurrency, durationMs: WARMUP_MS });
  const runs = [];
  for (let run = 0; run < RUNS; run += 1)
    runs.push(await closedLoop({ url, headers, concurrency, durationMs: RUN_MS }));
  return {
    perSecond: median(runs.map((r) => r.perSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
  };
}

export async function run() {
  const { tokens, sessions, jwks } = await userTokensAndKeys();
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
  /** @type {Map<string, { perSecond: number, p50: number, p99: number }>} */
  const results = new Map();
  try {
    for (const delayMs of [0, 50]) {
      await setDelay(delayMs);
      for (const concurrency of CONCURRENCY) {
        for (const [target, url, headers] of /** @type {const} */ ([
          ['stand-in grant alone', grantUrl, grantHeaders],
          ['function, one user (token seen before)', fn.url, oneUser],
          ['function, a new token each request', fn.url, newTokenEachTime],
        ])) {
          const result = await measure(url, headers, concurrency);
          results.set(`${target}/${delayMs}/${concurrency}`, result);
          throughput.push({
            target,
            'grant delay': `${delayMs} ms`,
            concurrency,
            'per second': Math.round(result.perSecond),
            'p50 ms': Number(result.p50.toFixed(2)),
            'p99 ms': Number(result.p99.toFixed(2)),
            failures: result.failures,
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
    /** @type {Record<string, string | number>[]} */
    const guardRows = [];
    for (const concurrency of GUARD_CONCURRENCY) {
      // Off and on alternate, run by run, so a machine slowing down mid-benchmark weighs on both
      // alike; the ratio is the median of each pair's.
      await closedLoop({ url: fn.url, headers: manyUsers, concurrency, durationMs: WARMUP_MS });
      await closedLoop({
        url: guarded.url,
        headers: manyUsers,
        concurrency,
        durationMs: WARMUP_MS,
      });
      /** @type {Awaited<ReturnType<typeof closedLoop>>[]} */
      const offRuns = [];
      /** @type {Awaited<ReturnType<typeof closedLoop>>[]} */
      const onRuns = [];
      for (let run = 0; run < GUARD_PAIRS; run += 1) {
        const settings = { headers: manyUsers, concurrency, durationMs: RUN_MS };
        offRuns.push(await closedLoop({ url: fn.url, ...settings }));
        onRuns.push(await closedLoop({ url: guarded.url, ...settings }));
      }
      const ratio = median(onRuns.map((on, run) => on.perSecond / (offRuns[run]?.perSecond ?? 1)));
      for (const [guard, runs] of /** @type {const} */ ([
        ['off', offRuns],
        ['on', onRuns],
      ])) {
        guardRows.push({
          guard,
          concurrency,
          'per second': Math.round(median(runs.map((r) => r.perSecond))),
          'p50 ms': Number(median(runs.map((r) => r.p50)).toFixed(2)),
          'p99 ms': Number(median(runs.map((r) => r.p99)).toFixed(2)),
          failures: runs.reduce((sum, r) => sum + r.failures, 0),
          'on ÷ off (median of pairs)': guard === 'on' ? Number(ratio.toFixed(2)) : '',
        });
      }
    }
    const sql = postgres(database.url, { max: 1 });
    const [counted] = await sql`
      select count(*)::int as grants from public.token_grants where outcome = 'granted'`;
    await sql.end();
    const grants = /** @type {number} */ (counted?.grants);

    // Warm first (JIT, caches full, connection pools open), so growth after it means a leak.
    await closedLoop({
      url: fn.url,
      headers: newTokenEachTime,
      concurrency: 64,
      requests: MEMORY_MINTS / 5,
    });
    const rssBefore = rssMiB(fn.pid);
    const firstHalf = await closedLoop({
      url: fn.url,
      headers: newTokenEachTime,
      concurrency: 64,
      requests: MEMORY_MINTS / 2,
    });
    const rssHalfway = rssMiB(fn.pid);
    const secondHalf = await closedLoop({
      url: fn.url,
      headers: newTokenEachTime,
      concurrency: 64,
      requests: MEMORY_MINTS / 2,
    });
    const rssAfter = rssMiB(fn.pid);

    const get = (/** @type {string} */ key) =>
      /** @type {{ perSecond: number, p50: number }} */ (results.get(key));
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
        }),
      ),
    );
    const memory = [
      {
        mints: firstHalf.count + secondHalf.count,
        failures: firstHalf.failures + secondHalf.failures,
        'RSS before (MiB)': Number(rssBefore.toFixed(1)),
        'RSS halfway (MiB)': Number(rssHalfway.toFixed(1)),
        'RSS after (MiB)': Number(rssAfter.toFixed(1)),
        'growth (MiB)': Number((rssAfter - rssBefore).toFixed(1)),
      },
    ];
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
      {
        title: `Function memory over ${MEMORY_MINTS.toLocaleString('en')} mints at 64 concurrent (target: flat)`,
        rows: memory,
      },
    ];
  } finally {
    await Promise.all([fn.stop(), guarded.stop(), standIn.stop()]);
    await database.destroy();
  }
}
