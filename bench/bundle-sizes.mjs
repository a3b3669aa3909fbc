// What each part of a built extension loads, and how big it is: read from the build's output, not
// from the bundler, so that it measures what Chrome is given. Used by bundles.bench.mjs.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The targets of issue 20, in kB (1,000 bytes, as `wxt build` prints them), minified JavaScript:
 * an entry and every chunk it imports statically (what loads before it runs; a chunk loaded with
 * `import()` later is not counted).
 */
/** @typedef {{ manifest: 'background' } | { html: string }} Entry */

/** @type {{ bundle: string, entry: Entry, targetKb: number }[]} */
export const BUNDLE_TARGETS = [
  { bundle: 'background', entry: { manifest: 'background' }, targetKb: 100 },
  { bundle: 'offscreen', entry: { html: 'offscreen.html' }, targetKb: 100 },
  { bundle: 'popup', entry: { html: 'popup.html' }, targetKb: 60 },
  { bundle: 'side panel', entry: { html: 'sidepanel.html' }, targetKb: 60 },
];

/**
 * Code that must not be in a bundle, found by a string that survives minification (an error's
 * name, a route, a property): each client's parts the extension does not use (each string was
 * checked to be in the whole client's bundle, so its absence shows that the tree-shaking
 * happened), and the libraries the views were freed of (valibot's `~standard` is on every
 * schema; `@wxt-dev/storage` names itself in its migration messages; webextension-polyfill
 * marks the rejections it sends back).
 */
export const ABSENT = [
  {
    bundle: 'background',
    what: 'supabase-js Realtime, PostgREST, Storage, Functions',
    markers: ['phx_join', 'PostgrestError', 'StorageApiError', 'FunctionsHttpError'],
  },
  {
    bundle: 'offscreen',
    what: "@deepgram/sdk's REST (V1Client's media too) and other WebSocket clients",
    markers: [
      '/v1/speak',
      '/v1/agent',
      '/v1/projects',
      '/v2/listen',
      '/v1/auth/grant',
      // MediaClient's methods: left out by build/unused-modules.ts.
      'transcribeFile',
      'transcribeUrl',
    ],
  },
  ...['popup', 'side panel'].map((bundle) => ({
    bundle,
    what: 'valibot (view-messages.ts checks by hand), @wxt-dev/storage (storage-item.ts), webextension-polyfill (native-browser.ts)',
    markers: ['~standard', '[@wxt-dev/storage]', '__mozWebExtensionPolyfillReject__'],
  })),
];

/**
 * The JavaScript files an entry loads, its own first: from the manifest's service worker or the
 * page's module script, then every chunk imported statically, transitively.
 * @param {string} dir the unpacked extension (`.output/chrome-mv3`)
 * @param {Entry} entry
 * @returns {string[]} paths relative to `dir`, `/`-separated
 */
export function entryFiles(dir, entry) {
  const first =
    'manifest' in entry
      ? JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).background.service_worker
      : moduleScript(readFileSync(join(dir, entry.html), 'utf8'), entry.html);
  /** @type {string[]} */
  const files = [];
  const pending = [posix.normalize(first.replace(/^\//, ''))];
  while (pending.length > 0) {
    const file = /** @type {string} */ (pending.shift());
    if (files.includes(file)) continue;
    files.push(file);
    for (const imported of staticImports(readFileSync(join(dir, file), 'utf8'))) {
      pending.push(posix.normalize(posix.join(posix.dirname(file), imported)));
    }
  }
  return files;
}

/** @param {string} html @param {string} name */
function moduleScript(html, name) {
  const src = /<script type="module"[^>]*\bsrc="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error(`${name} has no module script`);
  return src;
}

/**
 * The relative specifiers of a minified module's static imports (`import"./a.js"`,
 * `from"./b.js"`); `import("./c.js")` is a dynamic import and is left out.
 * @param {string} code
 * @returns {string[]}
 */
export function staticImports(code) {
  return [...code.matchAll(/\b(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
    (match) => /** @type {string} */ (match[1]),
  );
}

/**
 * @param {string} dir
 * @param {string[]} files
 * @returns {{ bytes: number, gzipBytes: number, code: string }} summed over the files (gzip per
 *   file, as each is read on its own)
 */
export function measure(dir, files) {
  let bytes = 0;
  let gzipBytes = 0;
  let code = '';
  for (const file of files) {
    const content = readFileSync(join(dir, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
    code += content.toString('utf8');
  }
  return { bytes, gzipBytes, code };
}

/** @param {number} bytes */
export const kb = (bytes) => Number((bytes / 1000).toFixed(1));

/**
 * The baseline, bundled in the same run: each client whole, as `createClient` and the root
 * `DeepgramClient` bring it, beside the part the extension imports.
 */
export const CLIENTS = [
  {
    client: '@supabase/supabase-js',
    whole: "import { createClient } from '@supabase/supabase-js'; globalThis.bench = createClient;",
    used: "import { AuthClient } from '@supabase/supabase-js'; globalThis.bench = AuthClient;",
  },
  {
    client: '@deepgram/sdk',
    whole: "import { DeepgramClient } from '@deepgram/sdk'; globalThis.bench = DeepgramClient;",
    used: "import { V1Client } from '@deepgram/sdk/listen/v1'; globalThis.bench = V1Client;",
  },
];

/**
 * Bundles and minifies one module's source with Vite (the bundler `wxt build` runs), for the
 * browser, as one file; returns its size in bytes.
 * @param {string} root where the packages are resolved from
 * @param {string} source
 * @param {import('vite').Plugin[]} [plugins] the extension's own build plugins, for "as built"
 */
export async function bundledSize(root, source, plugins = []) {
  const { build } = await import('vite');
  const result = await build({
    configFile: false,
    envFile: false,
    root,
    logLevel: 'silent',
    plugins: [
      ...plugins,
      {
        name: 'bench-entry',
        resolveId: (id) => (id === 'bench-entry' ? '\0bench-entry' : null),
        load: (id) => (id === '\0bench-entry' ? source : null),
      },
    ],
    build: {
      write: false,
      minify: true,
      rollupOptions: { input: 'bench-entry', output: { format: 'es', codeSplitting: false } },
    },
  });
  const [output] = Array.isArray(result) ? result : [result];
  if (!output || !('output' in output)) throw new Error('Vite returned no bundle');
  return output.output.reduce((sum, chunk) => sum + ('code' in chunk ? chunk.code.length : 0), 0);
}
