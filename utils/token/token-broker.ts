import type { Caller } from '../account/account-service';
import { ExtensionError } from '../errors';
import type { StorageArea } from '../storage-area';
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
   * The signed-in user's token with at least the safety margin left, minted only if needed, or
   * when the cached one is `refused`: Deepgram did not accept a connection with it.
   */
  getToken(options?: { refused?: string | null }): Promise<DeepgramToken>;
  /**
   * Mints ahead when the cached token would not last a while longer, so that Start never waits
   * for a mint. For the popup opening; never throws.
   */
  warm(): Promise<void>;
  /** Sign-out: forgets the token (memory and `storage.session`) and drops any mint under way. */
  clear(): Promise<void>;
  /** Tells the broker who is signed in now (null: nobody); another user's token or mint goes. */
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
  /**
   * Which sign-in the broker serves; every clear (sign-out, another user) starts a new one. A
   * mint asked for under an earlier sign-in is never stored nor handed out, even if the same
   * user has signed in again since: nothing begun before a sign-out outlives it.
   */
  let signIn = 0;
  /** The one mint under way, shared by the callers of the same user and sign-in. */
  let inFlight: { userId: string; signIn: number; token: Promise<CachedToken> } | null = null;

  const lasts = (token: CachedToken | null, forMs: number): token is CachedToken =>
    token !== null && token.expiresAt - now() >= forMs;

  const readStored = async (): Promise<CachedToken | null> => {
    const value = (await cache.get(TOKEN_CACHE_KEY))[TOKEN_CACHE_KEY] as CachedToken | undefined;
    return value && typeof value.token === 'string' ? value : null;
  };

  const clear = async () => {
    signIn += 1;
    memory = null;
    inFlight = null;
    await cache.remove(TOKEN_CACHE_KEY);
  };

  /** Who is signed in now; signed out forgets the token and refuses. */
  const currentCaller = async (): Promise<Caller> => {
    const caller = await getCaller();
    if (caller) return caller;
    await clear();
    throw new ExtensionError('signed_out');
  };

  const mintFor = (caller: Caller, askedIn: number): Promise<CachedToken> => {
    const token = (async () => {
      const minted = await mint(caller.accessToken);
      const fresh: CachedToken = {
        token: minted.token,
        expiresAt: now() + minted.expiresIn * 1000,
        userId: caller.userId,
      };
      // The user may have signed out, or someone else in, while the mint was under way; the
      // broker may not have been told yet, so the account is asked again.
      const owner = await getCaller();
      if (askedIn !== signIn || owner?.userId !== caller.userId) {
        throw new ExtensionError('signed_out', 'the account changed while the token was minted');
      }
      memory = fresh;
      await cache.set({ [TOKEN_CACHE_KEY]: fresh });
      return fresh;
    })().finally(() => {
      if (inFlight?.token === token) inFlight = null;
    });
    inFlight = { userId: caller.userId, signIn: askedIn, token };
    return token;
  };

  /** A token of the signed-in user with at least `minRemainingMs` left. */
  const tokenLasting = async (minRemainingMs: number): Promise<CachedToken> => {
    const askedIn = signIn;
    const caller = await currentCaller();
    // A restarted service worker starts with empty memory; storage.session still has the token.
    const stored = memory ? null : await readStored();
    if (askedIn !== signIn) throw new ExtensionError('signed_out', 'signed out meanwhile');
    // A mint that finished while storage was read is newer than what storage said.
    const known = memory ?? stored;
    if (known?.userId === caller.userId && lasts(known, minRemainingMs)) {
      memory = known;
      return known;
    }
    if (inFlight && inFlight.userId === caller.userId && inFlight.signIn === askedIn) {
      return inFlight.token;
    }
    return mintFor(caller, askedIn);
  };

  const publicPart = ({ token, expiresAt }: CachedToken): DeepgramToken => ({ token, expiresAt });

  /** Deepgram refused this token: it is never handed out again (the sign-in goes on). */
  const forget = async (refused: string) => {
    if (memory?.token === refused) memory = null;
    if ((await readStored())?.token === refused) await cache.remove(TOKEN_CACHE_KEY);
  };

  return {
    // The account is asked at every hand-out, not only at the mint: a token in memory is never
    // handed to someone signed in after it was minted, nor to nobody.
    async getToken({ refused = null } = {}) {
      if (refused !== null) await forget(refused);
      return publicPart(await tokenLasting(marginMs));
    },
    async warm() {
      await tokenLasting(warmAheadMs).catch(() => undefined);
    },
    clear,
    async sessionChanged(userId) {
      const known = memory ?? (await readStored());
      const othersToken = known !== null && known.userId !== userId;
      const othersMint = inFlight !== null && inFlight.userId !== userId;
      if (userId === null || othersToken || othersMint) await clear();
    },
  };
}
