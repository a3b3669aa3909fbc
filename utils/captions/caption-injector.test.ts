import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../recording/recording-state';
import { CAPTION_HOSTS, type CaptionsProblem, mayDrawOn, whyNotDrawn } from './caption-access';
import { createCaptionInjector } from './caption-injector';

const live = (recordingId: string, tabId = 7): RecordingState => ({
  phase: 'live',
  recordingId,
  tabId,
  startedAt: 0,
  connection: 'streaming',
  hearing: 'sound',
  stream: { model: 'nova-3', language: 'en', microphone: 'off' },
});
const ended = (recordingId: string, tabId = 7): RecordingState => ({
  phase: 'ended',
  recordingId,
  tabId,
  startedAt: 0,
  endedAt: 1,
  reason: 'stopped',
  error: null,
  saved: true,
});

function setUp({
  shown = true,
  url = 'https://example.com/talk' as string | undefined,
  drawFails = false,
  hostAccess = false,
} = {}) {
  const drawn: number[] = [];
  const problems: (CaptionsProblem | null)[] = [];
  const settings = { shown, url, drawFails, hostAccess };
  const injector = createCaptionInjector({
    captionsShown: async () => settings.shown,
    tabUrl: async () => settings.url,
    draw: async (tabId) => {
      if (settings.drawFails) throw new Error('Cannot access contents of the page');
      drawn.push(tabId);
    },
    hostAccess: async () => settings.hostAccess,
    setProblem: async (problem) => {
      problems.push(problem);
    },
    logError: () => {},
  });
  return { injector, drawn, problems, settings };
}

describe('mayDrawOn', () => {
  it.each([
    ['a web page', 'https://example.com/', true],
    ['a plain http page', 'http://127.0.0.1:3000/tone.html', true],
    ['a local file', 'file:///home/ada/talk.html', true],
    ['Chrome’s own page', 'chrome://version/', false],
    ['another extension', 'chrome-extension://abc/page.html', false],
    ['the Web Store', 'https://chromewebstore.google.com/detail/x', false],
    ['an unknown address', undefined, null],
    ['no address', '', null],
    ['nonsense', 'not a url', false],
  ])('%s', (_, url, expected) => {
    expect(mayDrawOn(url)).toBe(expected);
  });
});

describe('whyNotDrawn', () => {
  it.each([
    ['without the host permission, it would help', false, 'needs_access'],
    ['with it, the page refuses all extensions', true, 'not_here'],
  ] as const)('%s', (_, hostAccess, expected) => {
    expect(whyNotDrawn(hostAccess)).toBe(expected);
  });

  it('asks for the web only', () => {
    expect(CAPTION_HOSTS).toEqual(['http://*/*', 'https://*/*']);
  });
});

describe('createCaptionInjector', () => {
  it('draws once into the recorded tab when a recording goes live, not at each repeat', async () => {
    const { injector, drawn, problems } = setUp();
    await injector.recordingState(live('r1'));
    await injector.recordingState(live('r1'));
    expect(drawn).toEqual([7]);
    expect(problems).toEqual([null]);
  });

  it('draws nothing with the setting off, and draws when it is turned on', async () => {
    const { injector, drawn, settings } = setUp({ shown: false });
    await injector.recordingState(live('r1'));
    expect(drawn).toEqual([]);
    settings.shown = true;
    await injector.retry();
    expect(drawn).toEqual([7]);
  });

  it('draws again when the recorded tab loads a new page, and not for other tabs', async () => {
    const { injector, drawn } = setUp();
    await injector.recordingState(live('r1'));
    await injector.tabLoaded(8);
    await injector.tabLoaded(7);
    expect(drawn).toEqual([7, 7]);
  });

  it('draws nothing after the recording ended, and clears its problem', async () => {
    const { injector, drawn, problems } = setUp({ drawFails: true });
    await injector.recordingState(live('r1'));
    await injector.recordingState(ended('r1'));
    await injector.tabLoaded(7);
    await injector.retry();
    expect(drawn).toEqual([]);
    expect(problems).toEqual([{ recordingId: 'r1', reason: 'needs_access' }, null]);
  });

  it('never tries Chrome’s own pages, and says so', async () => {
    const { injector, drawn, problems } = setUp({ url: 'chrome://version/' });
    await injector.recordingState(live('r1'));
    expect(drawn).toEqual([]);
    expect(problems).toEqual([{ recordingId: 'r1', reason: 'not_here' }]);
  });

  it('asks for access after the tab moved away, and draws once it is granted', async () => {
    const { injector, drawn, problems, settings } = setUp({ url: undefined, drawFails: true });
    await injector.recordingState(live('r1'));
    expect(problems).toEqual([{ recordingId: 'r1', reason: 'needs_access' }]);
    settings.drawFails = false;
    settings.hostAccess = true;
    await injector.retry();
    expect(drawn).toEqual([7]);
    expect(problems.at(-1)).toBeNull();
  });

  it('a new recording on another tab draws there', async () => {
    const { injector, drawn } = setUp();
    await injector.recordingState(live('r1', 7));
    await injector.recordingState(ended('r1', 7));
    await injector.recordingState(live('r2', 9));
    expect(drawn).toEqual([7, 9]);
  });
});
