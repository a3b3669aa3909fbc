import { beforeEach, describe, expect, it } from 'vitest';
import { withMoment, withNote, withSpeakerName } from '../transcript/annotations';
import type { Segment } from '../transcript/transcript-model';
import { memoryIndexedDb, openEmptyTranscriptStore } from './empty-transcript-store';
import {
  createTranscriptStore,
  type IndexedDbApi,
  openTranscriptDb,
  openTranscriptStore,
  type TranscriptStore,
} from './transcript-store';

let idb: IndexedDbApi;
let store: TranscriptStore;

beforeEach(async () => {
  idb = memoryIndexedDb();
  store = await openEmptyTranscriptStore(idb);
});

const segment = (index: number, text: string, speaker: number | null = null): Segment => ({
  index,
  text,
  start: index * 2,
  end: index * 2 + 1.5,
  speaker,
});

async function session(id: string, startedAt: number, title = `Meeting ${id}`) {
  await store.startSession({
    id,
    title,
    url: `https://meet.example.com/${id}`,
    startedAt,
    settings: { model: 'nova-3' },
  });
}

describe('transcript store', () => {
  it('saves each final segment as it comes, and keeps the session’s counts', async () => {
    await session('a', 1_000);
    await store.appendSegments('a', [segment(0, 'Hello, everyone.', 0)]);
    await store.appendSegments('a', [
      segment(1, 'Thanks for joining.', 0),
      segment(2, 'Happy to be here.', 1),
    ]);
    const saved = await store.getTranscript('a');
    expect(saved?.segments.map((s) => s.text)).toEqual([
      'Hello, everyone.',
      'Thanks for joining.',
      'Happy to be here.',
    ]);
    expect(saved?.session).toMatchObject({
      status: 'live',
      wordCount: 9,
      durationMs: 5_500,
    });
    expect(saved?.segments[2]).toEqual(segment(2, 'Happy to be here.', 1));
  });

  it('counts a live session the same from another page, and goes on counting after a restart', async () => {
    await session('a', 1_000);
    await Promise.all([
      store.appendSegments('a', [segment(0, 'One two three.')]),
      store.appendSegments('a', [segment(1, 'Four five.')]),
    ]);
    // The history page's store, and a writer that did not start the session.
    const other = await openTranscriptStore({ indexedDB: idb, name: 'tabscribe-test' });
    expect((await other.listSessions())[0]).toMatchObject({ wordCount: 5 });
    await other.appendSegments('a', [segment(2, 'Six.')]);
    await other.endSession('a', 61_000, 'complete');
    expect((await store.getTranscript('a'))?.session).toMatchObject({
      status: 'complete',
      wordCount: 6,
    });
  });

  it('reads a first screenful of a transcript without the rest', async () => {
    await session('a', 1_000);
    await store.appendSegments('a', [segment(0, 'One.'), segment(1, 'Two.'), segment(2, 'Three.')]);
    const head = await store.getTranscript('a', 2);
    expect(head?.segments.map((s) => s.text)).toEqual(['One.', 'Two.']);
    expect(head?.session.wordCount).toBe(3);
  });

  it('refuses segments for a session it does not have, and keeps none of them', async () => {
    await expect(store.appendSegments('nobody', [segment(0, 'Lost?')])).rejects.toThrow(
      /No session nobody/,
    );
    expect(await store.search('lost')).toEqual([]);
  });

  it('ends a session as complete, with its real length', async () => {
    await session('a', 1_000);
    await store.appendSegments('a', [segment(0, 'One.')]);
    await store.endSession('a', 61_000, 'complete');
    expect((await store.getTranscript('a'))?.session).toMatchObject({
      status: 'complete',
      endedAt: 61_000,
      durationMs: 60_000,
    });
  });

  it('marks sessions left live with no capture running as interrupted, keeping their words', async () => {
    await session('crashed', 1_000);
    await store.appendSegments('crashed', [segment(0, 'Saved before the crash.')]);
    await session('running', 2_000);
    expect(await store.recoverInterrupted('running')).toEqual(['crashed']);
    const sessions = await store.listSessions();
    expect(sessions.map((s) => [s.id, s.status])).toEqual([
      ['running', 'live'],
      ['crashed', 'interrupted'],
    ]);
    expect((await store.getTranscript('crashed'))?.segments).toHaveLength(1);
    expect(sessions[1]).toMatchObject({ wordCount: 4, durationMs: 1_500 });
    expect(await store.getSession('crashed')).toEqual(sessions[1]);
    expect(await store.getSession('nobody')).toBeNull();
  });

  it('lists sessions newest first', async () => {
    await session('old', 1_000);
    await session('new', 3_000);
    await session('middle', 2_000);
    expect((await store.listSessions()).map((s) => s.id)).toEqual(['new', 'middle', 'old']);
  });

  it('renames; deletes a session with its segments, and can undo it', async () => {
    await session('a', 1_000);
    await session('b', 2_000);
    await store.appendSegments('a', [segment(0, 'Keep me.')]);
    await store.appendSegments('b', [segment(0, 'Other session.')]);
    await store.rename('a', 'Weekly sync');
    const deleted = await store.deleteSession('a');
    expect(await store.getTranscript('a')).toBeNull();
    expect((await store.getTranscript('b'))?.segments).toHaveLength(1);
    await store.restore(deleted as NonNullable<typeof deleted>);
    expect(await store.getTranscript('a')).toMatchObject({
      session: { title: 'Weekly sync' },
      segments: [{ text: 'Keep me.' }],
    });
  });

  it('keeps moments and speaker names with the session, when two writers change them at once', async () => {
    await session('a', 1_000);
    await store.appendSegments('a', [segment(0, 'Hello.', 0)]);
    // The recorder marks a moment while the history page names a speaker.
    const [marked, named] = await Promise.all([
      store.annotate('a', (annotations) => withMoment(annotations, 1_250)),
      store.annotate('a', (annotations) => withSpeakerName(annotations, 'speaker-0', 'Ada')),
    ]);
    expect(marked?.moments).toHaveLength(1);
    expect(named).toEqual({
      moments: [{ id: 'm1', at: 1_250, note: '' }],
      speakerNames: { 'speaker-0': 'Ada' },
    });
    await store.annotate('a', (annotations) => withNote(annotations, 'm1', 'the deadline'));
    await store.rename('a', 'Weekly sync');
    await store.endSession('a', 9_000, 'complete');
    const saved = await store.getTranscript('a');
    expect(saved?.session).toMatchObject({
      title: 'Weekly sync',
      status: 'complete',
      moments: [{ id: 'm1', at: 1_250, note: 'the deadline' }],
      speakerNames: { 'speaker-0': 'Ada' },
    });
    // Deleted and brought back with Undo, they come back too.
    await store.restore((await store.deleteSession('a')) as NonNullable<typeof saved>);
    expect((await store.getSession('a'))?.speakerNames).toEqual({ 'speaker-0': 'Ada' });
    expect(await store.annotate('gone', (annotations) => annotations)).toBeNull();
  });

  it('deletes everything', async () => {
    await session('a', 1_000);
    await store.appendSegments('a', [segment(0, 'Gone.')]);
    await store.deleteAll();
    expect(await store.listSessions()).toEqual([]);
    expect(await store.getTranscript('a')).toBeNull();
  });

  it('searches every transcript for all the words of a query, in any case', async () => {
    await session('a', 1_000, 'Standup');
    await session('b', 2_000, 'Lecture: Budget');
    await store.appendSegments('a', [segment(0, 'The budget is final.'), segment(1, 'Lunch?')]);
    await store.appendSegments('b', [segment(0, 'Welcome to the lecture.')]);
    const hits = await store.search('BUDGET final');
    expect(hits.map((hit) => [hit.session.id, hit.matches.map((m) => m.text)])).toEqual([
      ['a', ['The budget is final.']],
    ]);
    expect((await store.search('budget')).map((hit) => hit.session.id)).toEqual(['b', 'a']);
    expect(await store.search('   ')).toEqual([]);
  });

  it('finds words by their start, and forgets a deleted session’s words', async () => {
    await session('a', 1_000, 'Standup');
    await store.appendSegments('a', [
      segment(0, 'The Budgets are final.'),
      segment(1, 'Q&A later.'),
    ]);
    expect((await store.search('budg')).map((hit) => hit.matches.map((m) => m.index))).toEqual([
      [0],
    ]);
    expect((await store.search('q a')).map((hit) => hit.matches.map((m) => m.index))).toEqual([
      [1],
    ]);
    expect(await store.search('udget')).toEqual([]);
    await store.deleteSession('a');
    expect(await store.search('budg')).toEqual([]);
  });

  // Version 1 had no word index; version 2 kept one record per word in a `words` store.
  it.each([1, 2])('indexes the words of transcripts saved by version %i', async (version) => {
    idb = memoryIndexedDb();
    await new Promise<void>((resolve) => {
      const request = idb.factory.open('tabscribe-test', version);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        const segments = db.createObjectStore('segments', { keyPath: ['sessionId', 'index'] });
        if (version === 2) {
          db.createObjectStore('words', { keyPath: ['sessionId', 'index', 'word'] });
        }
        request.transaction?.objectStore('sessions').put({
          id: 'old',
          title: 'Old call',
          url: '',
          startedAt: 1,
          endedAt: 2,
          durationMs: 1,
          wordCount: 3,
          segmentCount: 1,
          status: 'complete',
          settings: {},
        });
        segments.put({ sessionId: 'old', ...segment(0, 'Quarterly budget review') });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    const upgradedDb = await openTranscriptDb('tabscribe-test', idb);
    expect([...upgradedDb.objectStoreNames]).toEqual(['segments', 'sessions']);
    const upgraded = createTranscriptStore(upgradedDb, idb.keyRange);
    expect((await upgraded.search('budget')).map((hit) => hit.session.id)).toEqual(['old']);
    expect((await upgraded.getTranscript('old'))?.segments).toEqual([
      segment(0, 'Quarterly budget review'),
    ]);
  });
});
