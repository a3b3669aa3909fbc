import type { RecordingState, StreamInfo } from './recording-state';

// States the recording's tests start from (a test file, not shipped: nothing in the product
// imports it).

export const STREAM: StreamInfo = { model: 'nova-3', language: 'en', microphone: 'off' };

/** Recording r1 of tab 7, live since 1 s, streaming, hearing sound. */
export const LIVE: Extract<RecordingState, { phase: 'live' }> = {
  phase: 'live',
  recordingId: 'r1',
  tabId: 7,
  startedAt: 1_000,
  connection: 'streaming',
  hearing: 'sound',
  stream: STREAM,
};

/** Recording r1 of tab 7, stopped by the user at 9 s, saved. */
export const ENDED: Extract<RecordingState, { phase: 'ended' }> = {
  phase: 'ended',
  recordingId: 'r1',
  tabId: 7,
  startedAt: 1_000,
  endedAt: 9_000,
  reason: 'stopped',
  error: null,
  saved: true,
};
