import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { NO_SESSIONS_TABLE, type SessionsTable } from './sessions-table.ts';

/**
 * A local Supabase Auth (GoTrue) for tests and `npm start`: the HTTP API that supabase-js calls,
 * with ES256 access tokens and a JWKS, password and email-code sign-in, PKCE (for OAuth), refresh
 * token rotation with reuse detection, and GoTrue's error shapes. State lives in memory, and each
 * session is also written to `auth.sessions` when given a `sessionsTable`, as Supabase's Auth does.
 */

export interface SeedUser {
  email: string;
  password?: string;
}

export interface AuthOptions {
  /** The public URL of the project, e.g. http://127.0.0.1:54321 (tokens name `${url}/auth/v1`). */
  siteUrl: string;
  users: SeedUser[];
  /** The email a sign-in "with Google" resolves to (the stand-in has no Google). */
  googleEmail?: string;
  accessTokenTtlSeconds?: number;
  otpTtlSeconds?: number;
  /** Seconds during which a just-rotated refresh token may be presented again (GoTrue: 10). */
  refreshReuseIntervalSeconds?: number;
  /** Failed password attempts per email before 429, within `failedSignInWindowSeconds`. */
  maxFailedSignIns?: number;
  failedSignInWindowSeconds?: number;
  /** Least seconds between two codes sent to one address (GoTrue: 60). */
  otpResendSeconds?: number;
  now?: () => number;
  /** Where a code "emailed" to a person goes; the console by default. */
  deliverCode?: (email: string, code: string) => void;
  /** The project database's `auth.sessions`, kept as Auth keeps it (none by default). */
  sessionsTable?: SessionsTable;
}

export interface AuthRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Record<string, unknown>;
}

export interface AuthResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface User {
  id: string;
  email: string;
  password: string | null;
  provider: 'email' | 'google';
  createdAt: string;
  lastSignInAt: string | null;
}

interface Session {
  id: string;
  userId: string;
  amr: string;
  revoked: boolean;
  /** The refresh token currently valid for this session. */
  current: string;
}

interface RefreshToken {
  sessionId: string;
  /** When it was exchanged for the next one, or null while it is the current one. */
  usedAt: number | null;
}

export interface AuthService {
  handle(request: AuthRequest): Promise<AuthResponse>;
  /** The latest one-time code sent to an address (tests read it here instead of an inbox). */
  lastCode(email: string): string | undefined;
  jwks: { keys: JWK[] };
}

export const API_VERSION = '2024-01-01';

export async function createAuthService(options: AuthOptions): Promise<AuthService> {
  const now = options.now ?? Date.now;
  const accessTtl = options.accessTokenTtlSeconds ?? 3600;
  const otpTtl = options.otpTtlSeconds ?? 600;
  const reuseInterval = (options.refreshReuseIntervalSeconds ?? 10) * 1000;
  const maxFailed = options.maxFailedSignIns ?? 5;
  const failedWindow = (options.failedSignInWindowSeconds ?? 900) * 1000;
  const resendGap = (options.otpResendSeconds ?? 60) * 1000;
  const deliverCode =
    options.deliverCode ??
    ((email, code) => console.log(`[auth] one-time code for ${email}: ${code}`));
  const issuer = `${options.siteUrl.replace(/\/+$/, '')}/auth/v1`;
  const sessionsTable = options.sessionsTable ?? NO_SESSIONS_TABLE;

  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-${randomUUID().slice(0, 8)}`;
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig', key_ops: ['verify'] }],
  };

  const users = new Map<string, User>();
  const sessions = new Map<string, Session>();
  const refreshTokens = new Map<string, RefreshToken>();
  const codes = new Map<string, { code: string; expiresAt: number; sentAt: number }>();
  const failedSignIns = new Map<string, number[]>();
  const flows = new Map<
    string,
    { challenge: string; method: string; userId: string; expiresAt: number }
  >();

  const iso = (ms = now()) => new Date(ms).toISOString();
  const addUser = (email: string, password: string | null, provider: User['provider']) => {
    const user: User = {
      id: randomUUID(),
      email: email.toLowerCase(),
      password,
      provider,
      createdAt: iso(),
      lastSignInAt: null,
    };
    users.set(user.email, user);
    return user;
  };
  for (const seed of options.users) addUser(seed.email, seed.password ?? null, 'email');

  const userJson = (user: User) => ({
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: user.email,
    email_confirmed_at: user.createdAt,
    phone: '',
    confirmed_at: user.createdAt,
    last_sign_in_at: user.lastSignInAt,
    app_metadata: { provider: user.provider, providers: [user.provider] },
    user_metadata: {},
    identities: [],
    created_at: user.createdAt,
    updated_at: user.lastSignInAt ?? user.createdAt,
    is_anonymous: false,
  });

  const newRefreshToken = (sessionId: string) => {
    const token = randomBytes(9).toString('base64url');
    refreshTokens.set(token, { sessionId, usedAt: null });
    return token;
  };

  const sessionJson = async (user: User, session: Session) => {
    const issuedAt = Math.floor(now() / 1000);
    const accessToken = await new SignJWT({
      email: user.email,
      phone: '',
      app_metadata: { provider: user.provider, providers: [user.provider] },
      user_metadata: {},
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: session.amr, timestamp: issuedAt }],
      session_id: session.id,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(user.id)
      .setAudience('authenticated')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + accessTtl)
      .sign(privateKey);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: accessTtl,
      expires_at: issuedAt + accessTtl,
      refresh_token: session.current,
      user: userJson(user),
    };
  };

  const startSession = async (user: User, amr: string) => {
    user.lastSignInAt = iso();
    const id = randomUUID();
    const session: Session = { id, userId: user.id, amr, revoked: false, current: '' };
    session.current = newRefreshToken(id);
    sessions.set(id, session);
    await sessionsTable.started(id, user.id);
    return sessionJson(user, session);
  };

  /** Ends sessions for good: Auth deletes their rows, so their access tokens stop minting. */
  const revoke = async (ended: Session[]) => {
    for (const session of ended) session.revoked = true;
    await sessionsTable.ended(ended.map((session) => session.id));
  };

  const userById = (id: string) => [...users.values()].find((user) => user.id === id);

  /** The signed-in caller of a request with `Authorization: Bearer`, or why there is none. */
  const caller = async (headers: AuthRequest['headers']) => {
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (!token)
      return {
        error: fail(401, 'no_authorization', 'This endpoint requires a valid Bearer token'),
      };
    const { jwtVerify, createLocalJWKSet } = await import('jose');
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        audience: 'authenticated',
      });
      const session = sessions.get(String(payload.session_id));
      const user = userById(String(payload.sub));
      if (!session || session.revoked || !user) {
        return {
          error: fail(
            403,
            'session_not_found',
            'Session from session_id claim in JWT does not exist',
          ),
        };
      }
      return { user, session };
    } catch {
      return { error: fail(403, 'bad_jwt', 'invalid JWT: unable to parse or verify signature') };
    }
  };

  const passwordGrant = async (body: AuthRequest['body']) => {
    const email = String(body.email ?? '').toLowerCase();
    const recent = (failedSignIns.get(email) ?? []).filter((at) => now() - at < failedWindow);
    if (recent.length >= maxFailed) {
      return fail(429, 'over_request_rate_limit', 'Request rate limit reached');
    }
    const user = users.get(email);
    if (!user || user.password === null || user.password !== body.password) {
      failedSignIns.set(email, [...recent, now()]);
      return fail(400, 'invalid_credentials', 'Invalid login credentials');
    }
    failedSignIns.delete(email);
    return ok(await startSession(user, 'password'));
  };

  const refreshGrant = async (body: AuthRequest['body']) => {
    const presented = String(body.refresh_token ?? '');
    const record = refreshTokens.get(presented);
    const session = record && sessions.get(record.sessionId);
    if (!record || !session)
      return fail(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const user = userById(session.userId);
    if (session.revoked || !user)
      return fail(400, 'session_not_found', 'Invalid Refresh Token: Session Not Found');
    if (record.usedAt !== null) {
      // A refresh token used twice: within the reuse interval (two tabs racing) the holder gets
      // the current session back; after it, someone replayed a stolen token, so the whole
      // session ends.
      if (now() - record.usedAt < reuseInterval) return ok(await sessionJson(user, session));
      await revoke([session]);
      return fail(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
    }
    record.usedAt = now();
    session.current = newRefreshToken(session.id);
    return ok(await sessionJson(user, session));
  };

  const pkceGrant = async (body: AuthRequest['body']) => {
    const flow = flows.get(String(body.auth_code ?? ''));
    if (!flow)
      return fail(404, 'flow_state_not_found', 'invalid flow state, no valid flow state found');
    flows.delete(String(body.auth_code));
    if (now() > flow.expiresAt)
      return fail(400, 'flow_state_expired', 'invalid flow state, flow state has expired');
    const verifier = String(body.code_verifier ?? '');
    const derived =
      flow.method === 'plain'
        ? verifier
        : createHash('sha256').update(verifier).digest('base64url');
    if (derived !== flow.challenge) {
      return fail(
        400,
        'bad_code_verifier',
        'code challenge does not match previously saved code verifier',
      );
    }
    const user = userById(flow.userId);
    if (!user) return fail(404, 'user_not_found', 'User not found');
    return ok(await startSession(user, 'oauth'));
  };

  const sendCode = (body: AuthRequest['body']) => {
    const email = String(body.email ?? '').toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(email))
      return fail(400, 'validation_failed', 'Unable to validate email address: invalid format');
    const previous = codes.get(email);
    if (previous && now() - previous.sentAt < resendGap) {
      const wait = Math.ceil((resendGap - (now() - previous.sentAt)) / 1000);
      return fail(
        429,
        'over_email_send_rate_limit',
        `For security purposes, you can only request this after ${wait} seconds.`,
      );
    }
    if (!users.has(email)) {
      if (body.create_user === false)
        return fail(422, 'otp_disabled', 'Signups not allowed for otp');
      addUser(email, null, 'email');
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    codes.set(email, { code, expiresAt: now() + otpTtl * 1000, sentAt: now() });
    deliverCode(email, code);
    return ok({});
  };

  const verifyCode = async (body: AuthRequest['body']) => {
    const email = String(body.email ?? '').toLowerCase();
    const sent = codes.get(email);
    const user = users.get(email);
    // GoTrue answers a wrong code and an expired one alike, so neither can be told apart.
    if (!sent || !user || sent.code !== String(body.token ?? '') || now() > sent.expiresAt) {
      return fail(403, 'otp_expired', 'Token has expired or is invalid');
    }
    codes.delete(email);
    return ok(await startSession(user, 'otp'));
  };

  const authorize = (query: URLSearchParams) => {
    const redirectTo = query.get('redirect_to') ?? '';
    const challenge = query.get('code_challenge');
    if (query.get('provider') !== 'google')
      return fail(400, 'validation_failed', 'Unsupported provider: provider is not enabled');
    if (!isAllowedRedirect(redirectTo))
      return fail(400, 'validation_failed', 'redirect_to is not allowed');
    if (!challenge) return fail(400, 'validation_failed', 'PKCE flow requires code_challenge');
    const email = (options.googleEmail ?? 'google.user@gmail.com').toLowerCase();
    const user = users.get(email) ?? addUser(email, null, 'google');
    const code = randomUUID();
    flows.set(code, {
      challenge,
      method: (query.get('code_challenge_method') ?? 's256').toLowerCase(),
      userId: user.id,
      expiresAt: now() + 5 * 60_000,
    });
    const target = new URL(redirectTo);
    target.searchParams.set('code', code);
    return { status: 302, headers: { Location: target.toString() } };
  };

  return {
    jwks,
    lastCode: (email) => codes.get(email.toLowerCase())?.code,
    async handle({ method, path, query, headers, body }) {
      const route = `${method} ${path}`;
      if (route === 'GET /.well-known/jwks.json') return ok(jwks);
      if (route === 'GET /settings') {
        return ok({
          external: { email: true, google: true, phone: false, anonymous_users: false },
          disable_signup: false,
          mailer_autoconfirm: true,
          phone_autoconfirm: false,
          sms_provider: '',
          saml_enabled: false,
        });
      }
      if (route === 'GET /authorize') return authorize(query);
      if (route === 'POST /token') {
        const grant = query.get('grant_type');
        if (grant === 'password') return passwordGrant(body);
        if (grant === 'refresh_token') return refreshGrant(body);
        if (grant === 'pkce') return pkceGrant(body);
        return fail(400, 'validation_failed', `unsupported_grant_type: ${grant}`);
      }
      if (route === 'POST /otp') return sendCode(body);
      if (route === 'POST /verify') return verifyCode(body);
      if (route === 'GET /user') {
        const found = await caller(headers);
        return 'error' in found ? found.error : ok(userJson(found.user));
      }
      if (route === 'POST /logout') {
        const found = await caller(headers);
        if ('error' in found) return found.error;
        const scope = query.get('scope') ?? 'global';
        const ended = [...sessions.values()].filter((session) => {
          if (session.userId !== found.user.id || session.revoked) return false;
          const isThis = session.id === found.session.id;
          return (
            scope === 'global' || (scope === 'local' && isThis) || (scope === 'others' && !isThis)
          );
        });
        await revoke(ended);
        return { status: 204 };
      }
      return fail(404, 'not_found', `No route ${route}`);
    },
  };
}

/** Where OAuth may send the user back: an extension's chromiumapp.org page, or loopback. */
function isAllowedRedirect(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' && url.hostname.endsWith('.chromiumapp.org')) ||
      (url.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(url.hostname))
    );
  } catch {
    return false;
  }
}

function ok(body: unknown): AuthResponse {
  return { status: 200, body };
}

/** GoTrue's error shape for API version 2024-01-01: `{code, message}` (plus the older fields). */
function fail(status: number, code: string, message: string): AuthResponse {
  return { status, body: { code, error_code: code, message, msg: message } };
}
