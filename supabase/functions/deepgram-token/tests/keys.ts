// Signing keys and user access tokens shaped like Supabase Auth's, including the malformed and
// malicious ones the function must refuse.
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export interface SigningKey {
  kid: string;
  alg: 'ES256' | 'RS256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKey(
  kid: string,
  alg: 'ES256' | 'RS256' = 'ES256',
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

export function jwks(...keys: SigningKey[]): { keys: JWK[] } {
  return { keys: keys.map((key) => key.publicJwk) };
}

/** The claims Supabase Auth puts in a signed-in user's access token. */
export function userClaims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'http://127.0.0.1:54321/auth/v1',
    sub: crypto.randomUUID(),
    aud: 'authenticated',
    exp: now + 3600,
    iat: now,
    email: 'ada@example.com',
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: crypto.randomUUID(),
    is_anonymous: false,
    ...overrides,
  };
}

/** A token signed by `key`; `header` overrides the protected header (e.g. to drop `kid`). */
export function signUserToken(
  key: SigningKey,
  claims: JWTPayload = userClaims(),
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

function base64url(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** `alg: none`: claims with no signature at all. */
export function unsignedToken(kid: string, claims: JWTPayload = userClaims()): string {
  return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid }))}.${base64url(JSON.stringify(claims))}.`;
}

/** HS256 with a secret an attacker chose, e.g. the public key's text (the classic confusion attack). */
export async function hs256Token(
  kid: string,
  secret: string,
  claims: JWTPayload = userClaims(),
): Promise<string> {
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}
