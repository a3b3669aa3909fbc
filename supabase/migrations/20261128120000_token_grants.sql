-- The usage guard of the `deepgram-token` function: every mint is recorded, and each user may
-- claim a limited number per sliding hour. Written to be applied more than once without harm
-- (`if not exists`, `or replace`, policies dropped before they are made).

create table if not exists public.token_grants (
  -- The function's request id (also in its log line), so a grant can be traced and settled.
  request_id uuid primary key,
  user_id uuid not null,
  granted_at timestamptz not null default now(),
  -- granted: a token was (being) minted and counts against the quota;
  -- refused: over quota, recorded for the audit trail, not counted;
  -- failed: Deepgram did not issue the token, so it does not count either.
  outcome text not null check (outcome in ('granted', 'refused', 'failed'))
);

-- The quota check reads one user's recent grants: this index makes that a short range scan.
create index if not exists token_grants_user_recent
  on public.token_grants (user_id, granted_at desc)
  where outcome = 'granted';

-- Users may read their own grants (through the Data API), and nobody but the function writes.
alter table public.token_grants enable row level security;
revoke all on public.token_grants from anon, authenticated;
grant select on public.token_grants to authenticated;
drop policy if exists "Users read their own token grants" on public.token_grants;
create policy "Users read their own token grants"
  on public.token_grants for select to authenticated
  using ((select auth.uid()) = user_id);

-- Checks users' quotas and records each outcome, for a batch of claims in one call (one
-- statement, so one transaction, for the caller): the function sends the claims that arrived
-- while its previous call ran, which saves a round trip and a commit per mint under load.
-- One user's claims are serialized by a transaction-scoped advisory lock on that user, so
-- concurrent calls cannot both see the last free slot; other users never wait. Locks are taken
-- in one global order (by lock key), so two calls never deadlock. Works behind Supabase's
-- transaction-mode pooler: the locks end with the call's own transaction.
-- Returns, per claim, whether the token may be minted and, when not, the seconds until a slot
-- frees.
create or replace function public.claim_token_grants(
  p_user_ids uuid[],
  p_request_ids uuid[],
  p_quota_per_hour integer
)
returns table (request_id uuid, granted boolean, retry_after_seconds integer)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  window_length constant interval := interval '1 hour';
  claim record;
  -- The grant whose leaving the hour would free a slot: the quota-th newest still in it. None
  -- means a slot is free. Reading it touches at most `quota` index entries, however many
  -- grants the user has.
  freeing_at timestamptz;
begin
  if p_quota_per_hour < 1 then
    raise exception 'p_quota_per_hour must be at least 1, not %', p_quota_per_hour;
  end if;
  if cardinality(p_user_ids) is distinct from cardinality(p_request_ids) then
    raise exception 'one request id per user id';
  end if;
  for claim in
    select c.user_id, c.request_id,
           pg_catalog.hashtextextended('token_grants:' || c.user_id::text, 0) as lock_key
      from unnest(p_user_ids, p_request_ids) with ordinality as c(user_id, request_id, position)
     order by lock_key, c.position
  loop
    perform pg_catalog.pg_advisory_xact_lock(claim.lock_key);
    freeing_at := null;
    select g.granted_at into freeing_at
      from public.token_grants g
     where g.user_id = claim.user_id
       and g.outcome = 'granted'
       and g.granted_at > now() - window_length
     order by g.granted_at desc
     offset p_quota_per_hour - 1
     limit 1;
    insert into public.token_grants (request_id, user_id, outcome)
      values (claim.request_id, claim.user_id,
              case when freeing_at is null then 'granted' else 'refused' end);
    request_id := claim.request_id;
    granted := freeing_at is null;
    retry_after_seconds := case when freeing_at is null then null else
      greatest(1, ceil(extract(epoch from (freeing_at + window_length - now()))))::integer end;
    return next;
  end loop;
end;
$$;

-- A grant whose mint failed upstream gives its slot back.
create or replace function public.settle_token_grant(p_request_id uuid, p_outcome text)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.token_grants set outcome = p_outcome where request_id = p_request_id;
$$;

revoke all on function public.claim_token_grants(uuid[], uuid[], integer) from public, anon, authenticated;
revoke all on function public.settle_token_grant(uuid, text) from public, anon, authenticated;
grant execute on function public.claim_token_grants(uuid[], uuid[], integer) to service_role;
grant execute on function public.settle_token_grant(uuid, text) to service_role;
