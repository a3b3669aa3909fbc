// `npm start`: builds the extension in watch mode (WXT's dev server, with reload on save) and
// says where to load it from.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = join(root, '.output', 'chrome-mv3-dev');

console.log(`
Tabscribe — development build, rebuilt on every save.

Load it once in Chromium or Chrome:
  1. open chrome://extensions and turn on "Developer mode"
  2. "Load unpacked" → ${outputDir}
Edits then reload the extension by themselves. Stop with Ctrl+C.
`);

const wxt = spawn('wxt', [], { cwd: root, stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => wxt.kill(signal));
}
wxt.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
