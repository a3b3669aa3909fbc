// The token function's memory over many mints: its JS heap after a forced collection, read
// through V8's inspector (the function started with --inspect), and its RSS, every tenth. The heap is what a
// leak grows; RSS also moves with the allocator's and V8's own reserves, so it is shown beside.
import { startTokenFunction } from '../scripts/processes.mjs';
import { connectCdp, heapAfterGc } from './cdp.mjs';
import { closedLoop } from './load.mjs';
import { rssMiB } from './proc-stats.mjs';

// Flat: less than this between the first checkpoint and the last. By the first (a tenth of the
// mints, 10,000 in a full run) the function's verified-token cache (10,000 entries) is full and
// its code warm, so nothing is meant to grow after it. 1 MiB over 90,000 mints is under 12
// bytes a mint: one object kept per mint (16 bytes at the least) would exceed it.
const FLAT_BYTES = 1024 * 1024;
const CONCURRENCY = 64;

/**
 * @param {{ env: Record<string, string>, headers: () => Record<string, string>, mints: number }} options
 *   `env`: the function's environment (guard off); `headers`: a new user's token each request
 */
export async function measureMintMemory({ env, headers, mints }) {
  const fn = await startTokenFunction(env, { inspect: true });
  const cdp = fn.inspectorUrl ? await connectCdp(fn.inspectorUrl) : null;
  try {
    if (!cdp) throw new Error(`the function named no inspector:\n${fn.output()}`);
    /** @type {{ mints: number, failures: number, heap: number, rss: number }[]} */
    const samples = [{ mints: 0, failures: 0, heap: await heapAfterGc(cdp), rss: rssMiB(fn.pid) }];
    let done = 0;
    let failures = 0;
    // Every tenth: a leak shows as a trend, a table resizing or a collection's timing as a swing.
    for (let tenth = 1; tenth <= 10; tenth += 1) {
      const checkpoint = (mints * tenth) / 10;
      const run = await closedLoop({
        url: fn.url,
        headers,
        concurrency: CONCURRENCY,
        requests: checkpoint - done,
      });
      done += run.count;
      failures += run.failures;
      samples.push({ mints: done, failures, heap: await heapAfterGc(cdp), rss: rssMiB(fn.pid) });
    }
    const first = /** @type {(typeof samples)[number]} */ (samples[1]);
    const last = /** @type {(typeof samples)[number]} */ (samples.at(-1));
    const growth = last.heap - first.heap;
    const since = samples.slice(1).map((sample) => sample.heap - first.heap);
    const swing = Math.max(...since) - Math.min(...since);
    const mib = (/** @type {number} */ bytes) => Number((bytes / 1024 / 1024).toFixed(2));
    return {
      title: `Function memory over ${mints.toLocaleString('en')} mints at ${CONCURRENCY} concurrent, a new token each (target: flat, JS heap after GC growing < 1 MiB from ${first.mints.toLocaleString('en')} to ${last.mints.toLocaleString('en')}: ${growth < FLAT_BYTES ? 'met' : 'not met'}, ${mib(growth)} MiB; checkpoints from the first on span ${mib(swing)} MiB)`,
      rows: samples.map((sample) => ({
        mints: sample.mints,
        failures: sample.failures,
        'JS heap after GC (MiB)': mib(sample.heap),
        'heap since first checkpoint (KiB)':
          sample.mints >= first.mints ? Math.round((sample.heap - first.heap) / 1024) : '',
        'RSS (MiB)': Number(sample.rss.toFixed(1)),
      })),
    };
  } finally {
    cdp?.close();
    await fn.stop();
  }
}
