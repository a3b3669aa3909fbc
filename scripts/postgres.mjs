// A throwaway PostgreSQL server for tests, benchmarks and `npm start`: Debian's own server
// binaries, a data folder in the temp dir, loopback only, a free port, trust authentication.
// `initdb` and `postgres` refuse to run as root, so under root the server runs as the
// unprivileged `postgres` user that Debian's package creates (or `nobody`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './local-port.mjs';

/** The folder of Debian's PostgreSQL server binaries (the newest installed), or null. */
export function findPostgresBin() {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

const SETPRIV = existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : null;

/** Who the server runs as: this process, or under root an unprivileged system user. */
function serverUser() {
  if (process.getuid?.() !== 0) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && group.status === 0) {
      return { name, uid: Number(id.stdout), gid: Number(group.stdout) };
    }
  }
  throw new Error('Running as root, and neither a `postgres` nor a `nobody` user exists.');
}

/**
 * @typedef {object} LocalPostgres
 * @property {string} url a connection string for the `postgres` superuser
 * @property {number} port
 * @property {number | null} pid the server's process while it runs (setpriv execs it: the same pid);
 *   its backends are its children
 * @property {() => Promise<void>} stop stops the server (fast shutdown); its data stays
 * @property {() => Promise<void>} start starts it again on the same port, with the same data
 * @property {() => Promise<void>} destroy stops it and deletes its data
 */

/** @returns {Promise<LocalPostgres>} */
export async function startPostgres() {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed. Debian/Ubuntu: apt-get install postgresql ' +
        '(or set POSTGRES_BIN_DIR to the folder holding initdb and postgres).',
    );
  }
  const user = serverUser();
  const folder = await mkdtemp(join(tmpdir(), 'tabscribe-postgres-'));
  const dataDir = join(folder, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  if (user) {
    await chown(folder, user.uid, user.gid);
    await chown(dataDir, user.uid, user.gid);
  }
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  // The server user's HOME may not exist; nothing here needs one.
  const env = { ...process.env, HOME: folder, LC_ALL: 'C.UTF-8' };

  const init = spawnSync(
    join(bin, 'initdb'),
    [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ],
    { cwd: folder, env, encoding: 'utf8', ...asUser },
  );
  if (init.status !== 0) {
    await rm(folder, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  }

  const port = await freePort();
  /** @type {import('node:child_process').ChildProcess | null} */
  let server = null;

  const start = () =>
    new Promise((resolve, reject) => {
      // Through setpriv (util-linux), when there is one: it switches to the server user and asks
      // the kernel to stop the server (SIGINT: fast shutdown) if this process dies without
      // stopping it, so a crashed or killed test run leaves no server behind.
      const serverArgs = [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        folder,
        '-c',
        'listen_addresses=127.0.0.1',
        // A test database: durability traded for speed; nothing here outlives the run.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ];
      const child = SETPRIV
        ? spawn(
            SETPRIV,
            [
              ...(user
                ? ['--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups']
                : []),
              '--pdeathsig',
              'SIGINT',
              '--',
              join(bin, 'postgres'),
              ...serverArgs,
            ],
            { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] },
          )
        : spawn(join(bin, 'postgres'), serverArgs, {
            cwd: folder,
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
            ...asUser,
          });
      server = child;
      let output = '';
      const onData = (/** @type {Buffer} */ chunk) => {
        output += chunk.toString();
        if (output.includes('database system is ready to accept connections')) {
          child.stdout?.off('data', onData);
          child.stderr?.off('data', onData);
          // Keep draining, so the server never blocks on a full pipe.
          child.stdout?.resume();
          child.stderr?.resume();
          resolve(undefined);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`postgres exited (${code}):\n${output}`)));
    });

  const stop = () =>
    new Promise((resolve) => {
      const child = server;
      server = null;
      if (!child || child.exitCode !== null) return resolve(undefined);
      child.once('exit', () => resolve(undefined));
      child.kill('SIGINT'); // fast shutdown: open connections are closed
    });

  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    /** The server's process (its backends are its children), while it runs. */
    get pid() {
      return server?.pid ?? null;
    },
    start: () => /** @type {Promise<void>} */ (start()),
    stop: () => /** @type {Promise<void>} */ (stop()),
    async destroy() {
      await stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
