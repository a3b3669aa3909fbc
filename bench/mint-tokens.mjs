// Users' access tokens for the token function's benchmark: signed with a key the function is
// told to trust (SUPABASE_JWKS), each for its own session, as Supabase Auth issues them.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

// Tokens name this issuer, as Supabase Auth's name the project's, and the function accepts it.
export const ISSUER = 'http://127.0.0.1:54321/auth/v1';

/**
 * @param {number} count how many distinct users' tokens, each with its own session
 */
export async function userTokensAndKeys(count) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' }],
  };
  const sessions = Array.from({ length: count }, () => ({
    userId: crypto.randomUUID(),
    sessionId: crypto.randomUUID(),
  }));
  const sign = (/** @type {{ userId: string, sessionId: string }} */ session) =>
    new SignJWT({
      role: 'authenticated',
      is_anonymous: false,
      email: 'bench@example.com',
      session_id: session.sessionId,
    })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setIssuer(ISSUER)
      .setSubject(session.userId)
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('2h')
      .sign(privateKey);
  const tokens = await Promise.all(sessions.map(sign));
  return { tokens, sessions, jwks };
}
