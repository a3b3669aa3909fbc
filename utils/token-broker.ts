import type { Caller } from './auth/account-service';
import { ExtensionError } from './errors';
import type { StorageArea } from './storage-area';
import type { MintedToken } from './token-minter';

/** A Deepgram token and the time (ms since the epoch) it stops being accepted. */
export interface DeepgramToken {
  token: string;
  expiresAt: number;
}

interface CachedToken extends DeepgramToken {
  /** Whose token it is: a token is never handed to another user. */
  userId: string;
}

export interface TokenBroker {
  /**
   * A token with at least the safety margin left, minting one only when needed, or when the
   * cached one is `refused`: Deepgram did not accept a connection with it.
   */
  getToken(options?: { refused?: string | null }): Promise<DeepgramToken>;
  /**
   * Mints ahead when the cached token would not last a while longer, so that Start never waits
   * for a mint. For the popup opening; never throws.
   */
  warm(): Promise<void>;
  /** Forgets the token, in memory and in `storage.session`. */
  clear(): Promise<void>;
  /** Tells the broker who is signed in now (null: nobody); another user's token is dropped. */
  sessionChanged(userId: string | null): Promise<void>;
}

export interface TokenBrokerDeps {
  /** The signed-in user's access token (refreshed if needed), or null when signed out. */
  getCaller: () => Promise<Caller | null>;
  mint: (accessToken: string) => Promise<MintedToken>;
  /** `browser.storage.session`: in memory only, but outlives a stopped service worker. */
  cache: StorageArea;
  now: () => number;
  /** A token with less than this left is not handed out: a stream must open before it expires. */
  marginMs?: number;
  /** `warm()` mints a new token when the cached one has less than this left. */
  warmAheadMs?: number;
}

export const TOKEN_CACHE_KEY = 'tabscribe.deepgram-token';
const DEFAULT_MARGIN_MS = 30_000;
const DEFAULT_WARM_AHEAD_MS = 120_000;

export function createTokenBroker(deps: TokenBrokerDeps): TokenBroker {
  const { getCaller, mint, cache, now } = deps;
  const marginMs = deps.marginMs ?? DEFAULT_MARGIN_MS;
  const warmAheadMs = deps.warmAheadMs ?? DEFAULT_WARM_AHEAD_MS;
  let memory: CachedToken | null = null;
  /** The one mint under way, shared by every caller that arrives meanwhile. */
  let inFlight: Promise<CachedToken> | null = null;

  const lasts = (token: CachedToken | null, forMs: number): token is CachedToken =>
    token !== null && token.expiresAt - now() >= forMs;

  const readStored = async (): Promise<CachedToken | null> => {
    const value = (await cache.get(TOKEN_CACHE_KEY))[TOKEN_CACHE_KEY] as CachedToken | undefined;
    return value && typeof value.token === 'string' ? value : null;
  };

  const clear = async () => {
    memory = null;
    await cache.remove(TOKEN_CACHE_KEY);
  };

  const obtain = async (minRemainingMs: number): Promise<CachedToken> => {
    const caller = await getCaller();
    if (!caller) {
      await clear();
      throw new ExtensionError('signed_out');
    }
    // A restarted service worker starts with empty memory; storage.session still has the token.
    const known = memory ?? (await readStored());
    if (known && known.userId === caller.userId && lasts(known, minRemainingMs)) {
      memory = known;
      return known;
    }
    const minted = await mint(caller.accessToken);
    const fresh: CachedToken = {
      token: minted.token,
      expiresAt: now() + minted.expiresIn * 1000,
      userId: caller.userId,
    };
    memory = fresh;
    await cache.set({ [TOKEN_CACHE_KEY]: fresh });
    return fresh;
  };

  const shared = (minRemainingMs: number): Promise<CachedToken> => {
    inFlight ??= obtain(minRemainingMs).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const publicPart = ({ token, expiresAt }: CachedToken): DeepgramToken => ({ token, expiresAt });

  return {
    async getToken({ refused = null } = {}) {
      if (refused !== null && (memory ?? (await readStored()))?.token === refused) await clear();
      if (lasts(memory, marginMs)) return publicPart(memory);
      return publicPart(await shared(marginMs));
    },
    async warm() {
      if (lasts(memory, warmAheadMs)) return;
      await shared(warmAheadMs).catch(() => undefined);
    },
    clear,
    async sessionChanged(userId) {
      const known = memory ?? (await readStored());
      if (known && known.userId !== userId) await clear();
    },
  };
}
