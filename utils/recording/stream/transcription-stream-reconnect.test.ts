import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExtensionError } from '../../errors';
import { MAX_BUFFERED_FRAMES } from './transcription-stream';
import { FRAME_SECONDS, fakeDeepgram, speech } from './transcription-stream.fakes';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

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
