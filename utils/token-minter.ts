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
      error?: { code?: string };
    } | null;
    if (response.ok && typeof body?.token === 'string' && typeof body.expires_in === 'number') {
      return { token: body.token, expiresIn: body.expires_in };
    }
    const code = body?.error?.code ?? `http_${response.status}`;
    if (response.status === 401 || response.status === 403)
      throw new ExtensionError('signed_out', code);
    if (response.status === 429) {
      const retryAfterSeconds = Number(response.headers.get('Retry-After')) || 60;
      throw new ExtensionError(
        'over_quota',
        new Date(now() + retryAfterSeconds * 1000).toISOString(),
      );
    }
    throw new ExtensionError('service_unavailable', code);
  };
}
