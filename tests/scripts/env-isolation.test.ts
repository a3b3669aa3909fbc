import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT, runCommand, tempFolder } from './run-command';

// A copy of the project whose .env is filled in as the README's Configuration section says, for
// a developer's own Supabase project. The test builds must not pick it up.
const DEVELOPER_ENV = `WXT_SUPABASE_URL=https://developer-project.supabase.co
WXT_SUPABASE_PUBLISHABLE_KEY=sb_publishable_developer_project
WXT_DEEPGRAM_LISTEN_URL=wss://deepgram.developer.example/v1/listen
`;
const NOT_COPIED = new Set(['node_modules', '.output', '.wxt', '.git', '.local', '.env']);
let copy = '';

beforeAll(() => {
  copy = tempFolder();
  cpSync(ROOT, copy, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(source.slice(ROOT.length + 1).split('/')[0] ?? ''),
  });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  writeFileSync(join(copy, '.env'), DEVELOPER_ENV);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** Runs `script` as an ES module in the copy, on the project's Node. */
async function runInCopy(script: string) {
  const run = runCommand(
    join(ROOT, 'node_modules/.bin/node'),
    ['--input-type=module', '--eval', script],
    { PATH: `${join(copy, 'node_modules/.bin')}:${process.env.PATH}` },
    copy,
  );
  expect(await run.exited, run.output()).toBe(0);
}

/** The built extension's scripts, as one text. */
const scriptsOf = (folder: string) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(folder, name), 'utf8'))
    .join('\n');

it('builds for tests with their own configuration, whatever .env holds', async () => {
  // The premise: a build as a developer makes it takes the .env.
  await runInCopy(
    `import { execFileSync } from 'node:child_process';
     execFileSync('wxt', ['build'], { env: { ...process.env, TABSCRIBE_OUT_DIR: '.output/developer' } });`,
  );
  const developer = scriptsOf(join(copy, '.output/developer/chrome-mv3'));
  expect(developer.includes('https://developer-project.supabase.co'), 'took the .env').toBe(true);

  // The end-to-end tests' release build (no project) and their build for the local stack.
  await runInCopy(
    `import { buildForTests, buildConfiguredExtension } from './scripts/configured-build.mjs';
     buildForTests('zip', {});
     buildConfiguredExtension({ outDir: '.output/e2e', supabaseUrl: 'http://127.0.0.1:54999',
       publishableKey: 'sb_publishable_e2e', deepgramUrl: 'http://127.0.0.1:54998' });`,
  );
  const release = scriptsOf(join(copy, '.output/chrome-mv3'));
  expect(release.includes('developer'), 'the release build took the .env').toBe(false);
  expect(release.includes('wss://api.deepgram.com/v1/listen'), "Deepgram's own").toBe(true);
  const configured = scriptsOf(join(copy, '.output/e2e/chrome-mv3'));
  expect(configured.includes('developer'), 'the local-stack build took the .env').toBe(false);
  expect(configured.includes('http://127.0.0.1:54999'), 'the given Supabase').toBe(true);
  expect(configured.includes('ws://127.0.0.1:54998/v1/listen'), 'the given Deepgram').toBe(true);
});

it('refuses test hooks in a build other than the tests’ own, even from the environment', async () => {
  await runInCopy(
    `import { execFileSync } from 'node:child_process';
     try {
       execFileSync('wxt', ['build'], { stdio: 'pipe', env: { ...process.env,
         TABSCRIBE_OUT_DIR: '.output/hooked', WXT_TABSCRIBE_TEST_HOOKS: '1' } });
     } catch (error) {
       if (\`\${error.stdout}\${error.stderr}\`.includes('WXT_TABSCRIBE_TEST_HOOKS is for test builds')) process.exit(0);
       throw error;
     }
     throw new Error('a build with test hooks was made');`,
  );
});
