import { describe, expect, it } from 'vitest';
import { describeError } from '../error-sentences';
import { createTokenMinter } from './token-minter';

const NOW = Date.parse('2026-11-28T14:00:00Z');

/** A minter whose one request is answered with `answer` (or fails, when it throws). */
function minterAnswering(answer: () => Response) {
  const requests: Request[] = [];
  const mint = createTokenMinter({
    supabaseUrl: 'https://project.supabase.co',
    publishableKey: 'sb_publishable_test',
    fetch: async (input, init) => {
      requests.push(new Request(input, init));
      return answer();
    },
    now: () => NOW,
  });
  return { mint, requests };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
const failure = (status: number, code: string, headers?: Record<string, string>) =>
  json(status, { error: { code } }, headers);

describe('token minter', () => {
  it('asks the function with the user’s token and the project key, and returns the grant', async () => {
    const { mint, requests } = minterAnswering(() =>
      json(200, { token: 'dg-token', expires_in: 300 }),
    );
    await expect(mint('user-access-token')).resolves.toEqual({
      token: 'dg-token',
      expiresIn: 300,
    });
    const [request] = requests;
    expect(request?.url).toBe('https://project.supabase.co/functions/v1/deepgram-token');
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('Authorization')).toBe('Bearer user-access-token');
    expect(request?.headers.get('apikey')).toBe('sb_publishable_test');
  });

  it('treats a refused user (401, or 403 for an anonymous one) as signed out', async () => {
    for (const [status, code] of [
      [401, 'unauthenticated'],
      [403, 'anonymous_user'],
    ] as const) {
      const { mint } = minterAnswering(() => failure(status, code));
      await expect(mint('t')).rejects.toMatchObject({ code: 'signed_out', detail: code });
    }
  });

  it('says when the hourly limit lifts, from Retry-After', async () => {
    const { mint } = minterAnswering(() => failure(429, 'over_quota', { 'Retry-After': '1800' }));
    const error = await mint('t').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'over_quota', detail: '2026-11-28T14:30:00.000Z' });
    const lifts = new Date('2026-11-28T14:30:00.000Z').toLocaleTimeString('en-GB', {
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(describeError(error, 'en-GB')).toBe(
      `You’ve reached this hour’s transcription limit. It lifts at ${lifts}.`,
    );
  });

  it('says the real time the limit lifts from the JSON, where the browser hides Retry-After (issue 15)', async () => {
    // 13:59:58, and the first of the hour's tokens leaves it in 3,577 s: at 14:59:35.
    const at = Date.parse('2026-11-28T13:59:58Z');
    const mint = createTokenMinter({
      supabaseUrl: 'https://project.supabase.co',
      publishableKey: 'sb_publishable_test',
      // What a page gets across origins: the body, and no Retry-After (not exposed to it).
      fetch: async () =>
        json(429, {
          error: {
            code: 'over_quota',
            retry_after_seconds: 3577,
            retry_at: '2026-11-28T14:59:35.000Z',
          },
        }),
      now: () => at,
    });
    const error = await mint('t').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'over_quota', detail: '2026-11-28T14:59:35.000Z' });
    // Shown to the minute, rounded up: at 2:59 it would still be refused.
    const lifts = new Date('2026-11-28T15:00:00Z').toLocaleTimeString('en-GB', {
      hour: 'numeric',
      minute: '2-digit',
    });
    expect(describeError(error, 'en-GB')).toBe(
      `You’ve reached this hour’s transcription limit. It lifts at ${lifts}.`,
    );
  });

  it('names no time when the answer gives none, rather than guessing one', async () => {
    const { mint } = minterAnswering(() => failure(429, 'over_quota'));
    const error = await mint('t').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'over_quota' });
    expect(describeError(error, 'en-GB')).toBe('You’ve reached this hour’s transcription limit.');
  });

  it('reports a failing function or Deepgram, or an answer that is not a grant, as unavailable', async () => {
    for (const answer of [
      () => failure(502, 'deepgram_refused'),
      () => failure(504, 'deepgram_timeout'),
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
      () => json(200, { token: 42 }),
    ]) {
      const { mint } = minterAnswering(answer);
      await expect(mint('t')).rejects.toMatchObject({ code: 'service_unavailable' });
    }
  });

  it('reads the function’s code, not its status: each code to the failure the user reads', async () => {
    for (const [status, code, expected] of [
      [401, 'unauthenticated', 'signed_out'],
      [403, 'anonymous_user', 'signed_out'],
      [503, 'jwks_unavailable', 'service_unavailable'],
      [503, 'usage_unavailable', 'service_unavailable'],
      [500, 'not_configured', 'service_unavailable'],
      [502, 'deepgram_unreachable', 'service_unavailable'],
      [502, 'deepgram_bad_response', 'service_unavailable'],
      [405, 'method_not_allowed', 'internal'],
      [500, 'internal', 'service_unavailable'],
      // A gateway's own refusal, in front of the function: its status says what it is.
      [401, 'UNAUTHORIZED_NO_AUTH_HEADER', 'signed_out'],
    ] as const) {
      const { mint } = minterAnswering(() => failure(status, code));
      await expect(mint('t'), code).rejects.toMatchObject({ code: expected });
    }
  });

  it('reports no connection as a network error', async () => {
    const { mint } = minterAnswering(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(mint('t')).rejects.toMatchObject({ code: 'network', detail: 'Failed to fetch' });
  });
});
