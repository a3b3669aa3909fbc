// An account's transcript database by name, and its removal: what the service worker needs at
// sign-out, kept apart from the store (account-transcripts.ts) so that it loads neither the store
// nor idb.
import { contextIndexedDb, type IndexedDbApi } from './indexed-db';

/** The database of one account's transcripts. */
export const transcriptDbName = (accountId: string) => `tabscribe-account-${accountId}`;

/** Removes every transcript of the account from this browser. */
export async function removeAccountTranscripts(
  accountId: string,
  idb: IndexedDbApi = contextIndexedDb(),
): Promise<void> {
  await deleteDatabase(idb, transcriptDbName(accountId));
}

/**
 * `deleteDatabase` as a promise, as idb's `wrap` makes it (settled by the request's success or
 * error), without idb: the service worker deletes an account's database and opens none, and idb
 * would be ≈3 kB of it.
 */
export const deleteDatabase = (idb: IndexedDbApi, name: string) =>
  new Promise<void>((resolve, reject) => {
    const request = idb.factory.deleteDatabase(name);
    request.addEventListener('success', () => resolve());
    request.addEventListener('error', () => reject(request.error));
  });
