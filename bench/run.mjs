// `npm run bench`: runs every benchmark in bench/ and prints one table. Benchmarks report medians
// and ratios measured in the same run; they are never part of `npm test`.
import { readdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = (await readdir(here)).filter((name) => name.endsWith('.bench.mjs')).sort();

if (files.length === 0) {
  console.log('No benchmarks yet: add bench/<name>.bench.mjs exporting `run()` → rows.');
} else {
  /** @type {Record<string, string | number>[]} */
  const rows = [];
  for (const file of files) {
    const module = await import(pathToFileURL(`${here}/${file}`).href);
    rows.push(...(await module.run()));
  }
  console.table(rows);
}
