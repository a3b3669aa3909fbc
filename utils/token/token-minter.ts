import { type ErrorCode, ExtensionError } from '../errors';

export interface MintedToken {
  token: string;
  /** Seconds the token lives from the moment it was minted. */
  expiresIn: number;
}

export interface TokenMinterOptions {
  /** The Supabase project URL; the function is at `/functions/v1/deepgram-token`. */
  supabaseUrl: string;
  publishableKey: string;
  fetch: typeof fetch;
  now: () => number;
}

/**
 * The function's error codes (`{"error": {"code": ...}}`, supabase/functions/deepgram-token/
 * http.ts), each as the failure the user reads about: the function sends no sentence, so the
 * words are all in utils/errors.ts.
 */
const FUNCTION_ERRORS: Record<string, ErrorCode> = {
  unauthenticated: 'signed_out',
  // Anonymous sign-ins are off; a session without an account is as good as none.
  anonymous_user: 'signed_out',
  over_quota: 'over_quota',
  jwks_unavailable: 'service_unavailable',
  usage_unavailable: 'service_unavailable',
  not_configured: 'service_unavailable',
  deepgram_refused: 'service_unavailable',
  deepgram_bad_response: 'service_unavailable',
  deepgram_unreachable: 'service_unavailable',
  deepgram_timeout: 'service_unavailable',
  method_not_allowed: 'internal',
  internal: 'service_unavailable',
};

/** An answer without one of the function's codes (a gateway's own), read by its status. */
const byStatus = (status: number): ErrorCode =>
  status === 401 || status === 403
    ? 'signed_out'
    : status === 429
      ? 'over_quota'
      : 'service_unavailable';

/**
 * Asks the `deepgram-token` Edge Function for a Deepgram token with the user's access token, and
 * turns each of its answers into a token or a typed error.
 */
export function createTokenMinter({ supabaseUrl, publishableKey, fetch, now }: TokenMinterOptions) {
  const url = `${supabaseUrl}/functions/v1/deepgram-token`;
  return async (accessToken: string): Promise<MintedToken> => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, apikey: publishableKey },
      });
    } catch (error) {
      throw new ExtensionError('network', error instanceof Error ? error.message : String(error));
    }
    const body = (await response.json().catch(() => null)) as {
      token?: unknown;
      expires_in?: unknown;
      error?: { code?: string; retry_after_seconds?: unknown };
    } | null;
    if (response.ok && typeof body?.token === 'string' && typeof body.expires_in === 'number') {
      return { token: body.token, expiresIn: body.expires_in };
    }
    const code = body?.error?.code;
    const known = typeof code === 'string' && Object.hasOwn(FUNCTION_ERRORS, code);
    const failure = known ? (FUNCTION_ERRORS[code] as ErrorCode) : byStatus(response.status);
    if (failure === 'over_quota') {
      const liftsAt = liftTime(body?.error?.retry_after_seconds, response.headers, now());
      throw new ExtensionError('over_quota', liftsAt?.toISOString());
    }
    // The function's code (or the status) goes along for the logs.
    throw new ExtensionError(failure, known ? code : `http_${response.status}`);
  };
}

/**
 * When an over-quota refusal ends, on this machine's clock: the seconds the function counted
 * (in its JSON, or in Retry-After where the browser lets the page read it) from the moment the
 * answer arrived. Counting from here, not from the function's `retry_at`, keeps the time right
 * on a computer whose clock is off. Null when the answer says nothing usable: no time is
 * better than a made-up one.
 */
function liftTime(bodySeconds: unknown, headers: Headers, now: number): Date | null {
  const header = headers.get('Retry-After');
  const seconds =
    typeof bodySeconds === 'number' ? bodySeconds : header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? new Date(now + seconds * 1000) : null;
}
