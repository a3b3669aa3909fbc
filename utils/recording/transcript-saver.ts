import type { TranscriptStore } from '../saved/transcript-store';
import type { Annotations } from '../transcript/annotations';
import type { Segment } from '../transcript/transcript-model';

/**
 * Writes one recording's transcript as it grows: one write after another, in the order the
 * words arrived (a segment never lands before the recording it belongs to). A failed write is
 * logged and the next one still runs: the words on screen go on, and the store keeps what it can.
 */
export interface TranscriptSaver {
  begin(details: {
    title: string;
    url: string;
    tabId: number;
    startedAt: number;
    settings: Record<string, string>;
  }): void;
  append(segments: Segment[]): void;
  /** Applies the change the owner made to its moments or names to the saved ones too. */
  annotate(change: (annotations: Annotations) => Annotations): void;
  /** Complete, interrupted (kept, marked so), or discarded (a start that never went live). */
  end(outcome: 'complete' | 'interrupted' | 'discard', at: number): Promise<void>;
}

export function createTranscriptSaver(
  recordingId: string,
  store: Promise<TranscriptStore>,
  logError: (message: string, error: unknown) => void,
): TranscriptSaver {
  let saving: Promise<void> = Promise.resolve();
  const save = (what: string, write: (opened: TranscriptStore) => Promise<unknown>) => {
    saving = saving
      .then(async () => {
        await write(await store);
      })
      .catch((error: unknown) => logError(`Could not save ${what}`, error));
    return saving;
  };
  return {
    begin: ({ title, url, tabId, startedAt, settings }) =>
      void save('the recording', (opened) =>
        opened.startSession({
          id: recordingId,
          title: title || 'Untitled tab',
          url,
          tabId,
          startedAt,
          settings,
        }),
      ),
    append: (segments) =>
      void save('a segment', (opened) => opened.appendSegments(recordingId, segments)),
    annotate: (change) =>
      void save('a moment or a name', (opened) => opened.annotate(recordingId, change)),
    end: (outcome, at) =>
      save('the end of the recording', (opened) =>
        outcome === 'discard'
          ? opened.deleteSession(recordingId)
          : opened.endSession(recordingId, at, outcome),
      ),
  };
}
