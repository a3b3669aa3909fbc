// The handler on its own, with its dependencies replaced: the cases the real stack cannot provoke.
import assert from 'node:assert/strict';
import { readConfig } from '../config.ts';
import { createTokenHandler } from '../handler.ts';

Deno.test('an unexpected failure still answers JSON with CORS, and is logged', async () => {
  const lines: Record<string, unknown>[] = [];
  const handler = createTokenHandler({
    config: readConfig({ DEEPGRAM_API_KEY: 'k', SUPABASE_JWKS: '{"keys":[]}' }),
    verifyCaller: () => Promise.reject(new TypeError('boom')),
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
