// Live transcription in the built extension, in headless Chromium against the local stack: how
// soon audio leaves after the shortcut, how soon a tone's bytes reach the stand-in and the word
// shows in each live view (popup, side panel, captions) after it is played (bench/onset.mjs),
// what is sent for speech versus a half-silent tab, and what capturing costs in CPU next to the
// simplest peer capture (bench/capture-cpu.mjs, bench/peer-extension.mjs).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pressToggleShortcut } from '../e2e/toolbar.ts';
import {
  gotoPastFirstInstall,
  launchWithExtension,
  unpackedExtensionId,
} from '../scripts/chromium.mjs';
import { startConfiguredStack } from '../scripts/configured-build.mjs';
import { pageMessenger, recordingNow } from '../scripts/messenger.mjs';
import { measureCaptureCpu } from './capture-cpu.mjs';
import { extensionControl, tabscribeControl } from './extension-control.mjs';
import { firstByteOnce, measureFirstByte } from './first-byte.mjs';
import { size } from './mode.mjs';
import { measureOnsets } from './onset.mjs';
import { PEER_SHORTCUT_LETTER, startSink, writePeerExtension } from './peer-extension.mjs';

const USER = { email: 'bench@example.com', password: 'bench password' };
const SHORTCUT_ROUNDS = size(5, 1);
const BYTES_SECONDS = size(6, 1);
const CPU_ROUNDS = size(5, 2);
const CPU_WINDOW_SECONDS = size(6, 2);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run() {
  const stack = await startConfiguredStack({ name: 'bench', users: [USER] });
  const profile = await mkdtemp(join(tmpdir(), 'tabscribe-bench-capture-'));
  const peerDir = await mkdtemp(join(tmpdir(), 'tabscribe-bench-peer-'));
  const sink = await startSink();
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  try {
    await writePeerExtension(peerDir, sink.url);
    // Both in one browser, so that Tabscribe and the peer are measured under the same conditions.
    const launched = await launchWithExtension(stack.extensionDir, {
      userDataDir: profile,
      alsoLoad: [peerDir],
    });
    context = launched.context;
    const browserContext = context;
    const { extensionId } = launched;
    const options = await context.newPage();
    await gotoPastFirstInstall(options, `chrome-extension://${extensionId}/options.html`);
    const send = pageMessenger(options);
    await send('account.sign-in-password', USER);
    await send('token.warm');

    /** @returns {Promise<any[]>} */
    const records = async () => (await fetch(`${stack.deepgramUrl}/__stand-in/listen`)).json();
    const waitForPhase = async (/** @type {string} */ phase) => {
      for (let i = 0; i < 200 && (await recordingNow(send)).state.phase !== phase; i += 1) {
        await sleep(25);
      }
    };
    let pageCount = 0;
    const tonePage = async (/** @type {Record<string, string>} */ query) => {
      pageCount += 1;
      const page = await browserContext.newPage();
      const search = new URLSearchParams({ ...query, page: String(pageCount) });
      await page.goto(`${stack.deepgramUrl}/__stand-in/tones?${search}`);
      await page.bringToFront();
      return page;
    };

    // 1. Shortcut → first audio frame at the stand-in: the browser's first Start here, the other
    // cases at the end (bench/first-byte.mjs).
    const speech = await tonePage({
      words: 'alpha,bravo,charlie,delta,echo,foxtrot,golf,hotel',
      tone: '500',
      gap: '0',
      loop: '1',
    });
    const firstOfBrowser = await firstByteOnce({
      context: browserContext,
      page: speech,
      records,
      waitForPhase,
    });

    // 2. Tone onset → the bytes at the stand-in → the word drawn in each live view (bench/onset.mjs).
    const onsets = await measureOnsets({
      context: browserContext,
      extensionId,
      options,
      deepgramUrl: stack.deepgramUrl,
      records,
      waitForPhase,
    });

    // 3. Bytes per second: continuous speech, and a tab that is digitally silent half the time.
    /** @param {import('playwright-core').Page} page */
    const bytesPerSecond = async (page) => {
      // The shortcut acts on the active tab.
      await page.bringToFront();
      const before = (await records()).length;
      await pressToggleShortcut(browserContext, page);
      await waitForPhase('live');
      await sleep(BYTES_SECONDS * 1000);
      await pressToggleShortcut(browserContext, page);
      await waitForPhase('ended');
      // Over the time the stand-in saw audio arrive, not the nominal time: starting and stopping
      // take a while. The first message's bytes arrived at the span's start, so they are left out.
      const { audioBytes, audioMessages, firstAudioAt, lastAudioAt } = (await records())[before];
      if (audioMessages < 2) return audioBytes / BYTES_SECONDS;
      return (
        (audioBytes * (audioMessages - 1)) / audioMessages / ((lastAudioAt - firstAudioAt) / 1000)
      );
    };
    const speechBytes = await bytesPerSecond(speech);
    // Looped: half a second of silence, a second of tone, half a second of silence, and again.
    const halfSilent = await tonePage({ words: 'alpha', tone: '1000', gap: '500', loop: '1' });
    const halfSilentBytes = await bytesPerSecond(halfSilent);

    // 4. CPU: the page playing alone, with Tabscribe, with the peer; started by their shortcuts
    // and read from their badges only (bench/extension-control.mjs).
    const cpuTables = await measureCaptureCpu({
      profile,
      page: speech,
      tabscribe: tabscribeControl(browserContext, extensionId),
      peer: extensionControl(browserContext, unpackedExtensionId(peerDir), PEER_SHORTCUT_LETTER),
      peerBytes: sink.bytesReceived,
      rounds: CPU_ROUNDS,
      seconds: CPU_WINDOW_SECONDS,
    });

    // 5. The other first-byte cases: last, since one stops the service worker.
    const firstByte = await measureFirstByte({
      context: browserContext,
      page: speech,
      extensionPage: options,
      send,
      user: USER,
      records,
      waitForPhase,
      rounds: SHORTCUT_ROUNDS,
      firstOfBrowser,
    });

    return [
      firstByte,
      onsets,
      {
        title: `audio sent, ${BYTES_SECONDS} s each (the start of each pause is still sent: Deepgram hears an utterance end)`,
        rows: [
          { tab: 'continuous speech', 'bytes/s': Math.round(speechBytes), 'ratio to speech': 1 },
          {
            tab: '50 % digital silence',
            'bytes/s': Math.round(halfSilentBytes),
            'ratio to speech': Number((halfSilentBytes / speechBytes).toFixed(2)),
          },
        ],
      },
      ...cpuTables,
    ];
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    await rm(peerDir, { recursive: true, force: true });
    await sink.close();
    await stack.stop();
  }
}
