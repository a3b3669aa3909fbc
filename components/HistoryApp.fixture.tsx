// For the history page's tests: a store with two saved sessions, the page over it, and a clock
// the test moves by hand.
import { render } from '@testing-library/preact';
import { vi } from 'vitest';
import type { SeekOutcome } from '../utils/media/seek-media';
import { openEmptyTranscriptStore } from '../utils/saved/empty-transcript-store';
import type { TranscriptStore } from '../utils/saved/transcript-store';
import type { Annotations } from '../utils/transcript/annotations';
import { HistoryApp, type LiveAnnotation } from './HistoryApp';
import type { Schedule } from './schedule';

/** "Standup" (complete, 2 segments, 5 words) and "Lecture" (left live, 1 segment, newer). */
export async function seededStore(): Promise<TranscriptStore> {
  const store = await openEmptyTranscriptStore();
  await store.startSession({
    id: 'standup',
    title: 'Standup',
    url: 'https://meet.example.com/a',
    startedAt: Date.UTC(2026, 10, 27, 9),
    settings: {},
  });
  await store.appendSegments('standup', [
    { index: 0, text: 'The budget is final.', start: 1, end: 2, speaker: 0 },
    { index: 1, text: 'Great.', start: 3, end: 4, speaker: 1 },
  ]);
  await store.endSession('standup', Date.UTC(2026, 10, 27, 9, 15), 'complete');
  await store.startSession({
    id: 'lecture',
    title: 'Lecture',
    url: 'https://video.example.com/b',
    startedAt: Date.UTC(2026, 10, 28, 10),
    settings: {},
  });
  await store.appendSegments('lecture', [
    { index: 0, text: 'Welcome back.', start: 0, end: 1, speaker: null },
  ]);
  return store;
}

/** A clock that moves only when `elapse` is called: timers run when their time has come. */
export function manualClock() {
  let now = 0;
  const timers = new Set<{ due: number; run: () => void }>();
  const schedule: Schedule = (run, afterMs) => {
    const timer = { due: now + afterMs, run };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  return {
    schedule,
    /** How many timers are waiting. */
    pending: () => timers.size,
    elapse(ms: number) {
      now += ms;
      for (const timer of [...timers].filter((waiting) => waiting.due <= now)) {
        timers.delete(timer);
        timer.run();
      }
    },
  };
}

export function renderHistory(
  store: TranscriptStore,
  { running = null, schedule }: { running?: string | null; schedule?: Schedule } = {},
) {
  const props = {
    store,
    runningSessionId: async () => running,
    download: vi.fn(),
    copy: vi.fn(async () => {}),
    initialSessionId: null,
    onOpen: vi.fn(),
    seekMedia: vi.fn(async (): Promise<SeekOutcome> => 'sought'),
    annotateLive: vi.fn(
      async (_sessionId: string, _change: LiveAnnotation): Promise<Annotations | null> => null,
    ),
    ...(schedule ? { schedule } : {}),
  };
  render(<HistoryApp {...props} />);
  return props;
}
