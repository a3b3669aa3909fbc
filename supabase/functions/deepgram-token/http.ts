/** Every answer's CORS headers, errors included, so a browser caller can read why it failed. */
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type',
  'Access-Control-Max-Age': '86400',
  // Without this a browser hides Retry-After from the page (it is not a CORS-safelisted header).
  'Access-Control-Expose-Headers': 'Retry-After',
};

export type ErrorCode =
  | 'unauthenticated'
  | 'anonymous_user'
  | 'method_not_allowed'
  | 'not_configured'
  | 'jwks_unavailable'
  | 'over_quota'
  | 'usage_unavailable'
  | 'deepgram_refused'
  | 'deepgram_bad_response'
  | 'deepgram_unreachable'
  | 'deepgram_timeout'
  | 'internal';

/** The one way this function builds a response: JSON, CORS, never cached. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      ...CORS_HEADERS,
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/**
 * `{"error": {"code": ...}}`: a stable code the caller maps to its own words (the extension's
 * are in utils/errors.ts), no sentence beside it to drift from them. `details`: machine-readable
 * fields beside the code, e.g. when an over-quota refusal ends.
 */
export function errorResponse(
  status: number,
  code: ErrorCode,
  headers: Record<string, string> = {},
  details: Record<string, unknown> = {},
): Response {
  return jsonResponse(status, { error: { code, ...details } }, headers);
}

export function preflightResponse(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
