// Which IndexedDB the saved transcripts live in, apart from idb (transcript-db.ts): a context
// that only deletes a database (the service worker, at sign-out) needs this and not idb, whose
// module a bundler keeps whole wherever it is imported.

/**
 * The IndexedDB a store runs on: the page's own in the extension, an in-memory one in tests
 * (fake-indexeddb's factory and key range), passed in rather than swapped into the globals.
 */
export interface IndexedDbApi {
  factory: IDBFactory;
  keyRange: typeof IDBKeyRange;
}

/** The context's own IndexedDB: what every extension page and the offscreen document use. */
export const contextIndexedDb = (): IndexedDbApi => ({ factory: indexedDB, keyRange: IDBKeyRange });
