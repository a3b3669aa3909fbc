// `npm run bench`: runs every benchmark in bench/ (`*.bench.mjs`) and prints its tables. Benchmarks
// report medians and ratios measured in the same run. `npm run bench -- token-broker` runs the ones
// named; `--quick` runs them at tiny sizes (what CI runs, so a broken benchmark fails the build).
// Any failure, or a name that matches no benchmark, exits non-zero.
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { selectBenchmarks } from './select.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const available = (await readdir(here)).filter((name) => name.endsWith('.bench.mjs')).sort();
const names = process.argv.slice(2).filter((arg) => arg !== '--quick');
const selection = selectBenchmarks(available, names);
if ('error' in selection) {
  console.error(selection.error);
  process.exit(2);
}

// Each benchmark exports `run()`, resolving to tables: `{ title, rows }[]`.
for (const file of selection.files) {
  const started = performance.now();
  const module = await import(pathToFileURL(`${here}/${file}`).href);
  /** @type {{ title: string, rows: Record<string, string | number>[] }[]} */
  const tables = await module.run();
  for (const { title, rows } of tables) {
    console.log(`\n${file}: ${title}`);
    console.table(rows);
  }
  console.log(`${file}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
