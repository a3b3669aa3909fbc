import type { TranscriptStore } from '../storage/transcript-store';

/**
 * Writes a recording's transcript as it grows: one write after another, in the order the words
 * arrived (a segment never lands before the recording it belongs to). A failed write is logged
 * and the next one still runs: the words on screen go on, and the store keeps what it could.
 */
export interface TranscriptSaver {
  save(what: string, write: (store: TranscriptStore) => Promise<void>): Promise<void>;
}

export function createTranscriptSaver(
  store: Promise<TranscriptStore>,
  logError: (message: string, error: unknown) => void,
): TranscriptSaver {
  let saving: Promise<void> = Promise.resolve();
  return {
    save(what, write) {
      saving = saving
        .then(async () => write(await store))
        .catch((error: unknown) => logError(`Could not save ${what}`, error));
      return saving;
    },
  };
}
