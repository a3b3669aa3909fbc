import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { verifyAccessToken } from './access-token.ts';
import { createOnsetLedger, type ToneOnset } from './onset-ledger.ts';
import {
  createToneRecognizer,
  type RecognizerEvent,
  type ToneRecognizer,
} from './tone-recognizer.ts';

/**
 * Deepgram's live-listen WebSocket (`/v1/listen`) as the stand-in speaks it: the handshake
 * accepts only tokens the grant endpoint minted and that have not expired (or the master key),
 * echoes the `bearer`/`token` subprotocol, honours `encoding`, `sample_rate` and `channels`,
 * "recognizes" tone-words in the audio (in each channel apart, labelled with `channel_index`,
 * when `multichannel=true`; in the first channel otherwise), answers KeepAlive, Finalize and
 * CloseStream, and closes with 1011 after a stretch with neither audio nor KeepAlive. What each
 * connection received is recorded for tests to check.
 */

export interface ListenOptions {
  apiKey: string;
  tokenSecret: string;
  now: () => number;
  /** Deepgram closes a stream that gets no audio or KeepAlive for 10 s. */
  idleTimeoutMs?: number;
}

/** What one connection received and how it ended. */
export interface ListenRecord {
  id: string;
  openedAt: number;
  /** The id (`jti`) of the temporary token it was opened with; null for the API key. */
  tokenId: string | null;
  /** The query parameters the client connected with (the last value of a repeated one). */
  params: Record<string, string>;
  /** Every `keyterm` parameter, in order (it is repeated, one per term). */
  keyterms: string[];
  protocol: string;
  sampleRate: number;
  channels: number;
  audioMessages: number;
  audioBytes: number;
  /** Audio messages whose samples were all zero: digital silence a client should not send. */
  silentMessages: number;
  firstAudioAt: number | null;
  lastAudioAt: number | null;
  /** The longest pause between two audio messages, in ms. */
  longestGapMs: number;
  keepAlives: number;
  finalizes: number;
  closeStreamAt: number | null;
  closedAt: number | null;
  closeCode: number | null;
  /** The final words sent, in order. */
  words: string[];
  /** The final words of each channel transcribed (one list unless `multichannel=true`). */
  channelWords: string[][];
  /** Each tone's onset in the first channel, and when its word's first result was sent. */
  onsets: readonly ToneOnset[];
}

export interface ListenEndpoint {
  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  records(): ListenRecord[];
  /** Drops every open connection without a close frame, as a network failure would. */
  dropAll(): number;
  /**
   * Refuses the next `count` handshakes: with HTTP 503 as an overloaded Deepgram would, or 429
   * as it does when the project has no concurrent stream left.
   */
  refuseHandshakes(count: number, status?: 503 | 429): void;
  /** Handshakes refused so far by `refuseHandshakes`. */
  refusedHandshakes(): number;
  /**
   * Stops accepting every token a connection has opened with so far (401 at the handshake), as
   * Deepgram does for a token whose key was rotated: only a newly minted token opens a stream.
   */
  revokeTokensSeen(): number;
  close(): void;
}

const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};
const MODEL_UUID = '00000000-0000-4000-8000-000000000003';

export function createListenEndpoint(options: ListenOptions): ListenEndpoint {
  const { now } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const records: ListenRecord[] = [];
  const open = new Set<WebSocket>();
  let toRefuse = 0;
  let refuseWith: 503 | 429 = 503;
  let refused = 0;
  const revokedTokenIds = new Set<string>();
  const server = new WebSocketServer({
    noServer: true,
    // Deepgram answers with the scheme the client named: `bearer` or `token`.
    handleProtocols: (protocols) =>
      protocols.has('bearer') ? 'bearer' : protocols.has('token') ? 'token' : false,
  });
  server.on('headers', (headers) => headers.push(`dg-request-id: ${randomUUID()}`));

  function refuse(socket: Duplex, status: number, code: string, message: string) {
    const body = JSON.stringify({ err_code: code, err_msg: message, request_id: randomUUID() });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
        `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  }

  /** The credentials' token id (null for the API key), or undefined when they are not valid. */
  function credentialsValid(request: IncomingMessage): string | null | undefined {
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const [scheme, credential] =
      offered.length >= 2
        ? [offered[0], offered[1]]
        : (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'token') return credential === options.apiKey ? null : undefined;
    if (scheme?.toLowerCase() === 'bearer' && credential) {
      const check = verifyAccessToken(options.tokenSecret, credential, now());
      return check.valid ? check.claims.jti : undefined;
    }
    return undefined;
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (url.pathname !== '/v1/listen') return refuse(socket, 400, 'NOT_FOUND', 'No such stream.');
    if (toRefuse > 0) {
      toRefuse -= 1;
      refused += 1;
      return refuseWith === 429
        ? refuse(socket, 429, 'TOO_MANY_REQUESTS', 'Too many concurrent requests.')
        : refuse(socket, 503, 'SERVICE_UNAVAILABLE', 'Refused by the test.');
    }
    const tokenId = credentialsValid(request);
    if (tokenId === undefined || (tokenId !== null && revokedTokenIds.has(tokenId))) {
      return refuse(socket, 401, 'INVALID_AUTH', 'Invalid credentials.');
    }
    const params = Object.fromEntries(url.searchParams);
    const sampleRate = Number(params.sample_rate);
    const channels = Number(params.channels ?? '1');
    if (params.encoding !== 'linear16' || !Number.isInteger(sampleRate) || sampleRate < 8000) {
      return refuse(
        socket,
        400,
        'INVALID_QUERY_PARAMETER',
        'The stand-in hears raw audio only: encoding=linear16 with a sample_rate.',
      );
    }
    server.handleUpgrade(request, socket, head, (ws) => {
      const record: ListenRecord = {
        id: randomUUID(),
        openedAt: now(),
        tokenId,
        keyterms: url.searchParams.getAll('keyterm'),
        params,
        protocol: ws.protocol,
        sampleRate,
        channels: Number.isInteger(channels) && channels > 0 ? channels : 1,
        audioMessages: 0,
        audioBytes: 0,
        silentMessages: 0,
        firstAudioAt: null,
        lastAudioAt: null,
        longestGapMs: 0,
        keepAlives: 0,
        finalizes: 0,
        closeStreamAt: null,
        closedAt: null,
        closeCode: null,
        words: [],
        channelWords: [],
        onsets: [],
      };
      records.push(record);
      open.add(ws);
      serve(ws, record);
    });
  }

  function serve(ws: WebSocket, record: ListenRecord) {
    // Deepgram transcribes each channel apart only when asked; otherwise it hears one.
    const heardChannels = record.params.multichannel === 'true' ? record.channels : 1;
    const recognizers = Array.from({ length: heardChannels }, () =>
      createToneRecognizer(record.sampleRate),
    );
    record.channelWords = recognizers.map(() => []);
    const ledger = createOnsetLedger(record.sampleRate);
    record.onsets = ledger.onsets;
    const requestId = randomUUID();
    const interim = record.params.interim_results === 'true';
    const vadEvents = record.params.vad_events === 'true';
    const diarize = record.params.diarize === 'true';
    const formatted = record.params.smart_format === 'true' || record.params.punctuate === 'true';
    const utteranceEndMs = Number(record.params.utterance_end_ms) || 0;
    const lastWordEnd: (number | null)[] = recognizers.map(() => null);
    let idleTimer = setTimeout(onIdle, idleTimeoutMs);

    function send(message: object) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    }
    function onIdle() {
      ws.close(1011, 'NET-0001: no audio received within the timeout window.');
    }
    function touch() {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(onIdle, idleTimeoutMs);
    }

    function results(
      channel: number,
      word: string,
      start: number,
      end: number,
      flags: { isFinal: boolean; fromFinalize?: boolean },
    ) {
      if (channel === 0) ledger.resulted(word, now());
      const entry = {
        word,
        start,
        end,
        confidence: 0.99,
        // Tone-words have nothing to punctuate; the field is there as it is with formatting on.
        ...(formatted ? { punctuated_word: word } : {}),
        ...(diarize ? { speaker: 0, speaker_confidence: 0.9 } : {}),
      };
      send({
        type: 'Results',
        channel_index: [channel, heardChannels],
        duration: end - start,
        start,
        is_final: flags.isFinal,
        speech_final: flags.isFinal,
        ...(flags.fromFinalize ? { from_finalize: true } : {}),
        channel: { alternatives: [{ transcript: word, confidence: 0.99, words: [entry] }] },
        metadata: {
          request_id: requestId,
          model_info: { name: 'stand-in-tones', version: '1', arch: 'goertzel' },
          model_uuid: MODEL_UUID,
        },
      });
    }

    function answer(channel: number, events: RecognizerEvent[], fromFinalize = false) {
      const channelIndex = [channel, heardChannels];
      for (const event of events) {
        if (event.kind === 'started' && channel === 0) ledger.started(event.word, now());
        if (event.kind === 'started' && vadEvents) {
          send({ type: 'SpeechStarted', channel: channelIndex, timestamp: event.start });
        } else if (event.kind === 'sounding' && interim) {
          results(channel, event.word, event.start, event.end, { isFinal: false });
        } else if (event.kind === 'ended') {
          record.words.push(event.word);
          record.channelWords[channel]?.push(event.word);
          lastWordEnd[channel] = event.end;
          results(channel, event.word, event.start, event.end, { isFinal: true, fromFinalize });
        }
      }
      // Deepgram sends UtteranceEnd once this much audio after the last word holds no word.
      const last = lastWordEnd[channel] ?? null;
      const heard = (recognizers[channel] as ToneRecognizer).seconds;
      if (utteranceEndMs > 0 && last !== null && (heard - last) * 1000 >= utteranceEndMs) {
        send({ type: 'UtteranceEnd', channel: channelIndex, last_word_end: last });
        lastWordEnd[channel] = null;
      }
    }

    /** Every recognizer's words still sounding, ended: Finalize and CloseStream. */
    function flushAll(fromFinalize: boolean) {
      recognizers.forEach((recognizer, channel) => {
        answer(channel, recognizer.flush(), fromFinalize);
      });
    }

    function onAudio(data: Buffer) {
      const at = now();
      if (record.lastAudioAt !== null) {
        record.longestGapMs = Math.max(record.longestGapMs, at - record.lastAudioAt);
      }
      record.firstAudioAt ??= at;
      record.lastAudioAt = at;
      record.audioMessages += 1;
      record.audioBytes += data.length;
      if (data.every((byte) => byte === 0)) record.silentMessages += 1;
      const first = channelSamples(data, record.channels, 0);
      ledger.push(first, at);
      recognizers.forEach((recognizer, channel) => {
        const samples = channel === 0 ? first : channelSamples(data, record.channels, channel);
        answer(channel, recognizer.push(samples));
      });
    }

    function onControl(text: string) {
      let type: unknown;
      try {
        type = (JSON.parse(text) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (type === 'KeepAlive') {
        record.keepAlives += 1;
      } else if (type === 'Finalize') {
        record.finalizes += 1;
        flushAll(true);
      } else if (type === 'CloseStream') {
        record.closeStreamAt = now();
        flushAll(false);
        send({
          type: 'Metadata',
          transaction_key: 'deprecated',
          request_id: requestId,
          sha256: '',
          created: new Date(record.openedAt).toISOString(),
          duration: (recognizers[0] as ToneRecognizer).seconds,
          channels: record.channels,
          models: [MODEL_UUID],
          model_info: { [MODEL_UUID]: { name: 'stand-in-tones', version: '1', arch: 'goertzel' } },
        });
        ws.close(1000);
      } else {
        ws.close(1008, 'DATA-0000: unknown control message.');
      }
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      touch();
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (!isBinary) return onControl(buffer.toString('utf8'));
      if (buffer.length === 0) return ws.close(1008, 'DATA-0000: empty audio message.');
      onAudio(buffer);
    });
    ws.on('close', (code) => {
      clearTimeout(idleTimer);
      open.delete(ws);
      record.closedAt = now();
      record.closeCode = code;
    });
  }

  return {
    handleUpgrade,
    records: () =>
      records.map((record) => ({
        ...record,
        words: [...record.words],
        channelWords: record.channelWords.map((words) => [...words]),
        onsets: record.onsets.map((onset) => ({ ...onset })),
      })),
    dropAll() {
      const count = open.size;
      for (const ws of open) ws.terminate();
      return count;
    },
    refuseHandshakes(count, status = 503) {
      toRefuse = count;
      refuseWith = status;
    },
    refusedHandshakes: () => refused,
    revokeTokensSeen() {
      for (const record of records) if (record.tokenId) revokedTokenIds.add(record.tokenId);
      return revokedTokenIds.size;
    },
    close() {
      for (const ws of open) ws.terminate();
      server.close();
    },
  };
}

/** One channel of interleaved little-endian PCM16, as floats. */
function channelSamples(data: Buffer, channels: number, channel: number): Float32Array {
  const frames = Math.floor(data.length / 2 / channels);
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i += 1) {
    samples[i] = data.readInt16LE((i * channels + channel) * 2) / 32768;
  }
  return samples;
}
