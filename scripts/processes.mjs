// Starts the project's servers as child processes and waits until each says it is listening.
// Used by the benchmarks (and by anything else in Node that needs the real processes).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from './migrations.mjs';
import { startPostgres } from './postgres.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
export const DENO = join(ROOT, 'node_modules', '.bin', 'deno');
export const TOKEN_FUNCTION_DIR = join(ROOT, 'supabase', 'functions', 'deepgram-token');
const OUTPUT_LIMIT = 1_000_000;

/**
 * @typedef {object} RunningProcess
 * @property {number} pid
 * @property {string} url what the process said it listens on
 * @property {() => string} output the last million characters it printed
 * @property {() => Promise<void>} stop
 */

/**
 * @param {string} name for error messages
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string>, listening: RegExp, echo?: boolean }} options
 *   `listening` matches the line that gives the URL, as its first group; `echo` also passes what
 *   the process prints to this one's output
 * @returns {Promise<RunningProcess>}
 */
export function startProcess(
  name,
  command,
  args,
  { cwd = ROOT, env = {}, listening, echo = false },
) {
  // The parent environment carries the certificate settings Deno needs for the npm registry.
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // What the process printed, trimmed to its last OUTPUT_LIMIT characters: a server under load
  // prints a log line per request, and only the start and the end are ever of interest.
  let output = '';
  let listeningOn = '';
  return new Promise((resolve, reject) => {
    const onData = (/** @type {Buffer} */ chunk) => {
      if (echo) process.stdout.write(chunk);
      // Trimmed only once it has grown to twice the limit: trimming on every chunk copied a
      // million characters per log line, which a flood of requests turned into most of the
      // test process's time.
      output += chunk.toString();
      if (output.length > 2 * OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
      if (listeningOn) return;
      const match = listening.exec(output);
      if (match && child.pid !== undefined) {
        listeningOn = /** @type {string} */ (match[1]);
        resolve({
          pid: child.pid,
          url: listeningOn,
          output: () => output.slice(-OUTPUT_LIMIT),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              // A server that does not exit within 5 s of SIGTERM is killed: a test never hangs on it.
              const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
              child.once('exit', () => {
                clearTimeout(kill);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!listeningOn) reject(new Error(`${name} exited (${code}) before listening:\n${output}`));
    });
  });
}

/**
 * The Deepgram stand-in (grant endpoint) in its own Node process.
 * @param {{ apiKey: string, tokenSecret?: string }} options
 */
export function startDeepgramStandIn({ apiKey, tokenSecret = 'stand-in-secret' }) {
  return startProcess('Deepgram stand-in', NODE, [join(ROOT, 'tests/stand-ins/deepgram/main.ts')], {
    env: { DEEPGRAM_API_KEY: apiKey, DEEPGRAM_STAND_IN_TOKEN_SECRET: tokenSecret },
    listening: /"url":"([^"]+)"/,
  });
}

/**
 * The `deepgram-token` Edge Function under `deno serve`, as deployed.
 * @param {Record<string, string>} env
 * @param {{ port?: number, inspect?: boolean }} [options] `port`: a free one unless given;
 *   `inspect`: with V8's inspector on a free loopback port (for a benchmark reading the heap),
 *   its WebSocket as `inspectorUrl`
 * @returns {Promise<RunningProcess & { inspectorUrl: string | null }>}
 */
export async function startTokenFunction(env, { port = 0, inspect = false } = {}) {
  const running = await startProcess(
    'deepgram-token function',
    DENO,
    [
      'serve',
      ...(inspect ? ['--inspect=127.0.0.1:0'] : []),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--allow-net',
      '--allow-env',
      '--allow-read',
      'index.ts',
    ],
    { cwd: TOKEN_FUNCTION_DIR, env, listening: /Listening on (http:\/\/\S+?)\/?\n/ },
  );
  // Deno names the inspector's WebSocket before it serves, so it is in the output by now.
  const inspectorUrl = inspect
    ? (/Debugger listening on (ws:\/\/\S+)/.exec(running.output())?.[1] ?? null)
    : null;
  return { ...running, inspectorUrl };
}

/**
 * The local Supabase (Auth + functions gateway) in its own Node process.
 * @param {{ publishableKey: string, users?: { email: string, password?: string }[] | undefined,
 *           port?: number, echo?: boolean, databaseUrl?: string }} options
 *   `databaseUrl`: the project's database, where Auth keeps `auth.sessions` for the function
 */
export function startLocalSupabase({ publishableKey, users, port = 0, echo = false, databaseUrl }) {
  return startProcess(
    'local Supabase',
    NODE,
    [join(ROOT, 'tests/stand-ins/supabase/main.ts'), '--port', String(port)],
    {
      env: {
        SUPABASE_PUBLISHABLE_KEY: publishableKey,
        ...(users ? { TABSCRIBE_AUTH_USERS: JSON.stringify(users) } : {}),
        ...(databaseUrl ? { SUPABASE_DB_URL: databaseUrl } : {}),
      },
      listening: /"url":"([^"]+)"/,
      echo,
    },
  );
}

/**
 * A local PostgreSQL prepared as a Supabase project's database, with the project's migrations.
 * @returns {Promise<import('./postgres.mjs').LocalPostgres>}
 */
export async function startLocalDatabase() {
  const database = await startPostgres();
  try {
    await migrate(database.url);
  } catch (error) {
    await database.destroy();
    throw error;
  }
  return database;
}

/**
 * Everything the extension talks to, on loopback: the local Supabase with the real
 * `deepgram-token` function behind it, the project's database (PostgreSQL, keeping the usage
 * guard's grants), and the Deepgram stand-in — or, given `realDeepgramKey`, the real Deepgram:
 * the function then mints real tokens and no stand-in runs.
 * @param {{ publishableKey: string, deepgramApiKey: string, users?: { email: string, password?: string }[],
 *           supabasePort?: number, echoAuth?: boolean, realDeepgramKey?: string,
 *           quotaPerHour?: number, functionEnv?: Record<string, string> }} options
 *   `echoAuth` passes the local Auth's output (the emailed codes) to this process's output;
 *   `quotaPerHour` is the function's DEEPGRAM_TOKEN_QUOTA_PER_HOUR (its default, 60, unless given)
 */
export async function startLocalStack({
  publishableKey,
  deepgramApiKey,
  users,
  supabasePort,
  echoAuth = false,
  realDeepgramKey,
  quotaPerHour,
  functionEnv = {},
}) {
  // Stopped in reverse order, on stop() and when any later part fails to start: a half-started
  // stack leaves no process and no database folder behind.
  /** @type {(() => Promise<void>)[]} */
  const started = [];
  const stopStarted = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  try {
    const database = await startLocalDatabase();
    started.push(() => database.destroy());
    const deepgram = realDeepgramKey
      ? null
      : await startDeepgramStandIn({ apiKey: deepgramApiKey });
    if (deepgram) started.push(() => deepgram.stop());
    const supabase = await startLocalSupabase({
      publishableKey,
      users,
      port: supabasePort ?? 0,
      echo: echoAuth,
      databaseUrl: database.url,
    });
    started.push(() => supabase.stop());
    // The function finds Auth's signing keys the way it does on Supabase: from SUPABASE_URL; and
    // its database from SUPABASE_DB_URL, which Supabase injects.
    const tokenFunction = await startTokenFunction({
      SUPABASE_URL: supabase.url,
      SUPABASE_DB_URL: database.url,
      ...(quotaPerHour === undefined
        ? {}
        : { DEEPGRAM_TOKEN_QUOTA_PER_HOUR: String(quotaPerHour) }),
      ...(deepgram
        ? { DEEPGRAM_API_KEY: deepgramApiKey, DEEPGRAM_API_URL: deepgram.url }
        : { DEEPGRAM_API_KEY: /** @type {string} */ (realDeepgramKey) }),
      ...functionEnv,
    });
    started.push(() => tokenFunction.stop());
    await fetch(`${supabase.url}/__stand-in/functions/deepgram-token`, {
      method: 'PUT',
      body: JSON.stringify({ url: tokenFunction.url }),
    });
    return {
      supabaseUrl: supabase.url,
      /** The local PostgreSQL (the function's SUPABASE_DB_URL); emptied when the stack stops. */
      databaseUrl: database.url,
      /** The Deepgram stand-in's URL; with the real Deepgram, null. */
      deepgramUrl: /** @type {string} */ (deepgram?.url ?? null),
      processes: { deepgram, supabase, tokenFunction, database },
      stop: stopStarted,
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}
