import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Caller } from '../auth/account-service';
import { ExtensionError } from '../errors';
import { DEFAULT_SETTINGS } from '../settings/transcription-settings';
import { createTokenBroker } from '../token-broker';
import {
  createSessionController,
  HEARTBEAT_TIMEOUT_MS,
  type SessionControllerDeps,
} from './session-controller';
import type { SessionView } from './session-view';

function setup(overrides: Partial<SessionControllerDeps> = {}) {
  const calls: string[] = [];
  const published: SessionView[] = [];
  const badges = new Map<number, string>();
  let ids = 0;
  const deps: SessionControllerDeps = {
    ensureToken: async () => calls.push('token'),
    accountId: async () => 'ada',
    getStreamId: async (tabId) => {
      calls.push(`stream-id ${tabId}`);
      return `stream-${tabId}`;
    },
    describeTab: async (tabId) => ({ title: `Tab ${tabId}`, url: `https://example.com/${tabId}` }),
    captureRunning: async () => true,
    loadSettings: async () => ({ ...DEFAULT_SETTINGS, language: 'fr' }),
    offscreen: {
      start: async ({ sessionId, tabId, streamId, title }) => {
        calls.push(`capture ${sessionId} ${tabId} ${streamId}`);
        expect(title).toBe(`Tab ${tabId}`);
        return { startedAt: 1_000, microphone: 'off' };
      },
      stop: async (sessionId) => {
        calls.push(`stop ${sessionId}`);
      },
    },
    indicate: async (tabId, view) => {
      badges.set(tabId, view.phase);
    },
    publish: (view) => published.push(view),
    store: fakeBrowser.storage.session,
    newId: () => {
      ids += 1;
      return `s${ids}`;
    },
    ...overrides,
  };
  return { controller: createSessionController(deps), deps, calls, published, badges };
}

beforeEach(() => fakeBrowser.reset());

describe('session controller', () => {
  it('starts: token first, then the stream id, then the capture; live with the capture’s start time', async () => {
    const { controller, calls, published, badges } = setup();
    await expect(controller.start(7)).resolves.toEqual({
      phase: 'live',
      sessionId: 's1',
      tabId: 7,
      startedAt: 1_000,
      error: null,
      // The settings of this Start, as the popup shows them.
      stream: { model: 'nova-3', language: 'fr', microphone: 'off' },
    });
    expect(calls).toEqual(['token', 'stream-id 7', 'capture s1 7 stream-7']);
    expect(published.map((view) => view.phase)).toEqual(['starting', 'live']);
    expect(badges.get(7)).toBe('live');
  });

  it('signed out: an error the popup can explain, and no capture starts', async () => {
    const { controller, calls } = setup({
      ensureToken: async () => {
        throw new ExtensionError('signed_out');
      },
    });
    const view = await controller.start(7);
    expect(view).toMatchObject({ phase: 'error', error: { code: 'signed_out' } });
    expect(calls).toEqual([]);
  });

  it('the shortcut after signing out starts nothing, even with a token minted during the sign-out', async () => {
    let signedIn: Caller | null = { accessToken: 'ada-access', userId: 'ada' };
    const mintAnswers: (() => void)[] = [];
    const broker = createTokenBroker({
      getCaller: async () => signedIn,
      // The popup's warm-up mint is still under way when the user signs out.
      mint: () =>
        new Promise((resolve) => {
          mintAnswers.push(() => resolve({ token: 'dg-ada', expiresIn: 300 }));
        }),
      cache: fakeBrowser.storage.session,
      now: () => 1_000_000,
    });
    const { controller, calls } = setup({ ensureToken: () => broker.getToken() });
    const warming = broker.warm();
    await vi.waitFor(() => expect(mintAnswers).toHaveLength(1));
    signedIn = null;
    await broker.clear();
    for (const answer of mintAnswers) answer();
    await warming;

    const view = await controller.toggle(7);
    expect(view).toMatchObject({ phase: 'error', error: { code: 'signed_out' } });
    expect(calls).toEqual([]);
  });

  it('names what Chrome refuses: a page it does not let extensions capture, or a tab that is gone', async () => {
    for (const [message, code] of [
      [
        'Extension has not been invoked for the current page (see activeTab permission). Chrome pages cannot be captured.',
        'uncapturable',
      ],
      ['No tab with id: 7.', 'no_tab'],
      ['Cannot capture a tab with an active stream.', 'capture_failed'],
    ] as const) {
      const { controller } = setup({
        getStreamId: async () => {
          throw new Error(message);
        },
      });
      expect((await controller.start(7)).error?.code).toBe(code);
    }
  });

  it('one tab at a time: starting on another tab stops the first', async () => {
    const { controller, calls, badges } = setup();
    await controller.start(7);
    await controller.start(8);
    expect(calls).toContain('stop s1');
    expect(calls.indexOf('stop s1')).toBeLessThan(calls.indexOf('capture s2 8 stream-8'));
    expect(badges.get(7)).toBe('idle');
    expect(badges.get(8)).toBe('live');
  });

  it('the shortcut toggles: start on a tab, stop on the same tab, start again', async () => {
    const { controller } = setup();
    expect((await controller.toggle(7)).phase).toBe('live');
    expect((await controller.toggle(7)).phase).toBe('idle');
    expect(await controller.toggle(7)).toMatchObject({ phase: 'live', sessionId: 's2' });
  });

  it('two presses in a row run one after the other, not interleaved', async () => {
    const { controller } = setup();
    const [first, second] = await Promise.all([controller.toggle(7), controller.toggle(7)]);
    expect([first.phase, second.phase]).toEqual(['live', 'idle']);
  });

  it('a capture that ends by itself, or the tab closing, ends the session', async () => {
    const { controller, calls } = setup();
    await controller.start(7);
    await controller.captureEnded('s1', { code: 'stream_lost', detail: '1011' });
    expect(await controller.get()).toMatchObject({
      phase: 'error',
      error: { code: 'stream_lost' },
    });

    await controller.start(7);
    await controller.tabClosed(7);
    expect((await controller.get()).phase).toBe('idle');
    expect(calls).toContain('stop s2');
    // A stale report about an old session changes nothing.
    await controller.captureEnded('s1', null);
    expect((await controller.get()).sessionId).toBe('s2');
  });

  it('a live session says when its stream is reconnecting, and when it streams again', async () => {
    const { controller, published } = setup();
    await controller.start(7);
    await controller.connectionChanged('s1', 'reconnecting');
    expect(await controller.get()).toMatchObject({ phase: 'live', reconnecting: true });
    await controller.connectionChanged('s1', 'streaming');
    expect(await controller.get()).not.toHaveProperty('reconnecting');
    expect(published.map((view) => view.reconnecting ?? false)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    // Reconnecting when stopped: the stopped session carries no such flag.
    await controller.connectionChanged('s1', 'reconnecting');
    await controller.stop();
    expect(await controller.get()).toEqual(expect.objectContaining({ phase: 'idle' }));
    expect(await controller.get()).not.toHaveProperty('reconnecting');
  });

  it.each(['microphone_lost', 'microphone_revoked'] as const)(
    'a microphone lost mid-session (%s): still live, the popup says why and that the tab goes on alone',
    async (reason) => {
      const { controller } = setup();
      await controller.start(7);
      await controller.microphoneLost('s1', reason);
      expect(await controller.get()).toMatchObject({
        phase: 'live',
        stream: { microphone: 'unavailable', microphoneError: { code: reason } },
      });
      // A report about another session changes nothing.
      await controller.microphoneLost('s0', 'microphone_lost');
      expect((await controller.get()).sessionId).toBe('s1');
    },
  );

  it('a restarted service worker knows the running session from storage.session', async () => {
    const { controller, deps } = setup();
    await controller.start(7);
    const restarted = createSessionController(deps);
    expect(await restarted.get()).toMatchObject({ phase: 'live', tabId: 7, sessionId: 's1' });
    expect((await restarted.toggle(7)).phase).toBe('idle');
  });

  describe('live is what the heartbeats say', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('no heartbeat for a while with the capture there: stalled, until audio flows again', async () => {
      const { controller, badges } = setup();
      await controller.start(7);
      await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS - 1_000);
      await controller.heartbeat('s1');
      await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS - 1_000);
      expect(await controller.get()).not.toHaveProperty('stalled');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await controller.get()).toMatchObject({ phase: 'live', stalled: true });
      expect(badges.get(7)).toBe('live');
      await controller.heartbeat('s1');
      expect(await controller.get()).not.toHaveProperty('stalled');
    });

    it('no heartbeat and no capture (the offscreen document died): the session ends, and says why', async () => {
      let running = true;
      const { controller } = setup({ captureRunning: async () => running });
      await controller.start(7);
      running = false;
      await vi.advanceTimersByTimeAsync(HEARTBEAT_TIMEOUT_MS);
      expect(await controller.get()).toMatchObject({
        phase: 'error',
        error: { code: 'capture_lost' },
      });
    });

    it('a restarted worker asks whether the capture it remembers still runs', async () => {
      let running = true;
      const { controller, deps } = setup({ captureRunning: async () => running });
      await controller.start(7);
      expect((await createSessionController(deps).get()).phase).toBe('live');
      running = false;
      expect(await createSessionController(deps).get()).toMatchObject({
        phase: 'error',
        error: { code: 'capture_lost' },
      });
    });
  });
});
