import { DEEPGRAM_TIMEOUT_MS } from './config.ts';

export type GrantResult =
  | { ok: true; token: string; expiresIn: number }
  /** Deepgram answered with an error status (a bad master key shows here as 401 or 403). */
  | { ok: false; kind: 'refused'; upstreamStatus: number }
  /** Deepgram answered 2xx with something that is not a grant, or the connection failed. */
  | { ok: false; kind: 'bad_response' | 'unreachable'; upstreamStatus?: number }
  | { ok: false; kind: 'timeout' };

export interface GrantRequest {
  apiUrl: string;
  apiKey: string;
  ttlSeconds: number;
  fetch: typeof fetch;
}

/** Asks Deepgram for a temporary token, giving up after the timeout (headers and body alike). */
export async function requestGrant({
  apiUrl,
  apiKey,
  ttlSeconds,
  fetch,
}: GrantRequest): Promise<GrantResult> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${apiUrl}/v1/auth/grant`, {
      method: 'POST',
      headers: { Authorization: `Token ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ttl_seconds: ttlSeconds }),
      signal: AbortSignal.timeout(DEEPGRAM_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError')
      return { ok: false, kind: 'timeout' };
    return { ok: false, kind: 'unreachable' };
  }
  if (!response.ok) return { ok: false, kind: 'refused', upstreamStatus: response.status };

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, kind: 'bad_response', upstreamStatus: response.status };
  }
  const { access_token: token, expires_in: expiresIn } = (body ?? {}) as Record<string, unknown>;
  if (typeof token !== 'string' || token === '') {
    return { ok: false, kind: 'bad_response', upstreamStatus: response.status };
  }
  // The spec makes `expires_in` optional; without it, the token lives as long as we asked. More
  // than we asked is never passed on: the caller would keep the token past what we meant to give.
  const lifetime =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0
      ? Math.min(expiresIn, ttlSeconds)
      : ttlSeconds;
  return { ok: true, token, expiresIn: lifetime };
}
