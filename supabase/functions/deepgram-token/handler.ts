import type { CallerVerifier } from './auth.ts';
import type { FunctionConfig } from './config.ts';
import { requestGrant } from './deepgram.ts';
import { errorResponse, jsonResponse, preflightResponse } from './http.ts';
import { DATABASE_TIMEOUT_MS, type UsageGuard } from './usage-guard.ts';

export interface HandlerDeps {
  config: FunctionConfig;
  verifyCaller: CallerVerifier;
  /** Present when the configuration turns the guard on (`config.usageGuard.state === 'on'`). */
  usageGuard: UsageGuard | null;
  fetch: typeof fetch;
  /** Writes one structured log line; never given a token or the key. */
  log: (line: Record<string, unknown>) => void;
  /** A monotonic clock in milliseconds, for latency and the usage guard's deadline. */
  now: () => number;
}

/** One line per request: who, what happened, how long it took. */
interface RequestLog {
  request_id: string;
  user_id: string | null;
  outcome: string;
  status: number;
  latency_ms: number;
  reason?: string;
  upstream_status?: number;
  retry_after_seconds?: number;
}

/** The `deepgram-token` function: `POST` with a user's access token → a short-lived Deepgram token. */
export function createTokenHandler(deps: HandlerDeps): (request: Request) => Promise<Response> {
  const { config, verifyCaller, log, now } = deps;

  return async (request) => {
    const started = now();
    const entry = { request_id: crypto.randomUUID(), user_id: null as string | null };
    const finish = (response: Response, outcome: string, extra: Partial<RequestLog> = {}) => {
      const line: RequestLog = {
        ...entry,
        outcome,
        status: response.status,
        latency_ms: Math.round((now() - started) * 100) / 100,
        ...extra,
      };
      log({ msg: 'deepgram-token', ...line });
      return response;
    };
    try {
      return await answer(request, entry, finish, started);
    } catch (error) {
      // Whatever broke, the caller still gets JSON with CORS headers, and the log says what.
      return finish(errorResponse(500, 'internal'), 'internal', {
        reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  };

  async function answer(
    request: Request,
    entry: { request_id: string; user_id: string | null },
    finish: (response: Response, outcome: string, extra?: Partial<RequestLog>) => Response,
    started: number,
  ): Promise<Response> {
    if (request.method === 'OPTIONS') return preflightResponse();
    if (request.method !== 'POST') {
      return finish(
        errorResponse(405, 'method_not_allowed', {
          Allow: 'POST, OPTIONS',
        }),
        'method_not_allowed',
      );
    }

    const caller = await verifyCaller(request.headers.get('Authorization'));
    if (!caller.ok) {
      const { status, reason } = caller;
      if (status === 403) {
        return finish(errorResponse(403, 'anonymous_user'), 'anonymous_user', { reason });
      }
      if (status === 500) {
        return finish(errorResponse(500, 'not_configured'), 'not_configured', { reason });
      }
      if (status === 503) {
        return finish(
          errorResponse(503, 'jwks_unavailable', {
            'Retry-After': '5',
          }),
          'jwks_unavailable',
          { reason },
        );
      }
      return finish(signedOutResponse(), 'unauthenticated', { reason });
    }
    entry.user_id = caller.userId;

    if (!config.deepgramApiKey) {
      return finish(errorResponse(500, 'not_configured'), 'not_configured', {
        reason: 'DEEPGRAM_API_KEY is not set',
      });
    }

    const { usageGuard } = deps;
    if (
      config.usageGuard.state === 'missing' ||
      (config.usageGuard.state === 'on' && !usageGuard)
    ) {
      return finish(errorResponse(500, 'not_configured'), 'not_configured', {
        reason: 'the usage guard is on but has no database',
      });
    }
    if (usageGuard) {
      let decision: Awaited<ReturnType<UsageGuard['claim']>>;
      try {
        // The bound starts when the request arrived, not when its claim got its turn.
        decision = await usageGuard.claim(caller, entry.request_id, started + DATABASE_TIMEOUT_MS);
      } catch (error) {
        // Never an unguarded mint: without the database, nobody gets a token.
        return finish(
          errorResponse(503, 'usage_unavailable', { 'Retry-After': '5' }),
          'usage_unavailable',
          { reason: error instanceof Error ? error.message : String(error) },
        );
      }
      if (decision.kind === 'signed_out') {
        return finish(signedOutResponse(), 'unauthenticated', { reason: 'session_ended' });
      }
      if (decision.kind === 'over_quota') {
        const { retryAfterSeconds, retryAt } = decision;
        return finish(
          errorResponse(
            429,
            'over_quota',
            { 'Retry-After': String(retryAfterSeconds) },
            { retry_after_seconds: retryAfterSeconds, retry_at: retryAt },
          ),
          'over_quota',
          { retry_after_seconds: retryAfterSeconds },
        );
      }
    }

    const grant = await requestGrant({
      apiUrl: config.deepgramApiUrl,
      apiKey: config.deepgramApiKey,
      ttlSeconds: config.tokenTtlSeconds,
      fetch: deps.fetch,
    });
    if (grant.ok) {
      return finish(
        jsonResponse(200, { token: grant.token, expires_in: grant.expiresIn }),
        'minted',
      );
    }
    // Deepgram issued nothing, so the user's slot is given back. Best effort: if the database
    // fails now, the slot stays taken until it leaves the hour, and the log says so.
    await usageGuard?.release(entry.request_id, caller.userId).catch((error: Error) =>
      log({
        msg: 'usage guard release failed',
        request_id: entry.request_id,
        reason: error.message,
      }),
    );
    switch (grant.kind) {
      case 'refused':
        return finish(errorResponse(502, 'deepgram_refused'), 'deepgram_refused', {
          upstream_status: grant.upstreamStatus,
        });
      case 'bad_response':
        return finish(
          errorResponse(502, 'deepgram_bad_response'),
          'deepgram_bad_response',
          grant.upstreamStatus === undefined ? {} : { upstream_status: grant.upstreamStatus },
        );
      case 'unreachable':
        return finish(errorResponse(502, 'deepgram_unreachable'), 'deepgram_unreachable');
      case 'timeout':
        return finish(errorResponse(504, 'deepgram_timeout'), 'deepgram_timeout');
    }
  }
}

function signedOutResponse(): Response {
  return errorResponse(401, 'unauthenticated', {
    'WWW-Authenticate': 'Bearer error="invalid_token"',
  });
}
