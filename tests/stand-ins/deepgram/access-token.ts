import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Deepgram's temporary access tokens as the stand-in makes them: HS256 JWTs signed with the
 * stand-in's own secret. Real Deepgram tokens are opaque to clients; what matters is that the
 * stand-in's live-listen endpoint can check the ones its grant endpoint issued, expiry included.
 */

export interface AccessTokenClaims {
  jti: string;
  iat: number;
  exp: number;
  scopes: string[];
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function sign(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

/** Signs a token that expires `ttlSeconds` after `nowMs`. */
export function signAccessToken(secret: string, ttlSeconds: number, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: AccessTokenClaims = {
    jti: randomUUID(),
    iat,
    exp: iat + Math.ceil(ttlSeconds),
    scopes: ['usage:write'],
  };
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(sign(secret, signingInput))}`;
}

export type AccessTokenCheck =
  | { valid: true; claims: AccessTokenClaims }
  | { valid: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** Checks a token this stand-in issued: its signature, then its expiry at `nowMs`. */
export function verifyAccessToken(secret: string, token: string, nowMs: number): AccessTokenCheck {
  const [header, payload, signature, ...rest] = token.split('.');
  if (!header || !payload || !signature || rest.length > 0)
    return { valid: false, reason: 'malformed' };
  const expected = sign(secret, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { valid: false, reason: 'bad_signature' };
  }
  let claims: AccessTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) {
    return { valid: false, reason: 'expired' };
  }
  return { valid: true, claims };
}
