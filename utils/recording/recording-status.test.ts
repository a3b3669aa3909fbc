import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../errors';
import type { RecordingState } from './recording-state';
import { LIVE } from './recording-state.fixtures';
import { endSentence, headingOf, statusOfTab, type TabStatus } from './recording-status';

const live: RecordingState = LIVE;
const ended = (reason: 'stopped' | 'failed', error: ErrorInfo | null = null): RecordingState => ({
  phase: 'ended',
  recordingId: 'r1',
  tabId: 7,
  startedAt: 1_000,
  endedAt: 5_000,
  reason,
  error,
  saved: true,
});
const SIGNED_OUT: ErrorInfo = { code: 'signed_out' };

type Row = [string, RecordingState, number | null, ErrorInfo | null, TabStatus['kind'], string];

// One tab's view of every state: never an error with "Ready to transcribe", never "Listening" on
// a tab that is not being recorded.
const rows: Row[] = [
  ['nothing recorded', { phase: 'idle' }, 7, null, 'ready', 'Ready to transcribe'],
  ['a refused start here', { phase: 'idle' }, 7, SIGNED_OUT, 'refused', 'Couldn’t start'],
  ['live here', live, 7, null, 'live', 'Transcribing this tab'],
  [
    'live here, reconnecting',
    { ...live, connection: 'reconnecting' },
    7,
    null,
    'live',
    'Reconnecting…',
  ],
  ['live on another tab', live, 3, null, 'elsewhere', 'Ready to transcribe'],
  [
    'live on another tab, a refusal here is past (a start since)',
    live,
    3,
    SIGNED_OUT,
    'elsewhere',
    'Ready to transcribe',
  ],
  [
    'starting here',
    { phase: 'starting', recordingId: 'r1', tabId: 7 },
    7,
    null,
    'starting',
    'Starting…',
  ],
  [
    'stopping here',
    { phase: 'stopping', recordingId: 'r1', tabId: 7, startedAt: 1, reason: 'stopped' },
    7,
    null,
    'stopping',
    'Finishing the last words…',
  ],
  ['ended here as asked', ended('stopped'), 7, null, 'ended', 'Ready to transcribe'],
  [
    'ended here with an error',
    ended('failed', { code: 'stream_refused' }),
    7,
    null,
    'ended',
    'Transcription stopped',
  ],
  [
    'ended here, then a start here refused: the refusal is newer',
    ended('stopped'),
    7,
    SIGNED_OUT,
    'refused',
    'Couldn’t start',
  ],
  [
    'the owner died recording here (the worker holds the news)',
    { phase: 'idle' },
    7,
    { code: 'capture_lost' },
    'refused',
    'Transcription stopped',
  ],
  [
    'ended on another tab',
    ended('failed', { code: 'stream_refused' }),
    3,
    null,
    'ready',
    'Ready to transcribe',
  ],
  ['a view with no tab', live, null, null, 'elsewhere', 'Ready to transcribe'],
];

describe('what a view says about its tab', () => {
  it.each(rows)('%s', (_, state, tabId, refusal, kind, heading) => {
    const status = statusOfTab(state, tabId, refusal);
    expect(status.kind).toBe(kind);
    expect(headingOf(status)).toBe(heading);
  });

  it('a live tab that is silent, or that sends nothing, says so', () => {
    expect(statusOfTab({ ...live, hearing: 'silence' }, 7, null)).toMatchObject({
      silent: true,
      stalled: false,
    });
    expect(statusOfTab({ ...live, hearing: 'nothing' }, 7, null)).toMatchObject({
      silent: false,
      stalled: true,
    });
  });

  it.each([
    ['stopped', true, 'Transcription stopped. The transcript is saved.'],
    ['tab_closed', true, 'The tab was closed, so transcription stopped. The transcript is saved.'],
    ['signed_out', true, 'You signed out, so transcription stopped. The transcript is saved.'],
    [
      'capture_ended',
      true,
      'Chrome stopped sharing this tab’s audio, so transcription stopped. The transcript is saved.',
    ],
    ['stopped', false, 'Transcription stopped.'],
  ] as const)('ends %s (saved: %s): “%s”', (reason, saved, sentence) => {
    expect(endSentence({ kind: 'ended', recordingId: 'r1', reason, error: null, saved })).toBe(
      sentence,
    );
  });

  it('a failure’s own sentence says why: no second sentence', () => {
    expect(
      endSentence({
        kind: 'ended',
        recordingId: 'r1',
        reason: 'failed',
        error: { code: 'stream_refused' },
        saved: true,
      }),
    ).toBeNull();
  });
});
