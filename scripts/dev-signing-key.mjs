// Supabase-style user access tokens signed with a local ES256 key, and the JWKS that verifies
// them: what `npm run function` and `npm run dev:token` hand the token function. The key is made
// on first use and kept in .local/ (never committed), so tokens from either verify with both.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';

const keyFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '.local',
  'dev-signing-key.json',
);

/** The local signing key pair, made once and reused so the JWKS stays the same. */
async function loadKey() {
  if (!existsSync(keyFile)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${randomUUID().slice(0, 8)}`;
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(
      keyFile,
      JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }),
      {
        mode: 0o600,
      },
    );
  }
  const jwk = JSON.parse(readFileSync(keyFile, 'utf8'));
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: await importJWK(jwk, 'ES256'),
    kid: jwk.kid,
    publicJwk: { ...publicJwk, use: 'sig' },
  };
}

/**
 * A stable user id per email, as Auth would keep one user per address.
 * @param {string} email
 */
function userIdFor(email) {
  const hex = createHash('sha256').update(email).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The issuer the tokens name: a `supabase start` project's Auth, which the function is told to accept. */
export const DEV_ISSUER = 'http://127.0.0.1:54321/auth/v1';

/**
 * @param {{ email: string, anonymous?: boolean, ttlSeconds?: number }} user
 * @returns {Promise<{ token: string, jwks: string, userId: string, sessionId: string }>} the token,
 *   the JWKS (JSON) for SUPABASE_JWKS, and the user and session it names (a function with the
 *   usage guard on accepts it only while its session is in `auth.sessions`)
 */
export async function signDevToken({ email, anonymous = false, ttlSeconds = 3600 }) {
  const { privateKey, kid, publicJwk } = await loadKey();
  const now = Math.floor(Date.now() / 1000);
  const sessionId = randomUUID();
  const token = await new SignJWT({
    email: anonymous ? '' : email,
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: anonymous ? 'anonymous' : 'password', timestamp: now }],
    session_id: sessionId,
    is_anonymous: anonymous,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setSubject(userIdFor(email))
    .setAudience('authenticated')
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(privateKey);
  return {
    token,
    jwks: JSON.stringify({ keys: [publicJwk] }),
    userId: userIdFor(email),
    sessionId,
  };
}
