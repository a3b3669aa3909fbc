import * as v from 'valibot';
import type { Browser } from 'wxt/browser';
import type { Recorder } from './recorder';
import type { RecordingChange } from './recording-snapshot';
import { isRunning, type RecordingState } from './recording-state';
import { isStateLike, type ToView, VIEW_PORT } from './view-messages';

export { parseToView, type ToView, VIEW_PORT } from './view-messages';

/**
 * How the recording's owner tells others what happens, over ports rather than broadcasts: a view
 * (popup, side panel) opens a port and gets a hello with the whole state and transcript, then
 * every change, in order; nothing is sent when no view is open. The worker gets the states only,
 * for the badge, on a port the owner opens while a recording runs (which also wakes a stopped
 * worker, and closes when the owner dies: the worker's liveness signal).
 */

export type Port = Browser.runtime.Port;

/** The owner opens a port of this name to the worker while a recording runs. */
export const STATUS_PORT = 'tabscribe.recording-status';
/**
 * The owner repeats the state this often while recording: a message within 30 s keeps the worker
 * running, so the badge follows the tab's navigations and a dead owner is noticed at once.
 */
export const STATUS_REPEAT_MS = 20_000;
/**
 * A view's hello waits this long at most for the older words read back from the store: a slow
 * database leaves them out (the view says so) rather than leave the view empty.
 */
export const HELLO_READ_LIMIT_MS = 1_500;

const STATE = v.custom<RecordingState>(isStateLike);

const TO_WORKER = v.object({ type: v.literal('state'), state: STATE });
export type ToWorker = v.InferOutput<typeof TO_WORKER>;

export const parseToWorker = (raw: unknown): ToWorker | null => {
  const parsed = v.safeParse(TO_WORKER, raw);
  return parsed.success ? parsed.output : null;
};

interface ConnectEvents {
  addListener(listener: (port: Port) => void): void;
}

/** Owner side: each view's port gets a hello, then every change until it disconnects. */
export function serveViews(
  recorder: Recorder,
  onConnect: ConnectEvents,
  isOwnPage: (port: Port) => boolean,
) {
  onConnect.addListener((port) => {
    if (port.name !== VIEW_PORT) return;
    if (!isOwnPage(port)) {
      port.disconnect();
      return;
    }
    const send = (message: ToView) => port.postMessage(message);
    // The hello is the recording as it is now, its older words read back from the store; the
    // changes after now wait for it, so the view gets each once, in order.
    let waiting: RecordingChange[] | null = [];
    const unsubscribe = recorder.subscribe((change: RecordingChange) => {
      if (waiting) waiting.push(change);
      else send(change);
    });
    let open = true;
    port.onDisconnect.addListener(() => {
      open = false;
      unsubscribe();
    });
    void recorder.snapshot(HELLO_READ_LIMIT_MS).then((snapshot) => {
      if (!open) return;
      send({ type: 'hello', snapshot });
      const changes = waiting ?? [];
      waiting = null;
      for (const change of changes) send(change);
    });
  });
}

/**
 * Owner side: keeps a port to the worker open while a recording runs, sends it each state (and
 * the same again every `STATUS_REPEAT_MS`), and reopens it when the worker was stopped. The last
 * state sent before closing is the end.
 */
export function reportToWorker(recorder: Recorder, connect: () => Port) {
  let port: Port | null = null;
  let repeat: ReturnType<typeof setInterval> | null = null;
  const send = (state: RecordingState) => {
    if (!port) {
      const opened = connect();
      opened.onDisconnect.addListener(() => {
        if (port === opened) port = null;
        // A stopped worker: wake it again, with the state it lost.
        if (isRunning(recorder.state)) send(recorder.state);
      });
      port = opened;
    }
    port.postMessage({ type: 'state', state } satisfies ToWorker);
  };
  recorder.subscribe((change) => {
    if (change.type !== 'state') return;
    send(change.state);
    if (isRunning(change.state)) {
      repeat ??= setInterval(() => send(recorder.state), STATUS_REPEAT_MS);
      return;
    }
    if (repeat !== null) clearInterval(repeat);
    repeat = null;
    const closing = port;
    port = null;
    closing?.disconnect();
  });
}
