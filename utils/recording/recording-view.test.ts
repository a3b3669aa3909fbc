import { describe, expect, it } from 'vitest';
import { NO_ANNOTATIONS } from '../transcript/annotations';
import type { Segment } from '../transcript/transcript-model';
import { IDLE, type RecordingState } from './recording-state';
import { ENDED, LIVE } from './recording-state.fixtures';
import {
  type RecordingViewModel,
  reduceView,
  UNKNOWN_VIEW,
  type ViewInput,
} from './recording-view';

const NOW = 50_000;
const live: RecordingState = LIVE;
const segment = (index: number, text: string): Segment => ({
  index,
  text,
  start: index,
  end: index + 1,
  speaker: null,
});
const liveView: RecordingViewModel = {
  known: true,
  state: live,
  transcript: {
    recordingId: 'r1',
    segments: [segment(0, 'alpha')],
    interim: null,
    annotations: NO_ANNOTATIONS,
  },
  level: 0.2,
};
const run = (inputs: ViewInput[], from = UNKNOWN_VIEW) =>
  inputs.reduce((view, input) => reduceView(view, input, NOW), from);

describe('a view’s copy of the recording', () => {
  it('knows nothing until the owner’s hello, then exactly what it said', () => {
    expect(UNKNOWN_VIEW.known).toBe(false);
    const view = run([
      { type: 'hello', snapshot: { state: live, transcript: liveView.transcript } },
    ]);
    expect(view).toEqual({ ...liveView, level: 0 });
  });

  it('no owner: nothing is recording', () => {
    expect(run([{ type: 'no-recording' }])).toEqual({ ...UNKNOWN_VIEW, known: true });
  });

  it('the owner gone while it was recording: the recording ended with capture_lost, words kept', () => {
    const view = run([{ type: 'disconnected' }, { type: 'no-recording' }], liveView);
    expect(view.state).toEqual({
      phase: 'ended',
      recordingId: 'r1',
      tabId: 7,
      startedAt: 1_000,
      endedAt: NOW,
      reason: 'failed',
      error: { code: 'capture_lost' },
      saved: true,
    });
    expect(view.transcript.segments).toHaveLength(1);
  });

  it('a reconnect whose hello says the owner lives changes nothing but what it says', () => {
    const hello: ViewInput = {
      type: 'hello',
      snapshot: { state: live, transcript: liveView.transcript },
    };
    expect(run([{ type: 'disconnected' }, hello], liveView).state).toBe(live);
  });

  it('applies each segment once, in order, whatever arrives twice', () => {
    const delta: ViewInput = {
      type: 'transcript',
      recordingId: 'r1',
      appended: [segment(0, 'alpha'), segment(1, 'bravo')],
      interim: { text: 'char', start: 2, end: 2.5 },
    };
    const view = run([delta, delta], liveView);
    expect(view.transcript.segments.map((s) => s.text)).toEqual(['alpha', 'bravo']);
    expect(view.transcript.interim?.text).toBe('char');
  });

  it('the first words of a new recording start its transcript afresh', () => {
    const view = run(
      [{ type: 'transcript', recordingId: 'r2', appended: [segment(0, 'new')], interim: null }],
      liveView,
    );
    expect(view.transcript).toEqual({
      recordingId: 'r2',
      segments: [segment(0, 'new')],
      interim: null,
      annotations: NO_ANNOTATIONS,
    });
  });

  it('a new recording starting shows none of the last one’s words as its own', () => {
    const starting: RecordingState = { phase: 'starting', recordingId: 'r2', tabId: 8 };
    const view = run([{ type: 'state', state: starting }], { ...liveView, state: ENDED });
    expect(view.transcript).toEqual({
      recordingId: 'r2',
      segments: [],
      interim: null,
      annotations: NO_ANNOTATIONS,
    });
    // Its own states keep its words; an ended state keeps the words it ended with.
    const words = run(
      [
        { type: 'transcript', recordingId: 'r2', appended: [segment(0, 'new')], interim: null },
        { type: 'state', state: { ...live, recordingId: 'r2' } },
        { type: 'state', state: { ...ENDED, recordingId: 'r2' } },
      ],
      view,
    );
    expect(words.transcript.segments).toEqual([segment(0, 'new')]);
    // A hello between a Start's first state and its first words says the same.
    const hello = run([
      { type: 'hello', snapshot: { state: starting, transcript: liveView.transcript } },
    ]);
    expect(hello.transcript).toEqual(view.transcript);
  });

  it('earlier words the owner could not read back stay said as missing while words arrive', () => {
    const partial = { ...liveView.transcript, segments: [segment(40, 'golf')], unread: 40 };
    const view = run([
      { type: 'hello', snapshot: { state: live, transcript: partial } },
      { type: 'transcript', recordingId: 'r1', appended: [segment(41, 'hotel')], interim: null },
      { type: 'transcript', recordingId: 'r1', appended: [segment(41, 'hotel')], interim: null },
    ]);
    expect(view.transcript.unread).toBe(40);
    expect(view.transcript.segments.map((known) => known.text)).toEqual(['golf', 'hotel']);
    // A new recording's words start a transcript of their own, with nothing missing.
    const next = run(
      [{ type: 'transcript', recordingId: 'r2', appended: [segment(0, 'new')], interim: null }],
      view,
    );
    expect(next.transcript.unread).toBeUndefined();
  });

  it('the owner forgets the last recording (back to idle): none of its words stay shown', () => {
    const ended = { ...liveView, state: ENDED };
    expect(run([{ type: 'state', state: IDLE }], ended)).toEqual({
      ...ended,
      state: IDLE,
      level: 0,
      transcript: UNKNOWN_VIEW.transcript,
    });
    // A hello of no recording, whatever words came with it, shows none either.
    const hello = run([{ type: 'hello', snapshot: { state: IDLE, transcript: ended.transcript } }]);
    expect(hello.transcript).toEqual(UNKNOWN_VIEW.transcript);
  });

  it('shows the moments and names the owner holds, with the words, for their recording', () => {
    const marked = { moments: [{ id: 'm1', at: 1_200, note: '' }], speakerNames: {} };
    const named = { ...marked, speakerNames: { 'speaker-0': 'Ada' } };
    const view = run(
      [
        { type: 'annotations', recordingId: 'r1', annotations: marked },
        { type: 'annotations', recordingId: 'r1', annotations: named },
        { type: 'transcript', recordingId: 'r1', appended: [segment(1, 'b')], interim: null },
      ],
      liveView,
    );
    expect(view.transcript.annotations).toEqual(named);
    expect(view.transcript.segments).toHaveLength(2);
    // A moment marked in a new recording before its first words: its transcript starts there.
    const fresh = run([{ type: 'annotations', recordingId: 'r2', annotations: marked }], view);
    expect(fresh.transcript).toEqual({
      recordingId: 'r2',
      segments: [],
      interim: null,
      annotations: marked,
    });
    const words = run(
      [{ type: 'transcript', recordingId: 'r2', appended: [segment(0, 'new')], interim: null }],
      fresh,
    );
    expect(words.transcript.annotations).toEqual(marked);
  });

  it('the level follows only a live recording, and drops to 0 when it ends', () => {
    const louder = run([{ type: 'level', recordingId: 'r1', level: 0.5 }], liveView);
    expect(louder.level).toBe(0.5);
    expect(run([{ type: 'level', recordingId: 'old', level: 0.9 }], liveView).level).toBe(0.2);
    const stopped = run(
      [
        {
          type: 'state',
          state: {
            phase: 'stopping',
            recordingId: 'r1',
            tabId: 7,
            startedAt: 1,
            reason: 'stopped',
          },
        },
      ],
      louder,
    );
    expect(stopped.level).toBe(0);
  });
});
