import type { SessionRecord } from '../utils/saved/transcript-store';
import { formatElapsed } from './useNow';

const wordCount = (count: number) => `${count} ${count === 1 ? 'word' : 'words'}`;

/** "Nov 28, 2026, 3:03 PM · 1:02:30 · 412 words": when, how long, how much. */
export const historySummary = (session: SessionRecord, dateStyle: 'medium' | 'full') =>
  `${new Date(session.startedAt).toLocaleString(undefined, { dateStyle, timeStyle: 'short' })} · ${formatElapsed(session.durationMs)} · ${wordCount(session.wordCount)}`;

/**
 * Whether a session gets a row in the history: one that ended without a single word (a silent
 * tab, a start stopped at once) has nothing to read, search or export; a live one does, its
 * words may be on their way.
 */
export const listedInHistory = (session: Pick<SessionRecord, 'status' | 'wordCount'>) =>
  session.status === 'live' || session.wordCount > 0;
