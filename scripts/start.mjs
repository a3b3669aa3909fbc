// `npm start`: the whole product on this machine. The local stack (Supabase Auth and the real
// token function under Deno, the Deepgram stand-in) on loopback, and the extension built in
// watch mode against it, with reload on save.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startLocalStack } from './processes.mjs';

// Fixed, so a dev build loaded once keeps working across restarts (the URL is built in).
const SUPABASE_PORT = 54321;
const PUBLISHABLE_KEY = 'sb_publishable_local_dev';
const DEV_USER = { email: 'dev@tabscribe.local', password: 'tabscribe-dev' };

const stack = await startLocalStack({
  publishableKey: PUBLISHABLE_KEY,
  deepgramApiKey: 'dg-local-dev-master-key',
  users: [DEV_USER],
  supabasePort: SUPABASE_PORT,
  echoAuth: true,
});

console.log(`
Tabscribe — running locally.

  Supabase (Auth + deepgram-token function)  ${stack.supabaseUrl}
  Deepgram stand-in                          ${stack.deepgramUrl}

Load the extension once in Chromium or Chrome:
  1. open chrome://extensions and turn on "Developer mode"
  2. "Load unpacked" → ${join(ROOT, '.output', 'chrome-mv3-dev')}
Sign in on its settings page as ${DEV_USER.email} / ${DEV_USER.password}, or with any email
and the one-time code printed here. Edits reload the extension by themselves. Stop with Ctrl+C.
`);

const wxt = spawn('wxt', [], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    WXT_SUPABASE_URL: stack.supabaseUrl,
    WXT_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
  },
});
const stop = async (/** @type {number} */ code) => {
  await stack.stop();
  process.exit(code);
};
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => wxt.kill(signal));
}
wxt.on('exit', (code) => void stop(code ?? 0));
