import type { BuildConfig } from '../config';
import { ExtensionError } from '../errors';

export interface SignInRequest {
  method: 'password' | 'code';
  email: string;
  password: string;
}

/** What the options page asks of the account service. */
export interface Account {
  /** Signs in with a password, or sends a one-time code to the email address. */
  signIn(request: SignInRequest): Promise<void>;
}

/**
 * The account service for this build. Supabase sign-in is not wired yet: a build without a
 * Supabase project says so, and a build with one says sign-in is not available yet.
 */
export function createAccount(config: BuildConfig): Account {
  return {
    async signIn() {
      throw new ExtensionError(config.supabase ? 'sign_in_unavailable' : 'not_configured');
    },
  };
}
