import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Segment } from '../transcript/transcript-model';

/**
 * Saved transcripts, in IndexedDB: one record per session and one append-only record per final
 * segment, written as each segment arrives: one write per segment, nothing else rewritten. The
 * offscreen document writes; the history page reads and edits.
 *
 * A session's counts (words, segments, length) are written to its record when it ends; while it
 * is live they are read from its last segment, which carries the running word count.
 */

export type SessionStatus = 'live' | 'complete' | 'interrupted';

export interface SessionRecord {
  id: string;
  title: string;
  url: string;
  /** ms since the epoch. */
  startedAt: number;
  endedAt: number | null;
  /** Up to the end of the last word (while live) or the session's end. */
  durationMs: number;
  wordCount: number;
  segmentCount: number;
  status: SessionStatus;
  /** What the stream was opened with (model, language, …). */
  settings: Record<string, string>;
}

export interface StoredSegment extends Segment {
  sessionId: string;
  /** The segment's distinct search terms, indexed (multi-entry) for search. */
  terms: string[];
  /** Words in the session up to and including this segment. */
  wordsSoFar: number;
}

export interface SavedTranscript {
  session: SessionRecord;
  segments: Segment[];
}

interface TabscribeDb extends DBSchema {
  sessions: { key: string; value: SessionRecord; indexes: { startedAt: number } };
  segments: { key: [string, number]; value: StoredSegment; indexes: { terms: string } };
}

/** The database of the transcripts saved before they were kept per account. */
export const LEGACY_DB_NAME = 'tabscribe';

/**
 * Opens (creating or upgrading) one transcript database. It closes itself when another context
 * deletes or upgrades it, so removing an account's transcripts is never blocked by an open page.
 */
export function openTranscriptDb(name: string): Promise<IDBPDatabase<TabscribeDb>> {
  return openDB<TabscribeDb>(name, 3, {
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        // Keyed by session then index: one session's segments are one key range, in order.
        db.createObjectStore('segments', { keyPath: ['sessionId', 'index'] });
      }
      if (oldVersion < 3) {
        // Version 2 kept a record per word in a store of its own: ten writes per segment where
        // a multi-entry index on the segment's own terms costs one.
        const legacy = db as unknown as IDBPDatabase;
        if (legacy.objectStoreNames.contains('words')) legacy.deleteObjectStore('words');
        const segments = tx.objectStore('segments');
        segments.createIndex('terms', 'terms', { multiEntry: true });
        // In key order: each session's segments in turn, from its first.
        let session = '';
        let words = 0;
        for await (const cursor of segments) {
          const { sessionId } = cursor.value;
          if (sessionId !== session) [session, words] = [sessionId, 0];
          words += countWords(cursor.value.text);
          await cursor.update(storedSegment(sessionId, cursor.value, words));
        }
      }
    },
  });
}

export type TranscriptDb = IDBPDatabase<TabscribeDb>;

const sessionRange = (sessionId: string) =>
  IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER]);

const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Words as search sees them: letters and digits, in lower case ("Q&A's" → q, a, s). */
export function searchTerms(text: string): string[] {
  return text.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function storedSegment(sessionId: string, segment: Segment, wordsSoFar: number): StoredSegment {
  return { ...segment, sessionId, terms: [...new Set(searchTerms(segment.text))], wordsSoFar };
}

function fromStored({ sessionId: _, terms: __, wordsSoFar: ___, ...segment }: StoredSegment) {
  return segment;
}

/** The segments object store of any transaction that has it. */
interface SegmentsStore {
  openCursor(range: IDBKeyRange, direction: 'prev'): Promise<{ value: StoredSegment } | null>;
}

async function lastSegment(segments: SegmentsStore, sessionId: string) {
  return (await segments.openCursor(sessionRange(sessionId), 'prev'))?.value;
}

/** A session with the counts its last segment gives. */
function countedUpTo(session: SessionRecord, last: StoredSegment | undefined): SessionRecord {
  if (!last) return session;
  return {
    ...session,
    wordCount: last.wordsSoFar,
    segmentCount: last.index + 1,
    durationMs: Math.max(session.durationMs, Math.round(last.end * 1000)),
  };
}

/** Sessions as the reader should see them: a live one's counts are read from its last segment. */
function withLiveCounts(segments: SegmentsStore, sessions: SessionRecord[]) {
  return Promise.all(
    sessions.map(async (session) =>
      session.status === 'live'
        ? countedUpTo(session, await lastSegment(segments, session.id))
        : session,
    ),
  );
}

export function createTranscriptStore(db: TranscriptDb) {
  // Each session's running word count, as written by this store (read from disk once otherwise).
  const wordsSoFar = new Map<string, number>();

  async function savedWordCount(sessionId: string): Promise<number> {
    const tx = db.transaction(['sessions', 'segments'], 'readonly');
    const [session, last] = await Promise.all([
      tx.objectStore('sessions').get(sessionId),
      lastSegment(tx.objectStore('segments'), sessionId),
    ]);
    if (!session) throw new Error(`No session ${sessionId}`);
    return last?.wordsSoFar ?? 0;
  }

  return {
    async startSession(
      session: Pick<SessionRecord, 'id' | 'title' | 'url' | 'startedAt' | 'settings'>,
    ): Promise<void> {
      await db.put('sessions', {
        ...session,
        endedAt: null,
        durationMs: 0,
        wordCount: 0,
        segmentCount: 0,
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
        lastSegment(tx.objectStore('segments'), sessionId),
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
          const last = await lastSegment(tx.objectStore('segments'), session.id);
          await tx
            .objectStore('sessions')
            .put({ ...countedUpTo(session, last), status: 'interrupted' });
          recovered.push(session.id);
        }
      }
      await tx.done;
      return recovered;
    },

    /** Newest first. */
    async listSessions(): Promise<SessionRecord[]> {
      const tx = db.transaction(['sessions', 'segments'], 'readonly');
      const sessions = await tx.objectStore('sessions').index('startedAt').getAll();
      return (await withLiveCounts(tx.objectStore('segments'), sessions)).reverse();
    },

    /** One session's record, with its counts. */
    async getSession(sessionId: string): Promise<SessionRecord | null> {
      const tx = db.transaction(['sessions', 'segments'], 'readonly');
      const session = await tx.objectStore('sessions').get(sessionId);
      if (!session) return null;
      const [counted] = await withLiveCounts(tx.objectStore('segments'), [session]);
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
        tx.objectStore('segments').getAll(sessionRange(sessionId), firstSegments),
      ]);
      if (!session) return null;
      const [counted] = await withLiveCounts(tx.objectStore('segments'), [session]);
      return { session: counted ?? session, segments: segments.map(fromStored) };
    },

    async rename(sessionId: string, title: string): Promise<void> {
      const session = await db.get('sessions', sessionId);
      if (session) await db.put('sessions', { ...session, title });
    },

    /** Deletes a session and its segments; returns them, so the deletion can be undone. */
    async deleteSession(sessionId: string): Promise<SavedTranscript | null> {
      const saved = await this.getTranscript(sessionId);
      const tx = db.transaction(['sessions', 'segments'], 'readwrite');
      await Promise.all([
        tx.objectStore('segments').delete(sessionRange(sessionId)),
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

    /**
     * Sessions whose title or one segment holds every word of the query, each as the start of a
     * word ("budg" finds "budget"), in any case. Looks words up in the segments' term index: the cost is
     * the matches, not the size of the history.
     */
    async search(query: string): Promise<{ session: SessionRecord; matches: Segment[] }[]> {
      const terms = [...new Set(searchTerms(query))];
      if (terms.length === 0) return [];
      const tx = db.transaction(['sessions', 'segments'], 'readonly');
      const byTerm = tx.objectStore('segments').index('terms');
      // The keys of the segments holding each term; then the segments holding all of them.
      const perTerm = await Promise.all(
        terms.map(async (term) => {
          const keys = await byTerm.getAllKeys(IDBKeyRange.bound(term, `${term}\uffff`));
          return new Set(keys.map(([sessionId, index]) => `${sessionId}\u0000${index}`));
        }),
      );
      const [first, ...rest] = perTerm;
      const matching = [...(first ?? [])].filter((key) => rest.every((set) => set.has(key)));
      const segments = await Promise.all(
        matching.map((key) => {
          const [sessionId, index] = key.split('\u0000') as [string, string];
          return tx.objectStore('segments').get([sessionId, Number(index)]);
        }),
      );
      const sessions = await withLiveCounts(
        tx.objectStore('segments'),
        (await tx.objectStore('sessions').index('startedAt').getAll()).reverse(),
      );
      await tx.done;
      const titleHas = (title: string) => {
        const words = searchTerms(title);
        return terms.every((term) => words.some((word) => word.startsWith(term)));
      };
      const results: { session: SessionRecord; matches: Segment[] }[] = [];
      for (const session of sessions) {
        const matches = segments
          .filter((segment): segment is StoredSegment => segment?.sessionId === session.id)
          .sort((a, b) => a.index - b.index)
          .map(fromStored);
        if (matches.length > 0 || titleHas(session.title)) results.push({ session, matches });
      }
      return results;
    },
  };
}

export type TranscriptStore = ReturnType<typeof createTranscriptStore>;
