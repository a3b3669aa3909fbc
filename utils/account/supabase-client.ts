// `AuthClient` is supabase-js's own auth client (its `SupabaseClient.auth` is a subclass that adds
// nothing), exported by `@supabase/supabase-js` itself. Constructing it alone, not through
// `createClient`, is what keeps the background small: `SupabaseClient`'s constructor builds the
// Realtime, PostgREST and Storage clients too, so importing it ships all of them (≈120 KB
// minified of the background's ≈270) although only `.auth` is ever used. supabase-js marks its
// entry free of side effects, so the bundler drops everything but this class.
import { AuthClient } from '@supabase/supabase-js';
import type { StorageArea } from '../storage-area';
import { AUTH_STORAGE_KEY } from './stored-session';

export { AUTH_STORAGE_KEY };

export interface SupabaseClientOptions {
  url: string;
  publishableKey: string;
  /** `browser.storage.local`: shared by every context, so one sign-in serves them all. */
  storage: StorageArea;
  fetch?: typeof fetch;
}

/** The part of a Supabase client the extension uses: its auth, nothing else. */
export interface SupabaseAuthOnly {
  auth: InstanceType<typeof AuthClient>;
}

/**
 * The Supabase client every context creates the same way. Only the background's instance is
 * used for the session (pages ask it by message), so the refresh token is never spent twice.
 *
 * - `autoRefreshToken: false`: a service worker cannot keep supabase-js's refresh timer alive;
 *   `getSession()` refreshes on demand instead (a token expiring within 90 s).
 * - `detectSessionInUrl: false`: no page of ours is ever an OAuth redirect target.
 * - `flowType: 'pkce'`: OAuth returns a code exchanged with a verifier kept in storage.
 *
 * The URL and headers are those `createClient` gives its auth client: `<project>/auth/v1`, the
 * key as `apikey` and as the bearer until a user signs in (its `X-Client-Info`, which only
 * names the library to Supabase, is left out).
 */
export function createSupabaseClient(options: SupabaseClientOptions): SupabaseAuthOnly {
  const { storage, publishableKey } = options;
  const auth = new AuthClient({
    url: new URL('auth/v1', `${options.url.replace(/\/+$/, '')}/`).href,
    headers: { Authorization: `Bearer ${publishableKey}`, apikey: publishableKey },
    storageKey: AUTH_STORAGE_KEY,
    storage: {
      getItem: async (key) => {
        const value = (await storage.get(key))[key];
        return typeof value === 'string' ? value : null;
      },
      setItem: (key, value) => storage.set({ [key]: value }),
      removeItem: (key) => storage.remove(key),
    },
    autoRefreshToken: false,
    detectSessionInUrl: false,
    persistSession: true,
    flowType: 'pkce',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { auth };
}
