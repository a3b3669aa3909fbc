import { type DBSchema, type IDBPDatabase, type IDBPTransaction, wrap } from 'idb';
import { type Annotations, type Moment, NO_ANNOTATIONS } from '../transcript/annotations';
import type { SpeakerNames } from '../transcript/speaker-label';
import type { Segment } from '../transcript/transcript-model';
import { contextIndexedDb, type IndexedDbApi } from './indexed-db';

// The transcript database's schema, its upgrades, and how it is opened over a given IndexedDB.

export type SessionStatus = 'live' | 'complete' | 'interrupted';

export interface SessionRecord {
  id: string;
  title: string;
  url: string;
  /** The tab it was recorded in (absent in older sessions): where its media can be sought. */
  tabId?: number;
  /** ms since the epoch. */
  startedAt: number;
  endedAt: number | null;
  /** Up to the end of the last word (while live) or the session's end. */
  durationMs: number;
  wordCount: number;
  status: SessionStatus;
  /** What the stream was opened with (model, language, …). */
  settings: Record<string, string>;
  /** Moments the user marked; absent in sessions saved before moments existed. */
  moments?: Moment[];
  /** Names the user gave speakers; absent until one is named. */
  speakerNames?: SpeakerNames;
}

/** A session's moments and speaker names, empty for a session that has none. */
export function annotationsOf(session: SessionRecord): Annotations {
  return {
    moments: session.moments ?? NO_ANNOTATIONS.moments,
    speakerNames: session.speakerNames ?? NO_ANNOTATIONS.speakerNames,
  };
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

export { contextIndexedDb, type IndexedDbApi } from './indexed-db';

/**
 * Opens (creating or upgrading) one transcript database. It closes itself when another context
 * deletes or upgrades it, so removing an account's transcripts is never blocked by an open page.
 */
export function openTranscriptDb(
  name: string,
  idb: IndexedDbApi = contextIndexedDb(),
): Promise<IDBPDatabase<TabscribeDb>> {
  // idb's openDB reads the global factory; this is its open, over the factory given.
  const request = idb.factory.open(name, 3);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as IDBPDatabase<TabscribeDb>;
    const tx = wrap(request.transaction as IDBTransaction) as unknown as Parameters<
      typeof upgrade
    >[2];
    void upgrade(db, event.oldVersion, tx);
  });
  const opened = wrap(request) as unknown as Promise<IDBPDatabase<TabscribeDb>>;
  void opened.then((db) => db.addEventListener('versionchange', () => db.close())).catch(() => {});
  return opened;
}

type UpgradeTx = IDBPTransaction<TabscribeDb, ('sessions' | 'segments')[], 'versionchange'>;

async function upgrade(db: IDBPDatabase<TabscribeDb>, oldVersion: number, tx: UpgradeTx) {
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
}

export type TranscriptDb = IDBPDatabase<TabscribeDb>;

export const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Words as search sees them: letters and digits, in lower case ("Q&A's" → q, a, s). */
export function searchTerms(text: string): string[] {
  return text.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function storedSegment(
  sessionId: string,
  segment: Segment,
  wordsSoFar: number,
): StoredSegment {
  return { ...segment, sessionId, terms: [...new Set(searchTerms(segment.text))], wordsSoFar };
}
