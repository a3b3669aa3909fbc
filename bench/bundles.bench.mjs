// The size of what each part of the extension loads (issue 20's targets): a release-like build
// (a Supabase project and Deepgram configured, no test hooks), then each entry with the chunks it
// imports, minified and gzipped, against its target. Also checks that the clients were
// tree-shaken: the parts of supabase-js and @deepgram/sdk the extension does not use are not in
// the build; one that is fails the benchmark (a size can be argued with, a whole client cannot).
// Beside them, the baseline: each client bundled alone, whole, as imported, and as built (with
// the modules build/unused-modules.ts leaves out). A build of a few
// seconds: quick mode measures the same.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { leaveOutUnusedModules } from '../build/unused-modules.ts';
import { buildForTests } from '../scripts/configured-build.mjs';
import { ROOT } from '../scripts/processes.mjs';
import {
  ABSENT,
  BUNDLE_TARGETS,
  bundledSize,
  CLIENTS,
  entryFiles,
  kb,
  measure,
} from './bundle-sizes.mjs';

const OUT_DIR = join(ROOT, '.output', 'bench-bundles');

export async function run() {
  await rm(OUT_DIR, { recursive: true, force: true });
  buildForTests('build', {
    outDir: OUT_DIR,
    // Never contacted: a configured build ships the account client, which is what is measured.
    supabaseUrl: 'https://bundles.supabase.co',
    publishableKey: 'sb_publishable_bundles',
  });
  const dir = join(OUT_DIR, 'chrome-mv3');
  /** @type {Map<string, string>} */
  const code = new Map();
  const sizes = BUNDLE_TARGETS.map(({ bundle, entry, targetKb }) => {
    const files = entryFiles(dir, entry);
    const measured = measure(dir, files);
    code.set(bundle, measured.code);
    return {
      bundle,
      files: files.length,
      // The entry's own chunk, for comparison with figures that leave the shared chunks out.
      'own chunk kB': kb(measure(dir, files.slice(0, 1)).bytes),
      'minified kB': kb(measured.bytes),
      'gzip kB': kb(measured.gzipBytes),
      'target kB': targetKb,
      target: measured.bytes <= targetKb * 1000 ? 'met' : 'not met',
    };
  });
  const shaking = ABSENT.map(({ bundle, what, markers }) => {
    const found = markers.filter((marker) => code.get(bundle)?.includes(marker));
    return {
      bundle,
      'must not contain': what,
      found: found.length > 0 ? found.join(', ') : 'none',
      target: found.length > 0 ? 'not met' : 'met',
    };
  });
  const clients = [];
  for (const { client, whole, used } of CLIENTS) {
    clients.push({
      client,
      'whole, minified kB': kb(await bundledSize(ROOT, whole)),
      'as imported, minified kB': kb(await bundledSize(ROOT, used)),
      // With build/unused-modules.ts, as `wxt build` bundles it.
      'as built, minified kB': kb(await bundledSize(ROOT, used, [leaveOutUnusedModules(ROOT)])),
    });
  }
  const tables = [
    { title: 'minified JavaScript per entry, with the chunks it imports', rows: sizes },
    { title: 'code left out (tree-shaking, and what the views do without)', rows: shaking },
    {
      title: 'baseline: each client bundled alone, whole, as the extension imports it, as built',
      rows: clients,
    },
  ];
  const shipped = shaking.filter((row) => row.found !== 'none');
  if (shipped.length > 0) {
    for (const { title, rows } of tables) {
      console.log(title);
      console.table(rows);
    }
    throw new Error(
      `Code left out is back in the build: ${shipped.map((row) => `${row.bundle}: ${row.found}`).join('; ')}`,
    );
  }
  return tables;
}
