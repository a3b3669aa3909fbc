import type { JSONWebKeySet } from 'jose';

/** The function's configuration, read and checked once when the function starts. */
export interface FunctionConfig {
  /** The Deepgram master key, or null when unset (every mint then answers 500). */
  deepgramApiKey: string | null;
  deepgramApiUrl: string;
  /** Lifetime of each minted token, bounded to what Deepgram accepts and we want. */
  tokenTtlSeconds: number;
  /** Where the signing keys of user tokens come from, or why they can't be found. */
  jwks:
    | { source: 'inline'; keys: JSONWebKeySet }
    | { source: 'remote'; url: URL }
    | { source: 'missing'; problem: string };
  /**
   * The `iss` values a user token may carry: the project's Auth (`${SUPABASE_URL}/auth/v1`) and
   * any listed in SUPABASE_AUTH_ISSUERS. Empty: nothing configured, every caller answers 500.
   */
  issuers: string[];
  /** Shortest time between two fetches of a remote key set that an unknown `kid` may cause. */
  jwksRefetchCooldownMs: number;
  /**
   * The usage guard: mints allowed per user per sliding hour, recorded in Postgres; `off` when
   * the quota is 0; `missing` when it is on but there is no database to keep it in.
   */
  usageGuard:
    | { state: 'on'; quotaPerHour: number; databaseUrl: string }
    | { state: 'off' }
    | { state: 'missing'; problem: string };
  /** What was wrong but survivable, logged once at start-up. */
  warnings: string[];
}

export const DEEPGRAM_TIMEOUT_MS = 5_000;
const DEFAULT_TTL_SECONDS = 300;
const MIN_TTL_SECONDS = 30;
const MAX_TTL_SECONDS = 3_600;
const DEFAULT_JWKS_COOLDOWN_SECONDS = 60;
const DEFAULT_QUOTA_PER_HOUR = 60;

export function readConfig(env: Record<string, string | undefined>): FunctionConfig {
  const warnings: string[] = [];
  return {
    deepgramApiKey: env.DEEPGRAM_API_KEY?.trim() || null,
    deepgramApiUrl: (env.DEEPGRAM_API_URL?.trim() || 'https://api.deepgram.com').replace(
      /\/+$/,
      '',
    ),
    tokenTtlSeconds: readTtl(env.DEEPGRAM_TOKEN_TTL_SECONDS, warnings),
    jwks: readJwksSource(env),
    issuers: readIssuers(env),
    jwksRefetchCooldownMs:
      readPositiveNumber(env.JWKS_REFETCH_COOLDOWN_SECONDS, DEFAULT_JWKS_COOLDOWN_SECONDS) * 1000,
    usageGuard: readUsageGuard(env, warnings),
    warnings,
  };
}

function readTtl(raw: string | undefined, warnings: string[]): number {
  if (!raw?.trim()) return DEFAULT_TTL_SECONDS;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    warnings.push(
      `DEEPGRAM_TOKEN_TTL_SECONDS="${raw}" is not a whole number; using ${DEFAULT_TTL_SECONDS}.`,
    );
    return DEFAULT_TTL_SECONDS;
  }
  const bounded = Math.min(MAX_TTL_SECONDS, Math.max(MIN_TTL_SECONDS, value));
  if (bounded !== value) {
    warnings.push(
      `DEEPGRAM_TOKEN_TTL_SECONDS=${value} is outside ${MIN_TTL_SECONDS}–${MAX_TTL_SECONDS}; using ${bounded}.`,
    );
  }
  return bounded;
}

function readUsageGuard(
  env: Record<string, string | undefined>,
  warnings: string[],
): FunctionConfig['usageGuard'] {
  const raw = env.DEEPGRAM_TOKEN_QUOTA_PER_HOUR?.trim();
  let quotaPerHour = DEFAULT_QUOTA_PER_HOUR;
  if (raw) {
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 0) quotaPerHour = value;
    else {
      warnings.push(
        `DEEPGRAM_TOKEN_QUOTA_PER_HOUR="${raw}" is not a whole number ≥ 0; using ${DEFAULT_QUOTA_PER_HOUR}.`,
      );
    }
  }
  if (quotaPerHour === 0) return { state: 'off' };
  const databaseUrl = env.SUPABASE_DB_URL?.trim();
  return databaseUrl
    ? { state: 'on', quotaPerHour, databaseUrl }
    : { state: 'missing', problem: 'SUPABASE_DB_URL is not set and the usage guard is on' };
}

function readJwksSource(env: Record<string, string | undefined>): FunctionConfig['jwks'] {
  const inline = env.SUPABASE_JWKS?.trim();
  if (inline) {
    try {
      const parsed = JSON.parse(inline) as JSONWebKeySet;
      if (Array.isArray(parsed.keys)) return { source: 'inline', keys: parsed };
    } catch {
      // Reported below as a configuration problem, answered with 500 on every request.
    }
    return { source: 'missing', problem: 'SUPABASE_JWKS is not a JSON Web Key Set' };
  }
  const supabaseUrl = env.SUPABASE_URL?.trim();
  if (supabaseUrl) {
    try {
      return {
        source: 'remote',
        url: new URL(`${supabaseUrl.replace(/\/+$/, '')}/auth/v1/.well-known/jwks.json`),
      };
    } catch {
      return { source: 'missing', problem: 'SUPABASE_URL is not a URL' };
    }
  }
  return { source: 'missing', problem: 'neither SUPABASE_JWKS nor SUPABASE_URL is set' };
}

/**
 * Supabase Auth names itself `<project URL>/auth/v1` in every token. The function's own
 * SUPABASE_URL is that URL on a hosted project; under `supabase start` it is an internal one
 * (http://kong:8000) while tokens name the public one, so SUPABASE_AUTH_ISSUERS (comma-separated)
 * adds issuers to accept.
 */
function readIssuers(env: Record<string, string | undefined>): string[] {
  const supabaseUrl = env.SUPABASE_URL?.trim().replace(/\/+$/, '');
  const listed = (env.SUPABASE_AUTH_ISSUERS ?? '')
    .split(',')
    .map((issuer) => issuer.trim())
    .filter(Boolean);
  return [...new Set([...(supabaseUrl ? [`${supabaseUrl}/auth/v1`] : []), ...listed])];
}

function readPositiveNumber(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw?.trim() && Number.isFinite(value) && value > 0 ? value : fallback;
}
