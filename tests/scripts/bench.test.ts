import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { entryFiles, measure, staticImports } from '../../bench/bundle-sizes.mjs';
import { addedByThread, threadTicks, ticksBetween } from '../../bench/cpu-threads.mjs';
import { cpuMs, cpuMsWithChildren } from '../../bench/proc-stats.mjs';
import { selectBenchmarks } from '../../bench/select.mjs';
import { ROOT, runCommand } from './run-command';

const AVAILABLE = ['history.bench.mjs', 'token-broker.bench.mjs', 'token-mint.bench.mjs'];

describe('selectBenchmarks', () => {
  it.each([
    [[], { files: AVAILABLE }],
    [['history'], { files: ['history.bench.mjs'] }],
    [['token'], { files: ['token-broker.bench.mjs', 'token-mint.bench.mjs'] }],
    [['history', 'token-mint'], { files: ['history.bench.mjs', 'token-mint.bench.mjs'] }],
    [
      ['tokne-broker'],
      {
        error:
          'No benchmark named "tokne-broker". The benchmarks: history, token-broker, token-mint.',
      },
    ],
    [['history', 'nosuch'], { error: expect.stringMatching(/^No benchmark named "nosuch"\./) }],
  ])('%j → %j', (names, expected) => {
    expect(selectBenchmarks(AVAILABLE, names)).toEqual(expected);
  });
});

describe('npm run bench', () => {
  it('refuses a name that matches no benchmark, listing the benchmarks', async () => {
    const bench = runCommand('npm', ['run', 'bench', '--', '--quick', 'nosuchbench']);
    expect(await bench.exited).not.toBe(0);
    expect(bench.output()).toMatch(/No benchmark named "nosuchbench"\. The benchmarks: .*history/);
  });

  // What `npm run bench` does first with each, in plain Node (Vitest would resolve imports that
  // Node does not): the quick run in CI then runs them all.
  it.each(readdirSync(join(ROOT, 'bench')).filter((name) => name.endsWith('.bench.mjs')))(
    '%s loads under Node, as `npm run bench` runs it',
    async (file) => {
      const url = pathToFileURL(join(ROOT, 'bench', file)).href;
      const load = runCommand(join(ROOT, 'node_modules/.bin/node'), [
        '--input-type=module',
        '--eval',
        `const { run } = await import(${JSON.stringify(url)}); console.log(typeof run);`,
      ]);
      expect(await load.exited, load.output()).toBe(0);
      expect(load.output().trim()).toBe('function');
    },
  );
});

describe('what an entry of a build loads (the bundles benchmark)', () => {
  it('reads static imports only: a chunk loaded later with import() is not counted', () => {
    expect(
      staticImports('import{a as b}from"./x-1.js";import"./y-2.js";const l=()=>import("./z-3.js")'),
    ).toEqual(['./x-1.js', './y-2.js']);
  });

  it('follows a page’s module script and the service worker through their chunks, once each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tabscribe-bundles-'));
    try {
      mkdirSync(join(dir, 'chunks'));
      const files: Record<string, string> = {
        'manifest.json': JSON.stringify({ background: { service_worker: 'background.js' } }),
        'background.js': '(()=>{})();',
        'popup.html':
          '<script type="module" crossorigin src="/chunks/popup-A.js"></script><link rel="modulepreload" href="/chunks/lazy-D.js">',
        'chunks/popup-A.js':
          'import{t}from"./shared-B.js";import"./own-C.js";import("./lazy-D.js")',
        'chunks/shared-B.js': 'export const t=1;',
        'chunks/own-C.js': 'import{t}from"./shared-B.js";',
        'chunks/lazy-D.js': '',
      };
      for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
      expect(entryFiles(dir, { manifest: 'background' })).toEqual(['background.js']);
      const popup = entryFiles(dir, { html: 'popup.html' });
      expect(popup).toEqual(['chunks/popup-A.js', 'chunks/shared-B.js', 'chunks/own-C.js']);
      expect(measure(dir, popup).bytes).toBe(
        popup.reduce((sum, file) => sum + (files[file]?.length ?? 0), 0),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CPU time from /proc (the token benchmark’s CPU per mint)', () => {
  it('counts this process’s work, and a busy child’s with it', async () => {
    // Busy for 100 ms of CPU as Node counts it (wall time would vary with the machine's load).
    const before = cpuMs(process.pid);
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user + process.cpuUsage(start).system < 100_000);
    expect(cpuMs(process.pid) - before).toBeGreaterThanOrEqual(80);

    const child = spawn(process.execPath, [
      '-e',
      'for (const end = Date.now() + 5000; Date.now() < end; );',
    ]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(cpuMsWithChildren(process.pid) - cpuMs(process.pid)).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });
});

describe('where a browser’s CPU goes, thread by thread (the transcription benchmark)', () => {
  it('reads each thread of the processes naming the profile, by process kind and thread name', async () => {
    const marker = `--user-data-dir=${join(tmpdir(), `cpu-threads-${process.pid}`)}`;
    const child = spawn(process.execPath, [
      '-e',
      'for (const end = Date.now() + 5000; Date.now() < end; );',
      '--',
      marker,
    ]);
    try {
      // Until the child has started, no process names the marker: wait for it.
      for (let i = 0; i < 100 && threadTicks(marker).size === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const before = threadTicks(marker);
      expect(before.size).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const used = ticksBetween(before, threadTicks(marker));
      // A process without --type is Chromium's browser process; Node (24) names its main thread MainThread.
      expect(used.get('browser / MainThread')).toBeGreaterThan(0);
      expect([...used.keys()].every((key) => key.startsWith('browser / '))).toBe(true);
    } finally {
      child.kill();
    }
  });

  it('charges each capture what it adds over playing alone, per thread, the small ones together', () => {
    const window = (ticks: Record<string, number>) => ({
      ticks: new Map(Object.entries(ticks)),
      seconds: 10,
    });
    // 10 s windows: 1 tick (10 ms) a window is 0.1 % of one core.
    const rows = addedByThread({
      alone: [window({ 'renderer / main': 50 }), window({ 'renderer / main': 70 })],
      captures: {
        Tabscribe: [window({ 'renderer / main': 60, 'utility audio / worklet': 10, x: 1 })],
        peer: [window({ 'renderer / main': 60, 'gpu / pool': 3, x: 1 })],
      },
    });
    expect(rows).toEqual([
      { 'process / thread': 'utility audio / worklet', 'Tabscribe adds %': 1, 'peer adds %': 0 },
      { 'process / thread': 'gpu / pool', 'Tabscribe adds %': 0, 'peer adds %': 0.3 },
      {
        'process / thread': 'every other thread (each under 0.2)',
        'Tabscribe adds %': 0.1,
        'peer adds %': 0.1,
      },
    ]);
  });
});
