import * as v from 'valibot';
import type { Recorder } from '../recording/recorder';
import type { Port } from '../recording/recording-channel';
import type { RecordingChange } from '../recording/recording-snapshot';
import { isRunning, type RecordingState } from '../recording/recording-state';
import { type CaptionText, captionOf, NO_CAPTION, sameCaption, settleWords } from './caption-text';

/**
 * How the words reach the captions drawn on the recorded tab: the captions' script (in the tab,
 * in the extension's isolated world) opens a port of this name; the recording's owner answers it
 * only when it comes from the top frame of the tab being recorded, sends what the captions show
 * (never the whole transcript), and ends the port when the recording ends. The page's own scripts
 * cannot open this port (no `externally_connectable`) nor read what travels on it.
 */
export const CAPTIONS_PORT = 'tabscribe.captions';

const TO_CAPTIONS = v.variant('type', [
  v.object({ type: v.literal('caption'), settled: v.string(), interim: v.string() }),
]);
export type ToCaptions = v.InferOutput<typeof TO_CAPTIONS>;

export const parseToCaptions = (raw: unknown): ToCaptions | null => {
  const parsed = v.safeParse(TO_CAPTIONS, raw);
  return parsed.success ? parsed.output : null;
};

/** Who opened a port, as Chrome says it. */
export interface PortSender {
  id?: string | undefined;
  tab?: { id?: number | undefined } | undefined;
  frameId?: number | undefined;
}

/** Whether a captions port may be answered: our own script, in the recorded tab's top frame. */
export function mayShowCaptions(sender: PortSender, extensionId: string, state: RecordingState) {
  return (
    isRunning(state) &&
    sender.id === extensionId &&
    sender.frameId === 0 &&
    sender.tab?.id !== undefined &&
    sender.tab.id === state.tabId
  );
}

interface ConnectEvents {
  addListener(listener: (port: Port) => void): void;
}

/** Owner side: each captions port gets the caption now, then each change, until the end. */
export function serveCaptions(recorder: Recorder, onConnect: ConnectEvents, extensionId: string) {
  onConnect.addListener((port) => {
    if (port.name !== CAPTIONS_PORT) return;
    // The last lines are among the segments the owner holds: no read of the store.
    const { state, transcript } = recorder.recentSnapshot();
    if (!isRunning(state) || !mayShowCaptions(port.sender ?? {}, extensionId, state)) {
      port.disconnect();
      return;
    }
    const { recordingId } = state;
    let settled = settleWords(
      '',
      transcript.segments.slice(-40).map((segment) => segment.text),
    );
    let shown: CaptionText = NO_CAPTION;
    const send = (caption: CaptionText) => {
      if (sameCaption(caption, shown)) return;
      shown = caption;
      port.postMessage({ type: 'caption', ...caption } satisfies ToCaptions);
    };
    send(captionOf(settled, transcript.interim?.text ?? null));

    let unsubscribe = () => {};
    const end = () => {
      unsubscribe();
      port.disconnect();
    };
    unsubscribe = recorder.subscribe((change: RecordingChange) => {
      if (change.type === 'transcript' && change.recordingId === recordingId) {
        settled = settleWords(
          settled,
          change.appended.map((segment) => segment.text),
        );
        send(captionOf(settled, change.interim?.text ?? null));
      }
      // Final words still arrive while stopping; the captions go when the recording has ended.
      if (change.type !== 'state') return;
      if (!isRunning(change.state) || change.state.recordingId !== recordingId) end();
    });
    port.onDisconnect.addListener(unsubscribe);
  });
}
