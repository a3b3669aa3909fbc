// The background's token broker as the extension's pages see it: the real built extension in
// Chromium, signed in against the local stack (local Auth, the real token function under Deno,
// the Deepgram stand-in). Measures a cached token's message round trip next to a round trip that
// does no work, and counts the mints behind 100 concurrent requests after a fresh sign-in.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gotoPastFirstInstall, launchWithExtension } from '../scripts/chromium.mjs';
import { startConfiguredStack } from '../scripts/configured-build.mjs';
import { envelope, pageMessenger } from '../scripts/messenger.mjs';
import { median } from './load.mjs';
import { size } from './mode.mjs';

const USER = { email: 'bench@example.com', password: 'bench password' };
const ROUND_TRIPS = size(2_000, 50);
const WARMUP_ROUND_TRIPS = size(200, 10);
const RUNS = size(5, 1);
const CONCURRENT_REQUESTS = size(100, 10);
const FRESH_SIGN_INS = size(5, 1);

/**
 * Runs in the page: `count` sequential round trips of one message, each timed.
 * @param {{ message: unknown, count: number }} args
 */
async function timeRoundTrips({ message, count }) {
  const runtime = /** @type {any} */ (globalThis).chrome.runtime;
  const times = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await runtime.sendMessage(message);
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * Runs in the page: `count` requests for a token at once; how many came back with a token, how
 * many distinct tokens, and how long until the last answer.
 * @param {{ message: unknown, count: number }} args
 */
async function concurrentTokenRequests({ message, count }) {
  const runtime = /** @type {any} */ (globalThis).chrome.runtime;
  const start = performance.now();
  const answers = await Promise.all(
    Array.from({ length: count }, () => runtime.sendMessage(message)),
  );
  return {
    ms: performance.now() - start,
    ok: answers.filter((answer) => answer?.ok).length,
    distinct: new Set(answers.map((answer) => answer?.value?.token)).size,
  };
}

/** @param {number[]} sorted @param {number} fraction */
const percentile = (sorted, fraction) =>
  /** @type {number} */ (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]);

export async function run() {
  const stack = await startConfiguredStack({ name: 'bench', users: [USER] });
  const userDataDir = await mkdtemp(join(tmpdir(), 'tabscribe-bench-'));
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  try {
    const launched = await launchWithExtension(stack.extensionDir, { userDataDir });
    context = launched.context;
    // The options page asks for tokens like any extension page, and (unlike the popup) does not
    // warm one when it opens, so the fresh-sign-in rows start from an empty cache.
    const page = await context.newPage();
    await gotoPastFirstInstall(page, `chrome-extension://${launched.extensionId}/options.html`);
    const grantsIssued = async () =>
      /** @type {{ count: number }} */ (
        await (await fetch(`${stack.deepgramUrl}/__stand-in/grants`)).json()
      ).count;
    const send = pageMessenger(page);
    await send('account.sign-in-password', USER);

    // A message the background's router does not own gets no answer: the bare cost of a round
    // trip to the service worker, the floor under every row.
    const rows = [
      {
        name: 'round trip, no work (baseline)',
        message: { channel: 'tabscribe-bench', type: 'none' },
      },
      { name: 'account.get (session from storage)', message: envelope('account.get', {}) },
      { name: 'token.get, cached token', message: envelope('token.get', {}) },
    ];
    for (const { message } of rows) {
      await page.evaluate(timeRoundTrips, { message, count: WARMUP_ROUND_TRIPS });
    }
    const grantsBefore = await grantsIssued();
    const perRun = rows.map(() => /** @type {{ p50: number, p99: number }[]} */ ([]));
    // Interleaved runs, so a slow moment of the machine lands on every row alike.
    for (let runIndex = 0; runIndex < RUNS; runIndex += 1) {
      for (const [index, { message }] of rows.entries()) {
        const times = await page.evaluate(timeRoundTrips, { message, count: ROUND_TRIPS });
        times.sort((a, b) => a - b);
        perRun[index]?.push({ p50: percentile(times, 0.5), p99: percentile(times, 0.99) });
      }
    }
    const cachedMints = (await grantsIssued()) - grantsBefore;
    const results = perRun.map((runs) => ({
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
    }));
    const baselineP50 = results[0]?.p50 ?? Number.NaN;
    const roundTrips = rows.map(({ name }, index) => {
      const { p50, p99 } = results[index] ?? { p50: Number.NaN, p99: Number.NaN };
      return {
        message: name,
        'p50 ms': Number(p50.toFixed(2)),
        'p99 ms': Number(p99.toFixed(2)),
        'p50 / baseline': Number((p50 / baselineP50).toFixed(2)),
      };
    });

    /** @type {Record<string, string | number>[]} */
    const freshSignIns = [];
    for (let round = 1; round <= FRESH_SIGN_INS; round += 1) {
      await send('account.sign-out');
      await send('account.sign-in-password', USER);
      const before = await grantsIssued();
      const answer = await page.evaluate(concurrentTokenRequests, {
        message: envelope('token.get', {}),
        count: CONCURRENT_REQUESTS,
      });
      freshSignIns.push({
        round,
        requests: CONCURRENT_REQUESTS,
        'answered with a token': answer.ok,
        'distinct tokens': answer.distinct,
        mints: (await grantsIssued()) - before,
        'ms to last answer': Number(answer.ms.toFixed(1)),
      });
    }

    return [
      {
        title: `token delivery to an extension page: median of ${RUNS} runs × ${ROUND_TRIPS} sequential round trips, timer resolution 0.1 ms (mints during them: ${cachedMints})`,
        rows: roundTrips,
      },
      {
        title: `${CONCURRENT_REQUESTS} concurrent token.get right after signing in (empty cache): mints must be 1`,
        rows: freshSignIns,
      },
    ];
  } finally {
    await context?.close();
    await rm(userDataDir, { recursive: true, force: true });
    await stack.stop();
  }
}
