// The scenes of `npm run screenshots` that are more than one extension page: a web page with a
// video for the captions to sit over, and the side panel composed beside that page.
import { pressToggleShortcut } from '../e2e/toolbar.ts';
import { recordingNow } from './messenger.mjs';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {import('../utils/recording/recording-state').RecordingState} RecordingState */

/** The page's video: a lesson on the very words the tone-word page "says". */
const LESSON = {
  site: 'Open Radio School',
  title: 'Lesson 2: The spelling alphabet',
  words: ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'],
};
// What the teacher says: a word every three seconds, each its own paragraph in the side panel (a
// pause of 1.5 s ends one), so each paragraph's time (whole seconds) starts well clear of a
// second's turn, and the panel's clock at about the recording's length when the shot is taken.
const SPOKEN = LESSON.words.slice(0, 6);
const TONE_MS = 1_000;
const GAP_MS = 2_000;
const PANEL_CLOCK_MS = 21_000;

/** The viewports: a page beside a side panel of Chrome's default width, as tall as each other. */
const PAGE_VIEWPORT = { width: 880, height: 720 };
// Tall enough for every paragraph of the lesson's words, none cut off at the top.
const PANEL_VIEWPORT = { width: 360, height: 720 };

/**
 * Where the captions sit, as if the user had dragged them there (fractions of the viewport, y
 * from the bottom): over the lower part of the picture, above the player's controls, which the
 * default place (10% from the bottom) would cover at this viewport.
 */
const CAPTION_POSITION = { x: 0.5, y: 0.3 };

/**
 * The video's poster, a lesson slide: drawn as SVG so it needs no file and renders the same in
 * every run (the fonts are the system's DejaVu, which every supported machine has).
 */
function slide() {
  const letters = LESSON.words.map((word, index) => {
    const initial = word.charAt(0).toUpperCase();
    const x = 110 + Math.floor(index / 4) * 720;
    const y = 262 + (index % 4) * 98;
    return `<rect x="${x}" y="${y}" width="80" height="80" rx="14" fill="#c2410c"/>
<text x="${x + 40}" y="${y + 58}" text-anchor="middle" font-size="52" font-weight="700" fill="#fff">${initial}</text>
<text x="${x + 115}" y="${y + 58}" font-size="52" fill="#1f2937">${initial}${word.slice(1)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900" font-family="DejaVu Sans, sans-serif">
<rect width="1600" height="900" fill="#fbf8f1"/>
<rect width="1600" height="16" fill="#c2410c"/>
<text x="110" y="150" font-size="76" font-weight="700" fill="#1f2937">The spelling alphabet</text>
<text x="110" y="212" font-size="38" fill="#6b7280">A word for each letter, that nobody mishears over the radio</text>
${letters.join('\n')}
</svg>`;
}

/**
 * Turns the tone-word page into a lesson page: a site header, the lesson's title and a player
 * with the slide as its poster. The page's `<audio>` stays (hidden): it is what is heard.
 * @param {Page} page
 */
async function dressAsLesson(page) {
  const poster = `data:image/svg+xml,${encodeURIComponent(slide())}`;
  await page.evaluate(
    ({ lesson, poster }) => {
      const audio = /** @type {HTMLAudioElement} */ (document.getElementById('speech'));
      audio.hidden = true;
      document.title = `${lesson.title} · ${lesson.site}`;
      const style = document.createElement('style');
      style.textContent = `
        :root { color-scheme: light dark; --line: #e5e1d8; --muted: #6b7280; }
        @media (prefers-color-scheme: dark) { :root { --line: #34373d; --muted: #9ca3af; } }
        body { margin: 0; font: 15px/1.5 'DejaVu Sans', sans-serif; }
        header { display: flex; justify-content: space-between; align-items: center;
          padding: 0 40px; height: 48px; border-bottom: 1px solid var(--line); }
        header strong { color: #c2410c; }
        header nav { display: flex; gap: 24px; color: var(--muted); }
        main { padding: 0 40px; }
        h1 { font-size: 22px; margin: 18px 0 4px; }
        main > p { margin: 0 0 14px; color: var(--muted); }
        video { display: block; width: 800px; height: 450px; background: #000; }
        main > p:last-child { margin: 14px 0 0; }`;
      const header = document.createElement('header');
      header.innerHTML = `<strong>${lesson.site}</strong><nav><span>Lessons</span><span>Practice</span><span>About</span></nav>`;
      const main = document.createElement('main');
      main.innerHTML = `<h1>${lesson.title}</h1><p>Radio procedure · 6 min</p>`;
      const video = document.createElement('video');
      video.controls = true;
      video.poster = poster;
      const notes = document.createElement('p');
      notes.textContent =
        'Why radio operators spell, the twenty-six words, and how to read back a call sign.';
      main.append(video, notes);
      document.head.append(style);
      document.body.removeAttribute('style');
      document.body.replaceChildren(header, main, audio);
      return new Promise((resolve) => {
        // The poster is drawn once its image has loaded: wait for it, not for a time.
        const image = new Image();
        image.onload = resolve;
        image.src = poster;
      });
    },
    { lesson: LESSON, poster },
  );
}

/**
 * Two screenshots side by side with a 1 px divider, as Chrome draws a side panel beside the page:
 * composed by the browser itself (a page holding both images), so no image library is needed.
 * @param {import('playwright-core').BrowserContext} context
 * @param {{ left: Buffer, right: Buffer, dark: boolean, path: string }} shot
 */
async function composeSideBySide(context, { left, right, dark, path }) {
  const page = await context.newPage();
  await page.setViewportSize({
    width: PAGE_VIEWPORT.width + 1 + PANEL_VIEWPORT.width,
    height: PAGE_VIEWPORT.height,
  });
  const source = (/** @type {Buffer} */ png) => `data:image/png;base64,${png.toString('base64')}`;
  await page.setContent(
    `<body style="margin: 0; display: flex">
<img src="${source(left)}" alt=""><div style="width: 1px; background: ${dark ? '#3c4043' : '#dadce0'}"></div><img src="${source(right)}" alt="">
</body>`,
  );
  await page.evaluate(() => Promise.all([...document.images].map((image) => image.decode())));
  await page.screenshot({ path, animations: 'disabled' });
  await page.close();
}

/**
 * The recording once it is in `phase`.
 * @template {RecordingState['phase']} P
 * @param {Parameters<typeof recordingNow>[0]} send @param {P} phase
 * @returns {Promise<Extract<RecordingState, { phase: P }>>}
 */
export async function recordingIn(send, phase) {
  const deadline = Date.now() + 30_000;
  let state = (await recordingNow(send)).state;
  while (state.phase !== phase) {
    if (Date.now() > deadline) throw new Error(`The recording stayed ${state.phase}, not ${phase}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    state = (await recordingNow(send)).state;
  }
  return /** @type {any} */ (state);
}

/** Plays the tone-word page's speech. @param {Page} page */
export const play = (page) =>
  page.evaluate(() => /** @type {HTMLAudioElement} */ (document.getElementById('speech')).play());

/**
 * One recording of the lesson page, two shots: the page with the captions over its video, and
 * the side panel's page (opened in a tab of the panel's size, since headless Chromium gives the
 * real panel no size) beside it. Captions are turned on before the Start, as in the popup.
 * @param {{ context: import('playwright-core').BrowserContext, extensionId: string,
 *   send: Parameters<typeof recordingNow>[0], toneUrl: string, dark: boolean,
 *   watchErrors: (page: Page, name: string) => void, captions: string, sidePanel: string }} scene
 */
export async function shootLesson({
  context,
  extensionId,
  send,
  toneUrl,
  dark,
  watchErrors,
  ...paths
}) {
  const settings = await context.newPage();
  await settings.goto(`chrome-extension://${extensionId}/options.html`);
  await settings.evaluate(
    (position) =>
      /** @type {any} */ (globalThis).chrome.storage.local.set({
        captions: { shown: true, size: 'medium' },
        'caption-position': position,
      }),
    CAPTION_POSITION,
  );
  await settings.close();
  const lesson = await context.newPage();
  watchErrors(lesson, 'lesson');
  await lesson.setViewportSize(PAGE_VIEWPORT);
  const query = new URLSearchParams({
    words: SPOKEN.join(','),
    tone: String(TONE_MS),
    gap: String(GAP_MS),
    autoplay: '0',
    page: 'lesson',
  });
  await lesson.goto(`${toneUrl}?${query}`);
  await dressAsLesson(lesson);
  await lesson.bringToFront();
  // The shortcut grants activeTab on the lesson's tab: that is what lets the captions in.
  await pressToggleShortcut(context, lesson);
  const live = await recordingIn(send, 'live');
  const panel = await context.newPage();
  watchErrors(panel, 'sidepanel.html');
  await panel.setViewportSize(PANEL_VIEWPORT);
  await panel.clock.setFixedTime(live.startedAt + PANEL_CLOCK_MS);
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  // The panel's tab stays behind the lesson's, where Chrome draws no frames: a transition (Start
  // turning into Stop, the level meter's fill) would be caught part way. And the Live dot's
  // endless pulse, which each screenshot stops and restarts, leaves the controls' corners shaded
  // one of two ways, shot after shot. Without either, shots in a run agree. (Across runs a few
  // corner pixels of the light panel can still differ by one shade: not yet tracked down.)
  await panel.addStyleTag({
    content:
      '*, ::before, ::after, ::-webkit-meter-optimum-value { transition: none !important; animation: none !important }',
  });
  // The lesson in front: the panel follows its window's active tab, as beside the page.
  await lesson.bringToFront();
  await panel.getByText('Transcribing this tab').waitFor();
  // Played only once the stream is live, so no word is missed at the start.
  await play(lesson);

  // Every word final, in the panel and in the captions.
  const transcript = panel.getByRole('log', { name: 'Transcript' });
  await transcript.getByText(SPOKEN.at(-1) ?? '').waitFor({ timeout: 60_000 });
  await panel.locator('[data-interim]').waitFor({ state: 'detached' });
  await lesson.waitForFunction((spoken) => {
    const root = document.querySelector('tabscribe-captions')?.shadowRoot;
    const [settled, interim] = ['.settled', '.interim'].map(
      (part) => root?.querySelector(part)?.textContent,
    );
    return settled === spoken && interim === '';
  }, SPOKEN.join(' '));
  // Silence after the last word: the level meter at rest, the same in every run.
  await panel.waitForFunction(() => document.querySelector('meter')?.value === 0);
  const pageShot = await lesson.screenshot({ path: paths.captions, animations: 'disabled' });
  await composeSideBySide(context, {
    left: pageShot,
    right: await panel.screenshot({ animations: 'disabled' }),
    dark,
    path: paths.sidePanel,
  });
  await Promise.all([panel.close(), lesson.close()]);
}
