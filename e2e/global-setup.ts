import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildConfiguredExtension } from '../scripts/configured-build.mjs';
import { startLocalStack } from '../scripts/processes.mjs';
import { ADA, CONFIGURED_OUT_DIR, EXTENSION_DIR, PUBLISHABLE_KEY } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    supabaseUrl: string;
    deepgramUrl: string;
  }
}

/**
 * Starts the local stack, then builds the extension configured for it (into .output/e2e), as a
 * developer's test build would be. The release build (.output/chrome-mv3) must exist already.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(`${EXTENSION_DIR}/manifest.json`)) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  const stack = await startLocalStack({
    publishableKey: PUBLISHABLE_KEY,
    deepgramApiKey: 'dg-e2e-master-key',
    users: [ADA],
  });
  buildConfiguredExtension({
    outDir: CONFIGURED_OUT_DIR,
    supabaseUrl: stack.supabaseUrl,
    publishableKey: PUBLISHABLE_KEY,
    deepgramUrl: stack.deepgramUrl,
  });
  project.provide('supabaseUrl', stack.supabaseUrl);
  project.provide('deepgramUrl', stack.deepgramUrl);
  return () => stack.stop();
}
