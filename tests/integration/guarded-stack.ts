// The token service as the usage-guard tests run it: a real PostgreSQL (migrations applied, and
// `auth.sessions` as Supabase's Auth keeps it), the local Auth writing its sessions there, the
// Deepgram stand-in, and the Edge Function under Deno with its guard on.
import { createClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { startLocalDatabase, startTokenFunction } from '../../scripts/processes.mjs';
import { type DeepgramStandIn, startDeepgramStandIn } from '../stand-ins/deepgram/server';
import { type LocalSupabase, startLocalSupabase } from '../stand-ins/supabase/server';

export interface TestUser {
  email: string;
  password: string;
}

export interface GuardedStack {
  database: Awaited<ReturnType<typeof startLocalDatabase>>;
  /** The database as its owner sees it (the test's window into the grants). */
  sql: postgres.Sql;
  deepgram: DeepgramStandIn;
  supabase: LocalSupabase;
  tokenFunction: Awaited<ReturnType<typeof startTokenFunction>>;
  /** The function's environment in this stack, with `extra` on top (for a second instance). */
  functionEnv(extra?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

/** Users named `name@example.com`, each with a password of their own. */
export const testUsers = (names: string[]): TestUser[] =>
  names.map((name) => ({ email: `${name}@example.com`, password: `${name}'s long password` }));

export async function startGuardedStack(options: {
  name: string;
  users: TestUser[];
  quotaPerHour: number;
}): Promise<GuardedStack> {
  const database = await startLocalDatabase();
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  const deepgramKey = `dg-${options.name}-master-key`;
  const deepgram = await startDeepgramStandIn({
    apiKey: deepgramKey,
    tokenSecret: `${options.name}-secret`,
  });
  const supabase = await startLocalSupabase({
    publishableKey: publishableKeyOf(options.name),
    users: options.users,
    deliverCode: () => {},
    databaseUrl: database.url,
  });
  const functionEnv = (extra: Record<string, string> = {}) => ({
    DEEPGRAM_API_KEY: deepgramKey,
    DEEPGRAM_API_URL: deepgram.url,
    SUPABASE_URL: supabase.url,
    SUPABASE_DB_URL: database.url,
    DEEPGRAM_TOKEN_QUOTA_PER_HOUR: String(options.quotaPerHour),
    ...extra,
  });
  const tokenFunction = await startTokenFunction(functionEnv());
  return {
    database,
    sql,
    deepgram,
    supabase,
    tokenFunction,
    functionEnv,
    async stop() {
      await tokenFunction.stop();
      await supabase.close();
      await deepgram.close();
      await sql.end();
      await database.destroy();
    },
  };
}

/** The publishable key of the stack named `name`, for supabase-js clients of it. */
export const publishableKeyOf = (name: string) => `sb_publishable_${name}`;

/** A user signed in with supabase-js: the client, their id, access token and its claims. */
export async function signInWith(project: LocalSupabase, publishableKey: string, user: TestUser) {
  const client = createClient(project.url, publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const { data, error } = await client.auth.signInWithPassword(user);
  if (error || !data.session) throw error ?? new Error('no session');
  const accessToken = data.session.access_token;
  const claims = JSON.parse(
    Buffer.from(accessToken.split('.')[1] as string, 'base64url').toString(),
  ) as Record<string, unknown> & { exp: number; session_id: string; iss: string };
  return { client, id: data.session.user.id, accessToken, claims };
}
