import type { SessionRecord, StoredSegment } from './transcript-db';

/**
 * Reads shared by the store's writes and by its search: a session's segment range, a segment as
 * the reader sees it, and a live session's counts read from its last segment. Kept apart from
 * the store so the search module can use them without importing the store (no import cycle).
 */

/** One session's segments: its key range. */
export const sessionRange = (keyRange: typeof IDBKeyRange, sessionId: string) =>
  keyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER]);

/** A stored segment without the fields only the database needs. */
export function fromStored({
  sessionId: _,
  terms: __,
  wordsSoFar: ___,
  ...segment
}: StoredSegment) {
  return segment;
}

/** The segments object store of any transaction that has it. */
export interface SegmentsStore {
  openCursor(range: IDBKeyRange, direction: 'prev'): Promise<{ value: StoredSegment } | null>;
}

export async function lastSegment(segments: SegmentsStore, range: IDBKeyRange) {
  return (await segments.openCursor(range, 'prev'))?.value;
}

/** A session with the counts its last segment gives. */
export function countedUpTo(
  session: SessionRecord,
  last: StoredSegment | undefined,
): SessionRecord {
  if (!last) return session;
  return {
    ...session,
    wordCount: last.wordsSoFar,
    durationMs: Math.max(session.durationMs, Math.round(last.end * 1000)),
  };
}

/** Sessions as the reader should see them: a live one's counts are read from its last segment. */
export function withLiveCounts(
  segments: SegmentsStore,
  sessions: SessionRecord[],
  rangeOf: (sessionId: string) => IDBKeyRange,
) {
  return Promise.all(
    sessions.map(async (session) =>
      session.status === 'live'
        ? countedUpTo(session, await lastSegment(segments, rangeOf(session.id)))
        : session,
    ),
  );
}
