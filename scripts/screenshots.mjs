// `npm run screenshots`: writes docs/screenshots/{popup,options}-{signed-out,signed-in}-{light,dark}.png,
// popup-live-{light,dark}.png (transcribing a tone-word page), sidepanel-{light,dark}.png (the
// side panel beside a lesson page), captions-{light,dark}.png (captions over its video) and
// history-{light,dark}.png, from the extension built against the local stack, as a user would see it. Fails when a page logs an
// error. Run twice, it writes the same bytes: whatever would vary from run to run (the clock, the
// time zone and language, the stand-in's port, how much audio was heard by the moment of the
// shot, the phase of an animation) is fixed, so a diff of docs/screenshots/ shows only what really changed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pressToggleShortcut } from '../e2e/toolbar.ts';
import { launchWithExtension } from './chromium.mjs';
import { startConfiguredStack } from './configured-build.mjs';
import { pageMessenger } from './messenger.mjs';
import { ROOT } from './processes.mjs';
import { play, recordingIn, shootLesson } from './screenshot-scenes.mjs';

const USER = { email: 'ada@example.com', password: 'correct horse battery' };
const pages = [
  { name: 'popup', path: 'popup.html', viewport: { width: 400, height: 600 }, target: '#app > *' },
  { name: 'options', path: 'options.html', viewport: { width: 960, height: 820 }, target: null },
];

// The speech the live popup shows, every word of it final when the shot is taken.
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
// The saved transcript the history page shows: fixed, not the live session's (whose date, length
// and page address differ each run).
const SAVED = {
  id: 'screenshot-lecture',
  title: 'Lecture 4: Signals and systems',
  url: 'https://lectures.example.edu/signals/4',
  startedAt: Date.UTC(2026, 10, 27, 14, 30),
  settings: {},
  segments: [
    'Last week we met the Fourier series.',
    'Today: what happens when the signal never repeats.',
    'The series becomes an integral, the Fourier transform.',
    'Think of it as a recipe: how much of each frequency the signal holds.',
    'Let us start with a single pulse.',
    'A short pulse in time is spread wide in frequency.',
  ].map((text, index) => ({
    index,
    text,
    start: index * 4.5,
    end: index * 4.5 + 4,
    speaker: null,
  })),
};
// The same dates, times and words in every run, wherever it runs.
process.env.TZ = 'UTC';
const LANGUAGE = '--lang=en-US';

const stack = await startConfiguredStack({ name: 'screenshots', users: [USER] });
/** @type {string[]} */
const errors = [];
/** Counts what a page logs as an error (and what it throws) against the run. */
const watchErrors = (
  /** @type {import('playwright-core').Page} */ page,
  /** @type {string} */ name,
) => {
  page.on(
    'console',
    (message) =>
      message.type() === 'error' &&
      // Chrome asks a web page's server for /favicon.ico on its own; the stand-in has none.
      !message.location().url.endsWith('/favicon.ico') &&
      errors.push(`${name}: ${message.text()} (${message.location().url})`),
  );
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
};
const file = (/** @type {string} */ name) => join(ROOT, 'docs/screenshots', name);
const wrote = (/** @type {string} */ path) => console.log(path.slice(ROOT.length + 1));
try {
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    const userDataDir = await mkdtemp(join(tmpdir(), 'tabscribe-shots-'));
    const { context, extensionId } = await launchWithExtension(stack.extensionDir, {
      userDataDir,
      colorScheme,
      args: [LANGUAGE],
    });
    /** @param {'signed-out' | 'signed-in'} state @param {string} readyText */
    const shoot = async (state, readyText) => {
      for (const { name, path, viewport, target } of pages) {
        const page = await context.newPage();
        watchErrors(page, path);
        await page.setViewportSize(viewport);
        await page.goto(`chrome-extension://${extensionId}/${path}`);
        await page.getByText(readyText).first().waitFor();
        await page.locator('kbd').first().waitFor();
        const shot = file(`${name}-${state}-${colorScheme}.png`);
        await (target
          ? page.locator(target).screenshot({ path: shot, animations: 'disabled' })
          : page.screenshot({ path: shot, fullPage: true, animations: 'disabled' }));
        wrote(shot);
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

      // Transcribing: the shortcut on a tone-word page, then the popup for that tab once every
      // word is final, its clock fixed at two seconds in.
      const speech = await context.newPage();
      await speech.goto(
        `${stack.deepgramUrl}/__stand-in/tones?words=${WORDS.join(',')}&tone=350&gap=150&autoplay=0`,
      );
      await speech.bringToFront();
      await pressToggleShortcut(context, speech);
      const popup = await context.newPage();
      popup.on('pageerror', (error) => errors.push(`popup: ${error.message}`));
      await popup.setViewportSize({ width: 400, height: 600 });
      await popup.goto(`chrome-extension://${extensionId}/options.html`);
      const send = pageMessenger(popup);
      /** The recording, once live (its start time fixes the popup's clock). */
      const live = await recordingIn(send, 'live');
      // Played only once the stream is live, so no word is missed at the start.
      await play(speech);
      await popup.clock.setFixedTime(live.startedAt + 2_000);
      await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${live.tabId}`);
      await popup.getByText('Transcribing this tab').waitFor();
      await popup.getByText(WORDS.join(' ')).waitFor();
      await popup.locator('[data-interim]').waitFor({ state: 'detached' });
      // The silence after the last word: the level meter at rest, the same in every run.
      await popup.waitForFunction(() => document.querySelector('meter')?.value === 0);
      const popupFile = file(`popup-live-${colorScheme}.png`);
      await popup.locator('#app > *').screenshot({ path: popupFile, animations: 'disabled' });
      wrote(popupFile);
      // Stopped as started (the shortcut acts on the tab in front).
      await speech.bringToFront();
      await pressToggleShortcut(context, speech);
      await recordingIn(send, 'ended');

      // A lesson page with a video: captions over it, and the side panel beside it.
      const shots = {
        captions: file(`captions-${colorScheme}.png`),
        sidePanel: file(`sidepanel-${colorScheme}.png`),
      };
      await shootLesson({
        context,
        extensionId,
        send,
        toneUrl: `${stack.deepgramUrl}/__stand-in/tones`,
        dark: colorScheme === 'dark',
        watchErrors,
        ...shots,
      });
      wrote(shots.captions);
      wrote(shots.sidePanel);

      // The history page, with a saved transcript in it.
      const history = await context.newPage();
      history.on('pageerror', (error) => errors.push(`history: ${error.message}`));
      await history.setViewportSize({ width: 960, height: 640 });
      await history.goto(`chrome-extension://${extensionId}/transcripts.html`);
      await history.waitForFunction(() => /** @type {any} */ (window).tabscribeStore);
      await history.evaluate(async ({ segments, ...session }) => {
        const store = /** @type {any} */ (window).tabscribeStore;
        await store.startSession(session);
        await store.appendSegments(session.id, segments);
        await store.endSession(session.id, session.startedAt + 27_000, 'complete');
      }, SAVED);
      await history.goto('about:blank');
      await history.goto(`chrome-extension://${extensionId}/transcripts.html#${SAVED.id}`);
      await history.getByRole('heading', { name: SAVED.title }).waitFor();
      const historyFile = file(`history-${colorScheme}.png`);
      await history.screenshot({ path: historyFile, animations: 'disabled' });
      wrote(historyFile);
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
