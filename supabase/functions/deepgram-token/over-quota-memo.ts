/** An over-quota refusal as the handler answers it. */
export interface OverQuota {
  kind: 'over_quota';
  retryAfterSeconds: number;
  /** The moment (ISO 8601, UTC) a slot frees: the limit lifts then, not before. */
  retryAt: string;
}

/**
 * The users this instance knows to be over quota, until their next slot frees. Their further
 * mints are refused from memory, so a flood of refused requests costs the database nothing but
 * a count, sent with the guard's next call (`claim_token_grants`'s noted refusals), and other
 * users' claims never wait behind it. A slot freed early (a grant given back after Deepgram
 * failed) is honoured by `forget`; one given back by another instance of the function, only when
 * this instance's memory of it runs out.
 */
export interface OverQuotaMemo {
  /** The refusal for `userId` while they are known to be over quota (counted as noted), else null. */
  refuse(userId: string): OverQuota | null;
  remember(userId: string, refusal: OverQuota): void;
  forget(userId: string): void;
  /** The refusals answered from memory since the last take, and none left noted. */
  takeNoted(): Map<string, number>;
  /** Counts a call could not deliver, noted again for the next. */
  putBack(noted: Map<string, number>): void;
  hasNoted(): boolean;
}

const MAX_USERS = 10_000;

/** `now`: a monotonic clock in milliseconds. */
export function createOverQuotaMemo(now: () => number): OverQuotaMemo {
  const users = new Map<string, { until: number; refusal: OverQuota }>();
  let noted = new Map<string, number>();
  const note = (userId: string, count: number) =>
    noted.set(userId, (noted.get(userId) ?? 0) + count);
  return {
    refuse(userId) {
      const known = users.get(userId);
      if (!known) return null;
      const left = known.until - now();
      if (left <= 0) {
        users.delete(userId);
        return null;
      }
      note(userId, 1);
      return { ...known.refusal, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
    },
    remember(userId, refusal) {
      users.delete(userId);
      // Oldest first out: a Map iterates in insertion order.
      if (users.size >= MAX_USERS) users.delete(users.keys().next().value as string);
      users.set(userId, { until: now() + refusal.retryAfterSeconds * 1000, refusal });
    },
    forget(userId) {
      users.delete(userId);
    },
    takeNoted() {
      const taken = noted;
      noted = new Map();
      return taken;
    },
    putBack(counts) {
      for (const [userId, count] of counts) note(userId, count);
    },
    hasNoted: () => noted.size > 0,
  };
}
