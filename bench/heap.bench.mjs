// The offscreen document's JS heap over a long recording (issue 20, "Nothing grows"): the built
// extension records a tab that keeps speaking tone-words, which the Deepgram stand-in keeps
// answering, so the transcript grows as in a real session; every so often the document's heap is
// read after a forced collection. The baseline, in the same browser, is the same recording of a
// tab that says nothing: every part runs (stream, keep-alives, hearing watch) but no word comes,
// so what grows only with speech is the difference between the two.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gotoPastFirstInstall, launchWithExtension } from '../scripts/chromium.mjs';
import { startConfiguredStack } from '../scripts/configured-build.mjs';
import { pageMessenger } from '../scripts/messenger.mjs';
import {
  connectCdp,
  heapAfterGc,
  heapByConstructor,
  heapGrowth,
  inspectorTargets,
} from './cdp.mjs';
import { tabscribeControl } from './extension-control.mjs';
import { size } from './mode.mjs';

const USER = { email: 'heap@example.com', password: 'heap bench password' };
const SPEECH_SECONDS = size(600, 30);
// Half as long: what the silent recording can show (a steady leak per minute) shows in five.
const SILENCE_SECONDS = size(300, 15);
const SAMPLE_SECONDS = size(30, 5);
// Growth counts from here: the first minute fills what is meant to fill (JIT code, the media
// timeline's first readings, the stream's resend buffer, the SDK's connection).
const WARM_SECONDS = size(60, 10);
const TARGET_BYTES = 100 * 1024;
// What the transcript holds: one plain object per segment (the stand-in sends a final result per
// tone-word, so one segment per word), with its boxed numbers (heap snapshots, bench/cdp.mjs).
const SEGMENT = /^Object \{index,text,start,end/;
// The tab's media readings, kept for MEDIA_MEMORY_MS (2 minutes): they fill until then.
const MEDIA_READING = /^Object \{at,mediaTime,playbackRate,paused/;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const kb = (/** @type {number} */ bytes) => Number((bytes / 1024).toFixed(1));

export async function run() {
  const stack = await startConfiguredStack({ name: 'heap', users: [USER] });
  const profile = await mkdtemp(join(tmpdir(), 'tabscribe-bench-heap-'));
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  /** @type {import('./cdp.mjs').Cdp | undefined} */
  let cdp;
  try {
    // A debugging port beside Playwright's pipe: the offscreen document is a target Playwright
    // does not hand out, and its inspector is reached over the port's WebSocket.
    const launched = await launchWithExtension(stack.extensionDir, {
      userDataDir: profile,
      args: ['--remote-debugging-port=0'],
    });
    context = launched.context;
    const { extensionId } = launched;
    const [port] = (await readFile(join(profile, 'DevToolsActivePort'), 'utf8')).split('\n');
    const options = await context.newPage();
    await gotoPastFirstInstall(options, `chrome-extension://${extensionId}/options.html`);
    const send = pageMessenger(options);
    await send('account.sign-in-password', USER);
    await send('token.warm');
    // Extension pages share the offscreen document's renderer and heap: none stays open.
    await options.close();
    const control = tabscribeControl(context, extensionId);

    /** @returns {Promise<any[]>} */
    const records = async () => (await fetch(`${stack.deepgramUrl}/__stand-in/listen`)).json();
    const tonePage = async (/** @type {Record<string, string>} */ query) => {
      const page = await /** @type {import('playwright-core').BrowserContext} */ (
        context
      ).newPage();
      await page.goto(`${stack.deepgramUrl}/__stand-in/tones?${new URLSearchParams(query)}`);
      return page;
    };
    const offscreen = async () => {
      const targets = await inspectorTargets(`http://127.0.0.1:${port}`);
      const target = targets.find(
        (candidate) => candidate.url === `chrome-extension://${extensionId}/offscreen.html`,
      );
      if (!target) throw new Error('no offscreen document among the targets');
      return connectCdp(target.webSocketDebuggerUrl);
    };

    /**
     * One recording of `page` for `seconds`, sampling the heap every SAMPLE_SECONDS.
     * @param {import('playwright-core').Page} page @param {number} seconds
     */
    const session = async (page, seconds) => {
      const before = (await records()).length;
      await control.startRecording(page);
      cdp ??= await offscreen();
      const startedAt = Date.now();
      /** @type {{ seconds: number, bytes: number, words: number }[]} */
      const samples = [];
      /** @type {Map<string, { count: number, bytes: number }> | undefined} */
      let atWarm;
      for (let at = SAMPLE_SECONDS; at <= seconds; at += SAMPLE_SECONDS) {
        await sleep(startedAt + at * 1000 - Date.now());
        const inspector = /** @type {import('./cdp.mjs').Cdp} */ (cdp);
        // A snapshot before the warm sample, not after it: taking one makes V8 keep what it
        // needs (source positions), which is then in every sample from the warm one on.
        if (at === WARM_SECONDS) atWarm = await heapByConstructor(inspector);
        const bytes = await heapAfterGc(inspector);
        const words = (await records())[before]?.words.length ?? 0;
        samples.push({ seconds: at, bytes, words });
      }
      if (!atWarm) throw new Error('no sample at the warm mark');
      const growth = heapGrowth(atWarm, await heapByConstructor(cdp));
      await control.stopRecording(page);
      return { samples, growth };
    };

    const silent = await tonePage({ words: 'alpha', autoplay: '0', page: 'silent' });
    const silence = await session(silent, SILENCE_SECONDS);
    await silent.close();
    // About 1.4 words a second, with pauses shorter than the stream's silence skipping.
    const speaking = await tonePage({
      words: 'alpha,bravo,charlie,delta,echo,foxtrot,golf,hotel',
      tone: '400',
      gap: '300',
      loop: '1',
      page: 'speech',
    });
    const speech = await session(speaking, SPEECH_SECONDS);

    const summary = (
      /** @type {string} */ name,
      /** @type {Awaited<ReturnType<typeof session>>} */ { samples, growth: grew },
    ) => {
      const grewBy = (/** @type {(name: string) => boolean} */ test) =>
        grew.filter((row) => test(row.name)).reduce((sum, row) => sum + row['bytes added'], 0);
      const warm = samples.find((sample) => sample.seconds >= WARM_SECONDS) ?? samples[0];
      const end = samples.at(-1);
      if (!warm || !end) throw new Error(`no samples of ${name}`);
      const growth = end.bytes - warm.bytes;
      const words = end.words - warm.words;
      return {
        recording: name,
        minutes: Number((end.seconds / 60).toFixed(2)),
        [`heap at ${WARM_SECONDS} s (KB)`]: kb(warm.bytes),
        'heap at end (KB)': kb(end.bytes),
        'growth (KB)': kb(growth),
        'words since': words,
        'bytes per word': words > 0 ? Math.round(growth / words) : '',
        'snapshots: segments (KB)': kb(grewBy((kind) => SEGMENT.test(kind))),
        'media readings (KB)': kb(grewBy((kind) => MEDIA_READING.test(kind))),
        'compiled code (KB)': kb(grewBy((kind) => kind === '(code)')),
        'all else (KB)': kb(
          grewBy((kind) => !SEGMENT.test(kind) && !MEDIA_READING.test(kind) && kind !== '(code)'),
        ),
        'target < 100 KB': growth < TARGET_BYTES ? 'met' : 'not met',
      };
    };
    const kilobytes = (/** @type {ReturnType<typeof heapGrowth>[number]} */ row) => ({
      kind: row.name,
      'count added': row['count added'],
      'KB added': kb(row['bytes added']),
    });
    const bySample = speech.samples.map((sample, index) => ({
      's since Start': sample.seconds,
      'speech heap (KB)': kb(sample.bytes),
      'speech words': sample.words,
      'silence heap (KB)': silence.samples[index] ? kb(silence.samples[index].bytes) : '',
    }));
    return [
      {
        title: `offscreen JS heap after GC, every ${SAMPLE_SECONDS} s of a recording`,
        rows: bySample,
      },
      {
        title: `offscreen heap growth after the first ${WARM_SECONDS} s (issue 20: < 100 KB over a 10-minute session); baseline: a silent tab`,
        rows: [summary('tab speaking', speech), summary('silent tab', silence)],
      },
      {
        title: `what grew after ${WARM_SECONDS} s, by kind (heap snapshots): speaking`,
        rows: speech.growth.slice(0, 10).map(kilobytes),
      },
      {
        title: `what grew after ${WARM_SECONDS} s, by kind (heap snapshots): silent`,
        rows: silence.growth.slice(0, 10).map(kilobytes),
      },
    ];
  } finally {
    cdp?.close();
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    await stack.stop();
  }
}
