import type { ErrorCode, ErrorInfo } from '../errors';

/**
 * The recording's state machine: pure, so every transition is a row in a table test. The
 * offscreen document owns the one instance (it owns the audio and the stream), feeds it events
 * from its I/O and publishes each new state to whoever listens: the views and the worker's badge.
 *
 * idle → starting → live → stopping → ended, with `failed` ending a start or a live recording
 * directly. A new start leaves `ended`. Events name the recording they are about, so a late event
 * of a previous recording changes nothing.
 */

/** Whether the user's microphone is in the stream as a second channel. */
export type MicrophoneUse = 'off' | 'included' | 'unavailable';

/** Why a recording ended; the views say it, with a link to the saved transcript. */
export type EndReason =
  /** The user pressed Stop (popup, shortcut, or a Start on another tab). */
  | 'stopped'
  | 'tab_closed'
  /** Chrome ended the tab's audio capture by itself. */
  | 'capture_ended'
  | 'signed_out'
  /** See `error`. */
  | 'failed';

/** What a live recording streams with. */
export interface StreamInfo {
  model: string;
  language: string;
  microphone: MicrophoneUse;
  /** Why the microphone wanted is not in the stream. */
  microphoneError?: ErrorInfo;
}

/**
 * What the capture hears: `sound`; `silence` (audio arrives, but the tab is quiet: "no sound from
 * this tab"); `nothing` (no audio arrives at all: the capture is stalled).
 */
export type Hearing = 'sound' | 'silence' | 'nothing';

interface OfTab {
  recordingId: string;
  tabId: number;
}

export type RecordingState =
  | { phase: 'idle' }
  | (OfTab & { phase: 'starting' })
  | (OfTab & {
      phase: 'live';
      startedAt: number;
      connection: 'streaming' | 'reconnecting';
      hearing: Hearing;
      stream: StreamInfo;
    })
  | (OfTab & { phase: 'stopping'; startedAt: number | null; reason: EndReason })
  | (OfTab & {
      phase: 'ended';
      startedAt: number | null;
      endedAt: number;
      reason: EndReason;
      /** Present when `reason` is `failed`. */
      error: ErrorInfo | null;
      /** Whether a transcript was kept (a start that failed keeps none). */
      saved: boolean;
    });

export type RecordingPhase = RecordingState['phase'];

export type RecordingEvent =
  | { type: 'start'; recordingId: string; tabId: number }
  | { type: 'started'; recordingId: string; startedAt: number; stream: StreamInfo }
  | { type: 'connection'; recordingId: string; connection: 'streaming' | 'reconnecting' }
  | { type: 'hearing'; recordingId: string; hearing: Hearing }
  | { type: 'microphone-lost'; recordingId: string; error: ErrorInfo }
  | { type: 'stop'; recordingId: string; reason: Exclude<EndReason, 'failed'> }
  | { type: 'stopped'; recordingId: string; at: number }
  | { type: 'failed'; recordingId: string; error: ErrorInfo; at: number }
  /** The user signed in: an ended recording's sign-in error is history, not a current error. */
  | { type: 'signed-in' }
  /**
   * The ended recording is no longer the user's to see: its account's transcripts were removed,
   * or another account signed in. Back to no recording at all.
   */
  | { type: 'forget' };

export const IDLE: RecordingState = { phase: 'idle' };

/** Errors that signing in again mends. */
const SIGN_IN_ERRORS: ReadonlySet<ErrorCode> = new Set(['signed_out']);

/** The state after `event`; the same object when the event does not apply. */
export function next(state: RecordingState, event: RecordingEvent): RecordingState {
  if (event.type === 'start') {
    // The owner stops a running recording before starting another: a start only leaves rest.
    if (state.phase !== 'idle' && state.phase !== 'ended') return state;
    return { phase: 'starting', recordingId: event.recordingId, tabId: event.tabId };
  }
  if (event.type === 'forget') return state.phase === 'ended' ? IDLE : state;
  if (event.type === 'signed-in') {
    if (state.phase !== 'ended' || !state.error || !SIGN_IN_ERRORS.has(state.error.code)) {
      return state;
    }
    return { ...state, reason: 'signed_out', error: null };
  }
  if (state.phase === 'idle' || state.recordingId !== event.recordingId) return state;
  const { recordingId, tabId } = state;

  switch (event.type) {
    case 'started':
      if (state.phase !== 'starting') return state;
      return {
        phase: 'live',
        recordingId,
        tabId,
        startedAt: event.startedAt,
        connection: 'streaming',
        hearing: 'sound',
        stream: event.stream,
      };
    case 'connection':
      if (state.phase !== 'live' || state.connection === event.connection) return state;
      return { ...state, connection: event.connection };
    case 'hearing':
      if (state.phase !== 'live' || state.hearing === event.hearing) return state;
      return { ...state, hearing: event.hearing };
    case 'microphone-lost':
      if (state.phase !== 'live' || state.stream.microphone !== 'included') return state;
      return {
        ...state,
        stream: { ...state.stream, microphone: 'unavailable', microphoneError: event.error },
      };
    case 'stop':
      if (state.phase !== 'starting' && state.phase !== 'live') return state;
      return {
        phase: 'stopping',
        recordingId,
        tabId,
        startedAt: state.phase === 'live' ? state.startedAt : null,
        reason: event.reason,
      };
    case 'stopped':
      if (state.phase !== 'stopping') return state;
      return {
        phase: 'ended',
        recordingId,
        tabId,
        startedAt: state.startedAt,
        endedAt: event.at,
        reason: state.reason,
        error: null,
        saved: state.startedAt !== null,
      };
    case 'failed':
      if (state.phase === 'ended') return state;
      return {
        phase: 'ended',
        recordingId,
        tabId,
        startedAt: state.phase === 'starting' ? null : state.startedAt,
        endedAt: event.at,
        reason: 'failed',
        error: event.error,
        saved: state.phase !== 'starting' && state.startedAt !== null,
      };
  }
}

/** Starting, live or stopping: the tab is being captured. */
export function isRunning(state: RecordingState): state is Extract<RecordingState, OfTab> & {
  phase: 'starting' | 'live' | 'stopping';
} {
  return state.phase === 'starting' || state.phase === 'live' || state.phase === 'stopping';
}
