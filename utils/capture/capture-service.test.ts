import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PcmFrame } from '../audio/pcm-framer';
import { ExtensionError } from '../errors';
import type { Events } from '../messaging/protocol';
import { DEFAULT_SETTINGS } from '../settings/transcription-settings';
import { openEmptyTranscriptStore } from '../storage/empty-transcript-store';
import type { TranscriptStore } from '../storage/transcript-store';
import type { ListenQuery } from '../transcription/listen-connection';
import type { TranscriptionStreamDeps } from '../transcription/transcription-stream';
import {
  type CaptureServiceDeps,
  createCaptureService,
  HEARTBEAT_INTERVAL_MS,
} from './capture-service';

let store: TranscriptStore;
beforeEach(async () => {
  store = await openEmptyTranscriptStore();
});

type StreamHandlers = Pick<
  TranscriptionStreamDeps,
  'onMessage' | 'onLost' | 'onConnectionChange' | 'onGap'
>;

function setup(
  options: { refuseStream?: boolean; refuseAudio?: boolean; refuseMicrophone?: string } = {},
) {
  const events: string[] = [];
  const deltas: Events['transcript.changed'][] = [];
  const ended: [string, unknown][] = [];
  const connection: string[] = [];
  const beats: string[] = [];
  const storesOpened: string[] = [];
  const microphoneLost: string[] = [];
  let endMicrophone: () => void = () => {};
  const queries: ListenQuery[] = [];
  let frame: (frame: PcmFrame) => void = () => {};
  let handlers: StreamHandlers | null = null;
  let endCapture: () => void = () => {};
  const deps: CaptureServiceDeps = {
    openTabAudio: async ({ streamId, microphone, onEnded, onFrame, onMicrophoneEnded }) => {
      endMicrophone = onMicrophoneEnded;
      events.push(microphone ? `audio ${streamId} + ${microphone.id}` : `audio ${streamId}`);
      frame = onFrame;
      if (options.refuseAudio) throw new Error('Could not start audio source');
      endCapture = onEnded;
      return {
        sampleRate: 48_000,
        playbackLevel: () => 0.2,
        microphone: () =>
          microphone && { label: 'Fake mic', readyState: 'live', echoCancellation: true },
        stop: async () => {
          events.push('audio stopped');
        },
      };
    },
    openMicrophone: async () => {
      events.push('microphone opened');
      if (options.refuseMicrophone) {
        throw new ExtensionError(
          options.refuseMicrophone as 'microphone_blocked',
          'NotAllowedError',
        );
      }
      return { id: 'mic-1' } as MediaStream;
    },
    createStream: (given, query) => {
      handlers = given;
      queries.push(query);
      return {
        start: async () => {
          events.push('stream connecting');
          if (options.refuseStream) throw new ExtensionError('stream_refused');
        },
        pushFrame: () => {},
        stop: async () => {
          events.push('stream stopped');
        },
        phase: 'open',
        stats: {
          framesSent: 0,
          bytesSent: 0,
          framesSkipped: 0,
          keepAlives: 0,
          finalizes: 0,
          reconnects: 0,
          framesResent: 0,
          framesDropped: 0,
          lastOutageBackoffMs: 0,
          freshTokens: 0,
        },
      };
    },
    publish: (event, payload) => {
      if (event === 'transcript.changed') deltas.push(payload as Events['transcript.changed']);
    },
    reportEnded: (sessionId, error) => ended.push([sessionId, error]),
    reportConnection: (sessionId, state) => connection.push(`${sessionId} ${state}`),
    reportHeartbeat: (sessionId) => beats.push(sessionId),
    reportMicrophoneLost: (sessionId) => microphoneLost.push(sessionId),
    openStore: async (accountId) => {
      storesOpened.push(accountId);
      return store;
    },
    logError: (message, error) => {
      throw new Error(`${message}: ${error}`);
    },
    now: () => 5_000,
  };
  return {
    service: createCaptureService(deps),
    events,
    deltas,
    ended,
    connection,
    beats,
    queries,
    frame: (pcm: PcmFrame) => frame(pcm),
    deepgram: () => handlers as StreamHandlers,
    endCapture: () => endCapture(),
    endMicrophone: () => endMicrophone(),
    microphoneLost,
    storesOpened,
  };
}

const start = {
  sessionId: 's1',
  accountId: 'ada',
  tabId: 7,
  streamId: 'stream-7',
  title: 'Weekly sync',
  url: 'https://meet.example.com/abc',
  settings: { ...DEFAULT_SETTINGS, language: 'de', keyterms: ['Tabscribe', 'Q3 plan'] },
};
const finalWord = (word: string, at: number) => ({
  type: 'Results',
  start: at,
  duration: 0.5,
  is_final: true,
  channel: { alternatives: [{ transcript: word, words: [{ word, start: at, end: at + 0.5 }] }] },
});

describe('capture service (offscreen)', () => {
  it('opens the stream with the settings of this Start, and saves them with the session', async () => {
    const { service, queries, storesOpened } = setup();
    await service.start(start);
    // Among the transcripts of the account that started it.
    expect(storesOpened).toEqual(['ada']);
    expect(queries[0]).toMatchObject({
      model: 'nova-3',
      language: 'de',
      keyterm: ['Tabscribe', 'Q3 plan'],
      smart_format: 'true',
      diarize: 'false',
    });
    expect((await store.getSession('s1'))?.settings).toMatchObject({
      language: 'de',
      keyterm: 'Tabscribe, Q3 plan',
    });
  });

  it('with the microphone included, opens it first and streams it as a second channel', async () => {
    const { service, events, queries } = setup();
    const withMicrophone = { ...start, settings: { ...start.settings, includeMicrophone: true } };
    await expect(service.start(withMicrophone)).resolves.toEqual({
      startedAt: 5_000,
      microphone: 'included',
    });
    expect(events).toEqual(['microphone opened', 'stream connecting', 'audio stream-7 + mic-1']);
    expect(queries[0]).toMatchObject({ channels: '2', multichannel: 'true' });
    expect(service.status().microphone).toMatchObject({ readyState: 'live' });
    expect((await store.getSession('s1'))?.settings).toMatchObject({ channels: '2' });
  });

  it('a microphone that stops mid-session is reported once; the tab goes on', async () => {
    const { service, endMicrophone, microphoneLost, ended } = setup();
    await service.start({ ...start, settings: { ...start.settings, includeMicrophone: true } });
    endMicrophone();
    expect(microphoneLost).toEqual(['s1']);
    expect(ended).toEqual([]);
    expect(service.status().sessionId).toBe('s1');
    await service.stop('s1');
    endMicrophone();
    expect(microphoneLost).toEqual(['s1']);
  });

  it('with the microphone off, never opens it', async () => {
    const { service, events, queries } = setup();
    await service.start(start);
    expect(events).not.toContain('microphone opened');
    expect(queries[0]).toMatchObject({ channels: '1' });
    expect(service.status().microphone).toBeNull();
  });

  it('a refused microphone leaves the tab transcribed alone, and says why', async () => {
    const { service, events, queries } = setup({ refuseMicrophone: 'microphone_blocked' });
    const withMicrophone = { ...start, settings: { ...start.settings, includeMicrophone: true } };
    await expect(service.start(withMicrophone)).resolves.toEqual({
      startedAt: 5_000,
      microphone: 'unavailable',
      microphoneError: { code: 'microphone_blocked', detail: 'NotAllowedError' },
    });
    expect(events).toEqual(['microphone opened', 'stream connecting', 'audio stream-7']);
    expect(queries[0]).toMatchObject({ channels: '1' });
  });

  it('tells the background when the stream reconnects; a gap beyond the buffer is marked and saved', async () => {
    const { service, deepgram, connection, deltas } = setup();
    await service.start(start);
    deepgram().onMessage(finalWord('alpha', 1), (seconds) => seconds);
    deepgram().onConnectionChange?.('reconnecting');
    deepgram().onGap?.({ start: 2, end: 14.2 });
    deepgram().onConnectionChange?.('streaming');
    deepgram().onMessage(finalWord('bravo', 40), (seconds) => seconds);
    expect(connection).toEqual(['s1 reconnecting', 's1 streaming']);
    expect(deltas.flatMap((delta) => delta.appended.map((segment) => segment.text))).toEqual([
      'alpha',
      '[12 s not transcribed: the connection was down]',
      'bravo',
    ]);
    await service.stop('s1');
    expect((await store.getTranscript('s1'))?.segments.map((segment) => segment.text)).toEqual([
      'alpha',
      '[12 s not transcribed: the connection was down]',
      'bravo',
    ]);
  });

  it('connects to Deepgram while the capture starts, and publishes each change of the transcript', async () => {
    const { service, events, deltas, deepgram } = setup();
    await expect(service.start(start)).resolves.toEqual({ startedAt: 5_000, microphone: 'off' });
    expect(events).toEqual(['stream connecting', 'audio stream-7']);
    deepgram().onMessage(finalWord('alpha', 1), (seconds) => seconds + 10);
    expect(deltas).toEqual([
      {
        sessionId: 's1',
        tabId: 7,
        appended: [{ index: 0, text: 'alpha', start: 11, end: 11.5, speaker: null }],
        interim: null,
      },
    ]);
    expect(service.transcript()).toMatchObject({
      sessionId: 's1',
      tabId: 7,
      segments: [{ text: 'alpha' }],
    });
  });

  it('a refused stream releases the tab’s audio and says why', async () => {
    const { service, events } = setup({ refuseStream: true });
    await expect(service.start(start)).rejects.toMatchObject({ code: 'stream_refused' });
    expect(events).toContain('audio stopped');
    expect(service.status().sessionId).toBeNull();
  });

  it('a capture Chrome refuses is capture_failed, with the stream closed', async () => {
    const { service, events } = setup({ refuseAudio: true });
    await expect(service.start(start)).rejects.toMatchObject({
      code: 'capture_failed',
      detail: 'Could not start audio source',
    });
    expect(events).toContain('stream stopped');
  });

  it('stops the audio first, then lets Deepgram finish; keeps the transcript for the popup', async () => {
    const { service, events, deepgram } = setup();
    await service.start(start);
    deepgram().onMessage(finalWord('bravo', 0), (seconds) => seconds);
    await service.stop('s1');
    expect(events.slice(-2)).toEqual(['audio stopped', 'stream stopped']);
    expect(service.transcript().segments.map((segment) => segment.text)).toEqual(['bravo']);
  });

  it('saves the session and each final segment as it arrives; Stop marks it complete', async () => {
    const { service, deepgram } = setup();
    await service.start(start);
    deepgram().onMessage(finalWord('alpha', 0), (seconds) => seconds);
    deepgram().onMessage(finalWord('bravo', 1), (seconds) => seconds);
    await expect.poll(async () => (await store.getTranscript('s1'))?.segments.length).toBe(2);
    expect((await store.getTranscript('s1'))?.session).toMatchObject({
      title: 'Weekly sync',
      url: 'https://meet.example.com/abc',
      status: 'live',
      wordCount: 2,
    });
    await service.stop('s1');
    expect((await store.getTranscript('s1'))?.session.status).toBe('complete');
  });

  it('a session that never started is not kept', async () => {
    const { service } = setup({ refuseStream: true });
    await expect(service.start(start)).rejects.toMatchObject({ code: 'stream_refused' });
    expect(await store.listSessions()).toEqual([]);
  });

  it('tells the background once when the capture or the stream ends by itself', async () => {
    const { service, ended, endCapture, deepgram } = setup();
    await service.start(start);
    endCapture();
    deepgram().onLost(new ExtensionError('stream_lost'));
    expect(ended).toEqual([['s1', null]]);
    await expect
      .poll(async () => (await store.getTranscript('s1'))?.session.status)
      .toBe('complete');
  });

  describe('heartbeat', () => {
    afterEach(() => vi.useRealTimers());

    it('beats every 2 s while audio arrives from the tab, and not when it does not', async () => {
      // Only the heartbeat's interval is faked: the store underneath runs on real timers.
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const { service, beats, frame } = setup();
      await service.start(start);
      const audio: PcmFrame = { pcm: new Int16Array(640), channels: 1, silent: false };
      frame(audio);
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
      expect(beats).toEqual(['s1']);
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 2);
      expect(beats).toEqual(['s1']);
      frame(audio);
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
      expect(beats).toEqual(['s1', 's1']);
      await service.stop('s1');
      frame(audio);
      vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
      expect(beats).toHaveLength(2);
    });
  });
});
