import type { TranscriptStore } from '../saved/transcript-store';
import type { Annotations } from '../transcript/annotations';
import type { Segment } from '../transcript/transcript-model';

/**
 * Writes one recording's transcript as it grows: one write after another, in the order the
 * words arrived (a segment never lands before the recording it belongs to). A failed write is
 * logged and the next one still runs: the words on screen go on, and the store keeps what it can.
 * `onSaved` hears how far the store holds every segment, until a segment's write fails: from
 * then on the owner keeps all it has (`held-segments.ts`).
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
  onSaved: (savedBefore: number) => void = () => {},
): TranscriptSaver {
  let saving: Promise<boolean> = Promise.resolve(true);
  /** No segment's write has failed. */
  let unbroken = true;
  const save = (what: string, write: (opened: TranscriptStore) => Promise<unknown>) => {
    saving = saving.then(async () => {
      try {
        await write(await store);
        return true;
      } catch (error) {
        logError(`Could not save ${what}`, error);
        return false;
      }
    });
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
    append: (segments) => {
      const last = segments.at(-1);
      if (!last) return;
      void save('a segment', (opened) => opened.appendSegments(recordingId, segments)).then(
        (saved) => {
          unbroken &&= saved;
          if (unbroken) onSaved(last.index + 1);
        },
      );
    },
    annotate: (change) =>
      void save('a moment or a name', (opened) => opened.annotate(recordingId, change)),
    end: async (outcome, at) => {
      await save('the end of the recording', (opened) =>
        outcome === 'discard'
          ? opened.deleteSession(recordingId)
          : opened.endSession(recordingId, at, outcome),
      );
    },
  };
}
