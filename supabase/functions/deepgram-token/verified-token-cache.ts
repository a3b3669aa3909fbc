/**
 * Remembers, for a short while, the callers of access tokens whose signatures were already
 * checked, so that the same token presented again costs a map lookup instead of an ECDSA
 * verification (about 0.5–1 ms of CPU under Deno: the function's main cost per mint).
 *
 * Keyed by the whole token: any change to any byte of it is a different key and gets a full
 * verification. Entries end at the token's own expiry (with the verifier's clock tolerance) or
 * after `maxAgeMs`, whichever is first, so a signing key withdrawn from the key set stops being
 * honoured within `maxAgeMs` (jose keeps the key set itself for longer than that).
 */
export interface VerifiedTokenCache<Caller> {
  get(token: string): Caller | undefined;
  set(token: string, caller: Caller, expiresAtMs: number): void;
}

export function createVerifiedTokenCache<Caller>(options: {
  maxEntries: number;
  maxAgeMs: number;
  now: () => number;
}): VerifiedTokenCache<Caller> {
  const { maxEntries, maxAgeMs, now } = options;
  const entries = new Map<string, { caller: Caller; validUntil: number }>();
  return {
    get(token) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (now() >= entry.validUntil) {
        entries.delete(token);
        return undefined;
      }
      return entry.caller;
    },
    set(token, caller, expiresAtMs) {
      entries.delete(token);
      // Oldest first out: a Map iterates in insertion order.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { caller, validUntil: Math.min(expiresAtMs, now() + maxAgeMs) });
    },
  };
}
