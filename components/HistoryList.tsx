import type { SearchResult, TranscriptStore } from '../utils/saved/transcript-store';
import { Highlighted } from './Highlighted';
import styles from './HistoryApp.module.css';
import { historySummary, listedInHistory } from './historyListing';

/** The history's rows: each session listed, with the segments the query found in it. */
export type Listing = SearchResult[];

/** The rows for a query: every listed session, or those the query finds. */
export async function listingFor(store: TranscriptStore, query: string): Promise<Listing> {
  const found = query.trim()
    ? await store.search(query)
    : (await store.listSessions()).map((session) => ({ session, matches: [] }));
  return found.filter(({ session }) => listedInHistory(session));
}

/** Focus keys the history page moves focus to after a write: the empty message, a session's row. */
export const EMPTY = 'empty';
export const rowKey = (sessionId: string) => `row:${sessionId}`;

interface HistoryListProps {
  /** Null until the first read: nothing is drawn, not even "No transcripts yet". */
  listing: Listing | null;
  query: string;
  onOpen(sessionId: string): void;
}

/** The list of saved sessions (or what the query finds), newest first, each opening its transcript. */
export function HistoryList({ listing, query, onOpen }: HistoryListProps) {
  if (listing === null) return null;
  if (listing.length === 0) {
    return (
      <p class={styles.empty} tabIndex={-1} data-focus-key={EMPTY}>
        {query.trim()
          ? `Nothing matches “${query.trim()}”.`
          : 'No transcripts yet. Start Tabscribe on a tab, and its transcript is saved here as it grows.'}
      </p>
    );
  }
  return (
    <ul class={styles.list}>
      {listing.map(({ session, matches }) => (
        <li key={session.id} class={styles.item}>
          <button
            type="button"
            class={styles.open}
            data-focus-key={rowKey(session.id)}
            onClick={() => onOpen(session.id)}
          >
            <span class={styles.title}>
              <Highlighted text={session.title} query={query} />
            </span>
            <span class={styles.meta}>
              {historySummary(session, 'medium')}
              {session.status !== 'complete' && (
                <span class={styles[session.status]}>
                  {session.status === 'live' ? 'Live' : 'Interrupted'}
                </span>
              )}
            </span>
          </button>
          {matches.slice(0, 3).map((segment) => (
            <p key={segment.index} class={styles.match}>
              <Highlighted text={segment.text} query={query} />
            </p>
          ))}
        </li>
      ))}
    </ul>
  );
}
