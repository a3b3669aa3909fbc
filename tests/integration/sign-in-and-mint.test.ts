import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalDatabase, startTokenFunction } from '../../scripts/processes.mjs';
import { createAccountService } from '../../utils/account/account-service';
import { AUTH_STORAGE_KEY, createSupabaseClient } from '../../utils/account/supabase-client';
import { createTokenBroker } from '../../utils/token/token-broker';
import { createTokenMinter } from '../../utils/token/token-minter';
import { verifyAccessToken } from '../stand-ins/deepgram/access-token';
import { type DeepgramStandIn, startDeepgramStandIn } from '../stand-ins/deepgram/server';
import { type LocalSupabase, startLocalSupabase } from '../stand-ins/supabase/server';
import { createMemoryStorage } from './memory-storage';

const PUBLISHABLE_KEY = 'sb_publishable_integration';
const DEEPGRAM_KEY = 'dg-integration-master-key';
const TOKEN_SECRET = 'dg-integration-token-secret';
const ADA = { email: 'ada@example.com', password: 'correct horse battery' };

let deepgram: DeepgramStandIn;
let supabase: LocalSupabase;
let tokenFunction: Awaited<ReturnType<typeof startTokenFunction>>;
let database: Awaited<ReturnType<typeof startLocalDatabase>>;

beforeAll(async () => {
  database = await startLocalDatabase();
  deepgram = await startDeepgramStandIn({ apiKey: DEEPGRAM_KEY, tokenSecret: TOKEN_SECRET });
  supabase = await startLocalSupabase({
    publishableKey: PUBLISHABLE_KEY,
    users: [ADA, { email: 'bob@example.com', password: 'bobs password' }],
    googleEmail: 'grace@gmail.com',
    accessTokenTtlSeconds: 2,
    refreshReuseIntervalSeconds: 0,
    maxFailedSignIns: 3,
    deliverCode: () => {},
    databaseUrl: database.url,
  });
  // The function finds Auth's signing keys the way it does on Supabase: from SUPABASE_URL; and
  // keeps its usage guard (the default quota) in the database at SUPABASE_DB_URL.
  tokenFunction = await startTokenFunction({
    DEEPGRAM_API_KEY: DEEPGRAM_KEY,
    DEEPGRAM_API_URL: deepgram.url,
    SUPABASE_URL: supabase.url,
    SUPABASE_DB_URL: database.url,
  });
  supabase.setFunction('deepgram-token', tokenFunction.url);
});

afterAll(async () => {
  await tokenFunction?.stop();
  await supabase?.close();
  await deepgram?.close();
  await database?.destroy();
});

/** One extension's worth of the modules the background wires together. */
function extension(url = supabase.url) {
  const local = createMemoryStorage();
  const client = createSupabaseClient({ url, publishableKey: PUBLISHABLE_KEY, storage: local });
  const account = createAccountService({
    auth: client.auth,
    oauthRedirectUrl: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
    // What Chrome's identity window does: follow the provider to the redirect URL, hand it back.
    launchWebAuthFlow: async (authorizeUrl) => {
      const response = await fetch(authorizeUrl, { redirect: 'manual' });
      return response.headers.get('location') ?? '';
    },
  });
  const broker = createTokenBroker({
    getCaller: () => account.getCaller(),
    mint: createTokenMinter({
      supabaseUrl: url,
      publishableKey: PUBLISHABLE_KEY,
      fetch,
      now: Date.now,
    }),
    cache: createMemoryStorage(),
    now: Date.now,
  });
  return { account, broker, local };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('signing in and getting a Deepgram token, end to end without a browser', () => {
  it('signs in with a password and gets a token the Deepgram stand-in accepts', async () => {
    const { account, broker, local } = extension();
    await expect(account.signInWithPassword(ADA.email, 'wrong')).rejects.toMatchObject({
      code: 'wrong_password',
    });
    await expect(account.signInWithPassword(ADA.email, ADA.password)).resolves.toMatchObject({
      signedIn: true,
      email: ADA.email,
    });
    expect(Object.keys(local.snapshot())).toEqual([AUTH_STORAGE_KEY]);

    const { token, expiresAt } = await broker.getToken();
    expect(verifyAccessToken(TOKEN_SECRET, token, Date.now())).toMatchObject({ valid: true });
    expect(expiresAt - Date.now()).toBeGreaterThan(290_000);
  });

  it('refreshes an expired session transparently, and the function accepts the new token', async () => {
    const { account, broker } = extension();
    await account.signInWithPassword(ADA.email, ADA.password);
    const before = await account.getCaller();
    await sleep(2_500); // the 2-second access token has expired
    await broker.clear();
    const minted = await broker.getToken();
    const after = await account.getCaller();
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(verifyAccessToken(TOKEN_SECRET, minted.token, Date.now()).valid).toBe(true);
  });

  it('signs out: the session is gone and the broker answers signed_out', async () => {
    const { account, broker, local } = extension();
    await account.signInWithPassword(ADA.email, ADA.password);
    await broker.getToken();
    await expect(account.signOut()).resolves.toEqual({ signedIn: false });
    await broker.clear();
    expect(local.snapshot()[AUTH_STORAGE_KEY]).toBeUndefined();
    await expect(broker.getToken()).rejects.toMatchObject({ code: 'signed_out' });
  });

  it('signs in with an emailed code; a wrong code and a second send too soon are explained', async () => {
    const { account, broker } = extension();
    await account.sendCode('newcomer@example.com');
    await expect(account.sendCode('newcomer@example.com')).rejects.toMatchObject({
      code: 'too_many_attempts',
    });
    const code = supabase.auth.lastCode('newcomer@example.com') as string;
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(account.verifyCode('newcomer@example.com', wrong)).rejects.toMatchObject({
      code: 'code_invalid',
    });
    await expect(account.verifyCode('newcomer@example.com', code)).resolves.toMatchObject({
      signedIn: true,
      email: 'newcomer@example.com',
    });
    await expect(broker.getToken()).resolves.toHaveProperty('token');
  });

  it('signs in with Google through PKCE', async () => {
    const { account, broker } = extension();
    await expect(account.signInWithGoogle()).resolves.toMatchObject({
      signedIn: true,
      email: 'grace@gmail.com',
    });
    await expect(broker.getToken()).resolves.toHaveProperty('token');
  });

  it('a replayed refresh token ends the session: the user is signed out, not stuck', async () => {
    const { account, broker, local } = extension();
    await account.signInWithPassword('bob@example.com', 'bobs password');
    const stolen = local.snapshot()[AUTH_STORAGE_KEY] as string;
    await sleep(2_100);
    await account.getCaller(); // refreshes: the stored refresh token is now spent
    // Someone replays the spent one: Auth revokes the whole session.
    const thief = extension();
    await thief.local.set({ [AUTH_STORAGE_KEY]: stolen });
    await expect(thief.account.getCaller()).resolves.toBeNull();
    await sleep(2_100);
    await expect(broker.getToken()).rejects.toMatchObject({ code: 'signed_out' });
    await expect(account.getAccount()).resolves.toEqual({ signedIn: false });
  });

  it('too many wrong passwords are refused with a sentence, not a hang', async () => {
    const { account } = extension();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(account.signInWithPassword('bob@example.com', 'nope')).rejects.toMatchObject({
        code: 'wrong_password',
      });
    }
    await expect(
      account.signInWithPassword('bob@example.com', 'bobs password'),
    ).rejects.toMatchObject({
      code: 'too_many_attempts',
    });
  });

  it('a failing Deepgram is service_unavailable, is not cached, and the next request recovers', async () => {
    const { account, broker } = extension();
    await account.signInWithPassword(ADA.email, ADA.password);
    deepgram.setGrantFault({ status: 500 });
    try {
      await expect(broker.getToken()).rejects.toMatchObject({
        code: 'service_unavailable',
        detail: 'deepgram_refused',
      });
    } finally {
      deepgram.setGrantFault({});
    }
    const { token } = await broker.getToken();
    expect(verifyAccessToken(TOKEN_SECRET, token, Date.now()).valid).toBe(true);
  });

  it('says the server is unreachable when it is', async () => {
    const { account } = extension('http://127.0.0.1:9');
    await expect(account.signInWithPassword(ADA.email, ADA.password)).rejects.toMatchObject({
      code: 'network',
    });
  });
});
