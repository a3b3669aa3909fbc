// What a process costs, read from Linux's /proc: resident memory and CPU time. A process's
// /proc/<pid>/stat counts all its threads (Deno's, V8's), not its children.
import { readdirSync, readFileSync } from 'node:fs';

// USER_HZ: /proc counts CPU time in clock ticks, 100 a second on every Linux the project runs on.
export const TICKS_PER_SECOND = 100;

/** @param {number} pid */
export function rssMiB(pid) {
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kib / 1024;
}

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses):
 * [0] is the state, [1] the parent's pid, [11] and [12] user and system time in ticks.
 * @param {number | string} pid
 */
function statFields(pid) {
  return fieldsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** The fields of a stat line (a process's, or a thread's in /proc/<pid>/task/<tid>/stat). */
export function fieldsOfStat(/** @type {string} */ stat) {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * A process's CPU time so far, user and system, in ms.
 * @param {number} pid
 */
export function cpuMs(pid) {
  const fields = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * The CPU time so far of a process and its direct children (PostgreSQL's server and its
 * backends), in ms. A child that exits between two readings takes its time with it, so compare
 * readings over a span in which the children stay (a connection pool's).
 * @param {number} pid
 */
export function cpuMsWithChildren(pid) {
  let total = cpuMs(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      if (Number(fields[1]) === pid) total += cpuMs(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return total;
}

/**
 * Runs `work`, and returns its result with the CPU time `read` counted meanwhile.
 * @template T
 * @param {() => number} read e.g. `() => cpuMs(pid)`
 * @param {() => Promise<T>} work
 * @returns {Promise<{ result: T, cpuMs: number }>}
 */
export async function withCpu(read, work) {
  const before = read();
  const result = await work();
  return { result, cpuMs: read() - before };
}
