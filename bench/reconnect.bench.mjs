// A forced reconnect, in the built extension in headless Chromium against the local stack: the
// stand-in drops the live stream (no close frame, as a network failure does) while a tab speaks
// tone-words without pause, five times in one session. How long until a new connection opens
// and audio flows on it, how much of that was the backoff's own jittered wait, how much audio
// was lost, and whether any word was lost or doubled at the seams.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pressToggleShortcut } from '../e2e/toolbar.ts';
import { gotoPastFirstInstall, launchWithExtension } from '../scripts/chromium.mjs';
import { startConfiguredStack } from '../scripts/configured-build.mjs';
import { pageMessenger, recordingNow } from '../scripts/messenger.mjs';
import { FRAME_MS } from '../utils/recording/audio/pcm-format.ts';
import { median } from './load.mjs';
import { size } from './mode.mjs';

const USER = { email: 'bench@example.com', password: 'bench password' };
const DROPS = size(5, 1);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run() {
  const stack = await startConfiguredStack({ name: 'bench', users: [USER] });
  const profile = await mkdtemp(join(tmpdir(), 'tabscribe-bench-reconnect-'));
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  try {
    const launched = await launchWithExtension(stack.extensionDir, { userDataDir: profile });
    context = launched.context;
    const options = await context.newPage();
    await gotoPastFirstInstall(options, `chrome-extension://${launched.extensionId}/options.html`);
    const send = pageMessenger(options);
    await send('account.sign-in-password', USER);
    /** @returns {Promise<any[]>} */
    const records = async () => (await fetch(`${stack.deepgramUrl}/__stand-in/listen`)).json();

    // Two words in turn, without a gap: a lost word shows as the same word twice in a row in
    // the transcript, a doubled one too.
    const page = await context.newPage();
    await page.goto(
      `${stack.deepgramUrl}/__stand-in/tones?words=alpha,bravo&tone=300&gap=0&loop=1`,
    );
    await page.bringToFront();
    const before = (await records()).length;
    await pressToggleShortcut(context, page);
    while ((await recordingNow(send)).state.phase !== 'live') await sleep(25);
    await sleep(3_000);

    /** @type {{ opened: number, resumed: number, backoff: number }[]} */
    const drops = [];
    for (let drop = 0; drop < DROPS; drop += 1) {
      const count = (await records()).length;
      const droppedAt = Date.now();
      await fetch(`${stack.deepgramUrl}/__stand-in/listen/drop`, { method: 'POST' });
      let record;
      while (!record?.firstAudioAt) {
        record = (await records())[count];
        if (!record?.firstAudioAt) await sleep(5);
      }
      const { stream } = await send('recording.diagnostics');
      if (!stream) throw new Error('no stream while recording');
      drops.push({
        opened: record.openedAt - droppedAt,
        resumed: record.firstAudioAt - droppedAt,
        backoff: stream.lastOutageBackoffMs,
      });
      await sleep(2_000);
    }
    await sleep(1_500);
    const { stream } = await send('recording.diagnostics');
    if (!stream) throw new Error('no stream while recording');
    const { transcript } = await recordingNow(send);
    const words = transcript.segments.map((/** @type {{ text: string }} */ s) => s.text);
    const seams = words.filter(
      (/** @type {string} */ word, /** @type {number} */ i) => i > 0 && word === words[i - 1],
    ).length;
    await pressToggleShortcut(context, page);
    const connections = (await records()).length - before;

    const ms = (/** @type {number} */ value) => Math.round(value);
    const row = (
      /** @type {string} */ measure,
      /** @type {number[]} */ values,
      /** @type {string} */ target,
    ) => ({ measure, 'median ms': ms(median(values)), 'max ms': ms(Math.max(...values)), target });
    return [
      {
        title: `${DROPS} forced drops in one session (${connections} connections), a tab speaking without pause`,
        rows: [
          row(
            'drop → new connection open',
            drops.map((d) => d.opened),
            '',
          ),
          row(
            'drop → audio flowing again',
            drops.map((d) => d.resumed),
            '',
          ),
          row(
            'of which the backoff’s jittered wait',
            drops.map((d) => d.backoff),
            '',
          ),
          row(
            'drop → audio flowing, less the backoff',
            drops.map((d) => d.resumed - d.backoff),
            '≤ 1,000 ms',
          ),
          {
            measure: `audio lost (frames dropped × ${FRAME_MS} ms), all drops`,
            'median ms': stream.framesDropped * FRAME_MS,
            'max ms': stream.framesDropped * FRAME_MS,
            target: '0 ms',
          },
          {
            measure: `words lost or doubled at the seams (of ${words.length} words)`,
            'median ms': seams,
            'max ms': seams,
            target: '0',
          },
          {
            measure: 'audio sent again after a drop (frames × 40 ms), all drops',
            'median ms': stream.framesResent * FRAME_MS,
            'max ms': stream.framesResent * FRAME_MS,
            target: '',
          },
        ],
      },
    ];
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    await stack.stop();
  }
}
