import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Segment } from '../transcript/transcript-model';

/**
 * Saved transcripts, in IndexedDB: one record per session and one append-only record per final
 * segment, written as each segment arrives (nothing ever rewrites a whole transcript). The
 * offscreen document writes; the history page reads and edits.
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
}

export interface SavedTranscript {
  session: SessionRecord;
  segments: Segment[];
}

/** One word of one segment: what search looks words up in. */
interface WordEntry {
  sessionId: string;
  index: number;
  word: string;
}

interface TabscribeDb extends DBSchema {
  sessions: { key: string; value: SessionRecord; indexes: { startedAt: number } };
  segments: { key: [string, number]; value: StoredSegment };
  words: { key: [string, number, string]; value: WordEntry; indexes: { word: string } };
}

export const DB_NAME = 'tabscribe';

export function openTranscriptDb(): Promise<IDBPDatabase<TabscribeDb>> {
  return openDB<TabscribeDb>(DB_NAME, 2, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        // Keyed by session then index: one session's segments are one key range, in order.
        db.createObjectStore('segments', { keyPath: ['sessionId', 'index'] });
      }
      if (oldVersion < 2) {
        // Keyed by segment, so a session's words go with it; indexed by word for search.
        db.createObjectStore('words', { keyPath: ['sessionId', 'index', 'word'] }).createIndex(
          'word',
          'word',
        );
        for await (const cursor of tx.objectStore('segments')) {
          for (const entry of wordEntries(cursor.value.sessionId, cursor.value)) {
            await tx.objectStore('words').put(entry);
          }
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

function wordEntries(sessionId: string, segment: Pick<Segment, 'index' | 'text'>): WordEntry[] {
  return [...new Set(searchTerms(segment.text))].map((word) => ({
    sessionId,
    index: segment.index,
    word,
  }));
}

const wordRange = (sessionId: string) =>
  IDBKeyRange.bound([sessionId, 0, ''], [sessionId, Number.MAX_SAFE_INTEGER, '\uffff']);

export function createTranscriptStore(db: TranscriptDb) {
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
    },

    /** Appends final segments: one small write each, and the session's counters, in one transaction. */
    async appendSegments(sessionId: string, segments: Segment[]): Promise<void> {
      if (segments.length === 0) return;
      const tx = db.transaction(['sessions', 'segments', 'words'], 'readwrite');
      const sessions = tx.objectStore('sessions');
      const session = await sessions.get(sessionId);
      if (!session) throw new Error(`No session ${sessionId}`);
      for (const segment of segments) {
        await tx.objectStore('segments').put({ ...segment, sessionId });
        for (const entry of wordEntries(sessionId, segment)) {
          void tx.objectStore('words').put(entry);
        }
        session.wordCount += countWords(segment.text);
        session.durationMs = Math.max(session.durationMs, Math.round(segment.end * 1000));
      }
      session.segmentCount = Math.max(session.segmentCount, (segments.at(-1)?.index ?? -1) + 1);
      await sessions.put(session);
      await tx.done;
    },

    async endSession(sessionId: string, endedAt: number, status: SessionStatus): Promise<void> {
      const session = await db.get('sessions', sessionId);
      if (!session) return;
      await db.put('sessions', {
        ...session,
        endedAt,
        durationMs: Math.max(session.durationMs, endedAt - session.startedAt),
        status,
      });
    },

    /**
     * Sessions still marked live whose capture is not running (a crash, a killed browser, a
     * closed offscreen document) become interrupted, keeping every segment saved before.
     */
    async recoverInterrupted(runningSessionId: string | null): Promise<string[]> {
      const recovered: string[] = [];
      const tx = db.transaction('sessions', 'readwrite');
      for await (const cursor of tx.store) {
        const session = cursor.value;
        if (session.status === 'live' && session.id !== runningSessionId) {
          await cursor.update({ ...session, status: 'interrupted' });
          recovered.push(session.id);
        }
      }
      await tx.done;
      return recovered;
    },

    /** Newest first. */
    async listSessions(): Promise<SessionRecord[]> {
      return (await db.getAllFromIndex('sessions', 'startedAt')).reverse();
    },

    async getTranscript(sessionId: string): Promise<SavedTranscript | null> {
      const session = await db.get('sessions', sessionId);
      if (!session) return null;
      const segments = await db.getAll('segments', sessionRange(sessionId));
      return { session, segments: segments.map(({ sessionId: _, ...segment }) => segment) };
    },

    async rename(sessionId: string, title: string): Promise<void> {
      const session = await db.get('sessions', sessionId);
      if (session) await db.put('sessions', { ...session, title });
    },

    /** Deletes a session and its segments; returns them, so the deletion can be undone. */
    async deleteSession(sessionId: string): Promise<SavedTranscript | null> {
      const saved = await this.getTranscript(sessionId);
      const tx = db.transaction(['sessions', 'segments', 'words'], 'readwrite');
      await tx.objectStore('segments').delete(sessionRange(sessionId));
      await tx.objectStore('words').delete(wordRange(sessionId));
      await tx.objectStore('sessions').delete(sessionId);
      await tx.done;
      return saved;
    },

    async restore({ session, segments }: SavedTranscript): Promise<void> {
      const tx = db.transaction(['sessions', 'segments', 'words'], 'readwrite');
      await tx.objectStore('sessions').put(session);
      for (const segment of segments) {
        await tx.objectStore('segments').put({ ...segment, sessionId: session.id });
        for (const entry of wordEntries(session.id, segment)) {
          void tx.objectStore('words').put(entry);
        }
      }
      await tx.done;
    },

    async deleteAll(): Promise<void> {
      const tx = db.transaction(['sessions', 'segments', 'words'], 'readwrite');
      await Promise.all([
        tx.objectStore('sessions').clear(),
        tx.objectStore('segments').clear(),
        tx.objectStore('words').clear(),
      ]);
      await tx.done;
    },

    /**
     * Sessions whose title or one segment holds every word of the query, each as the start of a
     * word ("budg" finds "budget"), in any case. Looks words up in the word index: the cost is
     * the matches, not the size of the history.
     */
    async search(query: string): Promise<{ session: SessionRecord; matches: Segment[] }[]> {
      const terms = [...new Set(searchTerms(query))];
      if (terms.length === 0) return [];
      const tx = db.transaction(['sessions', 'segments', 'words'], 'readonly');
      const byWord = tx.objectStore('words').index('word');
      // Segments holding each term, as "sessionId index" keys; then those holding all of them.
      const perTerm = await Promise.all(
        terms.map(async (term) => {
          const entries = await byWord.getAll(IDBKeyRange.bound(term, `${term}\uffff`));
          return new Set(entries.map((entry) => `${entry.sessionId}\u0000${entry.index}`));
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
      const sessions = (await tx.objectStore('sessions').index('startedAt').getAll()).reverse();
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
          .map(({ sessionId: _, ...segment }) => segment);
        if (matches.length > 0 || titleHas(session.title)) results.push({ session, matches });
      }
      return results;
    },
  };
}

export type TranscriptStore = ReturnType<typeof createTranscriptStore>;
