import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExtensionError } from '../../errors';
import { FRAME_SAMPLES } from '../audio/pcm-format';
import type { PcmFrame } from '../audio/pcm-framer';
import { HandshakeRefused, type ListenHandlers } from './listen-connection';
import {
  createTranscriptionStream,
  FINAL_RESULTS_TIMEOUT_MS,
  KEEPALIVE_AFTER_MS,
  MAX_BUFFERED_FRAMES,
  SILENT_FRAMES_SENT,
} from './transcription-stream';

const FRAME_SECONDS = FRAME_SAMPLES / 16_000;
const speech = (value = 1000): PcmFrame => ({
  pcm: new Int16Array(FRAME_SAMPLES).fill(value),
  channels: 1,
  silent: false,
});
const silence = (): PcmFrame => ({ pcm: new Int16Array(FRAME_SAMPLES), channels: 1, silent: true });

/** A stream over a fake connection that records what it was sent. */
function setup(options: { refuse?: boolean } = {}) {
  const sent: (string | number)[] = [];
  let handlers: ListenHandlers | null = null;
  let openConnection: () => void = () => {};
  const lost: ExtensionError[] = [];
  const messages: { type: string; at: number }[] = [];
  const stream = createTranscriptionStream({
    query: { model: 'nova-3' },
    getToken: async () => 'dg-token',
    connect: (token, given) => {
      expect(token).toBe('dg-token');
      handlers = given;
      return new Promise((resolve, reject) => {
        openConnection = () =>
          options.refuse
            ? reject(new Error('Deepgram refused the connection (1006)'))
            : resolve({
                sendAudio: (pcm) => sent.push(pcm[0] ?? 0),
                sendKeepAlive: () => sent.push('KeepAlive'),
                sendFinalize: () => sent.push('Finalize'),
                sendCloseStream: () => sent.push('CloseStream'),
                close: () => sent.push('close'),
              });
      });
    },
    onMessage: (message, toSessionTime) =>
      messages.push({
        type: message.type,
        at: toSessionTime((message as { start?: number }).start ?? 0),
      }),
    onLost: (error) => lost.push(error),
    now: Date.now,
  });
  return {
    stream,
    sent,
    lost,
    messages,
    open: async () => {
      await vi.waitFor(() => expect(handlers).not.toBeNull());
      openConnection();
      await Promise.resolve();
    },
    deepgram: () => handlers as unknown as ListenHandlers,
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('transcription stream', () => {
  it('holds frames captured while connecting and sends them, in order, once open', async () => {
    const { stream, sent, open } = setup();
    const started = stream.start();
    stream.pushFrame(speech(1));
    stream.pushFrame(speech(2));
    await open();
    await started;
    stream.pushFrame(speech(3));
    expect(sent).toEqual([1, 2, 3]);
    expect(stream.stats).toMatchObject({ framesSent: 3, bytesSent: 3 * FRAME_SAMPLES * 2 });
  });

  it('after a moment of digital silence, sends Finalize, then KeepAlive instead of audio, and keeps the session clock true', async () => {
    const { stream, sent, open, deepgram, messages } = setup();
    const started = stream.start();
    await open();
    await started;
    stream.pushFrame(speech(5));
    // 10 s of a muted tab: a few frames of it (the pause that ends a sentence), then nothing
    // but KeepAlive every few seconds.
    const silentFrames = Math.round(10 / FRAME_SECONDS);
    for (let i = 0; i < silentFrames; i += 1) {
      stream.pushFrame(silence());
      vi.advanceTimersByTime(FRAME_SECONDS * 1000);
    }
    stream.pushFrame(speech(6));
    expect(sent.slice(0, SILENT_FRAMES_SENT + 2)).toEqual([
      5,
      ...Array(SILENT_FRAMES_SENT).fill(0),
      'Finalize',
    ]);
    expect(sent.filter((item) => item === 'KeepAlive').length).toBe(
      Math.floor((10_000 - SILENT_FRAMES_SENT * FRAME_SECONDS * 1000) / KEEPALIVE_AFTER_MS),
    );
    expect(sent.at(-1)).toBe(6);
    const skipped = silentFrames - SILENT_FRAMES_SENT;
    expect(stream.stats).toMatchObject({ framesSkipped: skipped, finalizes: 1 });
    // Deepgram heard 1 + 8 + 1 frames; its last frame began after the skipped silence too.
    const heardBefore = (1 + SILENT_FRAMES_SENT) * FRAME_SECONDS;
    deepgram().onMessage({ type: 'Results', start: heardBefore } as never);
    expect(messages[0]?.at).toBeCloseTo(heardBefore + skipped * FRAME_SECONDS, 6);
  });

  it('on stop, asks for the last results and waits for Deepgram to close', async () => {
    const { stream, sent, open, deepgram } = setup();
    const started = stream.start();
    await open();
    await started;
    const stopped = stream.stop();
    expect(sent).toEqual(['CloseStream']);
    expect(stream.phase).toBe('closing');
    deepgram().onClose(1000, '');
    await stopped;
    expect(stream.phase).toBe('closed');
  });

  it('stops waiting for last results after a time limit, and closes itself', async () => {
    const { stream, sent, open } = setup();
    const started = stream.start();
    await open();
    await started;
    const stopped = stream.stop();
    await vi.advanceTimersByTimeAsync(FINAL_RESULTS_TIMEOUT_MS);
    await stopped;
    expect(sent).toEqual(['CloseStream', 'close']);
  });

  it('stopped while connecting, still sends what it held before closing', async () => {
    const { stream, sent, open, deepgram } = setup();
    const started = stream.start();
    stream.pushFrame(speech(7));
    const stopped = stream.stop();
    await open();
    await started;
    await vi.waitFor(() => expect(sent).toEqual([7, 'CloseStream']));
    deepgram().onClose(1000, '');
    await stopped;
  });

  it('retries a refused first connection like a dropped one: Start goes on, the audio waits', async () => {
    const deepgram = fakeDeepgram();
    const started = deepgram.stream.start();
    deepgram.stream.pushFrame(speech(1));
    (await deepgram.connection(0)).refuse();
    await started;
    expect(deepgram.stream.phase).toBe('reconnecting');
    expect(deepgram.changes).toEqual(['reconnecting']);
    deepgram.stream.pushFrame(speech(2));
    await vi.advanceTimersByTimeAsync(200);
    const second = await deepgram.connection(1);
    second.accept();
    await vi.waitFor(() => expect(deepgram.changes).toEqual(['reconnecting', 'streaming']));
    expect(second.sent).toEqual([1, 2]);
    // The first connection that opens is not a reconnect.
    expect(deepgram.stream.stats.reconnects).toBe(0);
  });

  it('rejects Start when Deepgram will never take this request (400: the settings)', async () => {
    const deepgram = fakeDeepgram();
    const started = deepgram.stream.start();
    (await deepgram.connection(0)).refuse(400);
    await expect(started).rejects.toMatchObject({ code: 'stream_refused' });
    expect(deepgram.stream.phase).toBe('failed');
  });

  it('gives up at once on a close that a new connection would meet again (1008)', async () => {
    const { stream, open, deepgram, lost } = setup();
    const started = stream.start();
    await open();
    await started;
    deepgram().onClose(1008, 'DATA-0000');
    expect(lost).toEqual([new ExtensionError('stream_lost', '1008 DATA-0000')]);
    expect(stream.phase).toBe('failed');
  });
});

/** A fake Deepgram that takes several connections, each accepted or refused by the test. */
function fakeDeepgram(
  options: { tokens?: (asked: { refused: string | null }) => Promise<string> } = {},
) {
  let minted = 0;
  const connections: {
    token: string;
    handlers: ListenHandlers;
    sent: (string | number)[];
    accept(): void;
    /** Refuses the handshake; with a status where the client sees one (Node), else as a browser. */
    refuse(status?: number): void;
  }[] = [];
  const lost: ExtensionError[] = [];
  const changes: string[] = [];
  const waits: string[] = [];
  const gaps: { start: number; end: number }[] = [];
  const heard: { text: string; at: number }[] = [];
  const stream = createTranscriptionStream({
    query: { model: 'nova-3', keyterm: ['Tabscribe'] },
    getToken: options.tokens ?? (async () => `dg-token-${++minted}`),
    connect: (token, handlers, query) =>
      new Promise((resolve, reject) => {
        // Every connection of a stream opens with the same settings.
        expect(query).toEqual({ model: 'nova-3', keyterm: ['Tabscribe'] });
        const sent: (string | number)[] = [];
        connections.push({
          token,
          handlers,
          sent,
          accept: () =>
            resolve({
              sendAudio: (pcm) => sent.push(pcm[0] ?? 0),
              sendKeepAlive: () => sent.push('KeepAlive'),
              sendFinalize: () => sent.push('Finalize'),
              sendCloseStream: () => sent.push('CloseStream'),
              close: () => sent.push('close'),
            }),
          refuse: (status) =>
            reject(
              status === undefined
                ? new Error('Deepgram refused the connection (1006)')
                : new HandshakeRefused(status, `Deepgram refused the connection (${status})`),
            ),
        });
      }),
    onMessage: (message, toSessionTime) => {
      const result = message as unknown as {
        start: number;
        channel?: { alternatives: { transcript: string }[] };
      };
      heard.push({
        text: result.channel?.alternatives[0]?.transcript ?? '',
        at: toSessionTime(result.start),
      });
    },
    onLost: (error) => lost.push(error),
    onConnectionChange: (state, waitingFor) => {
      changes.push(state);
      if (waitingFor) waits.push(waitingFor);
    },
    onGap: (gap) => gaps.push(gap),
    reconnect: { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 4 },
    // The longest wait each time, so the test knows when each attempt comes.
    random: () => 0.999_999,
    now: Date.now,
  });
  const connection = async (index: number) => {
    await vi.waitFor(() => expect(connections.length).toBeGreaterThan(index));
    return connections[index] as (typeof connections)[number];
  };
  /** Deepgram's final result for `text`, at `start` seconds of that connection's audio. */
  const final = (index: number, text: string, start: number, duration: number) =>
    connections[index]?.handlers.onMessage({
      type: 'Results',
      is_final: true,
      start,
      duration,
      channel: { alternatives: [{ transcript: text, words: [] }] },
    } as never);
  /** Starts the stream and accepts its first connection. */
  const startOpen = async () => {
    const started = stream.start();
    (await connection(0)).accept();
    await started;
  };
  return { stream, connections, connection, startOpen, lost, changes, waits, gaps, heard, final };
}

describe('transcription stream, reconnecting', () => {
  it('reconnects with a new token and sends again what Deepgram had not finalized, then what came meanwhile', async () => {
    const deepgram = fakeDeepgram();
    await deepgram.startOpen();
    for (const value of [1, 2, 3, 4]) deepgram.stream.pushFrame(speech(value));
    // Frames 1 and 2 became final words; 3 and 4 were still being heard when the line dropped.
    deepgram.final(0, 'one two', 0, 2 * FRAME_SECONDS);
    deepgram.connections[0]?.handlers.onClose(1006, '');
    expect(deepgram.stream.phase).toBe('reconnecting');
    expect(deepgram.changes).toEqual(['reconnecting']);
    deepgram.stream.pushFrame(speech(5));

    await vi.advanceTimersByTimeAsync(100);
    const second = await deepgram.connection(1);
    expect(second.token).toBe('dg-token-2');
    second.accept();
    await vi.waitFor(() => expect(deepgram.changes).toEqual(['reconnecting', 'streaming']));
    deepgram.stream.pushFrame(speech(6));
    expect(second.sent).toEqual([3, 4, 5, 6]);
    expect(deepgram.stream.stats).toMatchObject({ reconnects: 1, framesResent: 2 });
    // The new connection's time 0 is frame 3's place in the session.
    deepgram.final(1, 'three', FRAME_SECONDS, FRAME_SECONDS);
    expect(deepgram.heard.at(-1)?.at).toBeCloseTo(3 * FRAME_SECONDS, 6);
    expect(deepgram.lost).toEqual([]);
  });

  it('backs off between refused handshakes, recovers when one is accepted, and gives up after the last', async () => {
    const deepgram = fakeDeepgram();
    await deepgram.startOpen();
    deepgram.connections[0]?.handlers.onClose(1011, 'NET-0000');
    // Attempts after up to 100, 200, 400 ms: three refusals, then the fourth is accepted.
    for (const [index, wait] of [
      [1, 100],
      [2, 200],
      [3, 400],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(deepgram.connections).toHaveLength(index);
      await vi.advanceTimersByTimeAsync(1);
      (await deepgram.connection(index)).refuse();
    }
    await vi.advanceTimersByTimeAsync(800);
    (await deepgram.connection(4)).accept();
    await vi.waitFor(() => expect(deepgram.stream.phase).toBe('open'));

    // Dropped again, and this time refused for good: four attempts, then the session ends.
    deepgram.connections[4]?.handlers.onClose(1006, '');
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await vi.advanceTimersByTimeAsync(1_000);
      (await deepgram.connection(5 + attempt)).refuse();
    }
    await vi.waitFor(() => expect(deepgram.lost).toHaveLength(1));
    expect(deepgram.lost[0]?.code).toBe('stream_refused');
    expect(deepgram.stream.phase).toBe('failed');
  });

  it('does not retry when the broker says signed out or over quota', async () => {
    let calls = 0;
    const deepgram = fakeDeepgram({
      tokens: async () => {
        calls += 1;
        if (calls === 1) return 'dg-token-1';
        throw new ExtensionError('over_quota', '2026-11-28T15:00:00.000Z');
      },
    });
    await deepgram.startOpen();
    deepgram.connections[0]?.handlers.onClose(1006, '');
    await vi.advanceTimersByTimeAsync(100);
    await vi.waitFor(() => expect(deepgram.lost).toHaveLength(1));
    expect(deepgram.lost[0]?.code).toBe('over_quota');
    expect(deepgram.connections).toHaveLength(1);
  });

  it('keeps 30 s of audio through an outage; beyond that drops the oldest and reports the gap', async () => {
    const deepgram = fakeDeepgram();
    await deepgram.startOpen();
    deepgram.connections[0]?.handlers.onClose(1006, '');
    // 40 s of speech while every attempt is refused but the last.
    const frames = Math.round(40 / FRAME_SECONDS);
    for (let index = 0; index < frames; index += 1) deepgram.stream.pushFrame(speech(index + 1));
    await vi.advanceTimersByTimeAsync(100);
    (await deepgram.connection(1)).accept();
    const second = await deepgram.connection(1);
    await vi.waitFor(() => expect(deepgram.stream.phase).toBe('open'));
    const dropped = frames - MAX_BUFFERED_FRAMES;
    expect(second.sent).toHaveLength(MAX_BUFFERED_FRAMES);
    expect(second.sent[0]).toBe(dropped + 1);
    expect(deepgram.gaps).toHaveLength(1);
    expect(deepgram.gaps[0]?.start).toBeCloseTo(0, 6);
    expect(deepgram.gaps[0]?.end).toBeCloseTo(dropped * FRAME_SECONDS, 6);
    expect(deepgram.stream.stats.framesDropped).toBe(dropped);
    // The new connection's audio starts where the kept audio does, after the gap.
    deepgram.final(1, 'kept', 0, 1);
    expect(deepgram.heard.at(-1)?.at).toBeCloseTo(dropped * FRAME_SECONDS, 6);
  });
});

describe('transcription stream, tokens', () => {
  /** A broker with one cached token that Deepgram no longer accepts, and fresh ones that it does. */
  function staleTokenBroker() {
    const asked: (string | null)[] = [];
    let cached = 'stale';
    let minted = 0;
    const tokens = async ({ refused }: { refused: string | null }) => {
      asked.push(refused);
      if (refused === cached) cached = `fresh-${++minted}`;
      return cached;
    };
    return { asked, tokens };
  }

  it('asks for a fresh token when Deepgram refuses the cached one, and streams with it', async () => {
    const broker = staleTokenBroker();
    const deepgram = fakeDeepgram({ tokens: broker.tokens });
    await deepgram.startOpen();
    deepgram.connections[0]?.handlers.onClose(1006, '');
    await vi.advanceTimersByTimeAsync(100);
    const second = await deepgram.connection(1);
    expect(second.token).toBe('stale');
    second.refuse(401);
    await vi.advanceTimersByTimeAsync(200);
    const third = await deepgram.connection(2);
    expect(third.token).toBe('fresh-1');
    third.accept();
    await vi.waitFor(() => expect(deepgram.stream.phase).toBe('open'));
    expect(broker.asked).toEqual([null, null, 'stale']);
    expect(deepgram.stream.stats.freshTokens).toBe(1);
  });

  it('mints at most once an outage: a refusal after a fresh token is not the token', async () => {
    const broker = staleTokenBroker();
    const deepgram = fakeDeepgram({ tokens: broker.tokens });
    await deepgram.startOpen();
    deepgram.connections[0]?.handlers.onClose(1006, '');
    // Every attempt refused as a browser sees it (no status): four attempts, one fresh token.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await vi.advanceTimersByTimeAsync(1_000);
      (await deepgram.connection(1 + attempt)).refuse();
    }
    await vi.waitFor(() => expect(deepgram.lost).toHaveLength(1));
    expect(broker.asked.filter((refused) => refused !== null)).toEqual(['stale']);
    expect(deepgram.connections.map((connection) => connection.token)).toEqual([
      'stale',
      'stale',
      'fresh-1',
      'fresh-1',
      'fresh-1',
    ]);
  });

  it('waits and retries while Deepgram is at capacity (429), and says so', async () => {
    const deepgram = fakeDeepgram();
    const started = deepgram.stream.start();
    (await deepgram.connection(0)).refuse(429);
    await started;
    expect(deepgram.changes).toEqual(['reconnecting']);
    expect(deepgram.waits).toEqual(['capacity']);
    for (let attempt = 1; attempt < 4; attempt += 1) {
      await vi.advanceTimersByTimeAsync(1_000);
      (await deepgram.connection(attempt)).refuse(429);
    }
    await vi.waitFor(() => expect(deepgram.lost).toHaveLength(1));
    expect(deepgram.lost[0]?.code).toBe('stream_busy');
  });
});
