import { ExtensionError } from './errors';

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
    const code = body?.error?.code ?? `http_${response.status}`;
    if (response.status === 401 || response.status === 403)
      throw new ExtensionError('signed_out', code);
    if (response.status === 429) {
      const liftsAt = liftTime(body?.error?.retry_after_seconds, response.headers, now());
      throw new ExtensionError('over_quota', liftsAt?.toISOString());
    }
    throw new ExtensionError('service_unavailable', code);
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
