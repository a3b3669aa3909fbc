// `npm run screenshots`: writes docs/screenshots/{popup,options}-{signed-out,signed-in}-{light,dark}.png,
// popup-live-{light,dark}.png (transcribing a tone-word page) and history-{light,dark}.png, from
// the extension built against the local stack, as a user would see it. Fails when a page logs an
// error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pressToggleShortcut } from '../e2e/toolbar.ts';
import { launchWithExtension } from './chromium.mjs';
import { startConfiguredStack } from './configured-build.mjs';
import { ROOT } from './processes.mjs';

const USER = { email: 'ada@example.com', password: 'correct horse battery' };
const pages = [
  { name: 'popup', path: 'popup.html', viewport: { width: 400, height: 600 }, target: '#app > *' },
  { name: 'options', path: 'options.html', viewport: { width: 960, height: 820 }, target: null },
];

const stack = await startConfiguredStack({ name: 'screenshots', users: [USER] });
/** @type {string[]} */
const errors = [];
try {
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    const userDataDir = await mkdtemp(join(tmpdir(), 'tabscribe-shots-'));
    const { context, extensionId } = await launchWithExtension(stack.extensionDir, {
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

      // Transcribing: the shortcut on a tone-word page, then the popup for that tab.
      const speech = await context.newPage();
      await speech.goto(
        `${stack.deepgramUrl}/__stand-in/tones?words=alpha,bravo,charlie,delta,echo,foxtrot,golf,hotel&tone=350&gap=150&loop=1`,
      );
      await speech.bringToFront();
      await pressToggleShortcut(context, speech);
      const popup = await context.newPage();
      popup.on('pageerror', (error) => errors.push(`popup: ${error.message}`));
      await popup.setViewportSize({ width: 400, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/options.html`);
      const { tabId: sessionTab, sessionId } = await popup.evaluate(
        async () =>
          (
            await /** @type {any} */ (globalThis).chrome.runtime.sendMessage({
              channel: 'tabscribe',
              type: 'session.get',
              request: {},
            })
          ).value,
      );
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${sessionTab}`);
      await popup.getByText('Transcribing this tab').waitFor();
      // Long enough for a few final words and one interim.
      await popup.waitForTimeout(2_600);
      const file = join(ROOT, 'docs/screenshots', `popup-live-${colorScheme}.png`);
      await popup.locator('#app > *').screenshot({ path: file });
      console.log(file.slice(ROOT.length + 1));

      // The history page, with that session in it.
      const history = await context.newPage();
      history.on('pageerror', (error) => errors.push(`history: ${error.message}`));
      await history.setViewportSize({ width: 960, height: 640 });
      await history.goto(`chrome-extension://${extensionId}/transcripts.html#${sessionId}`);
      await history.getByRole('heading', { name: /Tone-words/ }).waitFor();
      const historyFile = join(ROOT, 'docs/screenshots', `history-${colorScheme}.png`);
      await history.screenshot({ path: historyFile });
      console.log(historyFile.slice(ROOT.length + 1));
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
