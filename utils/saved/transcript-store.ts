import type { Annotations } from '../transcript/annotations';
import type { Segment } from '../transcript/transcript-model';
import { openAccountDb } from './account-transcripts';
import { countedUpTo, lastSegment, sessionRange } from './session-counts';
import {
  annotationsOf,
  contextIndexedDb,
  countWords,
  type IndexedDbApi,
  openTranscriptDb,
  type SavedTranscript,
  type SessionRecord,
  type SessionStatus,
  storedSegment,
  type TranscriptDb,
} from './transcript-db';
import { createTranscriptReader } from './transcript-reads';
import { type SearchResult, searchTranscripts } from './transcript-search';

export {
  contextIndexedDb,
  type IndexedDbApi,
  LEGACY_DB_NAME,
  openTranscriptDb,
  type SavedTranscript,
  type SessionRecord,
  type SessionStatus,
  type StoredSegment,
  searchTerms,
  type TranscriptDb,
} from './transcript-db';
export { type SearchResult, searchTranscripts } from './transcript-search';

/**
 * Saved transcripts, in IndexedDB: one record per session and one append-only record per final
 * segment, written as each segment arrives: one write per segment, nothing else rewritten. The
 * offscreen document writes; the history page reads and edits.
 *
 * A session's counts (words, length) are written to its record when it ends; while it
 * is live they are read from its last segment, which carries the running word count.
 */

/** The store over an open database; `keyRange` is the IDBKeyRange of the IndexedDB it is on. */
export function createTranscriptStore(
  db: TranscriptDb,
  keyRange: typeof IDBKeyRange = IDBKeyRange,
) {
  const rangeOf = (sessionId: string) => sessionRange(keyRange, sessionId);
  // Each session's running word count, as written by this store (read from disk once otherwise).
  const wordsSoFar = new Map<string, number>();

  async function savedWordCount(sessionId: string): Promise<number> {
    const tx = db.transaction(['sessions', 'segments'], 'readonly');
    const [session, last] = await Promise.all([
      tx.objectStore('sessions').get(sessionId),
      lastSegment(tx.objectStore('segments'), rangeOf(sessionId)),
    ]);
    if (!session) throw new Error(`No session ${sessionId}`);
    return last?.wordsSoFar ?? 0;
  }

  /** Reads a session and writes it back changed, in one transaction; null when it is gone. */
  async function updateSession(
    sessionId: string,
    change: (session: SessionRecord) => SessionRecord,
  ): Promise<SessionRecord | null> {
    const tx = db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(sessionId);
    const changed = session ? change(session) : null;
    if (changed) await tx.store.put(changed);
    await tx.done;
    return changed;
  }

  const reader = createTranscriptReader(db, keyRange);
  return {
    ...reader,

    async startSession(
      session: Pick<SessionRecord, 'id' | 'title' | 'url' | 'startedAt' | 'settings'> &
        Partial<Pick<SessionRecord, 'tabId'>>,
    ): Promise<void> {
      await db.put('sessions', {
        ...session,
        endedAt: null,
        durationMs: 0,
        wordCount: 0,
        status: 'live',
      });
      wordsSoFar.set(session.id, 0);
    },

    /** Appends final segments, in one transaction of one write each. */
    async appendSegments(sessionId: string, segments: Segment[]): Promise<void> {
      if (segments.length === 0) return;
      const saved = wordsSoFar.get(sessionId) ?? (await savedWordCount(sessionId));
      // Counted and recorded before the first await that follows, so overlapping calls add up.
      let words = wordsSoFar.get(sessionId) ?? saved;
      const records = segments.map((segment) => {
        words += countWords(segment.text);
        return storedSegment(sessionId, segment, words);
      });
      wordsSoFar.set(sessionId, words);
      const tx = db.transaction('segments', 'readwrite');
      try {
        await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
      } catch (error) {
        wordsSoFar.delete(sessionId); // Read again from what was really saved.
        throw error;
      }
    },

    async endSession(sessionId: string, endedAt: number, status: SessionStatus): Promise<void> {
      wordsSoFar.delete(sessionId);
      const tx = db.transaction(['sessions', 'segments'], 'readwrite');
      const [session, last] = await Promise.all([
        tx.objectStore('sessions').get(sessionId),
        lastSegment(tx.objectStore('segments'), rangeOf(sessionId)),
      ]);
      if (session) {
        const counted = countedUpTo(session, last);
        await tx.objectStore('sessions').put({
          ...counted,
          endedAt,
          durationMs: Math.max(counted.durationMs, endedAt - session.startedAt),
          status,
        });
      }
      await tx.done;
    },

    /**
     * Sessions still marked live whose capture is not running (a crash, a killed browser, a
     * closed offscreen document) become interrupted, keeping every segment saved before.
     */
    async recoverInterrupted(runningSessionId: string | null): Promise<string[]> {
      const recovered: string[] = [];
      const tx = db.transaction(['sessions', 'segments'], 'readwrite');
      const sessions = await tx.objectStore('sessions').getAll();
      for (const session of sessions) {
        if (session.status === 'live' && session.id !== runningSessionId) {
          const last = await lastSegment(tx.objectStore('segments'), rangeOf(session.id));
          await tx
            .objectStore('sessions')
            .put({ ...countedUpTo(session, last), status: 'interrupted' });
          recovered.push(session.id);
        }
      }
      await tx.done;
      return recovered;
    },

    async rename(sessionId: string, title: string): Promise<void> {
      await updateSession(sessionId, (session) => ({ ...session, title }));
    },

    /**
     * Changes a session's moments and speaker names, read and written in one transaction: the
     * recorder (marking moments) and the history page (notes, names) may both write at once.
     * Returns them as saved; null when the session is gone.
     */
    async annotate(
      sessionId: string,
      change: (annotations: Annotations) => Annotations,
    ): Promise<Annotations | null> {
      const saved = await updateSession(sessionId, (session) => {
        const { moments, speakerNames } = change(annotationsOf(session));
        return { ...session, moments: [...moments], speakerNames };
      });
      return saved && annotationsOf(saved);
    },

    /** Deletes a session and its segments; returns them, so the deletion can be undone. */
    async deleteSession(sessionId: string): Promise<SavedTranscript | null> {
      const saved = await reader.getTranscript(sessionId);
      const tx = db.transaction(['sessions', 'segments'], 'readwrite');
      await Promise.all([
        tx.objectStore('segments').delete(rangeOf(sessionId)),
        tx.objectStore('sessions').delete(sessionId),
        tx.done,
      ]);
      return saved;
    },

    async restore({ session, segments }: SavedTranscript): Promise<void> {
      const tx = db.transaction(['sessions', 'segments'], 'readwrite');
      let words = 0;
      await Promise.all([
        tx.objectStore('sessions').put(session),
        ...segments.map((segment) => {
          words += countWords(segment.text);
          return tx.objectStore('segments').put(storedSegment(session.id, segment, words));
        }),
        tx.done,
      ]);
    },

    async deleteAll(): Promise<void> {
      const tx = db.transaction(['sessions', 'segments'], 'readwrite');
      await Promise.all([
        tx.objectStore('sessions').clear(),
        tx.objectStore('segments').clear(),
        tx.done,
      ]);
    },

    /** Sessions holding every word of the query, newest first (see `searchTranscripts`). */
    search(query: string): Promise<SearchResult[]> {
      return searchTranscripts(db, keyRange, query);
    },
  };
}

export type TranscriptStore = ReturnType<typeof createTranscriptStore>;

/** Opens the database `name` over the IndexedDB given (the context's own unless a test's). */
export async function openTranscriptStore({
  indexedDB = contextIndexedDb(),
  name,
}: {
  indexedDB?: IndexedDbApi;
  name: string;
}): Promise<TranscriptStore> {
  return createTranscriptStore(await openTranscriptDb(name, indexedDB), indexedDB.keyRange);
}

/** Opens the signed-in account's transcripts (`account-transcripts.ts`), to read and write. */
export async function openAccountTranscripts(
  accountId: string,
  idb: IndexedDbApi = contextIndexedDb(),
): Promise<TranscriptStore> {
  return createTranscriptStore(await openAccountDb(accountId, idb), idb.keyRange);
}
