// Who may mint: only a signed-in, non-anonymous Supabase user whose token the project signed.
import assert from 'node:assert/strict';
import {
  createSigningKey,
  hs256Token,
  jwks,
  signUserToken,
  unsignedToken,
  userClaims,
} from './keys.ts';
import {
  functionEnv,
  LOCAL_ISSUER,
  startFunction,
  startKeySetServer,
  startStandIn,
} from './stack.ts';

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test('the function refuses every token it should and accepts the rest', options, async (t) => {
  const es256 = await createSigningKey('key-es256');
  const rs256 = await createSigningKey('key-rs256', 'RS256');
  const stranger = await createSigningKey('key-es256'); // same kid, a key the project never had
  const standIn = await startStandIn();
  const keySet = startKeySetServer(jwks(es256, rs256));
  const fn = await startFunction(functionEnv(standIn, keySet));
  const now = Math.floor(Date.now() / 1000);

  const expectRefused = async (token: string | null, status: 401 | 403, code: string) => {
    const response = await fn.mint(token);
    assert.equal(response.status, status);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual((await response.json()).error.code, code);
  };

  try {
    await t.step('a signed-in user (ES256) gets a token', async () => {
      const response = await fn.mint(await signUserToken(es256));
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.equal(typeof body.token, 'string');
      assert.equal(body.expires_in, 300);
    });
    await t.step('so does one whose project signs with RS256', async () => {
      assert.equal((await fn.mint(await signUserToken(rs256))).status, 200);
    });
    await t.step('no Authorization header → 401, with a WWW-Authenticate challenge', async () => {
      const response = await fn.mint(null);
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
      await response.body?.cancel();
    });
    await t.step('a Basic header, or a token that is not a JWT → 401', async () => {
      const basic = await fn.mint(null, { headers: { Authorization: 'Basic dXNlcjpwdw==' } });
      assert.equal(basic.status, 401);
      await basic.body?.cancel();
      await expectRefused('not-a-jwt', 401, 'unauthenticated');
      await expectRefused('a.b.c', 401, 'unauthenticated');
    });
    await t.step('expired → 401', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ exp: now - 60, iat: now - 3660 })),
        401,
        'unauthenticated',
      );
    });
    await t.step('not yet valid → 401', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ nbf: now + 600 })),
        401,
        'unauthenticated',
      );
    });
    await t.step('another audience → 401', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ aud: 'service' })),
        401,
        'unauthenticated',
      );
    });
    await t.step('the anon or service role, or no role → 401', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ role: 'anon' })),
        401,
        'unauthenticated',
      );
      await expectRefused(
        await signUserToken(es256, userClaims({ role: 'service_role' })),
        401,
        'unauthenticated',
      );
      await expectRefused(
        await signUserToken(es256, userClaims({ role: undefined })),
        401,
        'unauthenticated',
      );
    });
    await t.step('no subject → 401', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ sub: undefined })),
        401,
        'unauthenticated',
      );
    });
    await t.step('an anonymous user → 403', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ is_anonymous: true })),
        403,
        'anonymous_user',
      );
    });
    await t.step('"true" as a string is an anonymous user all the same → 403', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ is_anonymous: 'true' })),
        403,
        'anonymous_user',
      );
    });
    await t.step('is_anonymous that is not a boolean → 401', async () => {
      for (const odd of ['false', 1, null]) {
        await expectRefused(
          await signUserToken(es256, userClaims({ is_anonymous: odd })),
          401,
          'unauthenticated',
        );
      }
    });
    await t.step(
      'issued by another project, even one signing with a shared key → 401',
      async () => {
        for (const iss of ['https://other-project.supabase.co/auth/v1', undefined]) {
          await expectRefused(
            await signUserToken(es256, userClaims({ iss })),
            401,
            'unauthenticated',
          );
        }
      },
    );
    await t.step('the project’s own issuer, from SUPABASE_URL → 200', async () => {
      const response = await fn.mint(
        await signUserToken(es256, userClaims({ iss: `${keySet.url}/auth/v1` })),
      );
      assert.equal(response.status, 200);
      await response.body?.cancel();
    });
    await t.step('no session_id (not a user session’s token) → 401', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims({ session_id: undefined })),
        401,
        'unauthenticated',
      );
    });
    await t.step('signed by a key the project does not have, under a known kid → 401', async () => {
      await expectRefused(await signUserToken(stranger), 401, 'unauthenticated');
    });
    await t.step('alg: none → 401', async () => {
      await expectRefused(unsignedToken(es256.kid), 401, 'unauthenticated');
    });
    await t.step('HS256, even keyed with the public key’s own text → 401', async () => {
      await expectRefused(
        await hs256Token(es256.kid, JSON.stringify(es256.publicJwk)),
        401,
        'unauthenticated',
      );
    });
    await t.step('no kid → 401', async () => {
      await expectRefused(
        await signUserToken(es256, userClaims(), { kid: undefined }),
        401,
        'unauthenticated',
      );
    });
    await t.step(
      'a token accepted once and then altered is checked again, and refused',
      async () => {
        const token = await signUserToken(es256);
        assert.equal((await fn.mint(token)).status, 200);
        const [header, payload, signature] = token.split('.') as [string, string, string];
        const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
        const forged = btoa(JSON.stringify({ ...claims, sub: crypto.randomUUID() }))
          .replace(/\+/g, '-')
          .replace(/\//g, '_')
          .replace(/=+$/, '');
        await expectRefused(`${header}.${forged}.${signature}`, 401, 'unauthenticated');
        await expectRefused(`${token}x`, 401, 'unauthenticated');
      },
    );
    await t.step('a refused caller never reaches Deepgram', async () => {
      // Three earlier in this test, and the one issued to a token naming SUPABASE_URL's issuer.
      assert.equal(await standIn.grantsIssued(), 4);
    });
    await t.step('each refusal is logged with its reason and no token', () => {
      const lines = fn
        .output()
        .split('\n')
        .filter((line) => line.includes('"outcome"'))
        .map((line) => JSON.parse(line));
      const reasons = lines.filter((line) => line.status === 401).map((line) => line.reason);
      for (const reason of [
        'expired',
        'claim:nbf',
        'claim:aud',
        'role:anon',
        'bad_signature',
        'missing_kid',
        'claim:iss',
        'claim:session_id',
        'is_anonymous:"false"',
      ]) {
        assert.ok(reasons.includes(reason), `no log line with reason ${reason} in ${reasons}`);
      }
      assert.ok(reasons.some((reason) => reason.startsWith('algorithm_not_allowed:none')));
      assert.ok(reasons.some((reason) => reason.startsWith('algorithm_not_allowed:HS256')));
      for (const line of lines) {
        assert.equal(typeof line.latency_ms, 'number');
        assert.equal(typeof line.request_id, 'string');
      }
    });
  } finally {
    await fn.stop();
    await keySet.stop();
    await standIn.stop();
  }
});

Deno.test('keys come inline from SUPABASE_JWKS when it is set', options, async () => {
  const key = await createSigningKey('inline-key');
  const other = await createSigningKey('other-key');
  const standIn = await startStandIn();
  const fn = await startFunction({
    DEEPGRAM_API_KEY: (await import('./stack.ts')).DEEPGRAM_KEY,
    DEEPGRAM_API_URL: standIn.url,
    SUPABASE_JWKS: JSON.stringify(jwks(key)),
    // Unreachable: with inline keys the function must never need it.
    SUPABASE_URL: 'http://127.0.0.1:9',
    SUPABASE_AUTH_ISSUERS: LOCAL_ISSUER,
  });
  try {
    assert.equal((await fn.mint(await signUserToken(key))).status, 200);
    const unknown = await fn.mint(await signUserToken(other));
    assert.equal(unknown.status, 401);
    await unknown.body?.cancel();
  } finally {
    await fn.stop();
    await standIn.stop();
  }
});

Deno.test(
  'a key rotated in is picked up, refetching the set at most once per cooldown',
  options,
  async () => {
    const current = await createSigningKey('current');
    const next = await createSigningKey('next');
    const standIn = await startStandIn();
    const keySet = startKeySetServer(jwks(current));
    const fn = await startFunction(
      functionEnv(standIn, keySet, { JWKS_REFETCH_COOLDOWN_SECONDS: '1' }),
    );
    try {
      assert.equal((await fn.mint(await signUserToken(current))).status, 200);
      assert.equal(keySet.fetches(), 1);

      // Auth rotates: the new key signs from now on. Within the cooldown, a burst of requests
      // naming the unknown kid costs no fetch at all and is refused.
      keySet.serve(jwks(current, next));
      const nextToken = await signUserToken(next);
      const burst = await Promise.all(Array.from({ length: 20 }, () => fn.mint(nextToken)));
      for (const response of burst) {
        assert.equal(response.status, 401);
        await response.body?.cancel();
      }
      assert.equal(keySet.fetches(), 1);

      // After the cooldown, the first such request refetches the set once, and succeeds.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const after = await Promise.all(Array.from({ length: 20 }, () => fn.mint(nextToken)));
      assert.deepEqual(
        after.map((response) => response.status),
        Array(20).fill(200),
      );
      await Promise.all(after.map((response) => response.body?.cancel()));
      assert.equal(keySet.fetches(), 2);
    } finally {
      await fn.stop();
      await keySet.stop();
      await standIn.stop();
    }
  },
);

Deno.test(
  'the key set unreachable → 503, not a 401 that would sign the user out',
  options,
  async () => {
    const key = await createSigningKey('k');
    const standIn = await startStandIn();
    const fn = await startFunction({
      DEEPGRAM_API_KEY: 'x',
      DEEPGRAM_API_URL: standIn.url,
      SUPABASE_URL: 'http://127.0.0.1:9',
    });
    try {
      const response = await fn.mint(await signUserToken(key));
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal((await response.json()).error.code, 'jwks_unavailable');
    } finally {
      await fn.stop();
      await standIn.stop();
    }
  },
);
