// Builds the extension for tests, benchmarks and screenshots: the same `wxt build` as a release,
// configured by what is passed here and nothing else. The developer's .env files (which point
// their own builds at their own Supabase project) are ignored: see wxt.config.ts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startLocalStack } from './processes.mjs';

/**
 * @typedef {object} TestBuildConfig
 * @property {string} [supabaseUrl] with `publishableKey`; neither for a build that cannot sign in
 * @property {string} [publishableKey]
 * @property {string} [deepgramUrl] the Deepgram stand-in's http URL; its live-listen WebSocket is
 *   built in (else Deepgram's own)
 * @property {boolean} [testHooks] the history page hands its transcript store to benchmarks
 *   and screenshots (test builds only; wxt.config.ts refuses the flag in any other build)
 */

/**
 * Runs `wxt build` or `wxt zip` with every build variable given explicitly.
 * @param {'build' | 'zip'} command
 * @param {TestBuildConfig & { outDir?: string }} config `outDir` instead of `.output`
 */
export function buildForTests(command, config) {
  execFileSync(join(ROOT, 'node_modules/.bin/wxt'), [command], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      // A release build's mode, even when a test runner (NODE_ENV=test) asks for the build.
      NODE_ENV: 'production',
      TABSCRIBE_ENV_FILES: 'ignore',
      ...(config.outDir ? { TABSCRIBE_OUT_DIR: config.outDir } : {}),
      WXT_SUPABASE_URL: config.supabaseUrl ?? '',
      WXT_SUPABASE_PUBLISHABLE_KEY: config.publishableKey ?? '',
      WXT_DEEPGRAM_LISTEN_URL: config.deepgramUrl
        ? `${config.deepgramUrl.replace(/^http/, 'ws')}/v1/listen`
        : '',
      WXT_TABSCRIBE_TEST_HOOKS: config.testHooks ? '1' : '',
    },
  });
}

/**
 * @param {{ outDir: string, supabaseUrl: string, publishableKey: string, deepgramUrl?: string }} options
 * @returns {string} the unpacked extension's folder, to load into Chromium
 */
export function buildConfiguredExtension(options) {
  buildForTests('build', { ...options, testHooks: true });
  return join(options.outDir, 'chrome-mv3');
}

/**
 * The local stack and the extension built against it: what the end-to-end tests, the benchmarks
 * and the screenshots run. The build goes to `.output/<name>`.
 * @param {{ name: string, users: { email: string, password: string }[] }} options
 */
export async function startConfiguredStack({ name, users }) {
  const publishableKey = `sb_publishable_${name}`;
  const stack = await startLocalStack({
    publishableKey,
    deepgramApiKey: `dg-${name}-master-key`,
    users,
  });
  try {
    const extensionDir = buildConfiguredExtension({
      outDir: join(ROOT, '.output', name),
      supabaseUrl: stack.supabaseUrl,
      publishableKey,
      deepgramUrl: stack.deepgramUrl,
    });
    return { ...stack, extensionDir };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
