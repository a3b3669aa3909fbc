// First-run set-up behind `npm start`, `npm test`, `npm run function` and `npm run bench` (their
// `pre` scripts), so that on a fresh clone those commands are the whole set-up. It runs on
// whatever Node the machine has (20 on a fresh Debian), so it uses nothing but Node's own modules.
//
//   node scripts/ensure-deps.mjs           install npm dependencies if missing or out of date, and
//                                          make sure PostgreSQL (the local database) is installed
//   node scripts/ensure-deps.mjs --e2e     ...and a Chromium for the browser tests
//   node scripts/ensure-deps.mjs --record  (postinstall) note that the installed tree matches the lock
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium.mjs';
import { findPostgresBin } from './postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = join(root, 'node_modules', '.tabscribe-lock-hash');
const args = new Set(process.argv.slice(2));

function lockHash() {
  return createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
}

/**
 * @param {string} command
 * @param {string[]} commandArgs
 */
function run(command, commandArgs) {
  console.log(`> ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `\n${command} ${commandArgs.join(' ')} failed (exit ${result.status ?? result.signal}).`,
    );
    process.exit(1);
  }
}

function ensureNodeModules() {
  const installed = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === lockHash();
  if (installed) return;
  console.log(
    'Installing dependencies (package-lock.json is newer than node_modules)…\n' +
      'npm may warn EBADENGINE: it runs on the machine’s Node, the project then runs on its own.',
  );
  // `npm ci` also installs the project's own Node (the `node` devDependency) that every later
  // script runs on, whatever Node the machine has.
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

let aptUpdated = false;

/**
 * Installs Debian packages when this is a Debian machine and we are root; else explains.
 * @param {string} what what they are for
 * @param {string[]} packages
 * @param {string} otherwise how to install them by hand
 */
function aptInstall(what, packages, otherwise) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(
      `${what} needs ${packages[0]} and none was found.\n` +
        `  Debian/Ubuntu: sudo apt-get install ${packages.join(' ')}\n  ${otherwise}`,
    );
    process.exit(1);
  }
  console.log(`Installing ${packages.join(', ')} (${what})…`);
  if (!aptUpdated) run('apt-get', ['update', '-qq']);
  aptUpdated = true;
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

function ensureChromium() {
  if (findChromium()) return;
  aptInstall(
    'The browser tests',
    ['chromium', 'fonts-liberation'],
    'Elsewhere: install Chromium (not branded Chrome, which ignores --load-extension)\n' +
      '  and set CHROMIUM_PATH to its executable.',
  );
}

function ensurePostgres() {
  if (findPostgresBin()) return;
  // Debian's package also starts a cluster of its own on port 5432; ours run beside it, each
  // in a temporary folder on a free port.
  aptInstall(
    'The local database (the token service’s usage guard)',
    ['postgresql'],
    'Elsewhere: install PostgreSQL 15 or later and set POSTGRES_BIN_DIR to the folder\n' +
      '  holding its initdb and postgres.',
  );
}

if (args.has('--record')) {
  writeFileSync(stampFile, lockHash());
} else {
  ensureNodeModules();
  ensurePostgres();
  if (args.has('--e2e')) ensureChromium();
}
