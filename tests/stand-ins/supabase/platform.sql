-- What a Supabase project's database has before any migration of ours: the API roles,
-- `auth.uid()`, which reads the caller's id from the JWT claims the Data API (PostgREST) sets
-- for each request, and Auth's `auth.sessions` (the columns this project reads; Auth owns the
-- real table and keeps a row per signed-in session, deleted when the session ends). Applied to a
-- fresh local PostgreSQL, where the local Auth stand-in writes the sessions; never deployed.
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- When set, the session is over from then on, whether or not the row is deleted.
  not_after timestamptz
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
