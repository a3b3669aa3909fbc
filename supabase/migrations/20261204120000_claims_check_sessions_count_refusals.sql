-- `claim_token_grants`, third shape. What changed, and why:
-- * A claim names the caller's Auth session (`session_id` in the access token). A session that
--   is gone from `auth.sessions` (signed out, globally or here, or revoked by Auth) or past its
--   `not_after` is answered 'signed_out': nothing recorded, no slot taken. This rides in the same
--   call as the quota, so a signed-out user is refused at their next mint, not when their access
--   token expires up to an hour later.
-- * A refused claim adds one to a per-user, per-hour counter (`token_refusals`) instead of
--   writing a row: a flood of over-quota requests costs one row per user per hour, not one each.
--   The function answers a user it knows to be over quota from memory until their slot frees,
--   and passes those refusals' counts with its next call (`p_noted_user_ids`, `p_noted_refusals`).
-- * Every call deletes up to twice its own number of claims' worth of grants older than the
--   retention period (7 days), and refusal counters as old: the tables stay bounded without a
--   scheduled job anyone has to set up. `skip locked`, so concurrent calls never wait on it.
-- * Each answer carries `retry_at`, the moment a slot frees, besides the seconds until then.
-- The quota's rules (sliding hour, advisory locks per user in one global order, claims of one user
-- in one call counted in the order sent) are those of 20261129090000_claim_token_grants_set_based.sql.
-- Written to be applied more than once without harm.

create table if not exists public.token_refusals (
  user_id uuid not null,
  -- The start of the hour (UTC) the refusals were counted in.
  hour_start timestamptz not null,
  refusals integer not null check (refusals > 0),
  primary key (user_id, hour_start)
);
create index if not exists token_refusals_hour on public.token_refusals (hour_start);

alter table public.token_refusals enable row level security;
revoke all on public.token_refusals from anon, authenticated;
grant select on public.token_refusals to authenticated;
drop policy if exists "Users read their own refusal counts" on public.token_refusals;
create policy "Users read their own refusal counts"
  on public.token_refusals for select to authenticated
  using ((select auth.uid()) = user_id);

-- Refusals recorded as rows before this migration become counts.
insert into public.token_refusals (user_id, hour_start, refusals)
select g.user_id, pg_catalog.date_bin('1 hour', g.granted_at, timestamptz '2000-01-01 00:00+00'),
       pg_catalog.count(*)
  from public.token_grants g
 where g.outcome = 'refused'
 group by 1, 2
    on conflict (user_id, hour_start)
    do update set refusals = public.token_refusals.refusals + excluded.refusals;
delete from public.token_grants where outcome = 'refused';

-- Retention reads the oldest grants first.
create index if not exists token_grants_granted_at on public.token_grants (granted_at);

drop function if exists public.claim_token_grants(uuid[], uuid[], integer);

create or replace function public.claim_token_grants(
  p_user_ids uuid[],
  p_session_ids uuid[],
  p_request_ids uuid[],
  p_quota_per_hour integer,
  p_noted_user_ids uuid[] default '{}',
  p_noted_refusals integer[] default '{}'
)
returns table (request_id uuid, outcome text, retry_after_seconds integer, retry_at timestamptz)
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
-- No wait for a lock (a user's advisory lock, a table locked by maintenance) outlasts the
-- function's own 3 s bound: past it, the call fails and records nothing.
set lock_timeout = '3s'
as $$
#variable_conflict use_column
declare
  retention constant interval := interval '7 days';
  -- How many distinct lock keys the batch has: as many as claims means one claim per user.
  locked bigint;
  old record;
begin
  if p_quota_per_hour < 1 then
    raise exception 'p_quota_per_hour must be at least 1, not %', p_quota_per_hour;
  end if;
  if cardinality(p_user_ids) is distinct from cardinality(p_request_ids)
     or cardinality(p_user_ids) is distinct from cardinality(p_session_ids) then
    raise exception 'one session id and one request id per user id';
  end if;
  if cardinality(p_noted_user_ids) is distinct from cardinality(p_noted_refusals) then
    raise exception 'one count per noted user id';
  end if;

  if cardinality(p_noted_user_ids) > 0 then
    insert into public.token_refusals (user_id, hour_start, refusals)
    select n.user_id, pg_catalog.date_bin('1 hour', now(), timestamptz '2000-01-01 00:00+00'),
           pg_catalog.sum(n.refusals)
      from unnest(p_noted_user_ids, p_noted_refusals) as n(user_id, refusals)
     where n.refusals > 0
     group by n.user_id
        on conflict (user_id, hour_start)
        do update set refusals = public.token_refusals.refusals + excluded.refusals;
  end if;

  perform pg_catalog.pg_advisory_xact_lock(k.lock_key)
     from (select distinct pg_catalog.hashtextextended('token_grants:' || u.user_id::text, 0)
                  as lock_key
             from unnest(p_user_ids) as u(user_id)) as k
    order by k.lock_key;
  get diagnostics locked = row_count;

  if locked = cardinality(p_user_ids) then
    -- One claim per user (the usual batch).
    return query
    with claim as (
      select c.request_id, c.user_id, live.session_id is not null as signed_in
        from unnest(p_user_ids, p_session_ids, p_request_ids) as c(user_id, session_id, request_id)
        -- A lookup by primary key per claim (`limit 1` keeps the planner from hashing the table).
        left join lateral (
          select s.id as session_id
            from auth.sessions s
           where s.id = c.session_id and s.user_id = c.user_id
             and (s.not_after is null or s.not_after > now())
           limit 1) as live on true
    ),
    decision as (
      select c.request_id, c.user_id, c.signed_in, f.freeing_at
        from claim c
        left join lateral (
          select g.granted_at as freeing_at
            from public.token_grants g
           where g.user_id = c.user_id
             and g.outcome = 'granted'
             and g.granted_at > now() - interval '1 hour'
           order by g.granted_at desc
          offset p_quota_per_hour - 1
           limit 1) as f on c.signed_in
    ),
    granted as (
      insert into public.token_grants (request_id, user_id, outcome)
      select d.request_id, d.user_id, 'granted'
        from decision d
       where d.signed_in and d.freeing_at is null
    ),
    refused as (
      insert into public.token_refusals (user_id, hour_start, refusals)
      select d.user_id, pg_catalog.date_bin('1 hour', now(), timestamptz '2000-01-01 00:00+00'),
             pg_catalog.count(*)
        from decision d
       where d.signed_in and d.freeing_at is not null
       group by d.user_id
          on conflict (user_id, hour_start)
          do update set refusals = public.token_refusals.refusals + excluded.refusals
    )
    select d.request_id,
           case when not d.signed_in then 'signed_out'
                when d.freeing_at is null then 'granted'
                else 'refused' end,
           case when d.freeing_at is null then null else
             greatest(1, ceil(extract(epoch from (d.freeing_at + interval '1 hour' - now()))))::integer
           end,
           d.freeing_at + interval '1 hour'
      from decision d;
  else
    -- Some user has several claims here (or two users share a lock key).
    return query
    with sent as (
      select c.user_id, c.request_id, c.position, live.session_id is not null as signed_in
        from unnest(p_user_ids, p_session_ids, p_request_ids)
             with ordinality as c(user_id, session_id, request_id, position)
        left join lateral (
          select s.id as session_id
            from auth.sessions s
           where s.id = c.session_id and s.user_id = c.user_id
             and (s.not_after is null or s.not_after > now())
           limit 1) as live on true
    ),
    claim as (
      select s.user_id, s.request_id, s.position,
             -- This claim's place among its user's live claims in this call, in the order sent.
             pg_catalog.row_number() over (partition by s.user_id order by s.position) as place
        from sent s
       where s.signed_in
    ),
    claimant as (
      select c.user_id, pg_catalog.count(*) as claims
        from claim c
       group by c.user_id
    ),
    quota as (
      select a.user_id, free.slots,
             case
               when a.claims <= free.slots then null
               when free.slots >= p_quota_per_hour then now()
               else (select g.granted_at
                       from public.token_grants g
                      where g.user_id = a.user_id
                        and g.outcome = 'granted'
                        and g.granted_at > now() - interval '1 hour'
                      order by g.granted_at desc
                     offset p_quota_per_hour - greatest(free.slots, 0) - 1
                      limit 1)
             end as freeing_at
        from claimant a
       cross join lateral (
         select p_quota_per_hour - pg_catalog.count(*) as slots
           from (select
                   from public.token_grants g
                  where g.user_id = a.user_id
                    and g.outcome = 'granted'
                    and g.granted_at > now() - interval '1 hour'
                  limit p_quota_per_hour) as held
       ) as free
    ),
    decision as (
      select c.request_id, c.user_id, c.place <= q.slots as granted, q.freeing_at
        from claim c
        join quota q on q.user_id = c.user_id
    ),
    granted as (
      insert into public.token_grants (request_id, user_id, outcome)
      select d.request_id, d.user_id, 'granted'
        from decision d
       where d.granted
    ),
    refused as (
      insert into public.token_refusals (user_id, hour_start, refusals)
      select d.user_id, pg_catalog.date_bin('1 hour', now(), timestamptz '2000-01-01 00:00+00'),
             pg_catalog.count(*)
        from decision d
       where not d.granted
       group by d.user_id
          on conflict (user_id, hour_start)
          do update set refusals = public.token_refusals.refusals + excluded.refusals
    )
    select s.request_id,
           case when d.request_id is null then 'signed_out'
                when d.granted then 'granted'
                else 'refused' end,
           case when d.request_id is null or d.granted then null else
             greatest(1, ceil(extract(epoch from (d.freeing_at + interval '1 hour' - now()))))::integer
           end,
           case when d.granted then null else d.freeing_at + interval '1 hour' end
      from sent s
      left join decision d on d.request_id = s.request_id
     order by s.position;
  end if;

  -- Retention: a bounded bite of what is past it, on every call: the oldest rows through the time
  -- index, each deleted by its row address (a TID lookup, whatever plan the table's size at the
  -- first call suggested). Nothing past it, which is the usual case, costs one index probe.
  for old in select o.ctid from public.token_grants o
              where o.granted_at < now() - retention
              order by o.granted_at
              limit 2 * cardinality(p_user_ids)
                for update skip locked loop
    delete from public.token_grants g where g.ctid = old.ctid;
  end loop;
  for old in select o.ctid from public.token_refusals o
              where o.hour_start < now() - retention
              order by o.hour_start
              limit 2 * cardinality(p_user_ids)
                for update skip locked loop
    delete from public.token_refusals r where r.ctid = old.ctid;
  end loop;
end;
$$;

revoke all on function public.claim_token_grants(uuid[], uuid[], uuid[], integer, uuid[], integer[])
  from public, anon, authenticated;
grant execute on function public.claim_token_grants(uuid[], uuid[], uuid[], integer, uuid[], integer[])
  to service_role;
