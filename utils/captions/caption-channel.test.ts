import { describe, expect, it } from 'vitest';
import type { Recorder } from '../recording/recorder';
import type { Port } from '../recording/recording-channel';
import type { RecordingChange, RecordingSnapshot } from '../recording/recording-snapshot';
import { IDLE, type RecordingState } from '../recording/recording-state';
import { LIVE } from '../recording/recording-state.fixtures';
import { NO_ANNOTATIONS } from '../transcript/annotations';
import { CAPTIONS_PORT, mayShowCaptions, serveCaptions } from './caption-channel';

const ID = 'tabscribe-id';
const ENDED: RecordingState = {
  phase: 'ended',
  recordingId: 'r1',
  tabId: 7,
  startedAt: 1_000,
  endedAt: 2_000,
  reason: 'stopped',
  error: null,
  saved: true,
};

describe('mayShowCaptions', () => {
  it.each([
    [
      'our script in the recorded tab’s top frame',
      { id: ID, frameId: 0, tab: { id: 7 } },
      LIVE,
      true,
    ],
    ['another tab', { id: ID, frameId: 0, tab: { id: 8 } }, LIVE, false],
    ['a frame inside the tab', { id: ID, frameId: 3, tab: { id: 7 } }, LIVE, false],
    ['another extension', { id: 'other', frameId: 0, tab: { id: 7 } }, LIVE, false],
    ['an extension page (no tab)', { id: ID }, LIVE, false],
    ['after the recording ended', { id: ID, frameId: 0, tab: { id: 7 } }, ENDED, false],
    ['with nothing recording', { id: ID, frameId: 0, tab: { id: 7 } }, IDLE, false],
  ])('%s', (_, sender, state, expected) => {
    expect(mayShowCaptions(sender, ID, state)).toBe(expected);
  });
});

function setUp(snapshot: RecordingSnapshot) {
  const listeners = new Set<(change: RecordingChange) => void>();
  const recorder = {
    recentSnapshot: () => snapshot,
    subscribe(listener: (change: RecordingChange) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Recorder;
  let accept: (port: Port) => void = () => {};
  serveCaptions(recorder, { addListener: (listener) => (accept = listener) }, ID);
  const connect = (sender: object, name = CAPTIONS_PORT) => {
    const sent: unknown[] = [];
    const port = {
      name,
      sender,
      disconnected: false,
      postMessage: (message: unknown) => sent.push(message),
      disconnect() {
        this.disconnected = true;
      },
      onDisconnect: { addListener: () => {} },
    };
    accept(port as unknown as Port);
    return { sent, port };
  };
  const emit = (change: RecordingChange) => {
    for (const listener of [...listeners]) listener(change);
  };
  return { connect, emit, listeners };
}

const segment = (index: number, text: string) => ({
  index,
  text,
  start: index,
  end: index + 0.5,
  speaker: null,
});
const RECORDED_TAB = { id: ID, frameId: 0, tab: { id: 7 } };

describe('serveCaptions', () => {
  it('sends the caption now, then each change, and nothing when nothing changed', () => {
    const { connect, emit } = setUp({
      state: LIVE,
      transcript: {
        recordingId: 'r1',
        segments: [segment(0, 'Hello.')],
        interim: null,
        annotations: NO_ANNOTATIONS,
      },
    });
    const { sent } = connect(RECORDED_TAB);
    emit({
      type: 'transcript',
      recordingId: 'r1',
      appended: [],
      interim: { text: 'how', start: 1, end: 2 },
    });
    emit({ type: 'level', recordingId: 'r1', level: 0.5 });
    emit({
      type: 'transcript',
      recordingId: 'r1',
      appended: [segment(1, 'How are you?')],
      interim: null,
    });
    emit({ type: 'transcript', recordingId: 'r1', appended: [], interim: null });
    expect(sent).toEqual([
      { type: 'caption', settled: 'Hello.', interim: '' },
      { type: 'caption', settled: 'Hello.', interim: 'how' },
      { type: 'caption', settled: 'Hello. How are you?', interim: '' },
    ]);
  });

  it('ends the port when the recording ends, and stops listening', () => {
    const { connect, emit, listeners } = setUp({
      state: LIVE,
      transcript: { recordingId: 'r1', segments: [], interim: null, annotations: NO_ANNOTATIONS },
    });
    const { port } = connect(RECORDED_TAB);
    emit({ type: 'state', state: { ...LIVE, connection: 'reconnecting' } });
    expect(port.disconnected).toBe(false);
    emit({ type: 'state', state: ENDED });
    expect(port.disconnected).toBe(true);
    expect(listeners.size).toBe(0);
  });

  it('turns away a port from anywhere but the recorded tab, and sends it nothing', () => {
    const { connect, listeners } = setUp({
      state: LIVE,
      transcript: {
        recordingId: 'r1',
        segments: [segment(0, 'secret')],
        interim: null,
        annotations: NO_ANNOTATIONS,
      },
    });
    const { sent, port } = connect({ id: ID, frameId: 0, tab: { id: 8 } });
    expect(sent).toEqual([]);
    expect(port.disconnected).toBe(true);
    expect(listeners.size).toBe(0);
  });

  it('leaves other ports alone', () => {
    const { connect } = setUp({
      state: LIVE,
      transcript: { recordingId: 'r1', segments: [], interim: null, annotations: NO_ANNOTATIONS },
    });
    const { sent, port } = connect(RECORDED_TAB, 'tabscribe.recording');
    expect([sent, port.disconnected]).toEqual([[], false]);
  });
});
