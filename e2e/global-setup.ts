import type { TestProject } from 'vitest/node';
import { buildForTests, startConfiguredStack } from '../scripts/configured-build.mjs';
import { ADA, GRACE } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    supabaseUrl: string;
    deepgramUrl: string;
  }
}

/**
 * Builds the release as `npm run zip` does, but configured for no Supabase project whatever the
 * developer's .env says (.output/chrome-mv3 and its zip: EXTENSION_DIR); then starts the local
 * stack and builds the extension configured for it (.output/e2e: CONFIGURED_EXTENSION_DIR).
 */
export default async function setup(project: TestProject) {
  buildForTests('zip', {});
  const stack = await startConfiguredStack({ name: 'e2e', users: [ADA, GRACE] });
  project.provide('supabaseUrl', stack.supabaseUrl);
  project.provide('deepgramUrl', stack.deepgramUrl);
  return () => stack.stop();
}
