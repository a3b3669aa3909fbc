import { beforeEach, describe, expect, it } from 'vitest';
import { openEmptyTranscriptStore } from '../saved/empty-transcript-store';
import type { TranscriptStore } from '../saved/transcript-store';
import { finalWord } from '../transcript/fixtures/final-word';
import { RECENT_SEGMENTS } from '../transcript/held-segments';
import type { Segment } from '../transcript/transcript-model';
import {
  openResources,
  type Resources,
  recentTranscriptOf,
  wholeTranscriptOf,
} from './recording-resources';
import type { RecordingChange } from './recording-snapshot';
import { emptyStreamStats } from './stream/stream-contract';
import type { TranscriptionStreamDeps } from './stream/transcription-stream';

// What the owner keeps of a long recording's words, and how a view still gets all of them.

let store: TranscriptStore;
beforeEach(async () => {
  store = await openEmptyTranscriptStore();
});

function record(storeGiven: TranscriptStore = store) {
  const told: Segment[] = [];
  const errors: string[] = [];
  let handlers: TranscriptionStreamDeps | null = null;
  const resources = openResources({
    recordingId: 'r1',
    accountId: 'ada',
    store: Promise.resolve(storeGiven),
    query: { model: 'nova-3' },
    deps: {
      createStream: (given) => {
        handlers = given as TranscriptionStreamDeps;
        return {
          start: async () => {},
          pushFrame: () => {},
          stop: async () => {},
          phase: 'open',
          stats: emptyStreamStats(),
        };
      },
      logError: (message) => errors.push(message),
    },
    tell: (change: RecordingChange) => {
      if (change.type === 'transcript') told.push(...change.appended);
    },
    onLost: () => {},
    onConnectionChange: () => {},
  });
  resources.saver.begin({
    title: 'Lecture',
    url: 'https://example.com/',
    tabId: 7,
    startedAt: 0,
    settings: {},
  });
  const say = (count: number) => {
    for (let index = 0; index < count; index += 1) {
      handlers?.onMessage(finalWord(`word${told.length}`, told.length), (seconds) => seconds);
    }
  };
  return { resources, told, errors, say };
}

const indexes = (segments: readonly Segment[]) => segments.map((segment) => segment.index);
const savedCount = async (resources: Resources) =>
  (await (await resources.store).getTranscript('r1'))?.segments.length;

describe('a long recording: the owner holds the recent words, a view gets them all', () => {
  it('once saved, only the last segments stay in memory; the hello reads the rest back', async () => {
    const { resources, told, say } = record();
    say(150);
    await expect.poll(() => savedCount(resources)).toBe(150);
    // The premise: the words were told, and the owner let the older ones go.
    expect(told).toHaveLength(150);
    expect(indexes(recentTranscriptOf(resources).segments)).toEqual(
      indexes(told.slice(-RECENT_SEGMENTS)),
    );
    // A view's hello has every word, in order, exactly as the views were told them.
    expect((await wholeTranscriptOf(resources, () => {})).segments).toEqual(told);
  });

  it('a short recording is held whole, and its hello reads nothing', async () => {
    const { resources, told, say } = record();
    say(5);
    await expect.poll(() => savedCount(resources)).toBe(5);
    const reads: string[] = [];
    const watched = { ...resources, store: Promise.resolve(spyOnReads(store, reads)) };
    expect((await wholeTranscriptOf(watched, () => {})).segments).toEqual(told);
    expect(reads).toEqual([]);
  });

  it('a save that fails keeps every word from there on in memory: the view still gets them all', async () => {
    let appends = 0;
    const failing = Object.assign(Object.create(store) as TranscriptStore, {
      appendSegments: (id: string, segments: Segment[]) => {
        appends += 1;
        return appends === 20
          ? Promise.reject(new Error('QuotaExceededError'))
          : store.appendSegments(id, segments);
      },
    });
    const { resources, told, errors, say } = record(failing);
    say(150);
    await expect.poll(() => appends).toBe(150);
    await expect.poll(() => savedCount(resources)).toBe(149);
    expect(errors).toEqual(['Could not save a segment']);
    // From the 20th segment (index 19) on, the owner's copy is the only whole one.
    expect(recentTranscriptOf(resources).segments[0]?.index).toBe(19);
    expect((await wholeTranscriptOf(resources, () => {})).segments).toEqual(told);
  });

  it('a read back that fails: the hello has the held words and says how many came before', async () => {
    const { resources, told, say } = record();
    say(150);
    await expect.poll(() => savedCount(resources)).toBe(150);
    const failing = Object.assign(Object.create(store) as TranscriptStore, {
      getTranscript: () => Promise.reject(new Error('UnknownError')),
    });
    const logged: string[] = [];
    const hello = await wholeTranscriptOf(
      { ...resources, store: Promise.resolve(failing) },
      (message) => logged.push(message),
    );
    expect(hello.segments).toEqual(told.slice(-RECENT_SEGMENTS));
    expect(hello.unread).toBe(150 - RECENT_SEGMENTS);
    expect(logged).toEqual(['Could not read the saved words back for a view']);
    // Read back whole, nothing is said to be missing.
    expect((await wholeTranscriptOf(resources, () => {})).unread).toBeUndefined();
  });

  it('a read back slower than the limit: the hello does not wait for it', async () => {
    const { resources, told, say } = record();
    say(60);
    await expect.poll(() => savedCount(resources)).toBe(60);
    const stalled = Object.assign(Object.create(store) as TranscriptStore, {
      getTranscript: () => new Promise(() => {}),
    });
    const logged: string[] = [];
    const began = performance.now();
    const hello = await wholeTranscriptOf(
      { ...resources, store: Promise.resolve(stalled) },
      (message) => logged.push(message),
      50,
    );
    expect(performance.now() - began).toBeLessThan(1_000);
    expect(hello.segments).toEqual(told.slice(-RECENT_SEGMENTS));
    expect(hello.unread).toBe(60 - RECENT_SEGMENTS);
    expect(logged).toEqual(['Could not read the saved words back for a view']);
    // Within the limit, the same read gives every word.
    const whole = await wholeTranscriptOf(resources, () => {}, 5_000);
    expect(whole.segments).toEqual(told);
    expect(whole.unread).toBeUndefined();
  });

  it('older words the store no longer has are counted as unread, not silently left out', async () => {
    const { resources, told, say } = record();
    say(50);
    await expect.poll(() => savedCount(resources)).toBe(50);
    const emptied = Object.assign(Object.create(store) as TranscriptStore, {
      getTranscript: async () => null,
    });
    const hello = await wholeTranscriptOf(
      { ...resources, store: Promise.resolve(emptied) },
      () => {},
    );
    expect(hello.segments).toEqual(told.slice(-RECENT_SEGMENTS));
    expect(hello.unread).toBe(50 - RECENT_SEGMENTS);
  });
});

/** The store, noting each read a hello could make. */
function spyOnReads(of: TranscriptStore, reads: string[]): TranscriptStore {
  return Object.assign(Object.create(of) as TranscriptStore, {
    getTranscript: (id: string, first?: number) => {
      reads.push(id);
      return of.getTranscript(id, first);
    },
  });
}
