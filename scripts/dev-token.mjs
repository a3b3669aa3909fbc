// `npm run dev:token -- --user ada@example.com`: prints a user access token that the function run
// by `npm run function` accepts (the same local key signs both), and the JWKS that verifies it.
import { parseArgs } from 'node:util';
import { signDevToken } from './dev-signing-key.mjs';

const { values } = parseArgs({
  options: {
    user: { type: 'string', default: 'dev@tabscribe.local' },
    anonymous: { type: 'boolean', default: false },
    'ttl-seconds': { type: 'string', default: '3600' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run dev:token -- [--user EMAIL] [--anonymous] [--ttl-seconds N] [--json]
Prints a user access token and the JWKS (for SUPABASE_JWKS) that verifies it.`);
  process.exit(0);
}

const ttlSeconds = Number(values['ttl-seconds']);
const { token, jwks } = await signDevToken({
  email: values.user,
  anonymous: values.anonymous,
  ttlSeconds,
});
if (values.json) {
  console.log(JSON.stringify({ token, jwks: JSON.parse(jwks) }));
} else {
  console.log(`Access token for ${values.user}${values.anonymous ? ' (anonymous)' : ''}, valid ${ttlSeconds} s:

${token}

Its key set (SUPABASE_JWKS): ${jwks}

\`npm run function\` runs the function with this key set; then mint:
  curl -i -X POST -H "Authorization: Bearer ${token}" http://127.0.0.1:8788/`);
}
