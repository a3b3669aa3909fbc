// Runs the local Supabase (Auth + functions gateway) as its own process:
//   node tests/stand-ins/supabase/main.ts [--port N] [--function name=url]…
// Environment: SUPABASE_PUBLISHABLE_KEY (the key it accepts), TABSCRIBE_AUTH_USERS (JSON
// [{email, password}], default one dev user), SUPABASE_DB_URL (the project's database, where
// Auth keeps `auth.sessions`; optional). Prints one JSON line, {"url": ...}, once it listens.
import { parseArgs } from 'node:util';
import { startLocalSupabase } from './server.ts';

export const DEV_USER = { email: 'dev@tabscribe.local', password: 'tabscribe-dev' };

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    function: { type: 'string', multiple: true, default: [] },
  },
});
const publishableKey = process.env.SUPABASE_PUBLISHABLE_KEY;
if (!publishableKey) {
  console.error('Set SUPABASE_PUBLISHABLE_KEY.');
  process.exit(2);
}
const users = process.env.TABSCRIBE_AUTH_USERS
  ? JSON.parse(process.env.TABSCRIBE_AUTH_USERS)
  : [DEV_USER];
const functions = Object.fromEntries(
  values.function.map((pair) => pair.split(/=(.*)/s).slice(0, 2)),
);
const supabase = await startLocalSupabase({
  publishableKey,
  users,
  functions,
  port: Number(values.port),
  ...(process.env.SUPABASE_DB_URL ? { databaseUrl: process.env.SUPABASE_DB_URL } : {}),
});
console.log(JSON.stringify({ url: supabase.url }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void supabase.close().then(() => process.exit(0)));
}
