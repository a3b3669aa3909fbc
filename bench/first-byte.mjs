// Shortcut → the first audio frame at the Deepgram stand-in, in the cases a user meets: the first
// Start of a browser (it creates the offscreen document), a warm Start (everything cached), a
// Start that wakes a stopped service worker, and one whose token must be minted (after signing
// in again). The last three alternate, round after round, so none gets the quiet minutes; they
// run last in their benchmark, as Playwright loses its handle on a service worker once stopped.
import { pressToggleShortcut } from '../e2e/toolbar.ts';
import { median } from './load.mjs';

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops the extension's service worker as Chrome does when it idles, and waits until it is seen
 * stopped (`ServiceWorker.stopAllWorkers` works from an extension page's CDP session only; a page
 * opened for it, as e2e/service-worker.ts does).
 * @param {BrowserContext} context
 * @param {string} extensionOrigin
 */
async function stopServiceWorker(context, extensionOrigin) {
  const page = await context.newPage();
  await page.goto(`${extensionOrigin}/options.html`);
  await page.waitForLoadState('networkidle');
  const cdp = await context.newCDPSession(page);
  const origin = extensionOrigin;
  /** @type {string[]} */
  const seen = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.scriptURL.startsWith(origin)) seen.push(version.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; i < 200 && seen.at(-1) !== 'running'; i += 1) await sleep(10);
  const before = seen.length;
  await cdp.send('ServiceWorker.stopAllWorkers');
  for (let i = 0; i < 500 && !seen.slice(before).includes('stopped'); i += 1) await sleep(10);
  await cdp.detach();
  await page.close();
  if (!seen.slice(before).includes('stopped')) throw new Error('the service worker did not stop');
}

/**
 * @typedef {object} FirstByte one Start, on the wall clock from the key press
 * @property {number} total ms to the first audio frame at the stand-in
 * @property {number} toOpen ms to the stand-in accepting the WebSocket
 */

/**
 * One Start and Stop with the shortcut; resolves to the time from the key to the first frame,
 * and to the socket opening: what is left after it is the audio graph and the frame's fill.
 * @returns {Promise<FirstByte>}
 * @param {{
 *   context: BrowserContext,
 *   page: Page,
 *   records: () => Promise<any[]>,
 *   waitForPhase: (phase: string) => Promise<void>,
 * }} options
 */
export async function firstByteOnce({ context, page, records, waitForPhase }) {
  const before = (await records()).length;
  const pressedAt = Date.now();
  await pressToggleShortcut(context, page);
  let record;
  for (let i = 0; i < 1000 && !record?.firstAudioAt; i += 1) {
    record = (await records())[before];
    if (!record?.firstAudioAt) await sleep(5);
  }
  if (!record?.firstAudioAt) throw new Error('no audio reached the stand-in');
  await waitForPhase('live');
  await pressToggleShortcut(context, page);
  await waitForPhase('ended');
  return { total: record.firstAudioAt - pressedAt, toOpen: record.openedAt - pressedAt };
}

/**
 * @param {{
 *   context: BrowserContext,
 *   page: Page,
 *   extensionPage: Page,
 *   send: ReturnType<typeof import('../scripts/messenger.mjs').pageMessenger>,
 *   user: { email: string, password: string },
 *   records: () => Promise<any[]>,
 *   waitForPhase: (phase: string) => Promise<void>,
 *   rounds: number,
 *   firstOfBrowser: FirstByte,
 * }} options
 */
export async function measureFirstByte(options) {
  const { context, extensionPage, send, user } = options;
  const once = () => firstByteOnce(options);

  const cases = [
    { name: 'warm: offscreen document, worker and token ready', prepare: async () => {} },
    {
      name: 'a stopped service worker (woken by the shortcut)',
      prepare: () =>
        stopServiceWorker(context, `chrome-extension://${new URL(extensionPage.url()).host}`),
    },
    {
      name: 'a token to mint (signed in again: none cached)',
      prepare: async () => {
        await send('account.sign-out');
        await send('account.sign-in-password', user);
      },
    },
  ];
  /** @type {FirstByte[][]} */
  const runs = cases.map(() => []);
  for (let round = 0; round < options.rounds; round += 1) {
    for (const [index, { prepare }] of cases.entries()) {
      await prepare();
      runs[index]?.push(await once());
    }
  }
  const row = (/** @type {string} */ name, /** @type {FirstByte[]} */ starts) => {
    const values = starts.map(({ total }) => total);
    return {
      case: name,
      runs: values.length,
      'median ms': Number(median(values).toFixed(1)),
      'range ms': `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`,
      'key → socket open, median': Number(median(starts.map(({ toOpen }) => toOpen)).toFixed(1)),
      'socket open → first frame, median': Number(
        median(starts.map(({ total, toOpen }) => total - toOpen)).toFixed(1),
      ),
      'warm target ≤ 60 ms': name.startsWith('warm')
        ? median(values) <= 60
          ? 'met'
          : 'not met'
        : '',
    };
  };
  return {
    title: 'shortcut → first audio frame at the stand-in (issue 20: warm median ≤ 60 ms)',
    rows: [
      row('first Start of the browser (creates the offscreen document)', [options.firstOfBrowser]),
      ...cases.map(({ name }, index) => row(name, runs[index] ?? [])),
    ],
  };
}
