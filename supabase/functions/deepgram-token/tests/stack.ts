// Starts the pieces the function talks to, each as its real self on loopback: the Deepgram
// stand-in (its own Node process), a key-set endpoint standing in for Supabase Auth's, and the
// function under `deno serve` exactly as the README runs it.
import { fileURLToPath as fromFileUrl } from 'node:url';
import type { JWK } from 'jose';

const FUNCTION_DIR = fromFileUrl(new URL('..', import.meta.url));
const REPO = fromFileUrl(new URL('../../../../', import.meta.url));
const NODE = `${REPO}node_modules/.bin/node`;
const DENO = Deno.execPath();

export const DEEPGRAM_KEY = `dg-master-${crypto.randomUUID()}`;
/** The issuer `keys.ts` puts in tokens: Auth of a project run by `supabase start`. */
export const LOCAL_ISSUER = 'http://127.0.0.1:54321/auth/v1';

/** Keeps reading a child's output into `sink`, so the child never blocks on a full pipe. */
function collect(stream: ReadableStream<Uint8Array>, sink: string[]): void {
  (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) sink.push(chunk);
  })().catch(() => {});
}

/** Waits until the collected output matches `pattern` and returns the first group. */
async function waitFor(sink: string[], pattern: RegExp, what: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const match = pattern.exec(sink.join(''));
    if (match) return match[1] as string;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${what} did not start; it printed:\n${sink.join('')}`);
}

export interface StandIn {
  url: string;
  setGrantFault(fault: Record<string, unknown>): Promise<void>;
  grantsIssued(): Promise<number>;
  stop(): Promise<void>;
}

export async function startStandIn(tokenSecret = 'stand-in-secret'): Promise<StandIn> {
  const child = new Deno.Command(NODE, {
    args: [`${REPO}tests/stand-ins/deepgram/main.ts`],
    env: { DEEPGRAM_API_KEY: DEEPGRAM_KEY, DEEPGRAM_STAND_IN_TOKEN_SECRET: tokenSecret },
    stdout: 'piped',
    stderr: 'inherit',
  }).spawn();
  const output: string[] = [];
  collect(child.stdout, output);
  const url = JSON.parse(await waitFor(output, /^(\{.*\})\n/m, 'the Deepgram stand-in'))
    .url as string;
  return {
    url,
    async setGrantFault(fault) {
      const response = await fetch(`${url}/__stand-in/grant-fault`, {
        method: 'PUT',
        body: JSON.stringify(fault),
      });
      await response.body?.cancel();
    },
    async grantsIssued() {
      return ((await (await fetch(`${url}/__stand-in/grants`)).json()) as { count: number }).count;
    },
    async stop() {
      child.kill('SIGTERM');
      await child.status;
    },
  };
}

export interface KeySetServer {
  /** The base URL, used as SUPABASE_URL: keys are at /auth/v1/.well-known/jwks.json. */
  url: string;
  serve(keys: { keys: JWK[] }): void;
  fetches(): number;
  stop(): Promise<void>;
}

export function startKeySetServer(initial: { keys: JWK[] }): KeySetServer {
  let current = initial;
  let fetches = 0;
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, (request) => {
    if (new URL(request.url).pathname !== '/auth/v1/.well-known/jwks.json')
      return new Response(null, { status: 404 });
    fetches += 1;
    return Response.json(current);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    serve(keys) {
      current = keys;
    },
    fetches: () => fetches,
    stop: () => server.shutdown(),
  };
}

export interface RunningFunction {
  url: string;
  /** Everything the function printed, stdout and stderr, so far. */
  output(): string;
  mint(token: string | null, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** Runs the function as deployed code runs: from its folder, configured only by environment. */
export async function startFunction(env: Record<string, string>): Promise<RunningFunction> {
  const child = new Deno.Command(DENO, {
    args: [
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--allow-net',
      '--allow-env',
      '--allow-read',
      'index.ts',
    ],
    cwd: FUNCTION_DIR,
    // The parent environment carries the registry's certificate settings Deno needs.
    // These tests are about tokens, not quotas: the usage guard, with Postgres, is tested in
    // tests/integration/usage-guard.test.ts.
    env: { ...Deno.env.toObject(), DEEPGRAM_TOKEN_QUOTA_PER_HOUR: '0', ...env },
    clearEnv: true,
    stdout: 'piped',
    stderr: 'piped',
  }).spawn();
  const stdout: string[] = [];
  const stderr: string[] = [];
  collect(child.stdout, stdout);
  collect(child.stderr, stderr);
  const url = await waitFor(stderr, /Listening on (http:\/\/\S+?)\/?\n/, 'the function');
  return {
    url,
    output: () => stdout.join('') + stderr.join(''),
    mint(token, init = {}) {
      const headers = new Headers(init.headers);
      if (token !== null) headers.set('Authorization', `Bearer ${token}`);
      return fetch(url, { method: 'POST', ...init, headers });
    },
    async stop() {
      child.kill('SIGTERM');
      await child.status;
    },
  };
}

/**
 * Environment for a function that trusts `keySet` and mints from `standIn`. The tokens of
 * `keys.ts` name the public URL of a `supabase start` project while the key set is served at
 * another, as inside the local Supabase: SUPABASE_AUTH_ISSUERS names the public one.
 */
export function functionEnv(
  standIn: StandIn,
  keySet: KeySetServer,
  extra: Record<string, string> = {},
) {
  return {
    DEEPGRAM_API_KEY: DEEPGRAM_KEY,
    DEEPGRAM_API_URL: standIn.url,
    SUPABASE_URL: keySet.url,
    SUPABASE_AUTH_ISSUERS: LOCAL_ISSUER,
    ...extra,
  };
}
