import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startConfiguredStack } from '../scripts/configured-build.mjs';
import { ADA, EXTENSION_DIR, GRACE } from './harness';

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
  // Built into .output/e2e: CONFIGURED_EXTENSION_DIR.
  const stack = await startConfiguredStack({ name: 'e2e', users: [ADA, GRACE] });
  project.provide('supabaseUrl', stack.supabaseUrl);
  project.provide('deepgramUrl', stack.deepgramUrl);
  return () => stack.stop();
}
