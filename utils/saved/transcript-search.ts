import type { Segment } from '../transcript/transcript-model';
import { fromStored, sessionRange, withLiveCounts } from './session-counts';
import {
  type SessionRecord,
  type StoredSegment,
  searchTerms,
  type TranscriptDb,
} from './transcript-db';

/** One session the search found, with its segments that hold the query. */
export interface SearchResult {
  session: SessionRecord;
  matches: Segment[];
}

/**
 * Sessions whose title or one segment holds every word of the query, each as the start of a
 * word ("budg" finds "budget"), in any case. Looks words up in the segments' term index: the cost is
 * the matches, not the size of the history. Newest session first.
 */
export async function searchTranscripts(
  db: TranscriptDb,
  keyRange: typeof IDBKeyRange,
  query: string,
): Promise<SearchResult[]> {
  const terms = [...new Set(searchTerms(query))];
  if (terms.length === 0) return [];
  const rangeOf = (sessionId: string) => sessionRange(keyRange, sessionId);
  const tx = db.transaction(['sessions', 'segments'], 'readonly');
  const byTerm = tx.objectStore('segments').index('terms');
  // The keys of the segments holding each term; then the segments holding all of them.
  const perTerm = await Promise.all(
    terms.map(async (term) => {
      const keys = await byTerm.getAllKeys(keyRange.bound(term, `${term}\uffff`));
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
    rangeOf,
  );
  await tx.done;
  const titleHas = (title: string) => {
    const words = searchTerms(title);
    return terms.every((term) => words.some((word) => word.startsWith(term)));
  };
  const results: SearchResult[] = [];
  for (const session of sessions) {
    const matches = segments
      .filter((segment): segment is StoredSegment => segment?.sessionId === session.id)
      .sort((a, b) => a.index - b.index)
      .map(fromStored);
    if (matches.length > 0 || titleHas(session.title)) results.push({ session, matches });
  }
  return results;
}
