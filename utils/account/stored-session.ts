/**
 * The one `chrome.storage.local` key under which supabase-js keeps the session. Here, not beside
 * the client, so that a page reading the stored session does not import supabase-js: its auth
 * modules are not marked free of side effects, so even an unused import leaves some in the page.
 */
export const AUTH_STORAGE_KEY = 'tabscribe.auth';

/**
 * The user id in the session supabase-js stores (a JSON string under the auth storage key), or
 * null when there is none or it cannot be read.
 */
export function sessionUserId(stored: unknown): string | null {
  if (typeof stored !== 'string') return null;
  try {
    const id = (JSON.parse(stored) as { user?: { id?: unknown } }).user?.id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
