// Supabase Edge Function `deepgram-token`: the only holder of the Deepgram master key. A signed-in
// Supabase user POSTs here with their access token and gets a Deepgram token that lives 5 minutes,
// up to an hourly quota per user kept in the project's Postgres (SUPABASE_DB_URL).
//
//   deno serve --host 127.0.0.1 --port 8788 --allow-net --allow-env --allow-read index.ts
//   supabase functions deploy deepgram-token
import { createCallerVerifier } from './auth.ts';
import { readConfig } from './config.ts';
import { createTokenHandler } from './handler.ts';
import { connectDatabase, createUsageGuard } from './usage-guard.ts';

const config = readConfig(Deno.env.toObject());
const log = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

log({
  msg: 'deepgram-token started',
  jwks: config.jwks.source,
  issuers: config.issuers,
  token_ttl_seconds: config.tokenTtlSeconds,
  deepgram_api_key: config.deepgramApiKey ? 'set' : 'missing',
  usage_guard:
    config.usageGuard.state === 'on'
      ? `on: ${config.usageGuard.quotaPerHour} tokens per user per hour`
      : config.usageGuard.state === 'off'
        ? 'off (DEEPGRAM_TOKEN_QUOTA_PER_HOUR=0): any signed-in user may mint without limit, and a signed-out session keeps minting until its access token expires'
        : `missing: ${config.usageGuard.problem}; every mint answers 500`,
});
for (const warning of config.warnings) log({ msg: 'config warning', warning });

const usageGuard =
  config.usageGuard.state === 'on'
    ? createUsageGuard(
        connectDatabase(config.usageGuard.databaseUrl),
        config.usageGuard.quotaPerHour,
        () => performance.now(),
      )
    : null;

// `deno serve` stops serving on SIGTERM and exits once nothing is left open: the pool's idle
// connections would keep it alive for a minute. (Supabase's runtime ends workers itself.)
if (usageGuard) {
  try {
    Deno.addSignalListener('SIGTERM', () => void usageGuard.close());
  } catch {
    // A runtime that does not let functions listen for signals ends them its own way.
  }
}

export default {
  fetch: createTokenHandler({
    config,
    verifyCaller: createCallerVerifier(config),
    usageGuard,
    fetch: globalThis.fetch,
    log,
    now: () => performance.now(),
  }),
} satisfies Deno.ServeDefaultExport;
