// `npm run bench`: runs every benchmark in bench/ (`*.bench.mjs`) and prints its tables. Benchmarks report medians
// and ratios measured in the same run; they are never part of `npm test`.
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// `npm run bench -- token-broker` runs only the benchmarks whose file names contain the word.
const only = process.argv[2] ?? '';
const files = (await readdir(here))
  .filter((name) => name.endsWith('.bench.mjs') && name.includes(only))
  .sort();

// Each benchmark exports `run()`, resolving to tables: `{ title, rows }[]`.
for (const file of files) {
  const module = await import(pathToFileURL(`${here}/${file}`).href);
  /** @type {{ title: string, rows: Record<string, string | number>[] }[]} */
  const tables = await module.run();
  for (const { title, rows } of tables) {
    console.log(`\n${file}: ${title}`);
    console.table(rows);
  }
}
