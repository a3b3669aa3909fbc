// Supabase Edge Function `deepgram-token`: the only holder of the Deepgram master key. A signed-in
// Supabase user POSTs here with their access token and gets a Deepgram token that lives 5 minutes.
//
//   deno serve --host 127.0.0.1 --port 8788 --allow-net --allow-env --allow-read index.ts
//   supabase functions deploy deepgram-token
import { createCallerVerifier } from './auth.ts';
import { readConfig } from './config.ts';
import { createTokenHandler } from './handler.ts';

const config = readConfig(Deno.env.toObject());
const log = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

log({
  msg: 'deepgram-token started',
  jwks: config.jwks.source,
  token_ttl_seconds: config.tokenTtlSeconds,
  deepgram_api_key: config.deepgramApiKey ? 'set' : 'missing',
});
for (const warning of config.warnings) log({ msg: 'config warning', warning });

export default {
  fetch: createTokenHandler({
    config,
    verifyCaller: createCallerVerifier(config),
    fetch: globalThis.fetch,
    log,
    now: () => performance.now(),
  }),
} satisfies Deno.ServeDefaultExport;
