import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body.ts';
import { signAccessToken } from './access-token.ts';
import { createListenEndpoint, type ListenRecord } from './listen.ts';
import { tonePage, toneWav } from './tone-page.ts';

/**
 * A local Deepgram that speaks the real grant protocol (`POST /v1/auth/grant`) and the live-listen
 * WebSocket (`/v1/listen`, see listen.ts), for tests and `npm start`. Faults make every failure
 * path of a client testable for real: a slow answer, an error status, malformed JSON, no answer
 * at all, a dropped stream.
 *
 * Control endpoints (not Deepgram's; for tests in other processes, and people):
 *   PUT  /__stand-in/grant-fault   body: GrantFault, `{}` to clear
 *   GET  /__stand-in/grants        → { count }: grants issued since start
 *   GET  /__stand-in/listen        → ListenRecord[]: what each stream received
 *   POST /__stand-in/listen/drop   drops every open stream without a close frame
 *   PUT  /__stand-in/listen-fault  body: { refuse: N, status?: 429 }: the next N handshakes get
 *                                  HTTP 503 (or 429: no concurrent stream left);
 *                                  { revokeTokensSeen: true }: tokens used so far get 401
 *   GET  /__stand-in/listen-fault  → { refused }: handshakes refused so far
 *   GET  /__stand-in/tones?words=alpha,bravo&tone=400&gap=300[&loop=1]
 *                                  a page that plays those tone-words (and /tones.wav the audio)
 */

export interface GrantFault {
  /** Milliseconds to wait before answering. */
  delayMs?: number;
  /** Answer with this HTTP status and Deepgram's error body instead of a token. */
  status?: number;
  /** Answer 200 with a body that is not JSON. */
  malformed?: boolean;
  /** Never answer (until the client gives up or the stand-in stops). */
  hang?: boolean;
  /** Issue tokens that live this long, whatever was asked for (tests of expiry). */
  ttlSeconds?: number;
}

export interface DeepgramStandInOptions {
  /** The API key the grant endpoint accepts as `Authorization: Token <key>`. */
  apiKey: string;
  /** The secret its access tokens are signed with. */
  tokenSecret: string;
  port?: number;
  now?: () => number;
  /** Closes a stream after this long with neither audio nor KeepAlive (Deepgram: 10 s). */
  idleTimeoutMs?: number;
}

export interface DeepgramStandIn {
  url: string;
  /** Applies a fault to every following grant request; `{}` clears it. */
  setGrantFault(fault: GrantFault): void;
  grantsIssued(): number;
  listenRecords(): ListenRecord[];
  /** Refuses the next handshakes, as `PUT /__stand-in/listen-fault` does. */
  refuseHandshakes(count: number, status?: 503 | 429): void;
  close(): Promise<void>;
}

const MAX_TTL_SECONDS = 3600;
const DEFAULT_TTL_SECONDS = 30;

export async function startDeepgramStandIn(
  options: DeepgramStandInOptions,
): Promise<DeepgramStandIn> {
  const now = options.now ?? Date.now;
  let fault: GrantFault = {};
  let issued = 0;
  const hanging = new Set<ServerResponse>();
  const listen = createListenEndpoint({
    apiKey: options.apiKey,
    tokenSecret: options.tokenSecret,
    now,
    ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
  });

  async function grant(request: IncomingMessage, response: ServerResponse) {
    const active = fault;
    if (active.hang) {
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    }
    if (active.delayMs) await new Promise((resolve) => setTimeout(resolve, active.delayMs));
    if (request.headers.authorization !== `Token ${options.apiKey}`) {
      return deepgramError(response, 401, 'INVALID_AUTH', 'Invalid credentials.');
    }
    if (active.status) {
      return deepgramError(
        response,
        active.status,
        'STAND_IN_FAULT',
        'Fault injected by the test.',
      );
    }
    if (active.malformed) {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end('{"access_token": "eyJ');
    }
    const body = await readBody(request);
    const ttl = active.ttlSeconds ?? parseTtl(body);
    if (ttl === null) {
      return deepgramError(
        response,
        400,
        'INVALID_QUERY_PARAMETER',
        `ttl_seconds must be a number between 1 and ${MAX_TTL_SECONDS}.`,
      );
    }
    issued += 1;
    sendJson(response, 200, {
      access_token: signAccessToken(options.tokenSecret, ttl, now()),
      expires_in: ttl,
    });
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const route = `${request.method} ${url.pathname}`;
    const handled =
      route === 'POST /v1/auth/grant'
        ? grant(request, response)
        : route === 'PUT /__stand-in/grant-fault'
          ? readBody(request).then((body) => {
              fault = body ? (JSON.parse(body) as GrantFault) : {};
              sendJson(response, 200, { fault });
            })
          : route === 'GET /__stand-in/grants'
            ? Promise.resolve(sendJson(response, 200, { count: issued }))
            : route === 'GET /__stand-in/listen'
              ? Promise.resolve(sendJson(response, 200, listen.records()))
              : route === 'POST /__stand-in/listen/drop'
                ? Promise.resolve(sendJson(response, 200, { dropped: listen.dropAll() }))
                : route === 'PUT /__stand-in/listen-fault'
                  ? readBody(request).then((body) => {
                      const fault = JSON.parse(body || '{}') as {
                        refuse?: number;
                        status?: number;
                        revokeTokensSeen?: boolean;
                      };
                      if (fault.revokeTokensSeen) listen.revokeTokensSeen();
                      else {
                        const status = fault.status === 429 ? 429 : 503;
                        listen.refuseHandshakes(Number(fault.refuse) || 0, status);
                      }
                      sendJson(response, 200, {});
                    })
                  : route === 'GET /__stand-in/listen-fault'
                    ? Promise.resolve(
                        sendJson(response, 200, { refused: listen.refusedHandshakes() }),
                      )
                    : route === 'GET /__stand-in/tones'
                      ? Promise.resolve(sendPage(response, tonePage(url.searchParams)))
                      : route === 'GET /__stand-in/tones.wav'
                        ? Promise.resolve(sendWav(request, response, toneWav(url.searchParams)))
                        : Promise.resolve(
                            deepgramError(response, 404, 'NOT_FOUND', `No route ${route}.`),
                          );
    handled.catch((error: unknown) => {
      if (!response.headersSent) deepgramError(response, 400, 'STAND_IN_ERROR', String(error));
    });
  });
  server.on('upgrade', listen.handleUpgrade);
  // Clients keep connections alive between grants, as Deno's fetch does.
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setGrantFault(next) {
      fault = next;
    },
    grantsIssued: () => issued,
    listenRecords: () => listen.records(),
    refuseHandshakes: (count, status) => listen.refuseHandshakes(count, status),
    close() {
      listen.close();
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function parseTtl(body: string): number | null {
  if (!body.trim()) return DEFAULT_TTL_SECONDS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const ttl = (parsed as { ttl_seconds?: unknown }).ttl_seconds;
  if (ttl === undefined) return DEFAULT_TTL_SECONDS;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS)
    return null;
  return ttl;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendPage(response: ServerResponse, html: string): void {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(html);
}

/**
 * The audio, with byte ranges as a real media server serves them: without them Chrome cannot
 * seek an `<audio>` anywhere but its start.
 */
function sendWav(request: IncomingMessage, response: ServerResponse, wav: Buffer): void {
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  const headers = { 'content-type': 'audio/wav', 'accept-ranges': 'bytes' };
  if (!range) {
    response.writeHead(200, { ...headers, 'content-length': wav.length });
    response.end(wav);
    return;
  }
  const last = wav.length - 1;
  const [start, end] = range[1]
    ? [Number(range[1]), Math.min(range[2] ? Number(range[2]) : last, last)]
    : [Math.max(0, wav.length - Number(range[2])), last];
  if (start > end) {
    response.writeHead(416, { 'content-range': `bytes */${wav.length}` });
    response.end();
    return;
  }
  response.writeHead(206, {
    ...headers,
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${wav.length}`,
  });
  response.end(wav.subarray(start, end + 1));
}

/** Deepgram's error shape: `{err_code, err_msg, request_id}`. */
function deepgramError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  sendJson(response, status, { err_code: code, err_msg: message, request_id: crypto.randomUUID() });
}
