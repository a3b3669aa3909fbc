import { describe, expect, it } from 'vitest';
import { NO_ANNOTATIONS } from '../transcript/annotations';
import type { Recorder } from './recorder';
import { HELLO_READ_LIMIT_MS, type Port, serveViews, VIEW_PORT } from './recording-channel';
import type { RecordingChange, RecordingSnapshot } from './recording-snapshot';
import { IDLE } from './recording-state';

// A view's port: a hello with the whole recording, then every change after it, once, in order,
// even while the hello's older words are still being read back from the store.

const SNAPSHOT: RecordingSnapshot = {
  state: IDLE,
  transcript: { recordingId: 'r1', segments: [], interim: null, annotations: NO_ANNOTATIONS },
};
const change = (level: number): RecordingChange => ({ type: 'level', recordingId: 'r1', level });

function setUp() {
  const listeners = new Set<(change: RecordingChange) => void>();
  const asked: (number | undefined)[] = [];
  let readBack: (snapshot: RecordingSnapshot) => void = () => {};
  const recorder = {
    snapshot: (giveUpAfterMs?: number) => {
      asked.push(giveUpAfterMs);
      return new Promise<RecordingSnapshot>((resolve) => (readBack = resolve));
    },
    subscribe(listener: (change: RecordingChange) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as Recorder;
  let accept: (port: Port) => void = () => {};
  serveViews(recorder, { addListener: (listener) => (accept = listener) }, () => true);
  const connect = () => {
    const sent: unknown[] = [];
    let disconnected = () => {};
    accept({
      name: VIEW_PORT,
      postMessage: (message: unknown) => sent.push(message),
      onDisconnect: { addListener: (listener: () => void) => (disconnected = listener) },
    } as unknown as Port);
    return { sent, disconnect: () => disconnected() };
  };
  const tell = (told: RecordingChange) => {
    for (const listener of listeners) listener(told);
  };
  return {
    connect,
    tell,
    readBack: (snapshot = SNAPSHOT) => readBack(snapshot),
    listeners,
    asked,
  };
}

describe('serveViews', () => {
  it('changes made while the hello is read wait for it, then follow it in order', async () => {
    const { connect, tell, readBack, asked } = setUp();
    const view = connect();
    // The hello waits for the store no longer than the limit.
    expect(asked).toEqual([HELLO_READ_LIMIT_MS]);
    tell(change(0.1));
    tell(change(0.2));
    expect(view.sent).toEqual([]);
    readBack();
    await Promise.resolve();
    tell(change(0.3));
    expect(view.sent).toEqual([
      { type: 'hello', snapshot: SNAPSHOT },
      change(0.1),
      change(0.2),
      change(0.3),
    ]);
  });

  it('a view gone before its hello is ready is sent nothing, and no longer listened for', async () => {
    const { connect, tell, readBack, listeners } = setUp();
    const view = connect();
    tell(change(0.1));
    view.disconnect();
    expect(listeners.size).toBe(0);
    readBack();
    await Promise.resolve();
    expect(view.sent).toEqual([]);
  });
});
