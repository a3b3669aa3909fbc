import { deleteDatabase, transcriptDbName } from './account-database';
import {
  contextIndexedDb,
  type IndexedDbApi,
  LEGACY_DB_NAME,
  openTranscriptDb,
  type TranscriptDb,
} from './transcript-db';
import { createTranscriptReader, type TranscriptReader } from './transcript-reads';

export { removeAccountTranscripts, transcriptDbName } from './account-database';

/**
 * Saved transcripts belong to the account that made them: each account has a database of its
 * own on this browser profile, so another account's pages cannot list, search or export them,
 * and removing them at sign-out is one deletion.
 */

/**
 * Opens the account's database. Transcripts saved before they were kept per account were made
 * on this profile by whoever was signed in then: the first account to open its transcripts after
 * the update adopts them, and the old database is removed. Whichever context opens it first
 * (the offscreen document, a view, the history page) does this.
 */
export async function openAccountDb(
  accountId: string,
  idb: IndexedDbApi = contextIndexedDb(),
): Promise<TranscriptDb> {
  const db = await openTranscriptDb(transcriptDbName(accountId), idb);
  await adoptLegacyTranscripts(db, idb).catch((error: unknown) =>
    console.error('Could not move the transcripts saved before this update', error),
  );
  return db;
}

/**
 * The account's transcripts as the live views read them; the whole store, with its writes, is
 * `openAccountTranscripts` (transcript-store.ts).
 */
export async function openAccountTranscriptReader(
  accountId: string,
  idb: IndexedDbApi = contextIndexedDb(),
): Promise<TranscriptReader> {
  return createTranscriptReader(await openAccountDb(accountId, idb), idb.keyRange);
}

async function adoptLegacyTranscripts(db: TranscriptDb, idb: IndexedDbApi): Promise<void> {
  const names = (await idb.factory.databases()).map((info) => info.name);
  if (!names.includes(LEGACY_DB_NAME)) return;
  // Opened as any transcript database is, so an older one is upgraded (search terms and word
  // counts) before its records move.
  const legacy = await openTranscriptDb(LEGACY_DB_NAME, idb);
  try {
    const [sessions, segments] = await Promise.all([
      legacy.getAll('sessions'),
      legacy.getAll('segments'),
    ]);
    const tx = db.transaction(['sessions', 'segments'], 'readwrite');
    await Promise.all([
      ...sessions.map((session) => tx.objectStore('sessions').put(session)),
      ...segments.map((segment) => tx.objectStore('segments').put(segment)),
      tx.done,
    ]);
  } finally {
    legacy.close();
  }
  await deleteDatabase(idb, LEGACY_DB_NAME);
}
