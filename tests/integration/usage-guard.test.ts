// The usage guard for real: the Edge Function under Deno, its grants kept in a real PostgreSQL
// (started in a temporary folder, migrations applied as `supabase db push` would), users signed
// in through supabase-js against the local Auth, Deepgram's grant endpoint stood in for.
import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationFiles } from '../../scripts/migrations.mjs';
import { startPostgres } from '../../scripts/postgres.mjs';
import { describeError } from '../../utils/error-sentences';
import { createTokenMinter } from '../../utils/token/token-minter';
import type { LocalSupabase } from '../stand-ins/supabase/server';
import {
  type GuardedStack,
  publishableKeyOf,
  signInWith,
  startGuardedStack,
  type TestUser,
  testUsers,
} from './guarded-stack';

const NAME = 'usage_guard';
const PUBLISHABLE_KEY = publishableKeyOf(NAME);
const QUOTA = 10;
const HOUR_SECONDS = 3_600;
const USERS = testUsers(['ada', 'bob', 'cy', 'dee', 'eve']);

let stack: GuardedStack;
let database: GuardedStack['database'];
let deepgram: GuardedStack['deepgram'];
let supabase: LocalSupabase;
let tokenFunction: GuardedStack['tokenFunction'];
/** The database as its owner sees it (the test's window into the grants). */
let sql: postgres.Sql;

beforeAll(async () => {
  stack = await startGuardedStack({ name: NAME, users: USERS, quotaPerHour: QUOTA });
  ({ database, deepgram, supabase, tokenFunction, sql } = stack);
  supabase.setFunction('deepgram-token', tokenFunction.url);
});

afterAll(() => stack?.stop());

/** A user signed in with supabase-js: their id, access token and JWT claims. */
const signIn = (index: number) => signInWith(supabase, PUBLISHABLE_KEY, USERS[index] as TestUser);

/** One mint through the functions gateway, as the extension asks for it. */
async function mint(accessToken: string) {
  const response = await fetch(`${supabase.url}/functions/v1/deepgram-token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, apikey: PUBLISHABLE_KEY },
  });
  const body = (await response.json()) as { token?: string; error?: { code: string } };
  return { status: response.status, retryAfter: response.headers.get('Retry-After'), body };
}

async function grantsOf(userId: string) {
  return sql<{ outcome: string; n: number }[]>`
    select outcome, count(*)::int as n from public.token_grants
     where user_id = ${userId}::uuid group by outcome order by outcome`;
}

/** The user's refusals, counted (one row per hour, not one per refusal). */
async function refusalsOf(userId: string) {
  const [row] = await sql<{ rows: number; refusals: number }[]>`
    select count(*)::int as rows, coalesce(sum(refusals), 0)::int as refusals
      from public.token_refusals where user_id = ${userId}::uuid`;
  return row;
}

describe('the usage guard (a quota of 10 per user per hour)', () => {
  it('lets exactly 10 of 100 concurrent mints through; 90 get 429 with Retry-After; others are unaffected', async () => {
    const [ada, bob] = await Promise.all([signIn(0), signIn(1)]);
    const grantsBefore = deepgram.grantsIssued();
    const [adas, bobs] = await Promise.all([
      Promise.all(Array.from({ length: 100 }, () => mint(ada.accessToken))),
      Promise.all(Array.from({ length: 5 }, () => mint(bob.accessToken))),
    ]);
    expect(adas.filter((answer) => answer.status === 200)).toHaveLength(QUOTA);
    const refused = adas.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(100 - QUOTA);
    for (const answer of refused) {
      expect(answer.body.error?.code).toBe('over_quota');
      // The first of the ten leaves the hour within the hour, and not before the test began.
      expect(Number(answer.retryAfter)).toBeGreaterThan(HOUR_SECONDS - 30);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(HOUR_SECONDS);
    }
    expect(bobs.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    // Deepgram was asked only for the tokens the guard let through.
    expect(deepgram.grantsIssued() - grantsBefore).toBe(QUOTA + 5);
    expect(await grantsOf(ada.id)).toEqual([{ outcome: 'granted', n: QUOTA }]);
    // Refusals the function answered from memory reach the count within a second.
    await expect.poll(async () => (await refusalsOf(ada.id))?.refusals).toBe(100 - QUOTA);
  });

  it('slides: a grant leaving the hour frees one slot, exactly when Retry-After said', async () => {
    const cy = await signIn(2);
    // Nine grants from 50 minutes ago and one about to leave the hour (3 s from now).
    await sql`insert into public.token_grants (user_id, request_id, granted_at, outcome)
              select ${cy.id}::uuid, gen_random_uuid(), now() - interval '50 minutes', 'granted'
                from generate_series(1, ${QUOTA - 1})`;
    await sql`insert into public.token_grants (user_id, request_id, granted_at, outcome)
              values (${cy.id}::uuid, gen_random_uuid(), now() - interval '3597 seconds', 'granted')`;
    const refused = await mint(cy.accessToken);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.retryAfter) * 1000 + 300));
    expect((await mint(cy.accessToken)).status).toBe(200);
    // Full again; the next slot is one of the nine, ten minutes from now.
    const next = await mint(cy.accessToken);
    expect(next.status).toBe(429);
    expect(Number(next.retryAfter)).toBeGreaterThan(590);
    expect(Number(next.retryAfter)).toBeLessThanOrEqual(600);
  });

  it('tells the extension’s user when the limit lifts, in a sentence', async () => {
    const dee = await signIn(3);
    await Promise.all(Array.from({ length: QUOTA }, () => mint(dee.accessToken)));
    const minted = createTokenMinter({
      supabaseUrl: supabase.url,
      publishableKey: PUBLISHABLE_KEY,
      fetch,
      now: () => Date.UTC(2026, 10, 28, 14, 0),
    });
    const error = await minted(dee.accessToken).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'over_quota' });
    // An hour from the minter's clock, less the seconds since the first of dee's ten.
    expect(describeError(error, 'en-US')).toMatch(
      /^You’ve reached this hour’s transcription limit\. It lifts at (2:59|3:00) PM\.$/,
    );
  });

  it('lets a user read only their own grants, and nobody but the function write them', async () => {
    const [ada, bob] = await Promise.all([signIn(0), signIn(1)]);
    // What the Data API (PostgREST) does for a request with ada's JWT.
    const asUser = (claims: Record<string, unknown>, query: string) =>
      sql.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
        await tx.unsafe(`set local role ${String(claims.role)}`);
        return tx.unsafe(query);
      });
    const seen = await asUser(ada.claims, 'select user_id, outcome from public.token_grants');
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((row) => row.user_id))).toEqual(new Set([ada.id]));
    const bobsOwn = await asUser(bob.claims, 'select count(*)::int as n from public.token_grants');
    expect(bobsOwn[0]?.n).toBe((await grantsOf(bob.id)).reduce((sum, row) => sum + row.n, 0));

    for (const write of [
      `insert into public.token_grants (user_id, request_id, outcome) values ('${ada.id}', gen_random_uuid(), 'granted')`,
      'delete from public.token_grants',
      `select public.claim_token_grants(array['${ada.id}'::uuid], array['${ada.claims.session_id}'::uuid], array[gen_random_uuid()], 1000)`,
      'delete from public.token_refusals',
    ]) {
      await expect(asUser(ada.claims, write)).rejects.toThrow(/permission denied/);
    }
    await expect(asUser({ role: 'anon' }, 'select * from public.token_grants')).rejects.toThrow(
      /permission denied/,
    );
    const refusalsSeen = await asUser(ada.claims, 'select user_id from public.token_refusals');
    expect(new Set(refusalsSeen.map((row) => row.user_id))).toEqual(new Set([ada.id]));
  });

  it('answers 503 while the database is down, never minting unguarded, and recovers when it returns', async () => {
    const eve = await signIn(4);
    expect((await mint(eve.accessToken)).status).toBe(200);
    const grantsBefore = deepgram.grantsIssued();
    await database.stop();
    try {
      const down = await Promise.all([mint(eve.accessToken), mint(eve.accessToken)]);
      for (const answer of down) {
        expect(answer.status).toBe(503);
        expect(answer.body.error?.code).toBe('usage_unavailable');
        expect(answer.retryAfter).toBe('5');
      }
      expect(deepgram.grantsIssued()).toBe(grantsBefore);
    } finally {
      await database.start();
    }
    expect((await mint(eve.accessToken)).status).toBe(200);
    expect(await grantsOf(eve.id)).toEqual([{ outcome: 'granted', n: 2 }]);
  });
});

describe('claim_token_grants, called with batches as the function sends them', () => {
  type Answer = {
    request_id: string;
    granted: boolean;
    outcome: string;
    retry_after_seconds: number | null;
  };
  const ids = (count: number) => Array.from({ length: count }, () => crypto.randomUUID());
  /** Each user's one Auth session, as a signed-in user has. */
  const sessions = new Map<string, string>();
  const sessionOf = (userId: string) => {
    const known = sessions.get(userId);
    if (known) return known;
    const session = crypto.randomUUID();
    sessions.set(userId, session);
    return session;
  };
  const signInAll = async (userIds: string[]) => {
    for (const userId of new Set(userIds)) {
      await sql`insert into auth.sessions (id, user_id) values (${sessionOf(userId)}, ${userId})
                on conflict do nothing`;
    }
  };
  const claim = async (userIds: string[], requestIds: string[], quota: number) => {
    await signInAll(userIds);
    return sql<
      Answer[]
    >`select request_id, outcome = 'granted' as granted, outcome, retry_after_seconds
                    from public.claim_token_grants(${userIds}::uuid[],
                      ${userIds.map(sessionOf)}::uuid[], ${requestIds}::uuid[], ${quota})`;
  };

  it('counts one user’s claims in a batch against each other, in the order sent', async () => {
    const [user, other] = ids(2) as [string, string];
    // In the hour: seven grants 50 minutes old and the oldest, 59 minutes old (8 of 10); not
    // counted: refused (as recorded before refusals were counted) and failed ones, and a grant
    // two hours old.
    await sql`insert into public.token_grants (user_id, request_id, granted_at, outcome)
              select ${user}::uuid, gen_random_uuid(), now() - age, outcome
                from (values (interval '50 minutes', 'granted'), (interval '50 minutes', 'granted'),
                             (interval '50 minutes', 'granted'), (interval '50 minutes', 'granted'),
                             (interval '50 minutes', 'granted'), (interval '50 minutes', 'granted'),
                             (interval '50 minutes', 'granted'), (interval '59 minutes', 'granted'),
                             (interval '1 minute', 'refused'), (interval '1 minute', 'failed'),
                             (interval '2 hours', 'granted')) as seeded(age, outcome)`;
    const requests = ids(5);
    const answers = await claim([user, other, user, user, user], requests, QUOTA);
    const by = new Map(answers.map((answer) => [answer.request_id, answer]));
    const [first, others, second, third, fourth] = requests.map((id) => by.get(id));
    expect([first?.granted, others?.granted, second?.granted]).toEqual([true, true, true]);
    expect([third?.granted, fourth?.granted]).toEqual([false, false]);
    // The slot that frees first: the grant 59 minutes old (this batch's two are the newest).
    for (const refused of [third, fourth]) {
      expect(refused?.retry_after_seconds).toBeGreaterThanOrEqual(55);
      expect(refused?.retry_after_seconds).toBeLessThanOrEqual(60);
    }
    expect(await grantsOf(user)).toEqual([
      { outcome: 'failed', n: 1 },
      { outcome: 'granted', n: 11 },
      { outcome: 'refused', n: 1 },
    ]);
    expect((await refusalsOf(user))?.refusals).toBe(2);
  });

  it('refuses past the quota within one batch, until the batch’s own first grant leaves the hour', async () => {
    const [user] = ids(1) as [string];
    const answers = await claim(Array(QUOTA + 3).fill(user), ids(QUOTA + 3), QUOTA);
    expect(answers.filter((answer) => answer.granted)).toHaveLength(QUOTA);
    for (const answer of answers.filter((answer) => !answer.granted)) {
      expect(answer.retry_after_seconds).toBe(HOUR_SECONDS);
    }
  });

  it('never deadlocks when concurrent batches name the same users in opposite orders', async () => {
    const users = ids(4);
    await signInAll(users);
    const pool = postgres(database.url, { max: 4, onnotice: () => {} });
    try {
      const calls = Array.from({ length: 40 }, (_, index) => {
        const order = index % 2 ? [...users].reverse() : users;
        return pool`select outcome = 'granted' as granted from public.claim_token_grants(
          ${order}::uuid[], ${order.map(sessionOf)}::uuid[], ${ids(order.length)}::uuid[], ${QUOTA})`;
      });
      const granted = (await Promise.all(calls)).flat().filter((row) => row.granted).length;
      expect(granted).toBe(users.length * QUOTA);
    } finally {
      await pool.end();
    }
  });
});

describe('the migrations', () => {
  it('apply to an empty database, once, and can be run again without harm', async () => {
    const empty = await startPostgres();
    const db = postgres(empty.url, { max: 1, onnotice: () => {} });
    try {
      const files = await migrationFiles();
      expect(await migrate(empty.url)).toEqual(files.map((file) => file.version));
      // `supabase db push` again: nothing left to apply.
      expect(await migrate(empty.url)).toEqual([]);
      const schema = () => db`
        select 'table' as kind, c.relname as name, c.relrowsecurity::text as detail
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'i')
        union all
        select 'policy', policyname, cmd || ' ' || array_to_string(roles, ',') from pg_policies
        union all
        select 'function', p.proname, pg_get_function_identity_arguments(p.oid)
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
        order by 1, 2, 3`;
      const before = await schema();
      expect(before.map((row) => `${row.kind} ${row.name}`)).toEqual(
        expect.arrayContaining([
          'table token_grants',
          'table token_refusals',
          'policy Users read their own token grants',
          'policy Users read their own refusal counts',
          'function claim_token_grants',
          'function settle_token_grant',
        ]),
      );
      // Each file run again by hand, outside the migration history: no error, same schema.
      for (const { file } of files) await db.unsafe(await readFile(file, 'utf8'));
      expect(await schema()).toEqual(before);
    } finally {
      await db.end();
      await empty.destroy();
    }
  });
});
