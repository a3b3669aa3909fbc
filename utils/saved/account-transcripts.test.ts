import { beforeEach, describe, expect, it } from 'vitest';
import { removeAccountTranscripts, transcriptDbName } from './account-transcripts';
import { memoryIndexedDb } from './empty-transcript-store';
import {
  type IndexedDbApi,
  LEGACY_DB_NAME,
  openAccountTranscripts,
  openTranscriptStore,
} from './transcript-store';

let idb: IndexedDbApi;
beforeEach(() => {
  idb = memoryIndexedDb();
});

const meeting = (id: string) => ({
  id,
  title: `Meeting ${id}`,
  url: 'https://meet.example.com/',
  startedAt: 1,
  settings: { model: 'nova-3' },
});
const words = (text: string) => [{ index: 0, text, start: 0, end: 1, speaker: null }];

describe('transcripts per account', () => {
  it('an account sees, searches and exports only its own transcripts', async () => {
    const ada = await openAccountTranscripts('ada', idb);
    const bob = await openAccountTranscripts('bob', idb);
    await ada.startSession(meeting('ada-1'));
    await ada.appendSegments('ada-1', words('the budget is due Friday'));
    await bob.startSession(meeting('bob-1'));
    expect((await ada.listSessions()).map((session) => session.id)).toEqual(['ada-1']);
    expect((await bob.listSessions()).map((session) => session.id)).toEqual(['bob-1']);
    expect(await bob.search('budget')).toEqual([]);
    expect(await bob.getTranscript('ada-1')).toBeNull();
  });

  it('removing an account’s transcripts leaves the other account’s, even with its page open', async () => {
    const ada = await openAccountTranscripts('ada', idb);
    const bob = await openAccountTranscripts('bob', idb);
    await ada.startSession(meeting('ada-1'));
    await bob.startSession(meeting('bob-1'));
    await removeAccountTranscripts('ada', idb);
    const names = (await idb.factory.databases()).map((info) => info.name);
    expect(names).not.toContain(transcriptDbName('ada'));
    expect((await (await openAccountTranscripts('ada', idb)).listSessions()).length).toBe(0);
    expect((await bob.listSessions()).map((session) => session.id)).toEqual(['bob-1']);
  });

  it('the transcripts saved before the update go to the first account that opens its own', async () => {
    const legacy = await openTranscriptStore({ indexedDB: idb, name: LEGACY_DB_NAME });
    await legacy.startSession(meeting('before'));
    await legacy.appendSegments('before', words('kept from before'));
    const ada = await openAccountTranscripts('ada', idb);
    expect((await ada.listSessions()).map((session) => session.id)).toEqual(['before']);
    expect((await ada.search('kept')).map((hit) => hit.session.id)).toEqual(['before']);
    expect((await idb.factory.databases()).map((info) => info.name)).not.toContain(LEGACY_DB_NAME);
    const bob = await openAccountTranscripts('bob', idb);
    expect(await bob.listSessions()).toEqual([]);
  });
});
