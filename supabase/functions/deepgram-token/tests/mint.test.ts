// What a signed-in user gets, and what they are told when Deepgram or the configuration fails.
import assert from 'node:assert/strict';
import { createSigningKey, jwks, signUserToken } from './keys.ts';
import {
  DEEPGRAM_KEY,
  functionEnv,
  startFunction,
  startKeySetServer,
  startStandIn,
} from './stack.ts';

const options = { sanitizeOps: false, sanitizeResources: false };

function decodePayload(jwt: string): Record<string, number> {
  const payload = jwt.split('.')[1] as string;
  return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
}

Deno.test('minting, and every way it can fail', options, async (t) => {
  const key = await createSigningKey('k1');
  const standIn = await startStandIn();
  const keySet = startKeySetServer(jwks(key));
  const fn = await startFunction(functionEnv(standIn, keySet));
  const user = await signUserToken(key);
  /** Every response of this test, for the secrecy check at the end. */
  const seen: string[] = [];
  const mint = async (token: string | null = user, init?: RequestInit) => {
    const response = await fn.mint(token, init);
    const text = await response.text();
    seen.push(JSON.stringify([...response.headers]), text);
    assert.equal(
      response.headers.get('access-control-allow-origin'),
      '*',
      `CORS on ${response.status}`,
    );
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
    };
  };
  const expectError = async (status: number, code: string) => {
    const { status: actual, body } = await mint();
    assert.equal(actual, status);
    assert.equal(body.error.code, code);
    // A stable code and nothing else: the caller has the words.
    assert.deepEqual(Object.keys(body.error), ['code']);
  };

  try {
    await t.step('200: a 5-minute Deepgram token, never cached', async () => {
      const { status, headers, body } = await mint();
      assert.equal(status, 200);
      assert.equal(headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(body).sort(), ['expires_in', 'token']);
      assert.equal(body.expires_in, 300);
      const claims = decodePayload(body.token);
      assert.equal((claims.exp as number) - (claims.iat as number), 300);
    });
    await t.step(
      'a Deepgram token said to live longer than asked is passed on as asked',
      async () => {
        await standIn.setGrantFault({ ttlSeconds: 3_600 });
        try {
          const { status, body } = await mint();
          assert.equal(status, 200);
          assert.equal(body.expires_in, 300);
        } finally {
          await standIn.setGrantFault({});
        }
      },
    );
    await t.step('OPTIONS: 204 preflight with CORS for the headers supabase-js sends', async () => {
      const response = await fetch(fn.url, {
        method: 'OPTIONS',
        headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(response.status, 204);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /authorization/);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /apikey/);
      assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
      await response.body?.cancel();
    });
    await t.step('GET → 405 with Allow', async () => {
      const { status, headers, body } = await mint(user, { method: 'GET' });
      assert.equal(status, 405);
      assert.equal(headers.get('allow'), 'POST, OPTIONS');
      assert.equal(body.error.code, 'method_not_allowed');
    });
    await t.step('Deepgram refuses (401, 403, 500) → 502', async () => {
      for (const upstream of [401, 403, 500]) {
        await standIn.setGrantFault({ status: upstream });
        await expectError(502, 'deepgram_refused');
      }
    });
    await t.step('Deepgram answers malformed JSON → 502', async () => {
      await standIn.setGrantFault({ malformed: true });
      await expectError(502, 'deepgram_bad_response');
    });
    await t.step('Deepgram slow but within the timeout → 200', async () => {
      await standIn.setGrantFault({ delayMs: 300 });
      assert.equal((await mint()).status, 200);
    });
    await t.step('Deepgram never answers → 504 after the 5-second timeout', async () => {
      await standIn.setGrantFault({ hang: true });
      const started = performance.now();
      await expectError(504, 'deepgram_timeout');
      const waited = performance.now() - started;
      assert.ok(waited >= 4_900 && waited < 7_000, `answered after ${waited} ms`);
    });
    await t.step('200 concurrent mints all succeed', async () => {
      await standIn.setGrantFault({});
      const before = await standIn.grantsIssued();
      const results = await Promise.all(Array.from({ length: 200 }, () => mint()));
      assert.deepEqual(
        results.map((result) => result.status),
        Array(200).fill(200),
      );
      assert.equal(new Set(results.map((result) => result.body.token)).size, 200);
      assert.equal((await standIn.grantsIssued()) - before, 200);
    });
    await t.step(
      'the master key appears in no response and no log line; tokens in no log line',
      () => {
        const output = fn.output();
        assert.ok(output.includes('"outcome":"minted"'));
        for (const text of [...seen, output]) assert.ok(!text.includes(DEEPGRAM_KEY));
        const minted = seen
          .filter((text) => text.includes('"token"'))
          .map((text) => JSON.parse(text).token);
        assert.ok(minted.length > 200);
        for (const token of [...minted, user]) assert.ok(!output.includes(token));
      },
    );
  } finally {
    await fn.stop();
    await keySet.stop();
    await standIn.stop();
  }
});

Deno.test('a missing or wrong master key, and Deepgram unreachable', options, async (t) => {
  const key = await createSigningKey('k1');
  const standIn = await startStandIn();
  const keySet = startKeySetServer(jwks(key));
  const user = await signUserToken(key);
  const cases: [string, Record<string, string>, number, string][] = [
    ['DEEPGRAM_API_KEY unset → 500', { DEEPGRAM_API_KEY: '' }, 500, 'not_configured'],
    [
      'a key Deepgram does not accept → 502',
      { DEEPGRAM_API_KEY: 'dg-wrong-key-0123456789' },
      502,
      'deepgram_refused',
    ],
    [
      'Deepgram unreachable → 502',
      { DEEPGRAM_API_URL: 'http://127.0.0.1:9' },
      502,
      'deepgram_unreachable',
    ],
  ];
  try {
    for (const [name, env, status, code] of cases) {
      await t.step(name, async () => {
        const fn = await startFunction(functionEnv(standIn, keySet, env));
        try {
          const response = await fn.mint(user);
          assert.equal(response.status, status);
          assert.equal(response.headers.get('access-control-allow-origin'), '*');
          const text = await response.text();
          assert.equal(JSON.parse(text).error.code, code);
          for (const secret of [DEEPGRAM_KEY, 'dg-wrong-key-0123456789']) {
            assert.ok(!text.includes(secret) && !fn.output().includes(secret));
          }
        } finally {
          await fn.stop();
        }
      });
    }
    await t.step('an unauthenticated caller learns nothing of the configuration', async () => {
      const fn = await startFunction(functionEnv(standIn, keySet, { DEEPGRAM_API_KEY: '' }));
      try {
        const response = await fn.mint(null);
        assert.equal(response.status, 401);
        await response.body?.cancel();
      } finally {
        await fn.stop();
      }
    });
    await t.step('an out-of-range TTL is bounded and the bound logged at start-up', async () => {
      const fn = await startFunction(
        functionEnv(standIn, keySet, { DEEPGRAM_TOKEN_TTL_SECONDS: '5' }),
      );
      try {
        const response = await fn.mint(user);
        assert.equal((await response.json()).expires_in, 30);
        assert.match(fn.output(), /DEEPGRAM_TOKEN_TTL_SECONDS=5 is outside 30–3600; using 30/);
      } finally {
        await fn.stop();
      }
    });
  } finally {
    await keySet.stop();
    await standIn.stop();
  }
});
