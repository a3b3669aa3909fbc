// For tests only: the transcript store over a fresh, empty in-memory IndexedDB (fake-indexeddb).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createTranscriptStore, openTranscriptDb, type TranscriptStore } from './transcript-store';

export async function openEmptyTranscriptStore(): Promise<TranscriptStore> {
  globalThis.indexedDB = new IDBFactory();
  return createTranscriptStore(await openTranscriptDb('tabscribe-test'));
}
