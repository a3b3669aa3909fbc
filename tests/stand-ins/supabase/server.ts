import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body.ts';
import { API_VERSION, type AuthOptions, type AuthService, createAuthService } from './auth.ts';
import { NO_SESSIONS_TABLE, sessionsTableAt } from './sessions-table.ts';

/**
 * A local Supabase project on one port, as the extension sees a real one:
 *   /auth/v1/*              the local Auth (see auth.ts), behind the publishable key
 *   /functions/v1/<name>    proxied to the Edge Function running under `deno serve`
 * Control endpoints for tests (not Supabase's):
 *   GET /__stand-in/otp?email=…          → { code }: the last code "emailed" there
 *   PUT /__stand-in/functions/<name>     body { url }: where a function runs
 */

export interface LocalSupabaseOptions extends Omit<AuthOptions, 'siteUrl' | 'sessionsTable'> {
  publishableKey: string;
  port?: number;
  functions?: Record<string, string>;
  /** The project's database (the function's SUPABASE_DB_URL): Auth keeps `auth.sessions` there. */
  databaseUrl?: string;
}

export interface LocalSupabase {
  url: string;
  auth: AuthService;
  setFunction(name: string, url: string): void;
  close(): Promise<void>;
}

const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
  // supabase-js reads this header to know which error shape it got.
  'Access-Control-Expose-Headers': 'x-supabase-api-version',
};

// Routes a browser reaches by navigation, which cannot carry the apikey header.
const PUBLIC_AUTH_ROUTES = new Set(['GET /.well-known/jwks.json', 'GET /authorize']);

export async function startLocalSupabase(options: LocalSupabaseOptions): Promise<LocalSupabase> {
  const functions = new Map(Object.entries(options.functions ?? {}));
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { message: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessionsTable = options.databaseUrl
    ? sessionsTableAt(options.databaseUrl)
    : NO_SESSIONS_TABLE;
  const auth = await createAuthService({ ...options, siteUrl: url, sessionsTable });

  async function route(request: IncomingMessage, response: ServerResponse) {
    const target = new URL(request.url ?? '/', url);
    const path = target.pathname;
    if (path.startsWith('/functions/v1/')) return proxyFunction(request, response, path.slice(14));
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS);
      return response.end();
    }
    if (path === '/__stand-in/otp') {
      return send(response, 200, {
        code: auth.lastCode(target.searchParams.get('email') ?? '') ?? null,
      });
    }
    const fn = /^\/__stand-in\/functions\/([\w-]+)$/.exec(path);
    if (fn && request.method === 'PUT') {
      functions.set(fn[1] as string, JSON.parse(await readBody(request)).url);
      return send(response, 200, {});
    }
    if (!path.startsWith('/auth/v1/')) return send(response, 404, { message: 'no route' });

    const authPath = path.slice('/auth/v1'.length);
    if (
      !PUBLIC_AUTH_ROUTES.has(`${request.method} ${authPath}`) &&
      request.headers.apikey !== options.publishableKey
    ) {
      return send(response, 401, {
        message: 'No API key found in request',
        hint: 'No `apikey` request header or url param was found.',
      });
    }
    const raw = await readBody(request);
    const result = await auth.handle({
      method: request.method ?? 'GET',
      path: authPath,
      query: target.searchParams,
      headers: request.headers as Record<string, string | undefined>,
      body: raw ? JSON.parse(raw) : {},
    });
    send(response, result.status, result.body, {
      'X-Supabase-Api-Version': API_VERSION,
      ...result.headers,
    });
  }

  async function proxyFunction(request: IncomingMessage, response: ServerResponse, name: string) {
    const upstream = functions.get(name);
    if (!upstream)
      return send(response, 404, {
        code: 'NOT_FOUND',
        message: 'Requested function was not found',
      });
    const headers = new Headers();
    for (const [key, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && key !== 'host' && key !== 'connection')
        headers.set(key, value);
    }
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const answer = await fetch(upstream, {
      method: request.method ?? 'GET',
      headers,
      body: hasBody ? await readBody(request) : null,
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'connection')
        out[key] = value;
    });
    response.writeHead(answer.status, out);
    response.end(Buffer.from(await answer.arrayBuffer()));
  }

  return {
    url,
    auth,
    setFunction: (name, functionUrl) => void functions.set(name, functionUrl),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sessionsTable.close();
    },
  };
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  if (status === 204 || body === undefined) {
    response.writeHead(status, { ...CORS, ...headers });
    return response.end();
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { ...CORS, 'Content-Type': 'application/json', ...headers });
  response.end(text);
}
