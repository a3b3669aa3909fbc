import type { AuthError, GoTrueClient } from '@supabase/supabase-js';
import { type ErrorCode, ExtensionError } from '../errors';

export type AccountState = { signedIn: false } | { signedIn: true; email: string; userId: string };

/** The signed-in user's credentials for calling Tabscribe's server. */
export interface Caller {
  accessToken: string;
  userId: string;
}

/** Everything the extension does with the user's account; owned by the background. */
export interface AccountService {
  getAccount(): Promise<AccountState>;
  signInWithPassword(email: string, password: string): Promise<AccountState>;
  /** Emails a 6-digit one-time code to the address. */
  sendCode(email: string): Promise<void>;
  verifyCode(email: string, code: string): Promise<AccountState>;
  signInWithGoogle(): Promise<AccountState>;
  /** Always ends the session here, whether or not the server could be told. */
  signOut(): Promise<AccountState>;
  /** The access token, refreshed first when it is about to expire; null when signed out. */
  getCaller(): Promise<Caller | null>;
}

export interface AccountServiceDeps {
  /** supabase-js's auth client (`AuthClient` is this class). */
  auth: GoTrueClient;
  /** `identity.launchWebAuthFlow` in interactive mode: resolves to the URL it was sent back to. */
  launchWebAuthFlow: (url: string) => Promise<string>;
  /** Where the OAuth flow ends: `identity.getRedirectURL()`. */
  oauthRedirectUrl: string;
}

export function createAccountService({
  auth,
  launchWebAuthFlow,
  oauthRedirectUrl,
}: AccountServiceDeps): AccountService {
  const currentSession = async () => {
    const { data, error } = await auth.getSession();
    // A refresh that failed for good (revoked, reused) has already cleared the stored session.
    if (error && !isSessionGone(error)) throw toExtensionError(error);
    return data.session;
  };

  const account = async (): Promise<AccountState> => {
    const session = await currentSession();
    if (!session) return { signedIn: false };
    return { signedIn: true, email: session.user.email ?? '', userId: session.user.id };
  };

  const check = (error: AuthError | null) => {
    if (error) throw toExtensionError(error);
  };

  return {
    getAccount: account,
    async signInWithPassword(email, password) {
      check((await auth.signInWithPassword({ email, password })).error);
      return account();
    },
    async sendCode(email) {
      check((await auth.signInWithOtp({ email, options: { shouldCreateUser: true } })).error);
    },
    async verifyCode(email, code) {
      check((await auth.verifyOtp({ email, token: code, type: 'email' })).error);
      return account();
    },
    async signInWithGoogle() {
      const { data, error } = await auth.signInWithOAuth({
        provider: 'google',
        options: { redirectTo: oauthRedirectUrl, skipBrowserRedirect: true },
      });
      check(error);
      let returnedTo: string;
      try {
        returnedTo = await launchWebAuthFlow(data.url as string);
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new ExtensionError(webAuthFlowFailure(message), message);
      }
      const code = new URL(returnedTo).searchParams.get('code');
      if (!code) throw new ExtensionError('sign_in_cancelled', 'no code in the redirect');
      check((await auth.exchangeCodeForSession(code)).error);
      return account();
    },
    async signOut() {
      // scope 'local': this browser only. supabase-js clears the stored session even when the
      // server cannot be reached, so signing out never fails from the user's point of view.
      await auth.signOut({ scope: 'local' });
      return { signedIn: false };
    },
    async getCaller() {
      const session = await currentSession();
      return session ? { accessToken: session.access_token, userId: session.user.id } : null;
    },
  };
}

/**
 * What a failed `identity.launchWebAuthFlow` means, from Chrome's message (identity_constants.cc):
 * the window closed by the user is a cancel; a sign-in page that would not load means the server
 * (or the network) is unreachable, which the user must read as such, not as a cancel.
 */
export function webAuthFlowFailure(message: string): ErrorCode {
  if (message.includes('did not approve access')) return 'sign_in_cancelled';
  if (message.includes('could not be loaded')) return 'network';
  return 'internal';
}

/** The stored session has ended for good (revoked, replayed, expired): the user is signed out. */
function isSessionGone(error: AuthError): boolean {
  return (
    error.name === 'AuthSessionMissingError' ||
    [
      'refresh_token_already_used',
      'refresh_token_not_found',
      'session_not_found',
      'session_expired',
    ].includes(error.code ?? '')
  );
}

/** Supabase Auth's errors in the extension's words. */
export function toExtensionError(error: AuthError): ExtensionError {
  const code = error.code ?? '';
  if (code === 'invalid_credentials') return new ExtensionError('wrong_password');
  if (code === 'otp_expired') return new ExtensionError('code_invalid');
  if (code === 'over_request_rate_limit' || code === 'over_email_send_rate_limit') {
    return new ExtensionError('too_many_attempts', error.message);
  }
  if (isSessionGone(error)) return new ExtensionError('signed_out', code);
  // supabase-js reports a request that never got an answer as status 0.
  if (error.status === 0 || error.name === 'AuthRetryableFetchError') {
    return error.status && error.status >= 500
      ? new ExtensionError('service_unavailable', error.message)
      : new ExtensionError('network', error.message);
  }
  if (error.status !== undefined && error.status >= 500)
    return new ExtensionError('service_unavailable', error.message);
  return new ExtensionError('internal', `${code || error.name}: ${error.message}`);
}

/**
 * The account service of a build made without a Supabase project: nobody is signed in, and
 * every way of signing in says the build is not configured.
 */
export function createUnconfiguredAccountService(): AccountService {
  const notConfigured = async (): Promise<never> => {
    throw new ExtensionError('not_configured');
  };
  return {
    getAccount: async () => ({ signedIn: false }),
    signInWithPassword: notConfigured,
    sendCode: notConfigured,
    verifyCode: notConfigured,
    signInWithGoogle: notConfigured,
    signOut: async () => ({ signedIn: false }),
    getCaller: async () => null,
  };
}
