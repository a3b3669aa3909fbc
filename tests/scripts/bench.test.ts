import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
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
