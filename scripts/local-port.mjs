// The port `npm start` serves the local Supabase on: 54321 (Supabase's own local port) unless
// TABSCRIBE_PORT says otherwise. A dev build has the URL built in, so it stays fixed across runs.
import { createServer } from 'node:net';

export const DEFAULT_SUPABASE_PORT = 54321;

/**
 * @param {string | undefined} value TABSCRIBE_PORT
 * @returns {{ port: number } | { error: string }}
 */
export function readSupabasePort(value) {
  if (value === undefined || value.trim() === '') return { port: DEFAULT_SUPABASE_PORT };
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    return { error: `TABSCRIBE_PORT must be a port number from 1024 to 65535, not "${value}".` };
  }
  return { port };
}

/**
 * What to tell someone whose port is taken.
 * @param {number} port
 */
export function portTakenMessage(port) {
  const other = port === DEFAULT_SUPABASE_PORT ? port + 10 : DEFAULT_SUPABASE_PORT;
  return `Port ${port} is already in use (another \`npm start\`, or a Supabase CLI stack?), so the local Supabase cannot listen on it. Nothing was started.
Stop what holds it (\`ss -ltnp 'sport = :${port}'\` names it), or choose another port:
  TABSCRIBE_PORT=${other} npm start`;
}

/**
 * Whether nothing listens on 127.0.0.1:`port` right now.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function isPortFree(port) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (/** @type {NodeJS.ErrnoException} */ error) =>
      error.code === 'EADDRINUSE' ? resolve(false) : reject(error),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on right now (the system picks it).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
