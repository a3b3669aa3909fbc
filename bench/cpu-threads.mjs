// Where a browser's CPU goes, thread by thread: every thread of every process whose command line
// names the profile folder, keyed by the process's kind and the thread's name (digits dropped, so
// a pool's threads add up). A capture's cost is the difference between two such readings.
import { readdirSync, readFileSync } from 'node:fs';
import { fieldsOfStat, TICKS_PER_SECOND } from './proc-stats.mjs';

/** The kind of a Chromium process, from its command line. @param {string} cmdline */
function processKind(cmdline) {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  const subType = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1];
  if (subType) return `utility ${subType.replace(/\.mojom\..*$/, '')}`;
  if (type === 'renderer' && cmdline.includes('--extension-process')) return 'extension renderer';
  return type;
}

/** User and system time of a thread's stat line, in ticks. */
function ticksOf(/** @type {string} */ stat) {
  const fields = fieldsOfStat(stat);
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU ticks so far, per "process kind / thread name".
 * @param {string} profile
 * @returns {Map<string, number>}
 */
export function threadTicks(profile) {
  /** @type {Map<string, number>} */
  const ticks = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (!cmdline.includes(profile)) continue;
      const kind = processKind(cmdline);
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8')
          .trim()
          .replace(/\d+/g, '');
        const key = `${kind} / ${name}`;
        ticks.set(
          key,
          (ticks.get(key) ?? 0) + ticksOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')),
        );
      }
    } catch {
      // The process or thread ended while being read.
    }
  }
  return ticks;
}

/**
 * Ticks used between two readings, per key; threads that ended in between are lost, which
 * undercounts (never overcounts) a state's cost.
 * @param {Map<string, number>} before
 * @param {Map<string, number>} after
 */
export function ticksBetween(before, after) {
  /** @type {Map<string, number>} */
  const used = new Map();
  for (const [key, value] of after) {
    const delta = value - (before.get(key) ?? 0);
    if (delta > 0) used.set(key, delta);
  }
  return used;
}

/** Seconds of CPU in a reading (every thread of every process summed). @param {Map<string, number>} ticks */
export const cpuSecondsOf = (ticks) =>
  [...ticks.values()].reduce((sum, value) => sum + value, 0) / TICKS_PER_SECOND;

/**
 * @typedef {object} ThreadWindow one window's CPU, thread by thread
 * @property {Map<string, number>} ticks ticks each thread used in the window
 * @property {number} seconds the window's length
 */

/**
 * % of one core per thread over several windows: all their ticks over all their seconds (a
 * thread's ticks in one short window are too coarse, 1 tick = 10 ms, to take a median of).
 * @param {ThreadWindow[]} windows
 */
export function percentByThread(windows) {
  const seconds = windows.reduce((sum, window) => sum + window.seconds, 0);
  /** @type {Map<string, number>} */
  const percent = new Map();
  for (const { ticks } of windows) {
    for (const [key, value] of ticks) percent.set(key, (percent.get(key) ?? 0) + value);
  }
  for (const [key, value] of percent) {
    percent.set(key, seconds > 0 ? ((value / TICKS_PER_SECOND) * 100) / seconds : 0);
  }
  return percent;
}

/**
 * Where each capture's added CPU goes: per thread, the capture's % minus the tab playing alone,
 * for the threads either capture moves by at least `threshold` points; the rest in one row.
 * Sorted by what the first capture adds.
 * @param {{ alone: ThreadWindow[], captures: Record<string, ThreadWindow[]>, threshold?: number }} input
 * @returns {Record<string, string | number>[]}
 */
export function addedByThread({ alone, captures, threshold = 0.2 }) {
  const base = percentByThread(alone);
  const names = Object.keys(captures);
  const each = names.map((name) => percentByThread(captures[name] ?? []));
  const keys = new Set([...base.keys(), ...each.flatMap((percent) => [...percent.keys()])]);
  // `|| 0`: a rounded -0.001 prints as "-0".
  const round = (/** @type {number} */ value) => Number(value.toFixed(2)) || 0;
  /** @type {{ key: string, added: number[] }[]} */
  const shown = [];
  const rest = names.map(() => 0);
  for (const key of keys) {
    const added = each.map((percent) => (percent.get(key) ?? 0) - (base.get(key) ?? 0));
    if (added.some((value) => Math.abs(value) >= threshold)) shown.push({ key, added });
    else {
      added.forEach((value, index) => {
        rest[index] = (rest[index] ?? 0) + value;
      });
    }
  }
  shown.sort((a, b) => (b.added[0] ?? 0) - (a.added[0] ?? 0));
  const row = (/** @type {string} */ thread, /** @type {number[]} */ added) => ({
    'process / thread': thread,
    ...Object.fromEntries(names.map((name, index) => [`${name} adds %`, round(added[index] ?? 0)])),
  });
  return [
    ...shown.map(({ key, added }) => row(key, added)),
    row(`every other thread (each under ${threshold})`, rest),
  ];
}
