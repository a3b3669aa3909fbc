import { describe, expect, it } from 'vitest';
import { describeError } from '../error-sentences';
import { ExtensionError } from '../errors';
import { type ActionApi, type BadgeLook, badgeFor, createBadge, TITLE } from './badge';
import type { RecordingState } from './recording-state';

const RED = '#c5221f';
const AMBER = '#b06000';

const live = (
  tabId: number,
  more: Partial<Extract<RecordingState, { phase: 'live' }>> = {},
): RecordingState => ({
  phase: 'live',
  recordingId: `r${tabId}`,
  tabId,
  startedAt: 1_000,
  connection: 'streaming',
  hearing: 'sound',
  stream: { model: 'nova-3', language: 'en', microphone: 'off' },
  ...more,
});
const ended = (
  tabId: number,
  more: Partial<Extract<RecordingState, { phase: 'ended' }>> = {},
): RecordingState => ({
  phase: 'ended',
  recordingId: `r${tabId}`,
  tabId,
  startedAt: 1_000,
  endedAt: 2_000,
  reason: 'stopped',
  error: null,
  saved: true,
  ...more,
});

describe('badgeFor: what the toolbar button shows on the recorded tab', () => {
  it.each<[string, RecordingState, Pick<BadgeLook, 'text' | 'color'>, string]>([
    ['idle', { phase: 'idle' }, { text: '', color: RED }, TITLE],
    [
      'starting',
      { phase: 'starting', recordingId: 'r7', tabId: 7 },
      { text: '…', color: RED },
      'starting',
    ],
    ['live, streaming, with sound', live(7), { text: 'REC', color: RED }, 'transcribing this tab'],
    // A quiet tab is still recorded: the popup says so, the badge does not alarm.
    [
      'live, the tab silent',
      live(7, { hearing: 'silence' }),
      { text: 'REC', color: RED },
      'transcribing this tab',
    ],
    [
      'live, nothing arriving from the tab',
      live(7, { hearing: 'nothing' }),
      { text: '…', color: AMBER },
      'no audio is arriving',
    ],
    [
      'live, reconnecting',
      live(7, { connection: 'reconnecting' }),
      { text: '…', color: AMBER },
      'reconnecting',
    ],
    [
      'live, reconnecting and hearing nothing: the connection is named',
      live(7, { connection: 'reconnecting', hearing: 'nothing' }),
      { text: '…', color: AMBER },
      'reconnecting',
    ],
    [
      'stopping',
      { phase: 'stopping', recordingId: 'r7', tabId: 7, startedAt: 1_000, reason: 'stopped' },
      { text: '…', color: RED },
      'stopping',
    ],
    ['ended as asked', ended(7), { text: '', color: RED }, TITLE],
    [
      'ended with the tab closed',
      ended(7, { reason: 'tab_closed' }),
      { text: '', color: RED },
      TITLE,
    ],
    [
      'ended signed out, after signing in',
      ended(7, { reason: 'signed_out' }),
      { text: '', color: RED },
      TITLE,
    ],
    [
      'ended with an error',
      ended(7, { reason: 'failed', error: { code: 'stream_lost', detail: '1011' } }),
      { text: '!', color: AMBER },
      describeError(new ExtensionError('stream_lost')),
    ],
  ])('%s', (_, state, look, title) => {
    const shown = badgeFor(state);
    expect(shown).toMatchObject(look);
    expect(shown.title).toContain(title);
    expect(shown.title.startsWith(TITLE)).toBe(true);
  });
});

/** `browser.action`, keeping each tab's latest look and every text drawn. */
function fakeAction() {
  const looks = new Map<number, Partial<BadgeLook>>();
  const drawn: [number, string][] = [];
  const look = (tabId: number) => looks.get(tabId) ?? {};
  const action: ActionApi = {
    setBadgeText: async ({ tabId, text }) => {
      drawn.push([tabId, text]);
      looks.set(tabId, { ...look(tabId), text });
    },
    setBadgeBackgroundColor: async ({ tabId, color }) => {
      looks.set(tabId, { ...look(tabId), color });
    },
    setTitle: async ({ tabId, title }) => {
      looks.set(tabId, { ...look(tabId), title });
    },
  };
  return { action, text: (tabId: number) => look(tabId).text, look, drawn };
}

describe('the worker’s badge', () => {
  it('marks the recorded tab as the recording goes', async () => {
    const { action, text } = fakeAction();
    const badge = createBadge(action);
    await badge.show({ phase: 'starting', recordingId: 'r1', tabId: 1 });
    expect(text(1)).toBe('…');
    await badge.show(live(1));
    expect(text(1)).toBe('REC');
    await badge.show(ended(1));
    expect(text(1)).toBe('');
  });

  it('a recording moving from tab 1 to tab 2 blanks tab 1', async () => {
    const { action, text, look } = fakeAction();
    const badge = createBadge(action);
    await badge.show(live(1));
    await badge.show({ phase: 'starting', recordingId: 'r2', tabId: 2 });
    expect(look(1)).toEqual({ text: '', color: RED, title: TITLE });
    expect(text(2)).toBe('…');
  });

  it('a tab that loads (Chrome cleared its badge) is drawn again when recorded; others are left alone', async () => {
    const { action, drawn } = fakeAction();
    const badge = createBadge(action);
    await badge.show(live(1));
    drawn.length = 0;
    await badge.tabLoading(1);
    expect(drawn).toEqual([[1, 'REC']]);
    await badge.tabLoading(3);
    expect(drawn).toEqual([[1, 'REC']]);
  });

  it('a refused tab keeps its "!" across loads, until refusals are forgotten', async () => {
    const { action, text, drawn } = fakeAction();
    const badge = createBadge(action);
    await badge.refused(4, { code: 'uncapturable' });
    expect(text(4)).toBe('!');
    drawn.length = 0;
    await badge.tabLoading(4);
    expect(drawn).toEqual([[4, '!']]);
    await badge.forgetRefusals();
    expect(text(4)).toBe('');
    expect(badge.refusalOn(4)).toBeNull();
  });

  it('a recording starting on a refused tab replaces its "!"', async () => {
    const { action, text } = fakeAction();
    const badge = createBadge(action);
    await badge.refused(1, { code: 'signed_out' });
    await badge.show({ phase: 'starting', recordingId: 'r1', tabId: 1 });
    expect(text(1)).toBe('…');
    expect(badge.refusalOn(1)).toBeNull();
  });

  it('the owner gone while live: "!" with why, on the tab and for its popup', async () => {
    const { action, look } = fakeAction();
    const badge = createBadge(action);
    await badge.show(live(1));
    await badge.ownerGone(3_000);
    expect(look(1)).toEqual({
      text: '!',
      color: AMBER,
      title: `${TITLE} — ${describeError(new ExtensionError('capture_lost'))}`,
    });
    expect(badge.refusalOn(1)).toEqual({ code: 'capture_lost' });
    expect(badge.recording).toMatchObject({
      phase: 'ended',
      tabId: 1,
      endedAt: 3_000,
      reason: 'failed',
      error: { code: 'capture_lost' },
      saved: true,
    });
  });

  it('the owner gone after the recording ended changes nothing', async () => {
    const { action, drawn } = fakeAction();
    const badge = createBadge(action);
    await badge.show(live(1));
    await badge.show(ended(1));
    drawn.length = 0;
    await badge.ownerGone(3_000);
    expect(drawn).toEqual([]);
    expect(badge.refusalOn(1)).toBeNull();
    expect(badge.recording).toMatchObject({ phase: 'ended', reason: 'stopped' });
  });

  it('a tab closing while Chrome draws on it is no error', async () => {
    const badge = createBadge({
      setBadgeText: async () => {
        throw new Error('No tab with id: 1.');
      },
      setBadgeBackgroundColor: async () => {},
      setTitle: async () => {},
    });
    await expect(badge.show(live(1))).resolves.toBeUndefined();
  });
});
