// `npm run dev:token -- --user ada@example.com`: signs a Supabase-style user access token with a
// local ES256 key and prints it with the JWKS that verifies it, so anyone can call the token
// function by hand. The key is made on first use and kept in .local/ (never committed).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keyFile = join(root, '.local', 'dev-signing-key.json');

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

/** The local signing key pair, made once and reused so the printed JWKS stays the same. */
async function loadKey() {
  if (!existsSync(keyFile)) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${randomUUID().slice(0, 8)}`;
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(
      keyFile,
      JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }),
      {
        mode: 0o600,
      },
    );
  }
  const jwk = JSON.parse(readFileSync(keyFile, 'utf8'));
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: await importJWK(jwk, 'ES256'),
    kid: jwk.kid,
    publicJwk: { ...publicJwk, use: 'sig' },
  };
}

/**
 * A stable user id per email, as Auth would keep one user per address.
 * @param {string} email
 */
function userIdFor(email) {
  const hex = createHash('sha256').update(email).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const { privateKey, kid, publicJwk } = await loadKey();
const now = Math.floor(Date.now() / 1000);
const ttl = Number(values['ttl-seconds']);
const email = values.user;
const token = await new SignJWT({
  email: values.anonymous ? '' : email,
  role: 'authenticated',
  aal: 'aal1',
  amr: [{ method: values.anonymous ? 'anonymous' : 'password', timestamp: now }],
  session_id: randomUUID(),
  is_anonymous: values.anonymous,
})
  .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
  .setIssuer('http://127.0.0.1:54321/auth/v1')
  .setSubject(userIdFor(email))
  .setAudience('authenticated')
  .setIssuedAt(now)
  .setExpirationTime(now + ttl)
  .sign(privateKey);
const jwks = JSON.stringify({ keys: [publicJwk] });

if (values.json) {
  console.log(JSON.stringify({ token, jwks: JSON.parse(jwks) }));
} else {
  console.log(`Access token for ${email}${values.anonymous ? ' (anonymous)' : ''}, valid ${ttl} s:

${token}

Run the function with this key set (from supabase/functions/deepgram-token):
  SUPABASE_JWKS='${jwks}' \\
  DEEPGRAM_API_KEY=<key> deno serve --host 127.0.0.1 --port 8788 --allow-net --allow-env --allow-read index.ts

Then mint:
  curl -i -X POST -H "Authorization: Bearer ${token}" http://127.0.0.1:8788/`);
}
