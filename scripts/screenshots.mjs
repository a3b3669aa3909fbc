// Writes docs/screenshots/{popup,options}-{light,dark}.png from the built extension
// (`npm run screenshots` builds it first). Fails when a page logs an error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension } from './chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const extensionDir = join(root, '.output/chrome-mv3');
const pages = [
  { name: 'popup', path: 'popup.html', viewport: { width: 400, height: 600 }, target: '#app > *' },
  { name: 'options', path: 'options.html', viewport: { width: 960, height: 820 }, target: null },
];

/** @type {string[]} */
const errors = [];
for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'tabscribe-shots-'));
  const { context, extensionId } = await launchWithExtension(extensionDir, {
    userDataDir,
    colorScheme,
  });
  try {
    for (const { name, path, viewport, target } of pages) {
      const page = await context.newPage();
      page.on(
        'console',
        (message) => message.type() === 'error' && errors.push(`${path}: ${message.text()}`),
      );
      page.on('pageerror', (error) => errors.push(`${path}: ${error.message}`));
      await page.setViewportSize(viewport);
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.locator('kbd').first().waitFor();
      const file = join(root, 'docs/screenshots', `${name}-${colorScheme}.png`);
      await (target
        ? page.locator(target).screenshot({ path: file })
        : page.screenshot({ path: file, fullPage: true }));
      console.log(file.slice(root.length + 1));
      await page.close();
    }
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
if (errors.length > 0) {
  console.error(`Pages logged errors:\n${errors.join('\n')}`);
  process.exit(1);
}
