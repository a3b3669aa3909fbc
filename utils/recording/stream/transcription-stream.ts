import { type Connection, createConnectionLifecycle } from './connection-lifecycle';
import { decideFrame, NO_SILENCE, needsKeepAlive } from './sending-policy';
import { createAudioLedger, frameSeconds, type TimedFrame } from './stream-audio';
import {
  emptyStreamStats,
  type StreamStats,
  type TranscriptionStream,
  type TranscriptionStreamDeps,
} from './stream-contract';

export { DEFAULT_RECONNECT } from './connection-decisions';
export { KEEPALIVE_AFTER_MS, SILENT_FRAMES_SENT } from './sending-policy';
export { MAX_BUFFERED_FRAMES } from './stream-audio';
export type {
  ReconnectPolicy,
  StreamPhase,
  StreamStats,
  TranscriptionStream,
  TranscriptionStreamDeps,
  WaitingFor,
} from './stream-contract';

/**
 * One transcription's stream of audio to Deepgram, across as many connections as it takes. It
 * opens with a token from the broker, sends the capture's PCM frames (holding those captured
 * before a connection opens, so Start loses no words), stops sending digital silence after a
 * moment (KeepAlive holds the connection instead, and nobody is billed for a muted tab), and on
 * stop asks for the last results (CloseStream) and waits for them.
 *
 * When an attempt fails or a connection drops, `decideAfterFailure` says what to do: retry, with
 * exponential backoff and jitter, with the cached token or a fresh one; or give up. A retry first
 * sends again the audio Deepgram had not yet turned into final words, then what was captured
 * meanwhile: each word is heard once, and none is lost while the outage is shorter than the
 * buffer (30 s). Deepgram's times on any connection map back to the recording's clock.
 *
 * The pieces: `sending-policy` decides what becomes of each frame, `connection-lifecycle` owns
 * the connections and the phase, `stream-audio` keeps the audio a new connection needs.
 */

/** How long stop() waits for Deepgram's last results after CloseStream. */
export const FINAL_RESULTS_TIMEOUT_MS = 5_000;

export function createTranscriptionStream(deps: TranscriptionStreamDeps): TranscriptionStream {
  const audio = createAudioLedger();
  const stats: StreamStats = emptyStreamStats();
  let capturedSeconds = 0;
  let silence = NO_SILENCE;
  let lastSentAt = deps.now();
  let keepAliveTimer: ReturnType<typeof setInterval> | null = null;
  let closed: () => void = () => {};
  const closedPromise = new Promise<void>((resolve) => {
    closed = resolve;
  });

  const lifecycle = createConnectionLifecycle({
    deps,
    audio,
    stats,
    onOpen(connection) {
      // Resent audio first, then what was captured meanwhile: the ledger holds them in that order.
      for (const frame of audio.takeHeld()) send(connection, frame);
      keepAliveTimer ??= setInterval(keepAliveIfQuiet, 1_000);
      const gap = audio.takeGap();
      if (gap) deps.onGap?.(gap);
    },
    onFinish() {
      if (keepAliveTimer !== null) clearInterval(keepAliveTimer);
      keepAliveTimer = null;
      closed();
    },
  });

  const openConnection = (): Connection | null => {
    const { state } = lifecycle;
    return state.phase === 'open' ? state.connection : null;
  };

  function send(connection: Connection, frame: TimedFrame) {
    connection.clock.sent(frame);
    connection.socket.sendAudio(frame.pcm);
    audio.sent(frame);
    stats.framesSent += 1;
    stats.bytesSent += frame.pcm.byteLength;
    lastSentAt = deps.now();
  }

  function keepAliveIfQuiet() {
    const connection = openConnection();
    if (!connection || !needsKeepAlive(deps.now() - lastSentAt)) return;
    connection.socket.sendKeepAlive();
    stats.keepAlives += 1;
    lastSentAt = deps.now();
  }

  let starting: Promise<void> | null = null;

  return {
    start() {
      starting ??= lifecycle.start();
      return starting;
    },

    pushFrame(frame) {
      const timed: TimedFrame = { pcm: frame.pcm, channels: frame.channels, at: capturedSeconds };
      capturedSeconds += frameSeconds(timed);
      const decision = decideFrame(frame, silence, lifecycle.state.phase);
      silence = decision.run;
      switch (decision.action) {
        case 'finalize':
          openConnection()?.socket.sendFinalize();
          stats.finalizes += 1;
          stats.framesSkipped += 1;
          return;
        case 'skip':
          stats.framesSkipped += 1;
          return;
        case 'send': {
          const connection = openConnection();
          if (connection) send(connection, timed);
          return;
        }
        case 'hold':
          audio.hold(timed);
          stats.framesDropped = audio.framesDropped;
          return;
        case 'drop':
          return;
      }
    },

    async stop() {
      // Stopped while connecting: what was held is sent once the connection opens, then closed.
      if (lifecycle.state.phase === 'connecting' && starting) {
        await starting.catch(() => undefined);
      }
      const { state } = lifecycle;
      // Stopped during an outage: what waits for a connection cannot be sent any more.
      if (state.phase === 'reconnecting') return lifecycle.finish('closed');
      if (state.phase !== 'open') return;
      const { connection } = state;
      lifecycle.closing(connection);
      connection.socket.sendCloseStream();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, FINAL_RESULTS_TIMEOUT_MS));
      await Promise.race([closedPromise, timeout]);
      if (lifecycle.state.phase === 'closing') {
        connection.socket.close();
        lifecycle.finish('closed');
      }
    },

    get phase() {
      return lifecycle.state.phase;
    },
    stats,
  };
}
