import { describe, expect, it } from 'vitest';
import { ExtensionError } from '../errors';
import type { CaptureRequest } from '../messaging/protocol';
import { DEFAULT_SETTINGS } from '../settings/transcription-settings';
import { type ActionApi, createBadge } from './badge';
import { createRecordingStarter, type RecordingStarterDeps } from './recording-starter';
import { IDLE, isRunning, type RecordingState } from './recording-state';

/** A promise the test settles when it chooses. */
function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** `browser.action`, keeping each tab's badge text. */
function fakeAction() {
  const texts = new Map<number, string>();
  const titles = new Map<number, string>();
  const action: ActionApi = {
    setBadgeText: async ({ tabId, text }) => {
      texts.set(tabId, text);
    },
    setBadgeBackgroundColor: async () => {},
    setTitle: async ({ tabId, title }) => {
      titles.set(tabId, title);
    },
  };
  return { action, texts, titles };
}

const live = (recordingId: string, tabId: number): RecordingState => ({
  phase: 'live',
  recordingId,
  tabId,
  startedAt: 1_000,
  connection: 'streaming',
  hearing: 'sound',
  stream: { model: 'nova-3', language: 'fr', microphone: 'off' },
});

function setup(overrides: Partial<RecordingStarterDeps> = {}) {
  const calls: string[] = [];
  const requests: CaptureRequest[] = [];
  const { action, texts, titles } = fakeAction();
  const badge = createBadge(action);
  let documentExists = false;
  // The owner in the offscreen document: one recording at a time; a start stops the one before.
  let state: RecordingState = IDLE;
  let ids = 0;
  const probed: number[] = [];
  const owner: RecordingStarterDeps['owner'] = {
    start: async (request) => {
      calls.push(`owner start ${request.recordingId} tab ${request.tabId} ${request.streamId}`);
      requests.push(request);
      state = live(request.recordingId, request.tabId);
      return state;
    },
    stop: async (reason) => {
      calls.push(`owner stop ${reason}`);
      if (isRunning(state)) {
        state = {
          phase: 'ended',
          recordingId: state.recordingId,
          tabId: state.tabId,
          startedAt: 1_000,
          endedAt: 2_000,
          reason,
          error: null,
          saved: true,
        };
      }
      return state;
    },
    get: async () => {
      calls.push('owner asked');
      return state;
    },
    transcriptsRemoved: async (accountId) => {
      calls.push(`owner forgets ${accountId}`);
      if (state.phase === 'ended') state = IDLE;
      return state;
    },
  };
  const deps: RecordingStarterDeps = {
    ensureToken: async () => {
      calls.push('token');
    },
    accountId: async () => 'ada',
    getStreamId: async (tabId) => {
      calls.push(`stream id ${tabId}`);
      return `stream-${tabId}`;
    },
    describeTab: async (tabId) => ({ title: `Tab ${tabId}`, url: `https://example.com/${tabId}` }),
    loadSettings: async () => ({ ...DEFAULT_SETTINGS, language: 'fr' }),
    ensureOwner: async () => {
      calls.push('owner document');
      documentExists = true;
    },
    ownerExists: async () => documentExists,
    owner,
    badge,
    newId: () => {
      ids += 1;
      return `r${ids}`;
    },
    probeMedia: async (tabId) => {
      probed.push(tabId);
    },
    ...overrides,
  };
  return {
    starter: createRecordingStarter(deps),
    probed,
    calls,
    requests,
    badge,
    texts,
    titles,
    owner,
    setOwnerState: (next: RecordingState) => {
      state = next;
    },
  };
}

describe('recording starter (worker)', () => {
  it('puts the media probe into a tab once its recording is live, not into a refused one', async () => {
    const { starter, probed } = setup();
    await starter.start(7);
    expect(probed).toEqual([7]);
    const refused = setup({
      getStreamId: async () => {
        throw new Error('Chrome pages cannot be captured');
      },
    });
    await expect(refused.starter.start(8)).rejects.toMatchObject({ code: 'uncapturable' });
    expect(refused.probed).toEqual([]);
    // A probe refused (a page it cannot enter) leaves the recording as it is.
    const blocked = setup({ probeMedia: async () => Promise.reject(new Error('Cannot access')) });
    await expect(blocked.starter.start(9)).resolves.toMatchObject({ phase: 'live' });
  });

  it('asks for the token and the stream id together, then hands the start to the owner', async () => {
    const { starter, calls, requests } = setup();
    await expect(starter.start(7)).resolves.toMatchObject({
      phase: 'live',
      recordingId: 'r1',
      tabId: 7,
    });
    const steps = calls.filter((call) => call !== 'owner document');
    expect(steps.slice(0, 2).sort()).toEqual(['stream id 7', 'token']);
    expect(steps.slice(2)).toEqual(['owner start r1 tab 7 stream-7']);
    // Everything the owner needs to record and save: the account, the tab, this Start's settings.
    expect(requests).toEqual([
      {
        recordingId: 'r1',
        accountId: 'ada',
        tabId: 7,
        streamId: 'stream-7',
        title: 'Tab 7',
        url: 'https://example.com/7',
        settings: { ...DEFAULT_SETTINGS, language: 'fr' },
      },
    ]);
  });

  it('a tab Chrome will not describe is still recorded, untitled', async () => {
    const { starter, requests } = setup({
      describeTab: async () => {
        throw new Error('No tab with id: 7.');
      },
    });
    await starter.start(7);
    expect(requests[0]).toMatchObject({ title: '', url: '' });
  });

  it.each([
    [
      // Checked beside the stream id (which alone captures nothing): no capture starts.
      'the token',
      {
        ensureToken: async () => {
          throw new ExtensionError('signed_out');
        },
      },
      ['stream id 7'],
    ],
    [
      // Checked first: Chrome is not even asked for a stream id.
      'the account',
      {
        accountId: async () => {
          throw new ExtensionError('signed_out');
        },
      },
      [],
    ],
  ] satisfies [string, Partial<RecordingStarterDeps>, string[]][])(
    'signed out (%s says so): refused with signed_out, no capture, and the tab shows "!"',
    async (_, signedOut, asked) => {
      const { starter, calls, texts, titles, badge } = setup(signedOut);
      const refused = starter.start(7);
      await expect(refused).rejects.toBeInstanceOf(ExtensionError);
      await expect(refused).rejects.toMatchObject({ code: 'signed_out' });
      expect(
        calls.filter((call) => call.startsWith('owner start') || call.startsWith('stream id')),
      ).toEqual(asked);
      expect(texts.get(7)).toBe('!');
      expect(titles.get(7)).toContain('You’re signed out');
      expect(badge.refusalOn(7)).toMatchObject({ code: 'signed_out' });
      expect(badge.refusalOn(8)).toBeNull();
    },
  );

  it.each([
    [
      'Extension has not been invoked for the current page (see activeTab permission). Chrome pages cannot be captured.',
      'uncapturable',
    ],
    ['No tab with id: 7.', 'no_tab'],
    ['Cannot capture a tab with an active stream.', 'capture_failed'],
  ] as const)(
    'Chrome refusing the capture (%s) is %s, on the tab’s badge too',
    async (message, code) => {
      const { starter, calls, texts, badge } = setup({
        getStreamId: async () => {
          throw new Error(message);
        },
      });
      await expect(starter.start(7)).rejects.toMatchObject({ code, detail: message });
      expect(calls.some((call) => call.startsWith('owner start'))).toBe(false);
      expect(texts.get(7)).toBe('!');
      expect(badge.refusalOn(7)?.code).toBe(code);
    },
  );

  it('creates the owner’s document while the checks run, and starts only once it exists', async () => {
    const token = deferred();
    const document = deferred();
    const calls: string[] = [];
    const { starter, calls: all } = setup({
      ensureToken: () => token.promise,
      ensureOwner: () => {
        calls.push('owner document');
        return document.promise;
      },
    });
    const starting = starter.start(7);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The token is not there yet, and the document is already being created.
    expect(calls).toEqual(['owner document']);
    token.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(all.some((call) => call.startsWith('owner start'))).toBe(false);
    document.resolve();
    await expect(starting).resolves.toMatchObject({ phase: 'live', tabId: 7 });
  });

  it('a document that cannot be created refuses the start, and says so on the tab', async () => {
    const { starter, texts } = setup({
      ensureOwner: async () => {
        throw new Error('Only a single offscreen document may be created.');
      },
    });
    await expect(starter.start(7)).rejects.toThrow('single offscreen document');
    expect(texts.get(7)).toBe('!');
  });

  it('an owner start that fails resolves with the owner’s state, which says why', async () => {
    const failed: RecordingState = {
      phase: 'ended',
      recordingId: 'r1',
      tabId: 7,
      startedAt: null,
      endedAt: 1_000,
      reason: 'failed',
      error: { code: 'stream_refused' },
      saved: false,
    };
    const context = setup();
    context.owner.start = async () => {
      context.setOwnerState(failed);
      throw new ExtensionError('stream_refused');
    };
    await expect(context.starter.start(7)).resolves.toEqual(failed);
    // The owner's own news: the worker marks no refusal of its own.
    expect(context.badge.refusalOn(7)).toBeNull();
  });

  it('a Start on the tab already recorded changes nothing', async () => {
    const { starter, calls } = setup();
    const first = await starter.start(7);
    calls.length = 0;
    await expect(starter.start(7)).resolves.toBe(first);
    expect(calls).toEqual(['owner asked']);
  });

  it('the shortcut toggles: start on a tab, stop on the same tab, start again; the owner asked once each', async () => {
    const { starter, calls } = setup();
    expect(await starter.toggle(7)).toMatchObject({ phase: 'live', recordingId: 'r1', tabId: 7 });
    expect(await starter.toggle(7)).toMatchObject({ phase: 'ended', reason: 'stopped' });
    expect(await starter.toggle(7)).toMatchObject({ phase: 'live', recordingId: 'r2' });
    // No document yet: the first toggle asks nobody; each later one asks the owner once.
    expect(calls.filter((call) => call.startsWith('owner'))).toEqual([
      'owner document',
      'owner start r1 tab 7 stream-7',
      'owner asked',
      'owner stop stopped',
      'owner asked',
      'owner document',
      'owner start r2 tab 7 stream-7',
    ]);
  });

  it('the shortcut on another tab starts there: the owner stops the first itself', async () => {
    const { starter, calls } = setup();
    await starter.toggle(7);
    expect(await starter.toggle(8)).toMatchObject({ phase: 'live', recordingId: 'r2', tabId: 8 });
    expect(calls).not.toContain('owner stop stopped');
    expect(calls).toContain('owner start r2 tab 8 stream-8');
  });

  it('two presses in a row run one after the other, not interleaved', async () => {
    const { starter, calls } = setup();
    const [first, second] = await Promise.all([starter.toggle(7), starter.toggle(7)]);
    expect([first.phase, second.phase]).toEqual(['live', 'ended']);
    expect(calls.filter((call) => call.startsWith('owner s'))).toEqual([
      'owner start r1 tab 7 stream-7',
      'owner stop stopped',
    ]);
  });

  it('a refused press does not hold up the next one', async () => {
    let tokens = 0;
    const { starter } = setup({
      // Signed in just after the first press.
      ensureToken: async () => {
        tokens += 1;
        if (tokens === 1) throw new ExtensionError('signed_out');
      },
    });
    const refused = starter.toggle(7);
    const second = starter.toggle(7);
    await expect(refused).rejects.toMatchObject({ code: 'signed_out' });
    await expect(second).resolves.toMatchObject({ phase: 'live' });
  });

  it('closing a tab stops the recording only when it is that tab’s', async () => {
    const { starter, calls } = setup();
    await starter.start(7);
    expect(await starter.tabClosed(8)).toMatchObject({ phase: 'live', tabId: 7 });
    expect(calls).not.toContain('owner stop tab_closed');
    expect(await starter.tabClosed(7)).toMatchObject({ phase: 'ended', reason: 'tab_closed' });
    expect(calls).toContain('owner stop tab_closed');
  });

  it('with no owner document, nothing is recording: stop, tabClosed and transcriptsRemoved ask nobody', async () => {
    const { starter, calls } = setup();
    expect(await starter.stop()).toEqual(IDLE);
    expect(await starter.tabClosed(7)).toEqual(IDLE);
    expect(await starter.transcriptsRemoved('ada')).toEqual(IDLE);
    expect(calls).toEqual([]);
  });

  it('an account’s transcripts removed: the owner is told, after the stop asked before it', async () => {
    const { starter, calls } = setup();
    await starter.start(7);
    const stopping = starter.stop('signed_out');
    const forgotten = await starter.transcriptsRemoved('ada');
    await stopping;
    expect(forgotten).toEqual(IDLE);
    expect(calls.slice(-2)).toEqual(['owner stop signed_out', 'owner forgets ada']);
  });

  it('forgetting refusals clears the "!"; so does the next start', async () => {
    let signedIn = false;
    const { starter, badge, texts } = setup({
      ensureToken: async () => {
        if (!signedIn) throw new ExtensionError('signed_out');
      },
    });
    await expect(starter.start(7)).rejects.toMatchObject({ code: 'signed_out' });
    await expect(starter.start(8)).rejects.toMatchObject({ code: 'signed_out' });
    expect(texts.get(8)).toBe('!');
    // A new start forgets the refusals of earlier ones.
    expect(texts.get(7)).toBe('');
    await badge.forgetRefusals();
    expect(texts.get(8)).toBe('');
    expect(badge.refusalOn(8)).toBeNull();

    await expect(starter.start(7)).rejects.toMatchObject({ code: 'signed_out' });
    signedIn = true;
    await starter.start(9);
    expect(texts.get(7)).toBe('');
    expect(badge.refusalOn(7)).toBeNull();
  });
});
