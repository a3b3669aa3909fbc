// Where the browser for screenshots and end-to-end tests lives, and how to start it.
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * The Chromium to drive: $CHROMIUM_PATH if set, else Debian's. Branded Google Chrome will not do:
 * it ignores --load-extension since version 137.
 * @returns {string | null}
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}

/**
 * Flags for a quiet headless Chromium on a machine with no network: without the background
 * networking switches it keeps dialling Google's hosts and logging refusals.
 */
export const QUIET_CHROMIUM_ARGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
];

/**
 * Starts Chromium on a fresh profile with the built extension loaded, and waits for its service
 * worker. Playwright's headless default `--mute-audio` is removed: muted tab audio reaches a
 * capture as exact zeros.
 * @param {string} extensionDir the unpacked extension, e.g. `.output/chrome-mv3`
 * @param {{ userDataDir: string, colorScheme?: 'light' | 'dark', headless?: boolean, args?: string[],
 *           alsoLoad?: string[] }} options `alsoLoad`: more unpacked extensions to load beside it
 *   (a benchmark's peer), so both run in the same browser under the same conditions
 */
export async function launchWithExtension(extensionDir, options) {
  const { chromium } = await import('playwright-core');
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('Chromium not found: run `npm test` once as root, or set CHROMIUM_PATH.');
  }
  const context = await chromium.launchPersistentContext(options.userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    colorScheme: options.colorScheme ?? 'light',
    ignoreDefaultArgs: ['--mute-audio'],
    args: [
      ...QUIET_CHROMIUM_ARGS,
      `--disable-extensions-except=${[extensionDir, ...(options.alsoLoad ?? [])].join(',')}`,
      `--load-extension=${[extensionDir, ...(options.alsoLoad ?? [])].join(',')}`,
      '--autoplay-policy=no-user-gesture-required',
      ...(options.args ?? []),
    ],
  });
  if (!options.alsoLoad?.length) {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    return { context, worker, extensionId: new URL(worker.url()).host };
  }
  // With several extensions loaded, the first worker up may be another's: wait for this one's.
  const extensionId = unpackedExtensionId(extensionDir);
  const ours = (/** @type {import('playwright-core').Worker} */ worker) =>
    new URL(worker.url()).host === extensionId;
  const worker =
    context.serviceWorkers().find(ours) ??
    (await context.waitForEvent('serviceworker', { predicate: ours }));
  return { context, worker, extensionId };
}

/**
 * The id Chromium gives an unpacked extension: sha256 of its folder's real path, the first 32 hex
 * digits mapped 0–f → a–p.
 * @param {string} dir
 */
export function unpackedExtensionId(dir) {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

/**
 * The first navigation of a page in a freshly launched browser. Chrome opens the options page of a
 * newly installed extension in a blank tab it finds, and that can be this page, mid-navigation
 * ("interrupted by another navigation"): then the navigation is made again.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 */
export async function gotoPastFirstInstall(page, url) {
  // Made again as often as it is interrupted (the opening can land on either try), a few times.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.goto(url);
      return;
    } catch (error) {
      if (attempt >= 5 || !/interrupted by another navigation/.test(String(error))) throw error;
    }
  }
}
