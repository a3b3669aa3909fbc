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
