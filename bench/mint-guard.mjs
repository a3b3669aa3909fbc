// The usage guard's cost: the token function with its quota kept in PostgreSQL against the same
// function with the guard off, in throughput and in CPU per mint. Throughput at 64 concurrent is
// bounded by the load generator sharing the machine's cores; CPU per mint is not, so it is
// reported beside it: the function's own, and the database's (its server and backends).
import { closedLoop, median } from './load.mjs';
import { cpuMs, cpuMsWithChildren, withCpu } from './proc-stats.mjs';

/**
 * @param {{
 *   off: { url: string, pid: number },
 *   on: { url: string, pid: number },
 *   databasePid: number,
 *   headers: () => Record<string, string>,
 *   concurrencies: number[],
 *   pairs: number,
 *   runMs: number,
 *   warmupMs: number,
 * }} options
 * @returns {Promise<Record<string, string | number>[]>}
 */
export async function measureGuard({ off, on, databasePid, headers, concurrencies, ...timing }) {
  /** @type {Record<string, string | number>[]} */
  const rows = [];
  for (const concurrency of concurrencies) {
    for (const { url } of [off, on]) {
      await closedLoop({ url, headers, concurrency, durationMs: timing.warmupMs });
    }
    /**
     * One timed run, with the CPU the function and the database spent on it.
     * @param {{ url: string, pid: number }} target
     */
    const timed = async (target) => {
      const settings = { url: target.url, headers, concurrency, durationMs: timing.runMs };
      const database = cpuMsWithChildren(databasePid);
      const { result, cpuMs: functionCpu } = await withCpu(
        () => cpuMs(target.pid),
        () => closedLoop(settings),
      );
      return { ...result, functionCpu, databaseCpu: cpuMsWithChildren(databasePid) - database };
    };
    // Off and on alternate, run by run, so a machine slowing down mid-benchmark weighs on both
    // alike; the ratio is the median of each pair's, its spread the lowest and highest pair.
    /** @type {Awaited<ReturnType<typeof timed>>[]} */
    const offRuns = [];
    /** @type {Awaited<ReturnType<typeof timed>>[]} */
    const onRuns = [];
    for (let run = 0; run < timing.pairs; run += 1) {
      offRuns.push(await timed(off));
      onRuns.push(await timed(on));
    }
    const ratios = onRuns.map((onRun, run) => onRun.perSecond / (offRuns[run]?.perSecond ?? 1));
    /** µs per mint over all of a side's runs: total CPU ÷ total mints. */
    const perMint = (/** @type {typeof offRuns} */ runs, /** @type {number} */ ms) =>
      Math.round(
        (ms * 1000) /
          Math.max(
            1,
            runs.reduce((sum, r) => sum + r.count, 0),
          ),
      );
    for (const [guard, runs] of /** @type {const} */ ([
      ['off', offRuns],
      ['on', onRuns],
    ])) {
      const isOn = guard === 'on';
      rows.push({
        guard,
        concurrency,
        'per second': Math.round(median(runs.map((r) => r.perSecond))),
        'p50 ms': Number(median(runs.map((r) => r.p50)).toFixed(2)),
        'p99 ms': Number(median(runs.map((r) => r.p99)).toFixed(2)),
        failures: runs.reduce((sum, r) => sum + r.failures, 0),
        'function CPU µs/mint': perMint(
          runs,
          runs.reduce((sum, r) => sum + r.functionCpu, 0),
        ),
        'database CPU µs/mint': perMint(
          runs,
          runs.reduce((sum, r) => sum + r.databaseCpu, 0),
        ),
        'on ÷ off (median of pairs)': isOn ? Number(median(ratios).toFixed(2)) : '',
        'pairs min–max': isOn
          ? `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`
          : '',
      });
    }
  }
  return rows;
}
