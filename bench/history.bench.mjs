// Saved transcripts at scale: twenty 3-hour sessions (3,000 segments and 30,000 words each) in the
// built extension's IndexedDB, in headless Chromium. How long appending one segment takes, opening
// a session in the history page (until its last segment is painted), searching all of them, and
// exporting one to SubRip.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from '../scripts/chromium.mjs';
import { startConfiguredStack } from '../scripts/configured-build.mjs';
import { exportTranscript } from '../utils/export/transcript-formats.ts';
import { median } from './load.mjs';

const SESSIONS = 20;
const SEGMENTS = 3_000;
const WORDS_PER_SEGMENT = 10;
const RUNS = 5;
const VOCABULARY =
  'the of budget plan team quarter review launch design metric user data model'.split(' ');

/** A 3-hour session's segments: one every 3.6 s, ten words each; `rare` in every 500th. */
function segmentsOf(/** @type {number} */ session) {
  return Array.from({ length: SEGMENTS }, (_, index) => ({
    index,
    start: index * 3.6,
    end: index * 3.6 + 3.2,
    speaker: index % 3,
    text: Array.from(
      { length: WORDS_PER_SEGMENT },
      (_, word) => VOCABULARY[(index * 7 + word * 3 + session) % VOCABULARY.length],
    )
      .concat(index % 500 === 0 ? [`rare${session}`] : [])
      .join(' '),
  }));
}

/** @param {number[]} values @param {number} fraction */
const percentile = (values, fraction) => {
  const sorted = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]
  );
};

export async function run() {
  const stack = await startConfiguredStack({ name: 'bench', users: [] });
  const profile = await mkdtemp(join(tmpdir(), 'tabscribe-bench-history-'));
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  try {
    const launched = await launchWithExtension(stack.extensionDir, { userDataDir: profile });
    context = launched.context;
    const page = await context.newPage();
    // In front: a background tab is neither painted nor given animation frames (the options page
    // a first install opens would otherwise be the active tab).
    await page.bringToFront();
    const historyUrl = `chrome-extension://${launched.extensionId}/history.html`;
    // The page opens the database with the extension's own schema.
    await page.goto(historyUrl);
    await page.getByText(/No transcripts yet/).waitFor();

    // Seeds the sessions, and times appending session 0's segments one by one. Each append is the
    // store's own transaction (appendSegments): read the session, put the segment, put the
    // session with its counters, in one readwrite transaction over both stores.
    const appendMs = await page.evaluate(
      async ({ sessions, perSession }) => {
        const db = await new Promise((resolve, reject) => {
          const request = indexedDB.open('tabscribe');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const done = (/** @type {IDBTransaction} */ tx) =>
          new Promise((resolve, reject) => {
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
        /** @type {number[]} */
        const times = [];
        for (const [number, segments] of sessions.entries()) {
          const id = `s${number}`;
          const session = {
            id,
            title: `Planning session ${number}`,
            url: 'https://meet.example.com/plan',
            startedAt: Date.UTC(2026, 10, 1 + number),
            endedAt: null,
            durationMs: 0,
            wordCount: 0,
            segmentCount: 0,
            status: 'complete',
            settings: {},
          };
          const setup = /** @type {IDBDatabase} */ (db).transaction('sessions', 'readwrite');
          setup.objectStore('sessions').put(session);
          await done(setup);
          if (number === 0) {
            for (const segment of segments) {
              const start = performance.now();
              const tx = /** @type {IDBDatabase} */ (db).transaction(
                ['sessions', 'segments'],
                'readwrite',
              );
              const stored = await new Promise((resolve) => {
                const request = tx.objectStore('sessions').get(id);
                request.onsuccess = () => resolve(request.result);
              });
              tx.objectStore('segments').put({ ...segment, sessionId: id });
              stored.wordCount += segment.text.split(' ').length;
              stored.segmentCount = segment.index + 1;
              stored.durationMs = Math.round(segment.end * 1000);
              tx.objectStore('sessions').put(stored);
              await done(tx);
              times.push(performance.now() - start);
            }
          } else {
            const tx = /** @type {IDBDatabase} */ (db).transaction(
              ['sessions', 'segments'],
              'readwrite',
            );
            for (const segment of segments)
              tx.objectStore('segments').put({ ...segment, sessionId: id });
            session.wordCount = perSession.words;
            session.segmentCount = segments.length;
            session.durationMs = Math.round((segments.at(-1)?.end ?? 0) * 1000);
            tx.objectStore('sessions').put(session);
            await done(tx);
          }
        }
        return times;
      },
      {
        sessions: Array.from({ length: SESSIONS }, (_, number) => segmentsOf(number)),
        perSession: { words: SEGMENTS * WORDS_PER_SEGMENT },
      },
    );

    // Opening a 3-hour session, timed by the page itself from navigation: when its first words are
    // painted (Element Timing on the first segment), and when all its segments are in the page.
    await page.addInitScript((count) => {
      const probe = /** @type {any} */ (window);
      probe.__opened = {};
      new PerformanceObserver((list) => {
        for (const entry of /** @type {any[]} */ (list.getEntries())) {
          if (entry.identifier === 'transcript-start') probe.__opened.firstPaint = entry.renderTime;
        }
      }).observe({ type: 'element', buffered: true });
      new MutationObserver(() => {
        if (!probe.__opened.allIn && document.querySelectorAll('ol li').length >= count) {
          probe.__opened.allIn = performance.now();
        }
      }).observe(document, { subtree: true, childList: true });
    }, SEGMENTS);
    /** @type {number[]} */
    const openMs = [];
    /** @type {number[]} */
    const allInPageMs = [];
    for (let runIndex = 0; runIndex < RUNS; runIndex += 1) {
      await page.goto('about:blank');
      await page.goto(`${historyUrl}#s${runIndex + 1}`);
      const opened = await page.waitForFunction(() => {
        const times = /** @type {any} */ (window).__opened;
        return times.firstPaint && times.allIn ? times : null;
      });
      const { firstPaint, allIn } = /** @type {{ firstPaint: number, allIn: number }} */ (
        await opened.jsonValue()
      );
      openMs.push(firstPaint);
      allInPageMs.push(allIn);
    }

    // Searching all twenty sessions: from typing to the results painted.
    await page.goto(historyUrl);
    await page.getByRole('button', { name: /Planning session 0/ }).waitFor();
    /** @type {number[]} */
    const searchMs = [];
    for (let runIndex = 0; runIndex < RUNS; runIndex += 1) {
      searchMs.push(
        await page.evaluate(
          (term) =>
            new Promise((resolve) => {
              const input = /** @type {HTMLInputElement} */ (
                document.querySelector('input[type=search]')
              );
              const start = performance.now();
              input.value = term;
              input.dispatchEvent(new Event('input', { bubbles: true }));
              const check = () => {
                if (document.querySelector('mark')?.textContent === term) {
                  requestAnimationFrame(() => resolve(performance.now() - start));
                } else setTimeout(check, 1);
              };
              check();
            }),
          `rare${runIndex + 3}`,
        ),
      );
    }

    // Exporting one to SubRip (the same code the page runs), in this process.
    const saved = {
      session: {
        id: 's0',
        title: 'Planning session 0',
        url: '',
        startedAt: 0,
        endedAt: SEGMENTS * 3600,
        durationMs: SEGMENTS * 3600,
        wordCount: SEGMENTS * WORDS_PER_SEGMENT,
        segmentCount: SEGMENTS,
        status: /** @type {const} */ ('complete'),
        settings: {},
      },
      segments: segmentsOf(0),
    };
    exportTranscript(saved, 'srt');
    /** @type {number[]} */
    const exportMs = [];
    for (let runIndex = 0; runIndex < 20; runIndex += 1) {
      const start = performance.now();
      exportTranscript(saved, 'srt');
      exportMs.push(performance.now() - start);
    }

    const ms = (/** @type {number} */ value) => Number(value.toFixed(2));
    return [
      {
        title: `${SESSIONS} sessions × ${SEGMENTS} segments × ${WORDS_PER_SEGMENT} words, IndexedDB in headless Chromium`,
        rows: [
          {
            measure: `append one segment (${SEGMENTS} appends)`,
            'p50 ms': ms(percentile(appendMs, 0.5)),
            'p99 ms': ms(percentile(appendMs, 0.99)),
            target: 'p99 ≤ 2 ms',
          },
          {
            measure: `open a 3-hour session: first paint of its transcript (median of ${RUNS})`,
            'p50 ms': ms(median(openMs)),
            'p99 ms': ms(Math.max(...openMs)),
            target: '≤ 150 ms',
          },
          {
            measure: `open a 3-hour session: all ${SEGMENTS} segments in the page (median of ${RUNS})`,
            'p50 ms': ms(median(allInPageMs)),
            'p99 ms': ms(Math.max(...allInPageMs)),
            target: '',
          },
          {
            measure: `search all ${SESSIONS} sessions, to results painted (median of ${RUNS})`,
            'p50 ms': ms(median(searchMs)),
            'p99 ms': ms(Math.max(...searchMs)),
            target: '≤ 100 ms',
          },
          {
            measure: 'export a 3-hour session to SubRip (Node, median of 20)',
            'p50 ms': ms(median(exportMs)),
            'p99 ms': ms(Math.max(...exportMs)),
            target: '≤ 50 ms',
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
