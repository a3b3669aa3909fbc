// The handler on its own, with its dependencies replaced: the cases the real stack cannot provoke.
import assert from 'node:assert/strict';
import { readConfig } from '../config.ts';
import { createTokenHandler, type HandlerDeps } from '../handler.ts';
import { type ClaimDecision, type UsageGuard, UsageGuardUnavailable } from '../usage-guard.ts';

Deno.test('an unexpected failure still answers JSON with CORS, and is logged', async () => {
  const lines: Record<string, unknown>[] = [];
  const handler = createTokenHandler({
    config: readConfig({ DEEPGRAM_API_KEY: 'k', SUPABASE_JWKS: '{"keys":[]}' }),
    verifyCaller: () => Promise.reject(new TypeError('boom')),
    usageGuard: null,
    fetch: () => Promise.reject(new Error('never called')),
    log: (line) => lines.push(line),
    now: () => 0,
  });
  const response = await handler(new Request('http://fn/', { method: 'POST' }));
  assert.equal(response.status, 500);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual((await response.json()).error.code, 'internal');
  assert.equal(lines[0]?.outcome, 'internal');
  assert.equal(lines[0]?.reason, 'TypeError: boom');
});

/** A handler whose caller is always user `u1`, with a guard deciding as told and Deepgram answering `grant`. */
function guardedHandler(decide: () => Promise<ClaimDecision>, grant: () => Promise<Response>) {
  const lines: Record<string, unknown>[] = [];
  const released: string[] = [];
  let deepgramCalls = 0;
  const usageGuard: UsageGuard = {
    claim: decide,
    release: async (requestId) => {
      released.push(requestId);
    },
    close: async () => {},
  };
  const deps: HandlerDeps = {
    config: readConfig({
      DEEPGRAM_API_KEY: 'k',
      SUPABASE_JWKS: '{"keys":[]}',
      SUPABASE_DB_URL: 'postgres://unused',
    }),
    verifyCaller: async () => ({ ok: true, userId: 'u1', sessionId: 's1' }),
    usageGuard,
    fetch: () => {
      deepgramCalls += 1;
      return grant();
    },
    log: (line) => lines.push(line),
    now: () => 0,
  };
  const handler = createTokenHandler(deps);
  return {
    mint: () => handler(new Request('http://fn/', { method: 'POST' })),
    lines,
    released,
    deepgramCalls: () => deepgramCalls,
  };
}

const deepgramToken = async () => Response.json({ access_token: 'dg', expires_in: 300 });

Deno.test('over quota → 429 with Retry-After, the time in the body, no sentence, and no call to Deepgram', async () => {
  const fn = guardedHandler(
    async () => ({
      kind: 'over_quota',
      retryAfterSeconds: 754,
      retryAt: '2026-12-04T14:12:34.567Z',
    }),
    deepgramToken,
  );
  const response = await fn.mint();
  assert.equal(response.status, 429);
  assert.equal(response.headers.get('retry-after'), '754');
  // A page may read Retry-After only when the answer exposes it.
  assert.match(response.headers.get('access-control-expose-headers') ?? '', /\bRetry-After\b/i);
  const { error } = await response.json();
  assert.equal(error.code, 'over_quota');
  assert.equal(error.retry_after_seconds, 754);
  assert.equal(error.retry_at, '2026-12-04T14:12:34.567Z');
  // The code and the numbers, no sentence: the extension words it (utils/errors.ts).
  assert.deepEqual(Object.keys(error).sort(), ['code', 'retry_after_seconds', 'retry_at']);
  assert.equal(fn.deepgramCalls(), 0);
  assert.equal(fn.lines[0]?.retry_after_seconds, 754);
});

Deno.test('the database unreachable → 503, never an unguarded mint', async () => {
  const fn = guardedHandler(
    () => Promise.reject(new UsageGuardUnavailable('connect ECONNREFUSED 127.0.0.1:5432')),
    deepgramToken,
  );
  const response = await fn.mint();
  assert.equal(response.status, 503);
  assert.equal(response.headers.get('retry-after'), '5');
  assert.equal((await response.json()).error.code, 'usage_unavailable');
  assert.equal(fn.deepgramCalls(), 0);
  assert.match(String(fn.lines[0]?.reason), /ECONNREFUSED/);
});

Deno.test('a mint Deepgram refuses gives its slot back; one it issues keeps it', async () => {
  const refused = guardedHandler(
    async () => ({ kind: 'granted' }),
    async () => new Response('no', { status: 500 }),
  );
  assert.equal((await refused.mint()).status, 502);
  assert.deepEqual(refused.released, [refused.lines[0]?.request_id]);

  const issued = guardedHandler(async () => ({ kind: 'granted' }), deepgramToken);
  assert.equal((await issued.mint()).status, 200);
  assert.deepEqual(issued.released, []);
});

Deno.test('a claim whose Auth session has ended → 401, and no call to Deepgram', async () => {
  const fn = guardedHandler(async () => ({ kind: 'signed_out' }), deepgramToken);
  const response = await fn.mint();
  assert.equal(response.status, 401);
  assert.equal((await response.json()).error.code, 'unauthenticated');
  assert.equal(fn.deepgramCalls(), 0);
  assert.equal(fn.lines[0]?.reason, 'session_ended');
});

Deno.test('the guard on without a database → 500 not_configured, and Deepgram never called', async () => {
  let deepgramCalls = 0;
  const handler = createTokenHandler({
    config: readConfig({ DEEPGRAM_API_KEY: 'k', SUPABASE_JWKS: '{"keys":[]}' }),
    verifyCaller: async () => ({ ok: true, userId: 'u1', sessionId: 's1' }),
    usageGuard: null,
    fetch: async () => {
      deepgramCalls += 1;
      return deepgramToken();
    },
    log: () => {},
    now: () => 0,
  });
  const response = await handler(new Request('http://fn/', { method: 'POST' }));
  assert.equal(response.status, 500);
  assert.equal((await response.json()).error.code, 'not_configured');
  assert.equal(deepgramCalls, 0);
});

Deno.test('DEEPGRAM_TOKEN_QUOTA_PER_HOUR: 60 by default, 0 turns the guard off, nonsense warned', () => {
  const base = { SUPABASE_DB_URL: 'postgres://db' };
  assert.deepEqual(readConfig(base).usageGuard, {
    state: 'on',
    quotaPerHour: 60,
    databaseUrl: 'postgres://db',
  });
  assert.deepEqual(readConfig({ ...base, DEEPGRAM_TOKEN_QUOTA_PER_HOUR: '0' }).usageGuard, {
    state: 'off',
  });
  const odd = readConfig({ ...base, DEEPGRAM_TOKEN_QUOTA_PER_HOUR: '-3' });
  assert.equal(odd.usageGuard.state === 'on' && odd.usageGuard.quotaPerHour, 60);
  assert.match(odd.warnings.join(), /DEEPGRAM_TOKEN_QUOTA_PER_HOUR="-3"/);
});
