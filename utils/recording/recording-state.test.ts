import { describe, expect, it } from 'vitest';
import {
  IDLE,
  isRunning,
  next,
  type RecordingEvent,
  type RecordingState,
  type StreamInfo,
} from './recording-state';
import { ENDED, LIVE, STREAM } from './recording-state.fixtures';

const starting: RecordingState = { phase: 'starting', recordingId: 'r1', tabId: 7 };
const live: RecordingState = LIVE;
const stopping: RecordingState = {
  phase: 'stopping',
  recordingId: 'r1',
  tabId: 7,
  startedAt: 1_000,
  reason: 'tab_closed',
};
const ended: RecordingState = ENDED;
const endedSignedOut: RecordingState = {
  ...ended,
  reason: 'failed',
  error: { code: 'signed_out' },
};

type Row = [string, RecordingState, RecordingEvent, RecordingState | 'unchanged'];

const rows: Row[] = [
  [
    'idle + start → starting',
    IDLE,
    { type: 'start', recordingId: 'r2', tabId: 3 },
    { phase: 'starting', recordingId: 'r2', tabId: 3 },
  ],
  [
    'ended + start → starting (the next recording)',
    ended,
    { type: 'start', recordingId: 'r2', tabId: 3 },
    { phase: 'starting', recordingId: 'r2', tabId: 3 },
  ],
  [
    'live + start → unchanged (the owner stops first)',
    live,
    { type: 'start', recordingId: 'r2', tabId: 3 },
    'unchanged',
  ],
  [
    'starting + started → live, streaming, hearing sound',
    starting,
    { type: 'started', recordingId: 'r1', startedAt: 1_000, stream: STREAM },
    live,
  ],
  [
    'started of another recording → unchanged',
    starting,
    { type: 'started', recordingId: 'old', startedAt: 1, stream: STREAM },
    'unchanged',
  ],
  [
    'live + reconnecting → live, reconnecting',
    live,
    { type: 'connection', recordingId: 'r1', connection: 'reconnecting' },
    { ...live, connection: 'reconnecting' },
  ],
  [
    'live + streaming again when streaming → unchanged',
    live,
    { type: 'connection', recordingId: 'r1', connection: 'streaming' },
    'unchanged',
  ],
  [
    'starting + reconnecting → unchanged (a refused first connection is still "starting")',
    starting,
    { type: 'connection', recordingId: 'r1', connection: 'reconnecting' },
    'unchanged',
  ],
  [
    'live + silence → live, silence',
    live,
    { type: 'hearing', recordingId: 'r1', hearing: 'silence' },
    { ...live, hearing: 'silence' },
  ],
  [
    'live with the microphone + microphone lost → unavailable, with why',
    { ...live, stream: { ...STREAM, microphone: 'included' } },
    { type: 'microphone-lost', recordingId: 'r1', error: { code: 'microphone_revoked' } },
    {
      ...live,
      stream: {
        ...STREAM,
        microphone: 'unavailable',
        microphoneError: { code: 'microphone_revoked' },
      },
    },
  ],
  [
    'live without the microphone + microphone lost → unchanged',
    live,
    { type: 'microphone-lost', recordingId: 'r1', error: { code: 'microphone_lost' } },
    'unchanged',
  ],
  [
    'live + stop → stopping, keeping why',
    live,
    { type: 'stop', recordingId: 'r1', reason: 'tab_closed' },
    stopping,
  ],
  [
    'starting + stop → stopping, never live',
    starting,
    { type: 'stop', recordingId: 'r1', reason: 'stopped' },
    { phase: 'stopping', recordingId: 'r1', tabId: 7, startedAt: null, reason: 'stopped' },
  ],
  [
    'stopping + stop → unchanged',
    stopping,
    { type: 'stop', recordingId: 'r1', reason: 'stopped' },
    'unchanged',
  ],
  [
    'stopping + stopped → ended with the stop’s reason, saved',
    stopping,
    { type: 'stopped', recordingId: 'r1', at: 9_000 },
    { ...ended, reason: 'tab_closed' },
  ],
  [
    'stopped before it was live → ended, nothing saved',
    { phase: 'stopping', recordingId: 'r1', tabId: 7, startedAt: null, reason: 'stopped' },
    { type: 'stopped', recordingId: 'r1', at: 9_000 },
    { ...ended, startedAt: null, saved: false },
  ],
  [
    'live + failed → ended, failed, with the error, saved',
    live,
    { type: 'failed', recordingId: 'r1', error: { code: 'stream_refused' }, at: 9_000 },
    { ...ended, reason: 'failed', error: { code: 'stream_refused' } },
  ],
  [
    'starting + failed → ended, failed, nothing saved',
    starting,
    { type: 'failed', recordingId: 'r1', error: { code: 'capture_failed' }, at: 9_000 },
    {
      ...ended,
      startedAt: null,
      reason: 'failed',
      error: { code: 'capture_failed' },
      saved: false,
    },
  ],
  [
    'ended + failed → unchanged (one end)',
    ended,
    { type: 'failed', recordingId: 'r1', error: { code: 'internal' }, at: 1 },
    'unchanged',
  ],
  [
    'ended signed out + signed-in → the error is history: reason signed_out, no error',
    endedSignedOut,
    { type: 'signed-in' },
    { ...ended, reason: 'signed_out', error: null },
  ],
  [
    'ended with another error + signed-in → unchanged',
    { ...ended, reason: 'failed', error: { code: 'stream_refused' } },
    { type: 'signed-in' },
    'unchanged',
  ],
  ['live + signed-in → unchanged', live, { type: 'signed-in' }, 'unchanged'],
  ['ended + forget → idle: no recording to show', ended, { type: 'forget' }, IDLE],
  ['live + forget → unchanged (the owner stops it first)', live, { type: 'forget' }, 'unchanged'],
  ['stopping + forget → unchanged', stopping, { type: 'forget' }, 'unchanged'],
  ['idle + forget → unchanged', IDLE, { type: 'forget' }, 'unchanged'],
  [
    'idle + stop → unchanged',
    IDLE,
    { type: 'stop', recordingId: 'r1', reason: 'stopped' },
    'unchanged',
  ],
];

describe('the recording’s transitions', () => {
  it.each(rows)('%s', (_, before, event, after) => {
    const result = next(before, event);
    if (after === 'unchanged') expect(result).toBe(before);
    else expect(result).toEqual(after);
  });

  it('running means the tab is captured: starting, live or stopping', () => {
    expect([IDLE, starting, live, stopping, ended].map(isRunning)).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});
