import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ErrorCode, ExtensionError } from '../errors';
import type { CaptureRequest } from '../messaging/protocol';
import { openEmptyTranscriptStore } from '../saved/empty-transcript-store';
import type { TranscriptStore } from '../saved/transcript-store';
import { DEFAULT_SETTINGS } from '../settings/transcription-settings';
import { NO_ANNOTATIONS } from '../transcript/annotations';
import { finalWord } from '../transcript/fixtures/final-word';
import type { PcmFrame } from './audio/pcm-framer';
import { LEVEL_INTERVAL_MS, NOTHING_AFTER_MS, SILENCE_AFTER_MS } from './hearing';
import { createRecorder } from './recorder';
import type { RecorderDeps } from './recorder-deps';
import type { RecordingChange } from './recording-snapshot';
import { IDLE, type RecordingState } from './recording-state';
import type { ListenQuery } from './stream/listen-connection';
import { emptyStreamStats } from './stream/stream-contract';
import type { TranscriptionStreamDeps } from './stream/transcription-stream';

let store: TranscriptStore;
beforeEach(async () => {
  store = await openEmptyTranscriptStore();
});

type StreamHandlers = Pick<
  TranscriptionStreamDeps,
  'onMessage' | 'onLost' | 'onConnectionChange' | 'onGap'
>;

function setup(
  options: {
    refuseStream?: boolean;
    refuseAudio?: boolean;
    refuseMicrophone?: ErrorCode;
    microphoneEndedBecause?: ErrorCode;
    /** The tab's playback level, read by the hearing watch. */
    level?: () => number;
    /** The stream's stop waits for this (Deepgram's last results) when given. */
    finalResults?: Promise<void>;
    /** The tab's audio opens once this settles, when given. */
    audioOpens?: Promise<void>;
    /** The stream's first connection opens once this settles, when given. */
    connected?: Promise<void>;
    now?: () => number;
  } = {},
) {
  const events: string[] = [];
  const changes: RecordingChange[] = [];
  const queries: ListenQuery[] = [];
  const storesOpened: string[] = [];
  const streams: StreamHandlers[] = [];
  const captures: Parameters<RecorderDeps['openTabAudio']>[0][] = [];
  const deps: RecorderDeps = {
    openTabAudio: async (given) => {
      const { streamId, microphone } = given;
      events.push(microphone ? `audio ${streamId} + ${microphone.id}` : `audio ${streamId}`);
      await options.audioOpens;
      if (options.refuseAudio) throw new Error('Could not start audio source');
      captures.push(given);
      return {
        sampleRate: 48_000,
        playbackLevel: options.level ?? (() => 0.2),
        microphone: () =>
          microphone && { label: 'Fake mic', readyState: 'live', echoCancellation: true },
        stop: async () => {
          events.push(`audio ${streamId} stopped`);
        },
      };
    },
    openMicrophone: async () => {
      events.push('microphone opened');
      if (options.refuseMicrophone) {
        throw new ExtensionError(options.refuseMicrophone, 'NotAllowedError');
      }
      return { id: 'mic-1' } as MediaStream;
    },
    whyMicrophoneEnded: async () => options.microphoneEndedBecause ?? 'microphone_lost',
    createStream: (handlers, query) => {
      streams.push(handlers);
      queries.push(query);
      const n = streams.length;
      return {
        start: async () => {
          events.push(`stream ${n} connecting`);
          await options.connected;
          if (options.refuseStream) throw new ExtensionError('stream_refused', '503');
        },
        pushFrame: () => {},
        stop: async () => {
          events.push(`stream ${n} stopping`);
          await options.finalResults;
          events.push(`stream ${n} stopped`);
        },
        phase: 'open',
        stats: emptyStreamStats(),
      };
    },
    openStore: async (accountId) => {
      storesOpened.push(accountId);
      return store;
    },
    logError: (message, error) => {
      throw new Error(`${message}: ${error}`);
    },
    now: options.now ?? (() => 5_000),
  };
  const recorder = createRecorder(deps);
  recorder.subscribe((change) => changes.push(change));
  const latest = <T extends RecordingChange['type']>(type: T) =>
    changes.filter(
      (change): change is Extract<RecordingChange, { type: T }> => change.type === type,
    );
  return {
    recorder,
    events,
    changes,
    queries,
    storesOpened,
    /** The phases the subscribers were told, in order. */
    phases: () => latest('state').map((change) => change.state.phase),
    states: () => latest('state').map((change) => change.state),
    transcripts: () => latest('transcript'),
    levels: () => latest('level').map((change) => change.level),
    latest,
    /** The latest stream's handlers: what Deepgram's side says. */
    deepgram: () => streams[streams.length - 1] as StreamHandlers,
    /** The latest capture's callbacks: what Chrome's side says. */
    chrome: () => captures[captures.length - 1] as (typeof captures)[number],
  };
}

const request: CaptureRequest = {
  recordingId: 'r1',
  accountId: 'ada',
  tabId: 7,
  streamId: 'stream-7',
  title: 'Weekly sync',
  url: 'https://meet.example.com/abc',
  settings: { ...DEFAULT_SETTINGS, language: 'de', keyterms: ['Tabscribe', 'Q3 plan'] },
};
const withMicrophone: CaptureRequest = {
  ...request,
  settings: { ...request.settings, includeMicrophone: true },
};
const texts = (segments: { text: string }[] | undefined) => segments?.map((s) => s.text);

describe('recorder: starting', () => {
  it('opens the stream with the settings of this Start, and saves them with the transcript', async () => {
    const { recorder, queries, storesOpened } = setup();
    await recorder.start(request);
    // Among the transcripts of the account that started it.
    expect(storesOpened).toEqual(['ada']);
    expect(queries[0]).toMatchObject({
      model: 'nova-3',
      language: 'de',
      channels: '1',
      keyterm: ['Tabscribe', 'Q3 plan'],
      smart_format: 'true',
      diarize: 'false',
    });
    expect((await store.getSession('r1'))?.settings).toMatchObject({
      language: 'de',
      keyterm: 'Tabscribe, Q3 plan',
    });
  });

  it('connects while the capture starts, then is live with what it streams', async () => {
    const { recorder, events, phases } = setup();
    const live = await recorder.start(request);
    expect(events).toEqual(['stream 1 connecting', 'audio stream-7']);
    expect(live).toEqual({
      phase: 'live',
      recordingId: 'r1',
      tabId: 7,
      startedAt: 5_000,
      connection: 'streaming',
      hearing: 'sound',
      stream: { model: 'nova-3', language: 'de', microphone: 'off' },
    });
    expect(recorder.state).toBe(live);
    expect(phases()).toEqual(['starting', 'live']);
    expect(recorder.diagnostics()).toMatchObject({
      recordingId: 'r1',
      sampleRate: 48_000,
      playbackLevel: 0.2,
      microphone: null,
    });
  });

  it('with the microphone off, never opens it', async () => {
    const { recorder, events } = setup();
    await recorder.start(request);
    expect(events).not.toContain('microphone opened');
  });

  it('with the microphone included, opens it first and streams it as a second channel', async () => {
    const { recorder, events, queries } = setup();
    const live = await recorder.start(withMicrophone);
    expect(live).toMatchObject({ phase: 'live', stream: { microphone: 'included' } });
    expect(live).not.toHaveProperty('stream.microphoneError');
    expect(events).toEqual(['microphone opened', 'stream 1 connecting', 'audio stream-7 + mic-1']);
    expect(queries[0]).toMatchObject({ channels: '2', multichannel: 'true' });
    expect(recorder.diagnostics().microphone).toMatchObject({ readyState: 'live' });
    expect((await store.getSession('r1'))?.settings).toMatchObject({ channels: '2' });
  });

  it.each(['microphone_blocked', 'microphone_missing'] as const)(
    'a refused microphone (%s) leaves the tab transcribed alone, and says why',
    async (code) => {
      const { recorder, events, queries } = setup({ refuseMicrophone: code });
      const live = await recorder.start(withMicrophone);
      expect(live).toMatchObject({
        phase: 'live',
        stream: {
          microphone: 'unavailable',
          microphoneError: { code, detail: 'NotAllowedError' },
        },
      });
      expect(events).toEqual(['microphone opened', 'stream 1 connecting', 'audio stream-7']);
      expect(queries[0]).toMatchObject({ channels: '1' });
    },
  );

  it('a refused stream releases the tab’s audio: the start rejects, ends as failed, keeps nothing', async () => {
    const { recorder, events, phases } = setup({ refuseStream: true });
    await expect(recorder.start(request)).rejects.toMatchObject({
      code: 'stream_refused',
      detail: '503',
    });
    expect(events).toContain('audio stream-7 stopped');
    expect(recorder.state).toEqual({
      phase: 'ended',
      recordingId: 'r1',
      tabId: 7,
      startedAt: null,
      endedAt: 5_000,
      reason: 'failed',
      error: { code: 'stream_refused', detail: '503' },
      saved: false,
    });
    expect(phases()).toEqual(['starting', 'ended']);
    expect(recorder.diagnostics().recordingId).toBeNull();
    expect(await store.getSession('r1')).toBeNull();
    expect(await store.listSessions()).toEqual([]);
  });

  it('a capture Chrome refuses is capture_failed, with the stream closed and nothing kept', async () => {
    const { recorder, events } = setup({ refuseAudio: true });
    await expect(recorder.start(request)).rejects.toMatchObject({
      code: 'capture_failed',
      detail: 'Could not start audio source',
    });
    expect(events).toContain('stream 1 stopped');
    expect(recorder.state).toMatchObject({
      phase: 'ended',
      reason: 'failed',
      error: { code: 'capture_failed', detail: 'Could not start audio source' },
      saved: false,
    });
    expect(await store.listSessions()).toEqual([]);
  });

  it('a Start while one runs stops the first, saved, before the second opens', async () => {
    const { recorder, events, phases } = setup();
    await recorder.start(request);
    const second = await recorder.start({
      ...request,
      recordingId: 'r2',
      tabId: 8,
      streamId: 'stream-8',
    });
    expect(second).toMatchObject({ phase: 'live', recordingId: 'r2', tabId: 8 });
    expect(events).toEqual([
      'stream 1 connecting',
      'audio stream-7',
      'audio stream-7 stopped',
      'stream 1 stopping',
      'stream 1 stopped',
      'stream 2 connecting',
      'audio stream-8',
    ]);
    expect(phases()).toEqual(['starting', 'live', 'stopping', 'ended', 'starting', 'live']);
    expect((await store.getSession('r1'))?.status).toBe('complete');
    expect((await store.getSession('r2'))?.status).toBe('live');
  });

  it('a Start while the previous recording is still stopping waits for that stop to finish', async () => {
    let deliverFinalResults = () => {};
    const finalResults = new Promise<void>((resolve) => {
      deliverFinalResults = resolve;
    });
    const { recorder, events } = setup({ finalResults });
    await recorder.start(request);
    // The popup's Stop: Deepgram's last results take a moment.
    const stopping = recorder.stop('stopped');
    expect(recorder.state.phase).toBe('stopping');
    // Meanwhile the shortcut starts another tab.
    const starting = recorder.start({
      ...request,
      recordingId: 'r2',
      tabId: 8,
      streamId: 'stream-8',
    });
    // A second Stop meanwhile answers when the first is done, not with "stopping".
    const again = recorder.stop('stopped');
    deliverFinalResults();
    await expect(again).resolves.toMatchObject({ phase: 'ended', recordingId: 'r1' });
    await stopping;
    const second = await starting;
    expect(second).toMatchObject({ phase: 'live', recordingId: 'r2', tabId: 8 });
    expect(recorder.state).toBe(second);
    expect(events.indexOf('stream 1 stopped')).toBeLessThan(events.indexOf('stream 2 connecting'));
    expect((await store.getSession('r1'))?.status).toBe('complete');
  });
});

describe('recorder: live', () => {
  it('tells each change of the transcript to its subscribers, and saves each final segment', async () => {
    const { recorder, deepgram, transcripts } = setup();
    await recorder.start(request);
    deepgram().onMessage(finalWord('alpha', 1), (seconds) => seconds + 10);
    expect(transcripts()).toEqual([
      {
        type: 'transcript',
        recordingId: 'r1',
        appended: [{ index: 0, text: 'alpha', start: 11, end: 11.5, speaker: null }],
        interim: null,
      },
    ]);
    deepgram().onMessage(finalWord('bravo', 2), (seconds) => seconds + 10);
    expect(await recorder.snapshot()).toMatchObject({
      state: { phase: 'live', recordingId: 'r1' },
      transcript: { recordingId: 'r1', segments: [{ text: 'alpha' }, { text: 'bravo' }] },
    });
    await expect.poll(async () => (await store.getTranscript('r1'))?.segments.length).toBe(2);
    expect((await store.getTranscript('r1'))?.session).toMatchObject({
      title: 'Weekly sync',
      url: 'https://meet.example.com/abc',
      status: 'live',
      wordCount: 2,
    });
  });

  it('a stream that reconnects is the live state’s connection; a gap beyond the buffer is marked and saved', async () => {
    const { recorder, deepgram, states, transcripts } = setup();
    await recorder.start(request);
    deepgram().onMessage(finalWord('alpha', 1), (seconds) => seconds);
    deepgram().onConnectionChange?.('reconnecting');
    expect(recorder.state).toMatchObject({ phase: 'live', connection: 'reconnecting' });
    deepgram().onGap?.({ start: 2, end: 14.2 });
    deepgram().onConnectionChange?.('streaming');
    expect(recorder.state).toMatchObject({ phase: 'live', connection: 'streaming' });
    deepgram().onMessage(finalWord('bravo', 40), (seconds) => seconds);
    expect(
      states()
        .filter((state) => state.phase === 'live')
        .map((state) => state.phase === 'live' && state.connection),
    ).toEqual(['streaming', 'reconnecting', 'streaming']);
    const gapped = ['alpha', '[12 s not transcribed: the connection was down]', 'bravo'];
    expect(transcripts().flatMap((change) => texts(change.appended))).toEqual(gapped);
    await recorder.stop('stopped');
    expect(texts((await store.getTranscript('r1'))?.segments)).toEqual(gapped);
  });

  it.each(['microphone_lost', 'microphone_revoked'] as const)(
    'a microphone lost mid-recording (%s): still live, the state says why and the tab goes on',
    async (code) => {
      const { recorder, chrome, phases } = setup({ microphoneEndedBecause: code });
      await recorder.start(withMicrophone);
      chrome().onMicrophoneEnded();
      await vi.waitFor(() =>
        expect(recorder.state).toMatchObject({
          phase: 'live',
          stream: { microphone: 'unavailable', microphoneError: { code } },
        }),
      );
      expect(phases()).toEqual(['starting', 'live', 'live']);
      // Told once: the microphone ending again changes nothing.
      chrome().onMicrophoneEnded();
      await Promise.resolve();
      expect(phases()).toEqual(['starting', 'live', 'live']);
    },
  );
});

describe('recorder: moments and speaker names', () => {
  const frame: PcmFrame = { pcm: new Int16Array(640), channels: 1, silent: false };

  it('marks a moment at the audio captured so far, the clock the words are on, and saves it', async () => {
    const { recorder, chrome, latest } = setup();
    expect(recorder.markMoment()).toBeNull();
    await recorder.start(request);
    // 7.2 s of audio in 40 ms frames.
    for (let i = 0; i < 180; i += 1) chrome().onFrame(frame);
    expect(recorder.markMoment()).toEqual({ id: 'm1', at: 7_200, note: '' });
    expect(recorder.markMoment()).toEqual({ id: 'm2', at: 7_200, note: '' });
    expect(latest('annotations').at(-1)).toEqual({
      type: 'annotations',
      recordingId: 'r1',
      annotations: {
        moments: [
          { id: 'm1', at: 7_200, note: '' },
          { id: 'm2', at: 7_200, note: '' },
        ],
        speakerNames: {},
      },
    });
    expect((await recorder.snapshot()).transcript.annotations.moments).toHaveLength(2);
    await expect.poll(async () => (await store.getSession('r1'))?.moments?.length).toBe(2);
  });

  it('notes a moment and names a speaker, live or after the end: told to the views, and saved', async () => {
    const { recorder, latest } = setup();
    await recorder.start(request);
    recorder.markMoment();
    expect(recorder.renameSpeaker('speaker-0', 'Ada')?.speakerNames).toEqual({
      'speaker-0': 'Ada',
    });
    await recorder.stop('stopped');
    expect(recorder.markMoment()).toBeNull();
    recorder.noteMoment('m1', 'the deadline');
    expect(latest('annotations').at(-1)?.annotations).toEqual({
      moments: [{ id: 'm1', at: 0, note: 'the deadline' }],
      speakerNames: { 'speaker-0': 'Ada' },
    });
    // The same name again changes nothing, and tells nobody.
    const told = latest('annotations').length;
    recorder.renameSpeaker('speaker-0', 'Ada');
    expect(latest('annotations')).toHaveLength(told);
    await expect
      .poll(async () => (await store.getSession('r1'))?.moments?.[0]?.note)
      .toBe('the deadline');
    expect((await store.getSession('r1'))?.speakerNames).toEqual({ 'speaker-0': 'Ada' });
  });

  it('a new recording starts with no moments and no names', async () => {
    const { recorder } = setup();
    await recorder.start(request);
    recorder.markMoment();
    await recorder.start({ ...request, recordingId: 'r2' });
    expect((await recorder.snapshot()).transcript).toMatchObject({
      recordingId: 'r2',
      annotations: { moments: [], speakerNames: {} },
    });
  });
});

describe('recorder: the tab’s media time', () => {
  const frame: PcmFrame = { pcm: new Int16Array(640), channels: 1, silent: false };

  it('gives each segment the media time it was said at, across a seek and a pause', async () => {
    const { recorder, chrome, deepgram, transcripts } = setup();
    const play = (seconds: number) => {
      for (let i = 0; i < seconds * 25; i += 1) chrome().onFrame(frame);
    };
    const read = (mediaTime: number | null, paused = false) =>
      recorder.mediaReading({ at: 5_000, mediaTime, playbackRate: 1, paused });
    await recorder.start(request);
    expect(recorder.recordedTab()).toBe(7);
    deepgram().onMessage(finalWord('before', 0.5), (seconds) => seconds);
    play(2);
    read(30); // At 2 s of the recording, the video is at 0:30.
    deepgram().onMessage(finalWord('alpha', 3), (seconds) => seconds);
    play(2);
    read(100); // Seeked to 1:40 at 4 s.
    deepgram().onMessage(finalWord('bravo', 4.5), (seconds) => seconds);
    play(1);
    read(101, true); // Paused at 5 s.
    deepgram().onMessage(finalWord('charlie', 7), (seconds) => seconds);
    play(1);
    read(null); // The page went away at 6 s.
    deepgram().onMessage(finalWord('delta', 8), (seconds) => seconds);
    const said = transcripts().flatMap((change) => change.appended);
    expect(said.map((segment) => [segment.text, segment.mediaTime])).toEqual([
      ['before', undefined],
      ['alpha', 31],
      ['bravo', 100.5],
      ['charlie', 101],
      ['delta', undefined],
    ]);
    await expect
      .poll(async () => (await store.getTranscript('r1'))?.segments[1]?.mediaTime)
      .toBe(31);
    await recorder.stop('stopped');
    expect(recorder.recordedTab()).toBeNull();
  });
});

describe('recorder: ending', () => {
  it('Stop stops the audio first, then lets Deepgram finish; saved complete, the transcript stays', async () => {
    const { recorder, events, deepgram, phases } = setup();
    await recorder.start(request);
    deepgram().onMessage(finalWord('bravo', 0), (seconds) => seconds);
    const ended = await recorder.stop('stopped');
    expect(events.slice(-3)).toEqual([
      'audio stream-7 stopped',
      'stream 1 stopping',
      'stream 1 stopped',
    ]);
    expect(phases()).toEqual(['starting', 'live', 'stopping', 'ended']);
    expect(ended).toEqual({
      phase: 'ended',
      recordingId: 'r1',
      tabId: 7,
      startedAt: 5_000,
      endedAt: 5_000,
      reason: 'stopped',
      error: null,
      saved: true,
    });
    expect((await store.getSession('r1'))?.status).toBe('complete');
    // For the popup, after the end.
    expect(texts((await recorder.snapshot()).transcript.segments)).toEqual(['bravo']);
    expect(recorder.diagnostics().recordingId).toBeNull();
  });

  it('Stop with nothing recording changes nothing', async () => {
    const { recorder, changes } = setup();
    expect(await recorder.stop('stopped')).toEqual({ phase: 'idle' });
    expect(changes).toEqual([]);
  });

  it('the stream giving up ends the recording as failed, with why; saved as interrupted', async () => {
    const { recorder, deepgram, events } = setup();
    await recorder.start(request);
    deepgram().onMessage(finalWord('alpha', 0), (seconds) => seconds);
    deepgram().onLost(new ExtensionError('stream_lost', '1011'));
    expect(recorder.state).toMatchObject({
      phase: 'ended',
      reason: 'failed',
      error: { code: 'stream_lost', detail: '1011' },
      saved: true,
    });
    await expect.poll(async () => (await store.getSession('r1'))?.status).toBe('interrupted');
    expect(events).toContain('audio stream-7 stopped');
    expect(texts((await store.getTranscript('r1'))?.segments)).toEqual(['alpha']);
  });

  it('the tab’s audio ending by itself ends the recording as capture_ended, saved', async () => {
    const { recorder, chrome, events } = setup();
    await recorder.start(request);
    chrome().onEnded();
    await vi.waitFor(() =>
      expect(recorder.state).toMatchObject({
        phase: 'ended',
        reason: 'capture_ended',
        saved: true,
      }),
    );
    expect(events).toContain('stream 1 stopped');
    expect((await store.getSession('r1'))?.status).toBe('complete');
  });

  it('a recording the stream ended signed out: signing in makes it history, not an error', async () => {
    const { recorder, deepgram } = setup();
    await recorder.start(request);
    deepgram().onLost(new ExtensionError('signed_out'));
    expect(recorder.state).toMatchObject({ reason: 'failed', error: { code: 'signed_out' } });
    expect(await recorder.signedIn('ada')).toMatchObject({
      phase: 'ended',
      reason: 'signed_out',
      error: null,
      saved: true,
    });
  });

  it('signing in leaves other failures as they are', async () => {
    const { recorder, deepgram } = setup();
    await recorder.start(request);
    deepgram().onLost(new ExtensionError('stream_lost'));
    const failed = recorder.state;
    expect(await recorder.signedIn('ada')).toBe(failed);
  });

  it('another account signing in: the last recording is forgotten, nothing of it shown', async () => {
    const { recorder, deepgram, phases } = setup();
    await recorder.start(request);
    deepgram().onMessage(finalWord('alpha', 1), (seconds) => seconds);
    await recorder.stop('signed_out');
    // The premise: the ended recording's words are still there for its own account.
    expect(texts((await recorder.snapshot()).transcript.segments)).toEqual(['alpha']);

    expect(await recorder.signedIn('grace')).toEqual(IDLE);
    expect(phases().at(-1)).toBe('idle');
    expect(await recorder.snapshot()).toEqual({
      state: IDLE,
      transcript: { recordingId: null, segments: [], interim: null, annotations: NO_ANNOTATIONS },
    });
    expect(recorder.recentSnapshot().transcript.segments).toEqual([]);
    // Still saved among the first account's transcripts: only what is held and shown went.
    expect(texts((await store.getTranscript('r1'))?.segments)).toEqual(['alpha']);
  });

  it('another account signing in while a recording runs: it stops, saved, then goes', async () => {
    const { recorder, events } = setup();
    await recorder.start(request);
    expect(recorder.state.phase).toBe('live');
    expect(await recorder.signedIn('grace')).toEqual(IDLE);
    expect(events).toContain('stream 1 stopped');
    expect((await store.getSession('r1'))?.status).toBe('complete');
  });

  it('the account’s transcripts removed: its last recording goes; another’s stays', async () => {
    const { recorder, deepgram } = setup();
    await recorder.start(request);
    deepgram().onMessage(finalWord('alpha', 1), (seconds) => seconds);
    const ended = await recorder.stop('stopped');
    expect(await recorder.transcriptsRemoved('grace')).toBe(ended);
    expect(texts((await recorder.snapshot()).transcript.segments)).toEqual(['alpha']);
    expect(await recorder.transcriptsRemoved('ada')).toEqual(IDLE);
    expect((await recorder.snapshot()).transcript.segments).toEqual([]);
  });

  it('a recording begun while the last one is forgotten is kept', async () => {
    const { recorder } = setup();
    await recorder.start(request);
    await recorder.stop('stopped');
    const forgetting = recorder.signedIn('grace');
    await recorder.start({ ...request, accountId: 'grace', recordingId: 'r2' });
    await forgetting;
    expect(recorder.state).toMatchObject({ phase: 'live', recordingId: 'r2' });
  });

  it('late news of a previous recording changes nothing', async () => {
    const { recorder, deepgram } = setup();
    await recorder.start(request);
    const first = deepgram();
    await recorder.start({ ...request, recordingId: 'r2', tabId: 8, streamId: 'stream-8' });
    const live = recorder.state;
    first.onConnectionChange?.('reconnecting');
    first.onGap?.({ start: 0, end: 40 });
    first.onLost(new ExtensionError('stream_lost'));
    await Promise.resolve();
    expect(recorder.state).toBe(live);
    expect((await recorder.snapshot()).transcript).toMatchObject({
      recordingId: 'r2',
      segments: [],
    });
  });
});

describe('recorder: what it hears', () => {
  afterEach(() => vi.useRealTimers());
  // Only the watch's interval and the clock are faked: the store underneath runs on real timers.
  const fakeClock = () =>
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: 100_000 });
  const frame: PcmFrame = { pcm: new Int16Array(640), channels: 1, silent: true };

  it('a tab whose frames arrive quiet for 4 s: silence, and sound again when it plays', async () => {
    fakeClock();
    let level = 0;
    const { recorder, chrome } = setup({ level: () => level, now: () => Date.now() });
    await recorder.start(request);
    const play = (ms: number) => {
      for (let t = 0; t < ms; t += LEVEL_INTERVAL_MS) {
        chrome().onFrame(frame);
        vi.advanceTimersByTime(LEVEL_INTERVAL_MS);
      }
    };
    play(SILENCE_AFTER_MS - LEVEL_INTERVAL_MS);
    expect(recorder.state).toMatchObject({ phase: 'live', hearing: 'sound' });
    play(LEVEL_INTERVAL_MS);
    expect(recorder.state).toMatchObject({ phase: 'live', hearing: 'silence' });
    level = 0.3;
    play(LEVEL_INTERVAL_MS);
    expect(recorder.state).toMatchObject({ phase: 'live', hearing: 'sound' });
  });

  it('a capture whose frames stop arriving: nothing, and sound when they come back', async () => {
    fakeClock();
    const { recorder, chrome } = setup({ now: () => Date.now() });
    await recorder.start(request);
    // No frame arrives from the start on.
    vi.advanceTimersByTime(NOTHING_AFTER_MS - LEVEL_INTERVAL_MS);
    expect(recorder.state).toMatchObject({ phase: 'live', hearing: 'sound' });
    vi.advanceTimersByTime(LEVEL_INTERVAL_MS);
    expect(recorder.state).toMatchObject({ phase: 'live', hearing: 'nothing' });
    chrome().onFrame(frame);
    vi.advanceTimersByTime(LEVEL_INTERVAL_MS);
    expect(recorder.state).toMatchObject({ phase: 'live', hearing: 'sound' });
  });

  it('tells the playback level four times a second while live, and stops with the recording', async () => {
    fakeClock();
    const levels = [0.1, 0.4, 0.2];
    const { recorder, changes } = setup({
      level: () => levels.shift() ?? 0,
      now: () => Date.now(),
    });
    await recorder.start(request);
    vi.advanceTimersByTime(LEVEL_INTERVAL_MS * 3);
    expect(changes.filter((change) => change.type === 'level')).toEqual([
      { type: 'level', recordingId: 'r1', level: 0.1 },
      { type: 'level', recordingId: 'r1', level: 0.4 },
      { type: 'level', recordingId: 'r1', level: 0.2 },
    ]);
    await recorder.stop('stopped');
    const told = changes.length;
    vi.advanceTimersByTime(NOTHING_AFTER_MS * 2);
    expect(changes).toHaveLength(told);
  });
});

describe('recorder: subscribers', () => {
  it('an unsubscribed listener hears no more', async () => {
    const { recorder } = setup();
    const heard: RecordingState[] = [];
    const unsubscribe = recorder.subscribe((change) => {
      if (change.type === 'state') heard.push(change.state);
    });
    await recorder.start(request);
    unsubscribe();
    await recorder.stop('stopped');
    expect(heard.map((state) => state.phase)).toEqual(['starting', 'live']);
  });
});

describe('recorder: a start cut short', () => {
  const later = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

  it('Stop while the stream connects: ended, nothing kept, the audio released, the start answers with the end', async () => {
    let connect = () => {};
    const connected = new Promise<void>((resolve) => {
      connect = resolve;
    });
    const { recorder, events, phases } = setup({ connected });
    const starting = recorder.start(request);
    // The tab's audio is open; the stream still connects.
    await vi.waitFor(() => expect(recorder.diagnostics().sampleRate).toBe(48_000));
    const stopped = await recorder.stop('stopped');
    expect(stopped).toMatchObject({ phase: 'ended', reason: 'stopped', saved: false });
    expect(events).toContain('audio stream-7 stopped');
    connect();
    await expect(starting).resolves.toBe(stopped);
    expect(events).toContain('audio stream-7 stopped');
    expect(phases()).toEqual(['starting', 'stopping', 'ended']);
    expect(await store.listSessions()).toEqual([]);
  });

  it.each([
    ['the stream then opens', false],
    ['the stream is then refused', true],
  ])(
    'Stop while the tab’s audio opens (%s): the audio is released once it opens',
    async (_, refuseStream) => {
      let open = () => {};
      const audioOpens = new Promise<void>((resolve) => {
        open = resolve;
      });
      const { recorder, events } = setup({ audioOpens, refuseStream });
      const starting = recorder.start(request).catch(() => recorder.state);
      await vi.waitFor(() => expect(events).toContain('audio stream-7'));
      const stopped = await recorder.stop('stopped');
      expect(stopped).toMatchObject({ phase: 'ended', reason: 'stopped', saved: false });
      expect(events).not.toContain('audio stream-7 stopped');
      open();
      await expect(starting).resolves.toBe(stopped);
      expect(events).toContain('audio stream-7 stopped');
      expect(recorder.state).toBe(stopped);
    },
  );

  it('a stream refused before the tab’s audio opens: refused once, no stray rejection', async () => {
    const { recorder } = setup({ refuseStream: true, audioOpens: later() });
    await expect(recorder.start(request)).rejects.toMatchObject({ code: 'stream_refused' });
    expect(recorder.state).toMatchObject({ phase: 'ended', error: { code: 'stream_refused' } });
  });

  it('the stream and the capture both refused: capture_failed, no stray rejection', async () => {
    const { recorder } = setup({ refuseStream: true, refuseAudio: true, audioOpens: later() });
    await expect(recorder.start(request)).rejects.toMatchObject({ code: 'capture_failed' });
    await later();
  });
});
