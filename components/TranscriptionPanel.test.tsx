// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorInfo } from '../utils/errors';
import type { RecordingTranscript } from '../utils/recording/recording-snapshot';
import type { RecordingState, StreamInfo } from '../utils/recording/recording-state';
import { NO_ANNOTATIONS } from '../utils/transcript/annotations';
import { TranscriptionPanel } from './TranscriptionPanel';

afterEach(cleanup);

const NOW = 1_000_000;
const idle: RecordingState = { phase: 'idle' };
const STREAM: StreamInfo = { model: 'nova-3', language: 'en', microphone: 'off' };
const liveOn = (
  tabId: number,
  more: Partial<Extract<RecordingState, { phase: 'live' }>> = {},
): RecordingState => ({
  phase: 'live',
  recordingId: 's1',
  tabId,
  startedAt: NOW,
  connection: 'streaming',
  hearing: 'sound',
  stream: STREAM,
  ...more,
});
const endedHere = (more: Partial<Extract<RecordingState, { phase: 'ended' }>> = {}) =>
  ({
    phase: 'ended',
    recordingId: 's1',
    tabId: 7,
    startedAt: NOW - 5_000,
    endedAt: NOW,
    reason: 'stopped',
    error: null,
    saved: true,
    ...more,
  }) as const;

function panel(
  state: RecordingState,
  transcript: Partial<RecordingTranscript> = {},
  runningTabTitle: string | null = null,
  { refusal = null, level = 0 }: { refusal?: ErrorInfo | null; level?: number } = {},
) {
  const actions = {
    onStart: vi.fn(),
    onStop: vi.fn(),
    onSignIn: vi.fn(),
    onOpenSettings: vi.fn(),
    onOpenHistory: vi.fn(),
    copy: vi.fn(async () => {}),
    exportAs: vi.fn(async () => {}),
    onMarkMoment: vi.fn(),
    onNote: vi.fn(),
    onSeek: vi.fn(),
  };
  render(
    <TranscriptionPanel
      recording={{
        known: true,
        state,
        level,
        transcript: {
          recordingId: state.phase === 'idle' ? null : state.recordingId,
          segments: [],
          interim: null,
          annotations: NO_ANNOTATIONS,
          ...transcript,
        },
      }}
      tabId={7}
      email="ada@example.com"
      refusal={refusal}
      pending={false}
      now={() => NOW}
      runningTabTitle={runningTabTitle}
      {...actions}
    />,
  );
  return actions;
}

describe('TranscriptionPanel', () => {
  it('ready: one button starts transcribing this tab', () => {
    const { onStart } = panel(idle);
    expect(screen.getByRole('heading').textContent).toBe('Ready to transcribe');
    fireEvent.click(screen.getByRole('button', { name: 'Start transcription' }));
    expect(onStart).toHaveBeenCalledWith(7);
  });

  it('live on this tab: Stop, the elapsed time, and the words so far', async () => {
    const { onStop } = panel(liveOn(7, { startedAt: NOW - 65_000 }), {
      segments: [{ index: 0, text: 'alpha bravo', start: 0, end: 1, speaker: null }],
    });
    expect(screen.getByRole('heading').textContent).toBe('Transcribing this tab');
    expect(screen.getByText('1:05')).toBeTruthy();
    await screen.findByText('alpha bravo');
    fireEvent.click(screen.getByRole('button', { name: 'Stop transcription' }));
    expect(onStop).toHaveBeenCalledOnce();
  });

  it('says when the microphone is included, and when Chrome blocked it, the way to allow it', () => {
    panel(liveOn(7, { stream: { model: 'nova-3', language: 'de', microphone: 'included' } }));
    expect(screen.getByText('German · Nova-3 · With your microphone')).toBeTruthy();
    cleanup();
    const { onOpenSettings } = panel(
      liveOn(7, {
        stream: {
          model: 'nova-3',
          language: 'en',
          microphone: 'unavailable',
          microphoneError: { code: 'microphone_blocked' },
        },
      }),
    );
    expect(screen.getByText('English · Nova-3')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(
      /blocking Tabscribe from your microphone, so only the tab is transcribed/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Allow the microphone' }));
    expect(onOpenSettings).toHaveBeenCalledOnce();
  });

  it('a microphone lost mid-recording: taken back says how to allow it again; unplugged says so', () => {
    const stream = { model: 'nova-3', language: 'en', microphone: 'unavailable' } as const;
    const { onOpenSettings } = panel(
      liveOn(7, { stream: { ...stream, microphoneError: { code: 'microphone_revoked' } } }),
    );
    expect(screen.getByRole('status').textContent).toMatch(
      /^Chrome no longer lets Tabscribe use your microphone \(its permission was taken back\)/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Allow the microphone' }));
    expect(onOpenSettings).toHaveBeenCalledOnce();
    cleanup();

    panel(liveOn(7, { stream: { ...stream, microphoneError: { code: 'microphone_lost' } } }));
    expect(screen.getByRole('status').textContent).toMatch(
      /^Your microphone stopped \(unplugged, or taken by another app\)/,
    );
    expect(screen.queryByRole('button', { name: 'Allow the microphone' })).toBeNull();
  });

  it('reconnecting: says so, keeps the words and Stop', async () => {
    panel(liveOn(7, { startedAt: NOW - 5_000, connection: 'reconnecting' }), {
      segments: [{ index: 0, text: 'alpha', start: 0, end: 1, speaker: null }],
    });
    expect(screen.getByRole('heading').textContent).toBe('Reconnecting…');
    expect(screen.getByRole('status').textContent).toMatch(/reconnecting and keeps the audio/);
    expect(screen.getByText('Paused')).toBeTruthy();
    await screen.findByText('alpha');
    expect(screen.getByRole('button', { name: 'Stop transcription' })).toBeTruthy();
  });

  it('after Stop: the words stay, with Copy and a way into the history', async () => {
    const { onOpenHistory, copy } = panel(endedHere(), {
      segments: [
        { index: 0, text: 'alpha', start: 0, end: 1, speaker: null },
        { index: 1, text: 'bravo', start: 1, end: 2, speaker: null },
      ],
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Copy' }));
    // The plain-text format loads on the first Copy.
    await vi.waitFor(() => expect(copy).toHaveBeenCalledWith('alpha\nbravo\n'));
    await screen.findByRole('button', { name: 'Copied' });
    fireEvent.click(screen.getByRole('button', { name: 'Open in history' }));
    expect(onOpenHistory).toHaveBeenCalledWith('s1');
  });

  it('“Copied” reads “Copy” again two seconds later, and confirms the next copy anew', async () => {
    // Loaded before the clock is faked, as after a first Copy.
    await import('../utils/saved/export/transcript-formats');
    vi.useFakeTimers();
    try {
      const { copy } = panel(liveOn(7), {
        segments: [{ index: 0, text: 'alpha', start: 0, end: 1, speaker: null }],
      });
      fireEvent.click(await screen.findByRole('button', { name: 'Copy' }));
      await vi.advanceTimersByTimeAsync(0);
      expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
      await vi.advanceTimersByTimeAsync(1_900);
      expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
      await vi.advanceTimersByTimeAsync(100);
      expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();

      // A second copy is confirmed for its own two seconds.
      fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
      await vi.advanceTimersByTimeAsync(1_500);
      expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
      await vi.advanceTimersByTimeAsync(500);
      expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy();
      expect(copy).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('exports the transcript so far while live, in the chosen format', async () => {
    const { exportAs } = panel(liveOn(7), {
      segments: [{ index: 0, text: 'alpha', start: 0, end: 1, speaker: null }],
    });
    const select = (await screen.findByLabelText('Export')) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'srt' } });
    expect(exportAs).toHaveBeenCalledWith('s1', 'srt');
    expect(select.value).toBe('');
  });

  it('starting: the button waits, and says so', () => {
    panel({ phase: 'starting', recordingId: 's1', tabId: 7 });
    const button = screen.getByRole('button', { name: 'Start transcription' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
  });

  it('another tab is being transcribed: starting here moves it, or it can be stopped', () => {
    const { onStart, onStop } = panel(liveOn(9), undefined, 'Lecture 4 — YouTube');
    expect(screen.getByText(/transcribing another tab/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Start transcription' }));
    // Stop names the tab it stops, on screen and as the button's description.
    const stop = screen.getByRole('button', {
      name: 'Stop transcription',
      description: 'of “Lecture 4 — YouTube”',
    });
    expect(screen.getByText('of “Lecture 4 — YouTube”')).toBeTruthy();
    fireEvent.click(stop);
    expect(onStart).toHaveBeenCalledWith(7);
    expect(onStop).toHaveBeenCalledOnce();
  });

  it('another tab is being transcribed: a moment can be marked in its recording from here', () => {
    const { onMarkMoment } = panel(liveOn(9), undefined, 'Lecture 4 — YouTube');
    fireEvent.click(screen.getByRole('button', { name: 'Mark moment' }));
    expect(onMarkMoment).toHaveBeenCalledOnce();
  });

  it('another tab whose title is not known (yet): Stop still says it is the other tab', () => {
    panel(liveOn(9));
    expect(
      screen.getByRole('button', { name: 'Stop transcription', description: 'of the other tab' }),
    ).toBeTruthy();
  });

  it('a failure: its sentence, and Start to try again', () => {
    panel(endedHere({ reason: 'failed', error: { code: 'stream_refused' } }));
    expect(screen.getByRole('alert').textContent).toBe(
      'The transcription service didn’t accept the connection, even after several tries; it may be busy. Your transcript so far is saved; try again in a few minutes.',
    );
    expect(screen.getByRole('button', { name: 'Start transcription' })).toBeTruthy();
  });

  it('signed out since: the sentence, and Sign in instead of Start', () => {
    const { onSignIn } = panel(idle, {}, null, { refusal: { code: 'signed_out' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSignIn).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Start transcription' })).toBeNull();
  });

  it('ended for any reason: says why and that the transcript is saved, with a link to it', () => {
    const words = { segments: [{ index: 0, text: 'alpha', start: 0, end: 1, speaker: null }] };
    const { onOpenHistory } = panel(endedHere({ reason: 'tab_closed' }), words);
    expect(screen.getByRole('status').textContent).toBe(
      'The tab was closed, so transcription stopped. The transcript is saved.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open in history' }));
    expect(onOpenHistory).toHaveBeenCalledWith('s1');
    cleanup();
    panel(endedHere({ reason: 'signed_out' }), words);
    expect(screen.getByRole('status').textContent).toMatch(/^You signed out/);
  });

  it('a failure is never shown under “Ready to transcribe”, nor beside “Listening…”', () => {
    panel(endedHere({ reason: 'failed', error: { code: 'capture_lost' } }));
    expect(screen.getByRole('heading').textContent).toBe('Transcription stopped');
    expect(screen.queryByText(/Listening/)).toBeNull();
    cleanup();
    panel(idle, {}, null, { refusal: { code: 'uncapturable' } });
    expect(screen.getByRole('heading').textContent).toBe('Couldn’t start');
    expect(screen.getByRole('alert').textContent).toMatch(/didn’t let Tabscribe capture this tab/);
    expect(screen.getByRole('button', { name: 'Start transcription' })).toBeTruthy();
  });

  it('live: a meter shows the tab’s level; a silent tab says “no sound”, not “Listening…”', () => {
    panel(liveOn(7), {}, null, { level: 0.1 });
    expect(screen.getByLabelText('Tab’s sound level').getAttribute('value')).toBe('67');
    expect(screen.getByText(/^Listening…/)).toBeTruthy();
    cleanup();
    panel(liveOn(7, { hearing: 'silence' }), {}, null, { level: 0 });
    expect((screen.getByLabelText('Tab’s sound level') as HTMLMeterElement).value).toBe(0);
    expect(screen.queryByText(/Listening/)).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('No sound from this tab right now.');
    expect(screen.getByText(/^No sound from this tab\. Words appear/)).toBeTruthy();
  });

  it('live: Mark moment beside Stop; the moments listed, each a way to its place, with a note', async () => {
    const { onMarkMoment, onNote, copy } = panel(liveOn(7), {
      segments: [
        { index: 0, text: 'The deadline is Friday.', start: 1, end: 3, speaker: 0 },
        { index: 1, text: 'Agreed.', start: 4, end: 5, speaker: 1 },
      ],
      annotations: {
        moments: [{ id: 'm1', at: 2_000, note: '' }],
        speakerNames: { 'speaker-1': 'Ada' },
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Mark moment' }));
    expect(onMarkMoment).toHaveBeenCalledOnce();
    const list = screen.getByRole('list', { name: 'Moments' });
    expect(list.textContent).toContain('0:02 Moment 1');
    // The name the user gave shows in the transcript, and its marker sits where it was marked.
    const log = screen.getByRole('log', { name: 'Transcript' });
    expect(log.textContent).toContain('Ada');
    expect(log.textContent).toContain('Moment at 0:02');
    const note = screen.getByRole('textbox', { name: 'Note for moment 1 (0:02)' });
    fireEvent.change(note, { target: { value: 'the deadline' } });
    expect(onNote).toHaveBeenCalledWith('m1', 'the deadline');
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await vi.waitFor(() =>
      expect(copy).toHaveBeenCalledWith(
        'Speaker 1: The deadline is Friday.\nAda: Agreed.\n\nMoments:\n0:02\n',
      ),
    );
  });

  it('no Mark moment once the recording ended', () => {
    panel(endedHere(), {
      segments: [{ index: 0, text: 'Bye.', start: 0, end: 1, speaker: null }],
    });
    expect(screen.queryByRole('button', { name: 'Mark moment' })).toBeNull();
  });

  it('a paragraph said while the tab’s media played: its time plays the media from there', () => {
    const { onSeek } = panel(liveOn(7), {
      segments: [
        { index: 0, text: 'From the video.', start: 1, end: 2, speaker: null, mediaTime: 631.5 },
        { index: 1, text: 'Later, no media.', start: 9, end: 10, speaker: null },
      ],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Play the tab from 10:31' }));
    expect(onSeek).toHaveBeenCalledWith(631.5);
    expect(screen.getAllByRole('button', { name: /^Play the tab/ })).toHaveLength(1);
  });
});
