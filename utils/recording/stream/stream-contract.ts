import type { ExtensionError } from '../../errors';
import type { PcmFrame } from '../audio/pcm-framer';
import type { ListenConnector, ListenQuery } from './listen-connection';

/**
 * What a transcription stream promises its owner (the recorder) and asks of it. Apart from the
 * stream's workings so that they can be split across modules without importing one another.
 */

/** Where the stream is; `reconnecting` also covers a first connection that was refused. */
export type StreamPhase = 'connecting' | 'open' | 'reconnecting' | 'closing' | 'closed' | 'failed';

export interface ReconnectPolicy {
  /** The first retry waits up to this long; each following one up to twice as long. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failed attempts in a row before the stream gives up. */
  maxAttempts: number;
}

export type WaitingFor = 'connection' | 'capacity';

export interface TranscriptionStreamDeps {
  /**
   * A Deepgram token with time left to open a connection (the background's broker), never the
   * `refused` one: Deepgram refused a connection with it, so the broker mints another.
   */
  getToken(options: { refused: string | null }): Promise<string>;
  connect: ListenConnector;
  /** What every connection of this stream opens with (the settings of its Start). */
  query: ListenQuery;
  /** Every message Deepgram sends, with the map from its times to the recording's. */
  onMessage(message: { type: string }, toRecordingTime: (seconds: number) => number): void;
  /** The stream gave up: it cannot reconnect, or must not (signed out, over quota, refused). */
  onLost(error: ExtensionError): void;
  /** The stream is waiting for a connection (and why), or is streaming again. */
  onConnectionChange?(state: 'reconnecting' | 'streaming', waitingFor?: WaitingFor): void;
  /** Audio captured during an outage longer than the buffer was dropped: this span of it. */
  onGap?(gap: { start: number; end: number }): void;
  reconnect?: ReconnectPolicy;
  /** In [0, 1): the jitter of each backoff delay. */
  random?: () => number;
  now: () => number;
}

export interface TranscriptionStream {
  /**
   * Resolves once the first connection is open, or once a refused one is being retried (the
   * audio is held meanwhile); rejects with an ExtensionError when no retry could mend it.
   */
  start(): Promise<void>;
  pushFrame(frame: PcmFrame): void;
  /** Sends what is held, asks for the final results and waits for them (or a time limit). */
  stop(): Promise<void>;
  readonly phase: StreamPhase;
  readonly stats: StreamStats;
}

export interface StreamStats {
  framesSent: number;
  bytesSent: number;
  /** Frames of digital silence not sent. */
  framesSkipped: number;
  keepAlives: number;
  /** Finalize messages: one each time skipping starts, so the words before it settle now. */
  finalizes: number;
  /** Connections opened after the first. */
  reconnects: number;
  /** Frames sent again on a new connection, because the dropped one had not finalized them. */
  framesResent: number;
  /** Frames dropped because an outage outlasted the buffer. */
  framesDropped: number;
  /** The backoff waited (jittered delays before attempts) in the latest outage, in ms. */
  lastOutageBackoffMs: number;
  /** New tokens asked for because Deepgram refused a connection with the cached one. */
  freshTokens: number;
}

/** A stream's counters before anything happened: every one at 0. */
export function emptyStreamStats(): StreamStats {
  return {
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
  };
}
