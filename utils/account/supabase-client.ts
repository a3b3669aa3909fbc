import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { StorageArea } from '../storage-area';

/** The one `chrome.storage.local` key under which supabase-js keeps the session. */
export const AUTH_STORAGE_KEY = 'tabscribe.auth';

export interface SupabaseClientOptions {
  url: string;
  publishableKey: string;
  /** `browser.storage.local`: shared by every context, so one sign-in serves them all. */
  storage: StorageArea;
  fetch?: typeof fetch;
}

/**
 * The Supabase client every context creates the same way. Only the background's instance is
 * used for the session (pages ask it by message), so the refresh token is never spent twice.
 *
 * - `autoRefreshToken: false`: a service worker cannot keep supabase-js's refresh timer alive;
 *   `getSession()` refreshes on demand instead (a token expiring within 90 s).
 * - `detectSessionInUrl: false`: no page of ours is ever an OAuth redirect target.
 * - `flowType: 'pkce'`: OAuth returns a code exchanged with a verifier kept in storage.
 */
export function createSupabaseClient(options: SupabaseClientOptions): SupabaseClient {
  const { storage } = options;
  return createClient(options.url, options.publishableKey, {
    auth: {
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
    },
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
  });
}
