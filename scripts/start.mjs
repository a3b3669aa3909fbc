// `npm start`: the whole product on this machine. The local stack (Supabase Auth and the real
// token function under Deno, its database in a throwaway PostgreSQL with the migrations applied,
// the Deepgram stand-in — or the real Deepgram when DEEPGRAM_API_KEY is set) on loopback, and the
// extension built in watch mode against it, with reload on save; Chromium opens with it loaded
// when there is a display. Every way out (Ctrl+C, SIGTERM, a part that fails) stops every part.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, QUIET_CHROMIUM_ARGS } from './chromium.mjs';
import { stopOnExitSignals } from './exit-signals.mjs';
import { isPortFree, portTakenMessage, readSupabasePort } from './local-port.mjs';
import { ROOT, startLocalStack } from './processes.mjs';

const PUBLISHABLE_KEY = 'sb_publishable_local_dev';
const DEV_USER = { email: 'dev@tabscribe.local', password: 'tabscribe-dev' };
const DEV_BUILD = join(ROOT, '.output', 'chrome-mv3-dev');
const realDeepgramKey = process.env.DEEPGRAM_API_KEY || undefined;

const chosen = readSupabasePort(process.env.TABSCRIBE_PORT);
if ('error' in chosen) {
  console.error(chosen.error);
  process.exit(2);
}
const { port } = chosen;
if (!(await isPortFree(port))) {
  console.error(portTakenMessage(port));
  process.exit(1);
}

/** @type {import('node:child_process').ChildProcess | null} */
let wxt = null;
/** @type {import('node:child_process').ChildProcess | null} */
let browser = null;
/** @type {NodeJS.Timeout | undefined} */
let waitForBuild;
/** @type {Promise<never> | null} */
let stopping = null;

const starting = startLocalStack({
  publishableKey: PUBLISHABLE_KEY,
  deepgramApiKey: 'dg-local-dev-master-key',
  users: [DEV_USER],
  supabasePort: port,
  echoAuth: true,
  ...(realDeepgramKey ? { realDeepgramKey } : {}),
});

/**
 * Stops every part, whatever has started so far, then exits. A stop asked for while the stack is
 * still starting waits for it, so nothing is left running behind.
 * @param {number} code
 */
function stop(code) {
  stopping ??= (async () => {
    clearInterval(waitForBuild);
    browser?.kill();
    const watcher = wxt;
    if (watcher && watcher.exitCode === null && watcher.signalCode === null) {
      await new Promise((exited) => {
        watcher.once('exit', exited);
        watcher.kill('SIGTERM');
      });
    }
    const stack = await starting.catch(() => null);
    await stack?.stop();
    process.exit(code);
  })();
  return stopping;
}
stopOnExitSignals(stop);

const stack = await starting.catch((/** @type {Error} */ error) => {
  // Someone took the port between the check and the start.
  console.error(/EADDRINUSE/.test(error.message) ? portTakenMessage(port) : error.message);
  return stop(1);
});
// A stop asked for during the start has the stack stopped already: start nothing more.
if (stopping) await stopping;
const demoPage = stack.deepgramUrl
  ? `${stack.deepgramUrl}/__stand-in/tones?words=alpha,bravo,charlie,delta,echo,foxtrot&loop=1`
  : null;
const chromium = process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? findChromium() : null;

console.log(`
Tabscribe — running locally.

  Supabase (Auth + deepgram-token function)  ${stack.supabaseUrl}
  Database (token grants, 60 per user/hour)  ${stack.databaseUrl}
  Deepgram                                   ${stack.deepgramUrl ?? 'the real one (DEEPGRAM_API_KEY is set)'}
${demoPage ? `  A page to transcribe (tone-words)          ${demoPage}\n` : ''}
${
  chromium
    ? 'Chromium opens with the extension loaded once the first build is done.'
    : `Load the extension once in Chromium or Chrome:
  1. open chrome://extensions and turn on "Developer mode"
  2. "Load unpacked" → ${DEV_BUILD}`
}
Sign in on its settings page as ${DEV_USER.email} / ${DEV_USER.password}, or with any email
and the one-time code printed here. Then open a tab with sound and press Alt+Shift+Y.
Edits reload the extension by themselves. Stop with Ctrl+C.
`);

wxt = spawn(join(ROOT, 'node_modules', '.bin', 'wxt'), [], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    WXT_SUPABASE_URL: stack.supabaseUrl,
    WXT_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    ...(stack.deepgramUrl
      ? { WXT_DEEPGRAM_LISTEN_URL: `${stack.deepgramUrl.replace(/^http/, 'ws')}/v1/listen` }
      : {}),
  },
});
wxt.on('exit', (code) => void stop(code ?? 0));

if (chromium) {
  const profile = join(ROOT, '.local', 'chromium-dev-profile');
  mkdirSync(profile, { recursive: true });
  waitForBuild = setInterval(() => {
    if (!existsSync(join(DEV_BUILD, 'manifest.json'))) return;
    clearInterval(waitForBuild);
    browser = spawn(
      chromium,
      [
        ...QUIET_CHROMIUM_ARGS,
        `--user-data-dir=${profile}`,
        `--load-extension=${DEV_BUILD}`,
        ...(demoPage ? [demoPage] : []),
      ],
      { stdio: 'ignore' },
    );
  }, 500);
}
