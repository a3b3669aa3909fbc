import { expect, vi } from 'vitest';
import type { ExtensionError } from '../../errors';
import { FRAME_SAMPLES } from '../audio/pcm-format';
import type { PcmFrame } from '../audio/pcm-framer';
import { HandshakeRefused, type ListenHandlers } from './listen-connection';
import { createTranscriptionStream } from './transcription-stream';

// What the stream's tests share: frames of sound and silence, and a Deepgram they drive.

export const FRAME_SECONDS = FRAME_SAMPLES / 16_000;
export const speech = (value = 1000): PcmFrame => ({
  pcm: new Int16Array(FRAME_SAMPLES).fill(value),
  channels: 1,
  silent: false,
});
export const silence = (): PcmFrame => ({
  pcm: new Int16Array(FRAME_SAMPLES),
  channels: 1,
  silent: true,
});

/** A fake Deepgram that takes several connections, each accepted or refused by the test. */
export function fakeDeepgram(
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
    onMessage: (message, toRecordingTime) => {
      const result = message as unknown as {
        start: number;
        channel?: { alternatives: { transcript: string }[] };
      };
      heard.push({
        text: result.channel?.alternatives[0]?.transcript ?? '',
        at: toRecordingTime(result.start),
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
