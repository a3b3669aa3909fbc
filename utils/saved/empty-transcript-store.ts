// For tests only: the transcript store over a fresh, empty in-memory IndexedDB (fake-indexeddb),
// handed to the store rather than put in the globals. idb recognises requests and cursors by
// the IndexedDB classes a browser defines globally; Node has none, so fake-indexeddb's stand in.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { type IndexedDbApi, openTranscriptStore, type TranscriptStore } from './transcript-store';

/** A new, empty in-memory IndexedDB. */
export const memoryIndexedDb = (): IndexedDbApi => ({
  factory: new IDBFactory(),
  keyRange: IDBKeyRange,
});

export function openEmptyTranscriptStore(
  indexedDB: IndexedDbApi = memoryIndexedDb(),
): Promise<TranscriptStore> {
  return openTranscriptStore({ indexedDB, name: 'tabscribe-test' });
}
