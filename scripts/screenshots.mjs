// `npm run screenshots`: writes docs/screenshots/{popup,options}-{signed-out,signed-in}-{light,dark}.png
// from the extension built against the local stack, as a user would see it. Fails when a page
// logs an error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from './chromium.mjs';
import { buildConfiguredExtension } from './configured-build.mjs';
import { ROOT, startLocalStack } from './processes.mjs';

const PUBLISHABLE_KEY = 'sb_publishable_screenshots';
const USER = { email: 'ada@example.com', password: 'correct horse battery' };
const pages = [
  { name: 'popup', path: 'popup.html', viewport: { width: 400, height: 600 }, target: '#app > *' },
  { name: 'options', path: 'options.html', viewport: { width: 960, height: 820 }, target: null },
];

const stack = await startLocalStack({
  publishableKey: PUBLISHABLE_KEY,
  deepgramApiKey: 'dg-screenshots-master-key',
  users: [USER],
});
/** @type {string[]} */
const errors = [];
try {
  const extensionDir = buildConfiguredExtension({
    outDir: join(ROOT, '.output', 'screenshots'),
    supabaseUrl: stack.supabaseUrl,
    publishableKey: PUBLISHABLE_KEY,
    deepgramUrl: stack.deepgramUrl,
  });
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    const userDataDir = await mkdtemp(join(tmpdir(), 'tabscribe-shots-'));
    const { context, extensionId } = await launchWithExtension(extensionDir, {
      userDataDir,
      colorScheme,
    });
    /** @param {'signed-out' | 'signed-in'} state @param {string} readyText */
    const shoot = async (state, readyText) => {
      for (const { name, path, viewport, target } of pages) {
        const page = await context.newPage();
        page.on(
          'console',
          (message) => message.type() === 'error' && errors.push(`${path}: ${message.text()}`),
        );
        page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
        await page.setViewportSize(viewport);
        await page.goto(`chrome-extension://${extensionId}/${path}`);
        await page.getByText(readyText).first().waitFor();
        await page.locator('kbd').first().waitFor();
        const file = join(ROOT, 'docs/screenshots', `${name}-${state}-${colorScheme}.png`);
        await (target
          ? page.locator(target).screenshot({ path: file })
          : page.screenshot({ path: file, fullPage: true }));
        console.log(file.slice(ROOT.length + 1));
        await page.close();
      }
    };
    try {
      await shoot('signed-out', 'Sign in');
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await options.getByRole('textbox', { name: 'Email', exact: true }).fill(USER.email);
      await options.getByLabel('Password', { exact: true }).fill(USER.password);
      await options.getByRole('button', { name: 'Sign in' }).click();
      await options.getByRole('button', { name: 'Sign out' }).waitFor();
      await options.close();
      await shoot('signed-in', 'Signed in as');
    } finally {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    }
  }
} finally {
  await stack.stop();
}
if (errors.length > 0) {
  console.error(`Pages logged errors:\n${errors.join('\n')}`);
  process.exit(1);
}
