// Builds the extension configured for a local stack, as a developer's test build would be: the
// same `wxt build` as a release, with the Supabase URL and publishable key of the local servers.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startLocalStack } from './processes.mjs';

/**
 * @param {{ outDir: string, supabaseUrl: string, publishableKey: string, deepgramUrl?: string }} options
 *   `deepgramUrl`: the Deepgram stand-in's http URL; its live-listen WebSocket is built in
 * @returns {string} the unpacked extension's folder, to load into Chromium
 */
export function buildConfiguredExtension({ outDir, supabaseUrl, publishableKey, deepgramUrl }) {
  execFileSync(join(ROOT, 'node_modules/.bin/wxt'), ['build'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      TABSCRIBE_OUT_DIR: outDir,
      WXT_SUPABASE_URL: supabaseUrl,
      WXT_SUPABASE_PUBLISHABLE_KEY: publishableKey,
      // Test builds only: the history page hands its transcript store to benchmarks.
      WXT_EXPOSE_TRANSCRIPT_STORE: '1',
      ...(deepgramUrl
        ? { WXT_DEEPGRAM_LISTEN_URL: `${deepgramUrl.replace(/^http/, 'ws')}/v1/listen` }
        : {}),
    },
  });
  return join(outDir, 'chrome-mv3');
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
