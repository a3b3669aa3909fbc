// `npm run function`: the `deepgram-token` Edge Function under Deno as deployed, on
// http://127.0.0.1:8788 (`-- --port N` for another), with what it needs beside it: its database
// (a throwaway PostgreSQL with the migrations, for the usage guard) and the Deepgram stand-in, or
// the real Deepgram when DEEPGRAM_API_KEY is set. Prints a user token and a ready `curl`.
// Ctrl+C or SIGTERM stops every part; so does a part that fails to start.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { DEV_ISSUER, signDevToken } from './dev-signing-key.mjs';
import { stopOnExitSignals } from './exit-signals.mjs';
import { isPortFree } from './local-port.mjs';
import { startDeepgramStandIn, startLocalDatabase, startTokenFunction } from './processes.mjs';

const STAND_IN_KEY = 'dg-local-function-master-key';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    user: { type: 'string', default: 'dev@tabscribe.local' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1024 || port > 65535) {
  console.error(`--port must be a port number from 1024 to 65535, not "${values.port}".`);
  process.exit(2);
}
if (!(await isPortFree(port))) {
  console.error(`Port ${port} is already in use (another \`npm run function\`?). Nothing was started.
Stop what holds it, or choose another port:  npm run function -- --port ${port + 1}`);
  process.exit(1);
}
const realDeepgramKey = process.env.DEEPGRAM_API_KEY || undefined;
const { token, jwks, userId, sessionId } = await signDevToken({ email: values.user });

/** @type {(() => Promise<void>)[]} stopped in reverse order */
const started = [];
const starting = (async () => {
  const database = await startLocalDatabase();
  started.push(() => database.destroy());
  // The function refuses a token whose session Auth no longer has: record this one's, as Auth
  // does at sign-in.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  await sql`insert into auth.sessions (id, user_id) values (${sessionId}, ${userId})`;
  await sql.end({ timeout: 1 });
  const standIn = realDeepgramKey ? null : await startDeepgramStandIn({ apiKey: STAND_IN_KEY });
  if (standIn) started.push(() => standIn.stop());
  const tokenFunction = await startTokenFunction(
    {
      SUPABASE_JWKS: jwks,
      SUPABASE_AUTH_ISSUERS: DEV_ISSUER,
      SUPABASE_DB_URL: database.url,
      ...(standIn
        ? { DEEPGRAM_API_KEY: STAND_IN_KEY, DEEPGRAM_API_URL: standIn.url }
        : { DEEPGRAM_API_KEY: /** @type {string} */ (realDeepgramKey) }),
    },
    { port },
  );
  started.push(() => tokenFunction.stop());
  return { url: tokenFunction.url, database: database.url, deepgram: standIn?.url ?? null };
})();

/** @type {Promise<never> | null} */
let stopping = null;
/**
 * Stops every part started, after the start in progress (if any) has settled, then exits.
 * @param {number} code
 */
function stop(code) {
  stopping ??= (async () => {
    await starting.catch(() => null);
    for (const stopPart of started.splice(0).reverse()) await stopPart();
    process.exit(code);
  })();
  return stopping;
}
stopOnExitSignals(stop);

const running = await starting.catch((/** @type {Error} */ error) => {
  console.error(error.message);
  return stop(1);
});
console.log(`
The deepgram-token function, running locally.

  Function   ${running.url}/
  Database   ${running.database} (the usage guard: 60 tokens per user per hour)
  Deepgram   ${running.deepgram ?? 'the real one (DEEPGRAM_API_KEY is set)'}

An access token for ${values.user}, valid for an hour, its session recorded in the database as
Auth records a sign-in. Mint a Deepgram token with it:

curl -i -X POST -H "Authorization: Bearer ${token}" ${running.url}/

Stop with Ctrl+C.
`);
