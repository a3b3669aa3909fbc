import { DeepgramClient } from '@deepgram/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeError } from '../../utils/error-sentences';
import type { ExtensionError } from '../../utils/errors';
import {
  connectWithSdk,
  HandshakeRefused,
  handshakeStatus,
} from '../../utils/recording/stream/listen-connection';
import { createTranscriptionStream } from '../../utils/recording/stream/transcription-stream';
import { type DeepgramStandIn, startDeepgramStandIn } from '../stand-ins/deepgram/server';
import { synthesizeToneSequence, type ToneWord } from '../stand-ins/deepgram/tone-words';

// The Deepgram stand-in's live-listen WebSocket, driven by the real @deepgram/sdk (in Node it
// authenticates with an Authorization header; in the browser with the `bearer` subprotocol,
// which the end-to-end tests cover).
const API_KEY = 'dg-listen-master-key';
const RATE = 16_000;
let standIn: DeepgramStandIn;

beforeAll(async () => {
  standIn = await startDeepgramStandIn({
    apiKey: API_KEY,
    tokenSecret: 'listen-secret',
    idleTimeoutMs: 400,
  });
});
afterAll(() => standIn?.close());

async function grant(ttlSeconds = 60): Promise<string> {
  const response = await fetch(`${standIn.url}/v1/auth/grant`, {
    method: 'POST',
    headers: { Authorization: `Token ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ttl_seconds: ttlSeconds }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function connect(accessToken: string, format: Record<string, string | number> = {}) {
  const client = new DeepgramClient({ accessToken, baseUrl: standIn.url.replace('http', 'ws') });
  const socket = await client.listen.v1.connect({
    model: 'nova-3',
    encoding: 'linear16',
    sample_rate: RATE,
    channels: 1,
    ...format,
    interim_results: 'true',
    smart_format: 'true',
    utterance_end_ms: '1000',
    vad_events: 'true',
    Authorization: `Bearer ${accessToken}`,
    reconnectAttempts: 0,
  });
  const messages: {
    type: string;
    is_final?: boolean;
    transcript?: string;
    channel_index?: number[];
  }[] = [];
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (event) => resolve(event.code)),
  );
  let opened = false;
  socket.on('open', () => {
    opened = true;
  });
  const failed = new Promise<Error>((resolve) => socket.on('error', resolve));
  socket.on('message', (message) => {
    messages.push({
      type: message.type,
      ...(message.type === 'Results'
        ? {
            is_final: message.is_final ?? false,
            transcript: message.channel.alternatives[0]?.transcript ?? '',
            channel_index: message.channel_index,
          }
        : {}),
    });
  });
  socket.connect();
  return { socket, messages, closed, failed, opened: () => opened };
}

function pcm16(samples: Float32Array): Buffer {
  const buffer = Buffer.alloc(samples.length * 2);
  for (const [index, sample] of samples.entries()) {
    buffer.writeInt16LE(Math.round(sample * 32767), index * 2);
  }
  return buffer;
}

describe('the Deepgram stand-in’s live stream, through @deepgram/sdk', () => {
  it('hears tone-words: interim results while each sounds, a final one when it ends', async () => {
    const { socket, messages, closed } = await connect(await grant());
    await socket.waitForOpen();
    const words: ToneWord[] = ['bravo', 'delta', 'alpha'];
    const audio = pcm16(synthesizeToneSequence({ words, toneMs: 300, gapMs: 200 }, RATE));
    const frame = (RATE / 1000) * 50 * 2; // 50 ms of PCM16
    for (let offset = 0; offset < audio.length; offset += frame) {
      socket.sendMedia(audio.subarray(offset, offset + frame));
    }
    socket.sendCloseStream({ type: 'CloseStream' });
    expect(await closed).toBe(1000);
    const finals = messages.filter((m) => m.type === 'Results' && m.is_final);
    expect(finals.map((m) => m.transcript)).toEqual(words);
    const firstFinal = messages.findIndex((m) => m.is_final);
    expect(messages.slice(0, firstFinal).some((m) => m.is_final === false)).toBe(true);
    expect(messages.some((m) => m.type === 'SpeechStarted')).toBe(true);
    expect(messages.at(-1)?.type).toBe('Metadata');

    await expect.poll(() => standIn.listenRecords().at(-1)?.closeCode).toBe(1000);
    const record = standIn.listenRecords().at(-1);
    expect(record).toMatchObject({
      sampleRate: RATE,
      channels: 1,
      audioBytes: audio.length,
      words,
    });
    expect(record?.params.model).toBe('nova-3');
    expect(record?.closeStreamAt).not.toBeNull();
    // Each tone's onset, named with its word, its first result sent no earlier than it arrived.
    expect(record?.onsets.map((onset) => onset.word)).toEqual(words);
    for (const onset of record?.onsets ?? []) {
      expect(onset.resultAt).toBeGreaterThanOrEqual(onset.arrivedAt);
      expect(onset.frameFillMs).toBeLessThanOrEqual(50);
    }
  });

  it('with multichannel, hears each channel apart and says which one each result is about', async () => {
    const { socket, messages, closed } = await connect(await grant(), {
      channels: 2,
      multichannel: 'true',
    });
    await socket.waitForOpen();
    // The tab says two words while the microphone says one, at the same time.
    const tab = synthesizeToneSequence(
      { words: ['alpha', 'bravo'], toneMs: 300, gapMs: 200 },
      RATE,
    );
    const microphone = synthesizeToneSequence({ words: ['golf'], toneMs: 500, gapMs: 300 }, RATE);
    const interleaved = new Float32Array(Math.max(tab.length, microphone.length) * 2);
    for (let i = 0; i < interleaved.length / 2; i += 1) {
      interleaved[2 * i] = tab[i] ?? 0;
      interleaved[2 * i + 1] = microphone[i] ?? 0;
    }
    const audio = pcm16(interleaved);
    const frame = (RATE / 1000) * 40 * 2 * 2; // 40 ms of two-channel PCM16
    for (let offset = 0; offset < audio.length; offset += frame) {
      socket.sendMedia(audio.subarray(offset, offset + frame));
    }
    socket.sendCloseStream({ type: 'CloseStream' });
    expect(await closed).toBe(1000);
    const finals = messages.filter((m) => m.type === 'Results' && m.is_final);
    expect(finals.map((m) => [m.channel_index, m.transcript])).toEqual([
      [[0, 2], 'alpha'],
      [[1, 2], 'golf'],
      [[0, 2], 'bravo'],
    ]);
    await expect.poll(() => standIn.listenRecords().at(-1)?.closeCode).toBe(1000);
    expect(standIn.listenRecords().at(-1)).toMatchObject({
      channels: 2,
      channelWords: [['alpha', 'bravo'], ['golf']],
    });
  });

  it('refuses the handshake for an expired token or a key it does not know', async () => {
    const expired = await grant(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (const token of [expired, 'not-a-token']) {
      const before = standIn.listenRecords().length;
      const { failed, opened } = await connect(token);
      expect((await failed).message).toMatch(/401/);
      expect(opened()).toBe(false);
      expect(standIn.listenRecords().length).toBe(before);
    }
  });

  it('closes with 1011 a stream that gets neither audio nor KeepAlive for the idle timeout', async () => {
    const { socket, closed } = await connect(await grant());
    await socket.waitForOpen();
    // KeepAlive holds it open past the timeout…
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.sendKeepAlive({ type: 'KeepAlive' });
    }
    expect(standIn.listenRecords().at(-1)?.closedAt).toBeNull();
    // …and silence from the client ends it.
    expect(await closed).toBe(1011);
    expect(standIn.listenRecords().at(-1)?.keepAlives).toBe(4);
  });
});

describe('the extension’s connector and stream against the stand-in', () => {
  const listenUrl = () => `${standIn.url.replace('http', 'ws')}/v1/listen`;

  it('sees the HTTP status of a refused handshake (401 for a token Deepgram does not accept)', async () => {
    const refusal = await connectWithSdk(listenUrl())(
      'not-a-token',
      { onMessage: () => undefined, onClose: () => undefined },
      { model: 'nova-3', encoding: 'linear16', sample_rate: '16000' },
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(HandshakeRefused);
    expect(handshakeStatus(refusal)).toBe(401);
  });

  it('connects with the token as the `bearer` subprotocol, a list as a repeated parameter', async () => {
    // The listen-only client is not DeepgramClient, which does these translations itself.
    const messages: string[] = [];
    const closes: number[] = [];
    const connection = await connectWithSdk(listenUrl())(
      await grant(),
      {
        onMessage: (message) => messages.push(message.type),
        onClose: (code) => closes.push(code),
      },
      {
        model: 'nova-3',
        encoding: 'linear16',
        sample_rate: '16000',
        keyterm: ['Tabscribe', 'Deepgram'],
      },
    );
    const record = standIn.listenRecords().at(-1);
    expect(record?.protocol).toBe('bearer');
    expect(record?.keyterms).toEqual(['Tabscribe', 'Deepgram']);
    expect(record?.params).toEqual({
      model: 'nova-3',
      encoding: 'linear16',
      sample_rate: '16000',
      keyterm: 'Deepgram',
    });
    // Each message and the close once: the socket's listeners are not added twice.
    connection.sendCloseStream();
    await vi.waitFor(() => expect(closes).toEqual([1000]), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages).toEqual(['Metadata']);
    expect(closes).toEqual([1000]);
  });

  it('closing a connection reports one close, however often it is asked', async () => {
    const closes: number[] = [];
    const connection = await connectWithSdk(listenUrl())(
      await grant(),
      { onMessage: () => undefined, onClose: (code) => closes.push(code) },
      { model: 'nova-3', encoding: 'linear16', sample_rate: '16000' },
    );
    connection.close();
    connection.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closes).toEqual([1000]);
  });

  it('a stream whose cached token Deepgram refuses opens with a fresh one', async () => {
    const expired = await grant(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const asked: (string | null)[] = [];
    const stream = createTranscriptionStream({
      getToken: async ({ refused }) => {
        asked.push(refused);
        return refused === expired ? grant() : expired;
      },
      connect: connectWithSdk(listenUrl()),
      query: { model: 'nova-3', encoding: 'linear16', sample_rate: '16000', channels: '1' },
      onMessage: () => undefined,
      onLost: (error) => {
        throw error;
      },
      reconnect: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 },
      now: Date.now,
    });
    const opened = standIn.listenRecords().length;
    await stream.start();
    await vi.waitFor(() => expect(stream.phase).toBe('open'), { timeout: 5_000 });
    expect(asked).toEqual([null, expired]);
    expect(standIn.listenRecords().length).toBe(opened + 1);
    await stream.stop();
  });

  it('Deepgram at capacity (429): the stream waits for it, retrying, then says so in a sentence', async () => {
    standIn.refuseHandshakes(10, 429);
    const waits: string[] = [];
    const lost: ExtensionError[] = [];
    const stream = createTranscriptionStream({
      getToken: () => grant(),
      connect: connectWithSdk(listenUrl()),
      query: { model: 'nova-3', encoding: 'linear16', sample_rate: '16000', channels: '1' },
      onMessage: () => undefined,
      onLost: (error) => lost.push(error),
      onConnectionChange: (_state, waitingFor) => waitingFor && waits.push(waitingFor),
      reconnect: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 },
      now: Date.now,
    });
    await stream.start();
    expect(waits).toEqual(['capacity']);
    await vi.waitFor(() => expect(lost).toHaveLength(1), { timeout: 5_000 });
    standIn.refuseHandshakes(0);
    expect(lost[0]?.code).toBe('stream_busy');
    expect(describeError(lost[0])).toMatch(/at capacity/);
  });
});
