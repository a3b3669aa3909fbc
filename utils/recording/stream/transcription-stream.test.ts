import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExtensionError } from '../../errors';
import { FRAME_SAMPLES } from '../audio/pcm-format';
import type { ListenHandlers } from './listen-connection';
import {
  createTranscriptionStream,
  FINAL_RESULTS_TIMEOUT_MS,
  KEEPALIVE_AFTER_MS,
  SILENT_FRAMES_SENT,
} from './transcription-stream';
import { FRAME_SECONDS, fakeDeepgram, silence, speech } from './transcription-stream.fakes';

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
    onMessage: (message, toRecordingTime) =>
      messages.push({
        type: message.type,
        at: toRecordingTime((message as { start?: number }).start ?? 0),
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

  it('after a moment of digital silence, sends Finalize, then KeepAlive instead of audio, and keeps the recording clock true', async () => {
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
