// Verifies the caller's Supabase access token locally, against the project's JSON Web Key Set.
//
// Why jose: it is the standard, dependency-free JOSE implementation on every runtime, it keeps
// the remote key set cached with a refetch cooldown for unknown `kid`s, and it lets us pin the
// algorithms. `@supabase/server` wraps the same check but does not look at `role` or
// `is_anonymous`, which this function must, and brings supabase-js with it.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { FunctionConfig } from './config.ts';
import { createVerifiedTokenCache } from './verified-token-cache.ts';

/** Who asks: the user, and the Auth session their token belongs to (checked at each claim). */
export interface Caller {
  userId: string;
  sessionId: string;
}

export type VerifiedCaller =
  | ({ ok: true } & Caller)
  /** The token is missing or not acceptable: 401, or 403 for an anonymous user. */
  | { ok: false; status: 401 | 403; reason: string }
  /** The token could not be judged because the signing keys could not be had: 503 (or 500). */
  | { ok: false; status: 500 | 503; reason: string };

export type CallerVerifier = (authorization: string | null) => Promise<VerifiedCaller>;

// Supabase signs user tokens with ES256 (asymmetric keys) or RS256. HS256 tokens are signed with
// the legacy shared secret, which this function never holds, and `none` is no signature at all.
const ALGORITHMS = ['ES256', 'RS256'];
const CLOCK_TOLERANCE_SECONDS = 5;
const CACHE_MAX_ENTRIES = 10_000;
const CACHE_MAX_AGE_MS = 60_000;

/** Marks a failure to obtain the key set, as opposed to a token it does not accept. */
class KeySetUnavailable extends Error {}

export function createCallerVerifier(
  config: Pick<FunctionConfig, 'jwks' | 'jwksRefetchCooldownMs' | 'issuers'>,
  now: () => number = Date.now,
): CallerVerifier {
  const { jwks, issuers } = config;
  if (jwks.source === 'missing') {
    return () =>
      Promise.resolve({ ok: false, status: 500, reason: `not_configured: ${jwks.problem}` });
  }
  if (issuers.length === 0) {
    const reason =
      'not_configured: no issuer to accept (set SUPABASE_URL or SUPABASE_AUTH_ISSUERS)';
    return () => Promise.resolve({ ok: false, status: 500, reason });
  }
  const keys =
    jwks.source === 'inline'
      ? createLocalJWKSet(jwks.keys)
      : remoteKeys(jwks.url, config.jwksRefetchCooldownMs);
  const verified = createVerifiedTokenCache<Caller>({
    maxEntries: CACHE_MAX_ENTRIES,
    maxAgeMs: CACHE_MAX_AGE_MS,
    now,
  });

  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return refuse('missing_bearer_token');
    const known = verified.get(token);
    if (known) return { ok: true, ...known };

    let alg: unknown;
    let kid: unknown;
    try {
      ({ alg, kid } = decodeProtectedHeader(token));
    } catch {
      return refuse('malformed_token');
    }
    if (typeof alg !== 'string' || !ALGORITHMS.includes(alg))
      return refuse(`algorithm_not_allowed:${String(alg)}`);
    // Supabase always names the key; a token without `kid` was not signed by the project.
    if (typeof kid !== 'string' || kid === '') return refuse('missing_kid');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        audience: 'authenticated',
        issuer: issuers,
        requiredClaims: ['exp', 'sub', 'session_id'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      if (error instanceof KeySetUnavailable)
        return { ok: false, status: 503, reason: error.message };
      return refuse(rejectionReason(error));
    }
    if (payload.role !== 'authenticated') return refuse(`role:${String(payload.role)}`);
    if (typeof payload.sub !== 'string' || payload.sub === '') return refuse('missing_sub');
    if (typeof payload.session_id !== 'string' || payload.session_id === '')
      return refuse('missing_session_id');
    // Auth writes a boolean. Anything else is not a token Auth made for a full account, and
    // "true" as a string is an anonymous user's token all the same.
    if (payload.is_anonymous === true || payload.is_anonymous === 'true')
      return { ok: false, status: 403, reason: 'anonymous_user' };
    if (payload.is_anonymous !== false && payload.is_anonymous !== undefined)
      return refuse(`is_anonymous:${JSON.stringify(payload.is_anonymous)}`);
    const caller = { userId: payload.sub, sessionId: payload.session_id };
    verified.set(token, caller, ((payload.exp as number) + CLOCK_TOLERANCE_SECONDS) * 1000);
    return { ok: true, ...caller };
  };
}

function refuse(reason: string): VerifiedCaller {
  return { ok: false, status: 401, reason };
}

/**
 * The project's key set over HTTP, cached by jose. An unknown `kid` (a key rotated in) refetches
 * the set, but at most once per cooldown, so a flood of forged `kid`s cannot hammer Auth.
 */
function remoteKeys(url: URL, cooldownMs: number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url, { cooldownDuration: cooldownMs, timeoutDuration: 5_000 });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isJoseError(error, 'ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS'))
        throw error;
      throw new KeySetUnavailable(
        `jwks_unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

/** A short, token-free word for the log line: which check the token failed. */
function rejectionReason(error: unknown): string {
  if (isJoseError(error, 'ERR_JWT_EXPIRED')) return 'expired';
  if (isJoseError(error, 'ERR_JWT_CLAIM_VALIDATION_FAILED')) {
    return `claim:${(error as { claim?: string }).claim ?? 'unknown'}`;
  }
  if (isJoseError(error, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')) return 'bad_signature';
  if (isJoseError(error, 'ERR_JWKS_NO_MATCHING_KEY')) return 'unknown_kid';
  if (isJoseError(error, 'ERR_JOSE_ALG_NOT_ALLOWED')) return 'algorithm_not_allowed';
  return 'invalid_token';
}

function isJoseError(error: unknown, ...codes: string[]): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    codes.includes((error as { code?: string }).code ?? '')
  );
}
