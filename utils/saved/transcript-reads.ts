import { fromStored, sessionRange, withLiveCounts } from './session-counts';
import type { SavedTranscript, SessionRecord, TranscriptDb } from './transcript-db';

/**
 * The reads of saved transcripts the live views make (a recording's title, the recent
 * transcripts, an export, a seek), apart from the store's writes and search: the pages are one
 * build, so a view that imported the whole store would load every method of it
 * (`npm run bench -- bundles`). The store (`transcript-store.ts`) is these reads and its writes.
 */
export function createTranscriptReader(db: TranscriptDb, keyRange: typeof IDBKeyRange) {
  const rangeOf = (sessionId: string) => sessionRange(keyRange, sessionId);
  return {
    /** Newest first. */
    async listSessions(): Promise<SessionRecord[]> {
      const tx = db.transaction(['sessions', 'segments'], 'readonly');
      const sessions = await tx.objectStore('sessions').index('startedAt').getAll();
      return (await withLiveCounts(tx.objectStore('segments'), sessions, rangeOf)).reverse();
    },

    /** One session's record, with its counts. */
    async getSession(sessionId: string): Promise<SessionRecord | null> {
      const tx = db.transaction(['sessions', 'segments'], 'readonly');
      const session = await tx.objectStore('sessions').get(sessionId);
      if (!session) return null;
      const [counted] = await withLiveCounts(tx.objectStore('segments'), [session], rangeOf);
      return counted ?? session;
    },

    /** A saved transcript; with `firstSegments`, only that many of its segments (a first screenful). */
    async getTranscript(
      sessionId: string,
      firstSegments?: number,
    ): Promise<SavedTranscript | null> {
      const tx = db.transaction(['sessions', 'segments'], 'readonly');
      const [session, segments] = await Promise.all([
        tx.objectStore('sessions').get(sessionId),
        tx.objectStore('segments').getAll(rangeOf(sessionId), firstSegments),
      ]);
      if (!session) return null;
      const [counted] = await withLiveCounts(tx.objectStore('segments'), [session], rangeOf);
      return { session: counted ?? session, segments: segments.map(fromStored) };
    },
  };
}

export type TranscriptReader = ReturnType<typeof createTranscriptReader>;
