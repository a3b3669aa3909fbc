// What capturing a playing tab costs the whole browser in CPU, for Tabscribe and for the simplest
// peer (bench/peer-extension.mjs), both loaded in the same browser. One window per state is noise:
// the browser's own background work comes and goes. So the states alternate in rounds (playing
// alone, Tabscribe, alone, peer; the next round swaps Tabscribe and the peer), and each capture is
// compared with the windows of playing alone in its own round, so slow drift hits all alike.
import { addedByThread, cpuSecondsOf, threadTicks, ticksBetween } from './cpu-threads.mjs';
import { median } from './load.mjs';

/** After a start or stop, before a window: what starting and stopping cost is not the state's. */
const SETTLE_MS = 1_000;
const TARGET = '≤ 1.5 (issue 16); ≤ 1.0 (issue 20)';

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {object} Capturer one extension's controls (bench/extension-control.mjs)
 * @property {(page: import('playwright-core').Page) => Promise<number>} startRecording
 * @property {(page: import('playwright-core').Page) => Promise<number>} stopRecording
 */

/**
 * @param {object} options
 * @param {string} options.profile the browser's profile folder (names its processes)
 * @param {import('playwright-core').Page} options.page the tab playing, looped
 * @param {Capturer} options.tabscribe
 * @param {Capturer} options.peer
 * @param {() => number} options.peerBytes bytes the peer's sink has received so far
 * @param {number} options.rounds
 * @param {number} options.seconds each window's length
 */
export async function measureCaptureCpu({
  profile,
  page,
  tabscribe,
  peer,
  peerBytes,
  rounds,
  seconds,
}) {
  /** Every window's CPU thread by thread, per state, for where the added CPU goes. */
  const threads = {
    alone: /** @type {import('./cpu-threads.mjs').ThreadWindow[]} */ ([]),
    tabscribe: /** @type {import('./cpu-threads.mjs').ThreadWindow[]} */ ([]),
    peer: /** @type {import('./cpu-threads.mjs').ThreadWindow[]} */ ([]),
  };
  /**
   * % of one core the browser used over one window (threads that end within it are not counted).
   * @param {'alone' | 'tabscribe' | 'peer'} state
   */
  const window = async (state) => {
    const start = threadTicks(profile);
    const began = performance.now();
    await sleep(seconds * 1000);
    const ticks = ticksBetween(start, threadTicks(profile));
    const elapsed = (performance.now() - began) / 1000;
    threads[state].push({ ticks, seconds: elapsed });
    return (cpuSecondsOf(ticks) / elapsed) * 100;
  };
  /** Seconds each capturer ran, from its badge showing "REC" to showing idle again. */
  const ran = new Map();
  /** A window with this capturer running on the page. @param {Capturer} capturer */
  const capturing = async (capturer) => {
    await capturer.startRecording(page);
    const started = performance.now();
    await sleep(SETTLE_MS);
    const cpu = await window(capturer === tabscribe ? 'tabscribe' : 'peer');
    await capturer.stopRecording(page);
    ran.set(capturer, (ran.get(capturer) ?? 0) + (performance.now() - started) / 1000);
    await sleep(SETTLE_MS);
    return cpu;
  };

  await page.bringToFront();
  // The peer's first start creates its offscreen document (Tabscribe's exists by now): not counted.
  await capturing(peer);
  threads.peer.length = 0;
  /** @type {{ alone: number[], tabscribe: number[], peer: number[] }} */
  const cpu = { alone: [], tabscribe: [], peer: [] };
  /** Per round: the capture's CPU minus the mean of the round's two windows playing alone. */
  const added = { tabscribe: /** @type {number[]} */ ([]), peer: /** @type {number[]} */ ([]) };
  ran.clear();
  const peerBytesBefore = peerBytes();
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? ['tabscribe', 'peer'] : ['peer', 'tabscribe'];
    /** @type {Record<string, number>} */
    const got = {};
    const alone = [];
    for (const name of /** @type {('tabscribe' | 'peer')[]} */ (order)) {
      alone.push(await window('alone'));
      got[name] = await capturing(name === 'tabscribe' ? tabscribe : peer);
    }
    const aloneMean = ((alone[0] ?? 0) + (alone[1] ?? 0)) / 2;
    cpu.alone.push(...alone);
    for (const name of /** @type {const} */ (['tabscribe', 'peer'])) {
      cpu[name].push(got[name] ?? 0);
      added[name].push((got[name] ?? 0) - aloneMean);
    }
  }
  const peerSent = peerBytes() - peerBytesBefore;
  const peerSeconds = ran.get(peer) ?? 1;
  if (peerSent === 0)
    throw new Error('The peer sent no bytes to its sink: its capture is not real');

  const pct = (/** @type {number} */ value) => Number(value.toFixed(1));
  const row = (/** @type {string} */ state, /** @type {number[]} */ values) => ({
    state,
    windows: values.length,
    'median %': pct(median(values)),
    'range %': `${pct(Math.min(...values))}–${pct(Math.max(...values))}`,
  });
  const tabscribeAdded = median(added.tabscribe);
  const peerAdded = median(added.peer);
  const ratio = peerAdded > 0 ? tabscribeAdded / peerAdded : Number.NaN;
  const met = (/** @type {number} */ limit) =>
    Number.isNaN(ratio) ? 'n/a (the peer added nothing measurable)' : ratio <= limit ? 'yes' : 'no';
  return [
    {
      title: `browser CPU, % of one core, ${rounds} rounds of ${seconds} s windows (alone, Tabscribe, alone, peer; alternate rounds swap the two), the tone page playing (target: Tabscribe adds ≤ 3 %)`,
      rows: [
        row('playing alone', cpu.alone),
        row('playing, Tabscribe transcribing', cpu.tabscribe),
        row('playing, peer capturing (MediaRecorder → WebSocket)', cpu.peer),
        row('added by Tabscribe (per round, vs. the round’s alone windows)', added.tabscribe),
        row('added by the peer (per round, vs. the round’s alone windows)', added.peer),
      ],
    },
    {
      title: `Tabscribe-added ÷ peer-added CPU (target ${TARGET}); the peer sent ${Math.round(peerSent / peerSeconds)} bytes/s to its sink`,
      rows: [
        {
          'Tabscribe added %': pct(tabscribeAdded),
          'peer added %': pct(peerAdded),
          ratio: Number.isNaN(ratio) ? 'n/a' : Number(ratio.toFixed(2)),
          target: TARGET,
          'met (≤ 1.5)': met(1.5),
          'met (≤ 1.0)': met(1.0),
        },
      ],
    },
    {
      title: `where the added CPU goes: each thread's % of one core while capturing minus playing alone, over all ${rounds} rounds' windows (threads that start with a capture count in full; a pool's threads add up)`,
      rows: addedByThread({
        alone: threads.alone,
        captures: { Tabscribe: threads.tabscribe, peer: threads.peer },
      }),
    },
  ];
}
