// Tone onset → the word drawn, in the three live views of one recording (the popup, the side
// panel's page in a tab: headless Chromium gives the real panel no size, and the captions over
// the tab), with the stages between told apart: the onset → the message holding it arrives at
// the stand-in (issue 20: ≤ 40 ms median), → the word's first result sent, → drawn. The tone page
// schedules every word with Web Audio and says when each is played out on the wall clock
// (tests/stand-ins/deepgram/tone-page.ts); the stand-in finds each onset in the audio it received
// (tests/stand-ins/deepgram/onset-ledger.ts). Every clock here is the wall clock: the bench's and
// the stand-in's Date.now, each renderer's performance.timeOrigin + now.
import { openToolbarPopup } from '../e2e/toolbar.ts';
import { median } from './load.mjs';
import { size } from './mode.mjs';

const CYCLE = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const WORDS = Array.from({ length: size(24, 6) }, (_, i) => CYCLE[i % CYCLE.length]);
const TONE_MS = 300;
// Not 300: with a 600 ms period (15 of the extension's 40 ms frames) every onset would fall at
// the same place in its frame, and the frame fill would be one figure, not a spread. 607 moves
// each onset 7 ms further into its frame than the last.
const GAP_MS = 307;
/** From scheduling to the first word: the context's first render, and the capture's silence. */
const LEAD_MS = 600;
/** A word drawn later than this after its onset counts as not drawn. */
const MATCH_WITHIN_MS = 2_000;
const TARGET_ONSET_TO_BYTES_MS = 40;

/**
 * Run in a view's page: each time a word's count in the element `find` returns grows (the view's
 * transcript, found again at each change: a view may draw it anew), notes the wall time in
 * `window.__appeared[word]`, once per occurrence added. Counts also fall (captions drop old
 * lines), so a word said again is noted again. Changes are watched under `scope`.
 * @param {() => Element | null | undefined} find
 * @param {() => Node | null | undefined} scope
 */
function watchOccurrences(find, scope) {
  /** @type {Record<string, number[]>} */
  const appeared = {};
  /** @type {Record<string, number>} */
  let counts = {};
  Object.assign(window, { __appeared: appeared });
  const note = () => {
    const now = performance.timeOrigin + performance.now();
    /** @type {Record<string, number>} */
    const next = {};
    const root = find();
    // Text node by text node: an element's textContent runs a paragraph's last word and the
    // interim word after it together ("alphacharlie").
    const walker = root ? document.createTreeWalker(root, NodeFilter.SHOW_TEXT) : null;
    for (let node = walker?.nextNode(); node; node = walker?.nextNode()) {
      for (const word of (node.textContent ?? '').toLowerCase().match(/[a-z]+/g) ?? []) {
        next[word] = (next[word] ?? 0) + 1;
      }
    }
    for (const [word, count] of Object.entries(next)) {
      const times = appeared[word] ?? [];
      appeared[word] = times;
      for (let added = count - (counts[word] ?? 0); added > 0; added -= 1) times.push(now);
    }
    counts = next;
  };
  const target = scope();
  if (!target) throw new Error('nothing to watch');
  new MutationObserver(note).observe(target, {
    subtree: true,
    childList: true,
    characterData: true,
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{ context: import('playwright-core').BrowserContext, extensionId: string,
 *   options: import('playwright-core').Page, deepgramUrl: string, records: () => Promise<any[]>,
 *   waitForPhase: (phase: string) => Promise<void> }} setup
 */
export async function measureOnsets({
  context,
  extensionId,
  options,
  deepgramUrl,
  records,
  waitForPhase,
}) {
  await options.evaluate(() =>
    /** @type {any} */ (globalThis).chrome.storage.local.set({
      captions: { shown: true, size: 'medium' },
    }),
  );
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  const page = await context.newPage();
  const query = { words: WORDS.join(','), tone: `${TONE_MS}`, gap: `${GAP_MS}`, autoplay: '0' };
  await page.goto(
    `${deepgramUrl}/__stand-in/tones?${new URLSearchParams({ ...query, schedule: '1' })}`,
  );
  await page.bringToFront();
  const popup = await openToolbarPopup(context, extensionId, page);
  await popup.waitForText(/Ready to transcribe/);
  const before = (await records()).length;
  await popup.click('Start transcription');
  await popup.waitForText(/Live/);
  const inDocument = `() => document.querySelector('[role=log]'), () => document.body`;
  await popup.evaluate(`(${watchOccurrences})(${inDocument})`);
  await panel.evaluate(`(${watchOccurrences})(${inDocument})`);
  await page.waitForFunction(() => document.querySelector('tabscribe-captions'));
  await page.evaluate(
    `(${watchOccurrences})(() => document.querySelector('tabscribe-captions')?.shadowRoot?.querySelector('[role=region]'), () => document.querySelector('tabscribe-captions')?.shadowRoot)`,
  );
  /** @type {{ words: string[], onsets: number[], baseLatencyMs: number, outputLatencyMs: number, mappingSpreadMs: number }} */
  const played = await page.evaluate(`__playScheduled(${LEAD_MS})`);
  await sleep(Math.max(0, (played.onsets.at(-1) ?? 0) - Date.now()) + TONE_MS + MATCH_WITHIN_MS);
  /** @type {Record<string, Record<string, number[]>>} */
  const appeared = {
    popup: await popup.evaluate('window.__appeared'),
    'side panel': await panel.evaluate('window.__appeared'),
    captions: await page.evaluate('window.__appeared'),
  };
  await popup.click('Stop transcription');
  await popup.close();
  await waitForPhase('ended');
  await panel.close();
  await page.close();
  await options.evaluate(() =>
    /** @type {any} */ (globalThis).chrome.storage.local.remove('captions'),
  );

  // The premise: the stand-in heard one onset per scheduled word, the same words, in order.
  const record = (await records())[before];
  /** @type {{ word: string | null, arrivedAt: number, frameFillMs: number, startedAt: number | null, resultAt: number | null }[]} */
  const heard = record?.onsets ?? [];
  const heardWords = heard.map((onset) => onset.word).join(',');
  if (heardWords !== played.words.join(',')) {
    throw new Error(
      `The stand-in heard onsets of [${heardWords}], not the ${played.words.length} words played [${played.words}]`,
    );
  }

  /** @type {Record<string, number[]>} */
  const stages = {
    bytes: [],
    fill: [],
    hops: [],
    started: [],
    result: [],
    popup: [],
    'side panel': [],
    captions: [],
  };
  played.words.forEach((word, i) => {
    const onset = /** @type {number} */ (played.onsets[i]);
    const at = /** @type {(typeof heard)[number]} */ (heard[i]);
    stages.bytes?.push(at.arrivedAt - onset);
    stages.fill?.push(at.frameFillMs);
    stages.hops?.push(at.arrivedAt - onset - at.frameFillMs);
    if (at.startedAt !== null) stages.started?.push(at.startedAt - at.arrivedAt);
    if (at.resultAt !== null) stages.result?.push(at.resultAt - at.arrivedAt);
    for (const [view, times] of Object.entries(appeared)) {
      const drawn = (times[word] ?? []).find((t) => t >= onset && t - onset <= MATCH_WITHIN_MS);
      if (drawn !== undefined) stages[view]?.push(drawn - onset);
    }
  });

  const ms = (/** @type {number} */ value) => Number(value.toFixed(1));
  const row = (/** @type {string} */ stage, /** @type {number[]} */ values, target = '') => ({
    stage,
    words: values.length,
    'median ms': values.length > 0 ? ms(median(values)) : 'none',
    'range ms': values.length > 0 ? `${ms(Math.min(...values))}–${ms(Math.max(...values))}` : '',
    target,
    met:
      target === '' || values.length === 0
        ? ''
        : median(values) <= TARGET_ONSET_TO_BYTES_MS
          ? 'yes'
          : 'no',
  });
  return {
    title: `tone onset (Web Audio, played out) → the word drawn, ${played.words.length} words of ${TONE_MS} ms, ${GAP_MS} ms apart, one recording`,
    rows: [
      row(
        'onset → the message holding it arrives at the stand-in',
        stages.bytes ?? [],
        `≤ ${TARGET_ONSET_TO_BYTES_MS}`,
      ),
      row('  of which frame fill (onset → end of its frame)', stages.fill ?? []),
      row('  the rest: capture, worklet, offscreen page, socket', stages.hops ?? []),
      row('bytes → word started (stand-in: 2 windows of 20 ms)', stages.started ?? []),
      row('bytes → first result sent (interim: 100 ms of the word)', stages.result ?? []),
      row('onset → drawn, popup', stages.popup ?? []),
      row('onset → drawn, side panel', stages['side panel'] ?? []),
      row('onset → drawn, captions', stages.captions ?? []),
      {
        stage: `the context's output latency (base ${ms(played.baseLatencyMs)}), included in the onset`,
        words: played.words.length,
        'median ms': ms(played.outputLatencyMs),
        'range ms': `clock mapping spread ${ms(played.mappingSpreadMs)}`,
        target: '',
        met: '',
      },
    ],
  };
}
