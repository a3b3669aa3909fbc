import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Caller } from '../account/account-service';
import { ExtensionError } from '../errors';
import { createTokenBroker, TOKEN_CACHE_KEY, type TokenBrokerDeps } from './token-broker';
import type { MintedToken } from './token-minter';

const ada: Caller = { accessToken: 'ada-access', userId: 'ada' };
const bob: Caller = { accessToken: 'bob-access', userId: 'bob' };

function setup(overrides: Partial<TokenBrokerDeps> = {}) {
  let clock = 1_000_000;
  let caller: Caller | null = ada;
  let minted = 0;
  const mint = vi.fn(async (accessToken: string) => {
    minted += 1;
    return { token: `dg-${accessToken}-${minted}`, expiresIn: 300 };
  });
  const deps: TokenBrokerDeps = {
    getCaller: async () => caller,
    mint,
    cache: fakeBrowser.storage.session,
    now: () => clock,
    ...overrides,
  };
  return {
    deps,
    broker: createTokenBroker(deps),
    mint,
    advance: (ms: number) => {
      clock += ms;
    },
    signInAs: (next: Caller | null) => {
      caller = next;
    },
  };
}

/** A mint that answers only when the test says so: the window in which the account changes. */
function heldMint() {
  const pending: (() => void)[] = [];
  const mint = vi.fn(
    (accessToken: string) =>
      new Promise<MintedToken>((resolve) => {
        const n = pending.length + 1;
        pending.push(() => resolve({ token: `dg-${accessToken}-${n}`, expiresIn: 300 }));
      }),
  );
  return {
    mint,
    /** Resolves once the `n`th mint (from 1) has been asked for. */
    asked: (n: number) => vi.waitFor(() => expect(mint).toHaveBeenCalledTimes(n)),
    /** Lets the `n`th mint answer. */
    finish: (n: number) => {
      const answer = pending[n - 1];
      if (!answer) throw new Error(`mint ${n} was never asked for`);
      answer();
    },
  };
}

const stored = async () => fakeBrowser.storage.session.get(TOKEN_CACHE_KEY);

beforeEach(() => fakeBrowser.reset());

describe('token broker', () => {
  it('hands out the cached token while it has more than the margin left', async () => {
    const { broker, mint, advance } = setup();
    const first = await broker.getToken();
    advance(269_000); // 31 s left
    await expect(broker.getToken()).resolves.toEqual(first);
    expect(mint).toHaveBeenCalledTimes(1);
    expect(first.expiresAt).toBe(1_000_000 + 300_000);
  });

  it('never hands out a token Deepgram refused: it mints another, once, for every caller', async () => {
    const { broker, mint } = setup();
    const refused = await broker.getToken();
    const [a, b] = await Promise.all([
      broker.getToken({ refused: refused.token }),
      broker.getToken({ refused: refused.token }),
    ]);
    expect(a.token).not.toBe(refused.token);
    expect(b).toEqual(a);
    // Naming a token that is no longer the cached one changes nothing.
    await expect(broker.getToken({ refused: refused.token })).resolves.toEqual(a);
    expect(mint).toHaveBeenCalledTimes(2);
  });

  it('mints a new token once the old one is within the margin of expiring, or expired', async () => {
    const { broker, mint, advance } = setup();
    const first = await broker.getToken();
    advance(271_000); // 29 s left: too little to open a stream on
    const second = await broker.getToken();
    expect(second.token).not.toBe(first.token);
    advance(400_000);
    const third = await broker.getToken();
    expect(third.token).not.toBe(second.token);
    expect(mint).toHaveBeenCalledTimes(3);
  });

  it('shares one mint among 100 concurrent requests', async () => {
    const { broker, mint } = setup();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => broker.getToken()));
    expect(mint).toHaveBeenCalledTimes(1);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(1);
  });

  it('does not cache a failed mint: every waiter gets the error, the next call retries', async () => {
    let fail = true;
    const mint = vi.fn(async () => {
      if (fail) throw new ExtensionError('service_unavailable');
      return { token: 'dg-ok', expiresIn: 300 };
    });
    const { broker } = setup({ mint });
    const attempts = await Promise.allSettled([broker.getToken(), broker.getToken()]);
    expect(attempts.map((a) => a.status)).toEqual(['rejected', 'rejected']);
    expect(await fakeBrowser.storage.session.get(TOKEN_CACHE_KEY)).toEqual({});
    fail = false;
    await expect(broker.getToken()).resolves.toMatchObject({ token: 'dg-ok' });
    expect(mint).toHaveBeenCalledTimes(2);
  });

  it('answers signed_out, and forgets the token, when nobody is signed in', async () => {
    const { broker, signInAs, advance } = setup();
    await broker.getToken();
    signInAs(null);
    advance(290_000);
    await expect(broker.getToken()).rejects.toMatchObject({ code: 'signed_out' });
    expect(await fakeBrowser.storage.session.get(TOKEN_CACHE_KEY)).toEqual({});
  });

  it('drops the token on sign-out and when another user signs in', async () => {
    const { broker, mint, signInAs } = setup();
    const adas = await broker.getToken();
    await broker.sessionChanged('ada'); // a refresh of the same session: keep it
    await expect(broker.getToken()).resolves.toEqual(adas);

    signInAs(bob);
    await broker.sessionChanged('bob');
    const bobs = await broker.getToken();
    expect(bobs.token).toContain('bob-access');

    await broker.sessionChanged(null);
    expect(await fakeBrowser.storage.session.get(TOKEN_CACHE_KEY)).toEqual({});
    expect(mint).toHaveBeenCalledTimes(2);
  });

  it('never hands a stored token to a different user, even without being told', async () => {
    const first = setup();
    await first.broker.getToken();
    const restarted = setup();
    restarted.signInAs(bob);
    const token = await restarted.broker.getToken();
    expect(token.token).toContain('bob-access');
  });

  it('reuses the token in storage.session after the service worker restarts', async () => {
    const before = setup();
    const token = await before.broker.getToken();
    const after = setup(); // a new broker, empty memory, same storage.session
    await expect(after.broker.getToken()).resolves.toEqual(token);
    expect(after.mint).not.toHaveBeenCalled();
  });

  it('warms ahead: mints when the token would not last two more minutes, else nothing', async () => {
    const { broker, mint, advance } = setup();
    await broker.warm();
    expect(mint).toHaveBeenCalledTimes(1);
    advance(100_000); // 200 s left
    await broker.warm();
    expect(mint).toHaveBeenCalledTimes(1);
    advance(90_000); // 110 s left
    await broker.warm();
    expect(mint).toHaveBeenCalledTimes(2);
  });

  it('warming never throws, signed out or failing', async () => {
    const { broker, signInAs } = setup({
      mint: async () => {
        throw new ExtensionError('network');
      },
    });
    await expect(broker.warm()).resolves.toBeUndefined();
    signInAs(null);
    await expect(broker.warm()).resolves.toBeUndefined();
  });
});

describe('token broker, when the account changes while a token is minted', () => {
  it('signed out meanwhile: the token is neither stored nor handed out, and the next ask is refused', async () => {
    const held = heldMint();
    const { broker, signInAs } = setup({ mint: held.mint });
    const asked = broker.getToken();
    await held.asked(1);
    signInAs(null);
    await broker.clear(); // what signing out does
    held.finish(1);
    await expect(asked).rejects.toMatchObject({ code: 'signed_out' });
    expect(await stored()).toEqual({});
    await expect(broker.getToken()).rejects.toMatchObject({ code: 'signed_out' });
  });

  it('signed out and in as someone else meanwhile: they get a token of their own, never the old one', async () => {
    const held = heldMint();
    const { broker, signInAs } = setup({ mint: held.mint });
    const adas = broker.getToken();
    await held.asked(1);
    signInAs(null);
    await broker.sessionChanged(null);
    signInAs(bob);
    await broker.sessionChanged('bob');
    held.finish(1);
    await expect(adas).rejects.toMatchObject({ code: 'signed_out' });
    expect(await stored()).toEqual({});

    const bobs = broker.getToken();
    await held.asked(2);
    expect(held.mint).toHaveBeenLastCalledWith('bob-access');
    held.finish(2);
    await expect(bobs).resolves.toMatchObject({ token: 'dg-bob-access-2' });
  });

  it('someone else signed in before the broker was told: the finished mint is dropped', async () => {
    const held = heldMint();
    const { broker, signInAs } = setup({ mint: held.mint });
    const adas = broker.getToken();
    await held.asked(1);
    signInAs(bob);
    held.finish(1);
    await expect(adas).rejects.toMatchObject({ code: 'signed_out' });
    expect(await stored()).toEqual({});
  });

  it('signed out and in again as the same user: the mint of the ended sign-in is dropped too', async () => {
    const held = heldMint();
    const { broker, signInAs } = setup({ mint: held.mint });
    const before = broker.getToken();
    await held.asked(1);
    signInAs(null);
    await broker.clear();
    signInAs(ada);
    await broker.sessionChanged('ada');
    held.finish(1);
    await expect(before).rejects.toMatchObject({ code: 'signed_out' });

    const after = broker.getToken();
    await held.asked(2);
    held.finish(2);
    await expect(after).resolves.toMatchObject({ token: 'dg-ada-access-2' });
  });

  it('hands a cached token only to the user signed in now, even before being told of a change', async () => {
    const { broker, signInAs } = setup();
    const adas = await broker.getToken();
    signInAs(bob);
    const bobs = await broker.getToken();
    expect(bobs.token).toContain('bob-access');
    expect(bobs.token).not.toBe(adas.token);
    signInAs(null);
    await expect(broker.getToken()).rejects.toMatchObject({ code: 'signed_out' });
  });
});
