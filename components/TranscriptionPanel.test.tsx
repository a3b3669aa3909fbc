// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptView } from '../utils/messaging/protocol';
import type { SessionView } from '../utils/session/session-view';
import { TranscriptionPanel } from './TranscriptionPanel';

afterEach(cleanup);

const idle: SessionView = {
  phase: 'idle',
  sessionId: null,
  tabId: null,
  startedAt: null,
  error: null,
};
const NOW = 1_000_000;

function panel(
  session: SessionView,
  transcript?: Partial<TranscriptView>,
  runningTabTitle: string | null = null,
) {
  const actions = {
    onStart: vi.fn(),
    onStop: vi.fn(),
    onSignIn: vi.fn(),
    onOpenSettings: vi.fn(),
    onOpenHistory: vi.fn(),
    copy: vi.fn(async () => {}),
    exportAs: vi.fn(async () => {}),
  };
  const view: TranscriptView = {
    sessionId: session.sessionId,
    tabId: session.tabId,
    segments: [],
    interim: null,
    ...transcript,
  };
  render(
    <TranscriptionPanel
      session={session}
      tabId={7}
      email="ada@example.com"
      transcript={{ get: async () => view, onChange: () => () => {} }}
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
    const { onStop } = panel(
      { phase: 'live', sessionId: 's1', tabId: 7, startedAt: NOW - 65_000, error: null },
      { segments: [{ index: 0, text: 'alpha bravo', start: 0, end: 1, speaker: null }] },
    );
    expect(screen.getByRole('heading').textContent).toBe('Transcribing this tab');
    expect(screen.getByText('1:05')).toBeTruthy();
    await screen.findByText('alpha bravo');
    fireEvent.click(screen.getByRole('button', { name: 'Stop transcription' }));
    expect(onStop).toHaveBeenCalledOnce();
  });

  it('says when the microphone is included, and when Chrome blocked it, the way to allow it', () => {
    const live = { phase: 'live', sessionId: 's1', tabId: 7, startedAt: NOW, error: null } as const;
    panel({ ...live, stream: { model: 'nova-3', language: 'de', microphone: 'included' } });
    expect(screen.getByText('German · Nova-3 · With your microphone')).toBeTruthy();
    cleanup();
    const { onOpenSettings } = panel({
      ...live,
      stream: {
        model: 'nova-3',
        language: 'en',
        microphone: 'unavailable',
        microphoneError: { code: 'microphone_blocked' },
      },
    });
    expect(screen.getByText('English · Nova-3')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(
      /blocking Tabscribe from your microphone, so only the tab is transcribed/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Allow the microphone' }));
    expect(onOpenSettings).toHaveBeenCalledOnce();
  });

  it('a microphone lost mid-session: taken back says how to allow it again; unplugged says so', () => {
    const live = { phase: 'live', sessionId: 's1', tabId: 7, startedAt: NOW, error: null } as const;
    const stream = { model: 'nova-3', language: 'en', microphone: 'unavailable' } as const;
    const { onOpenSettings } = panel({
      ...live,
      stream: { ...stream, microphoneError: { code: 'microphone_revoked' } },
    });
    expect(screen.getByRole('status').textContent).toMatch(
      /^Chrome no longer lets Tabscribe use your microphone \(its permission was taken back\)/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Allow the microphone' }));
    expect(onOpenSettings).toHaveBeenCalledOnce();
    cleanup();

    panel({ ...live, stream: { ...stream, microphoneError: { code: 'microphone_lost' } } });
    expect(screen.getByRole('status').textContent).toMatch(
      /^Your microphone stopped \(unplugged, or taken by another app\)/,
    );
    expect(screen.queryByRole('button', { name: 'Allow the microphone' })).toBeNull();
  });

  it('reconnecting: says so, keeps the words and Stop', async () => {
    panel(
      {
        phase: 'live',
        sessionId: 's1',
        tabId: 7,
        startedAt: NOW - 5_000,
        error: null,
        reconnecting: true,
      },
      { segments: [{ index: 0, text: 'alpha', start: 0, end: 1, speaker: null }] },
    );
    expect(screen.getByRole('heading').textContent).toBe('Reconnecting…');
    expect(screen.getByRole('status').textContent).toMatch(/reconnecting and keeps the audio/);
    expect(screen.getByText('Paused')).toBeTruthy();
    await screen.findByText('alpha');
    expect(screen.getByRole('button', { name: 'Stop transcription' })).toBeTruthy();
  });

  it('after Stop: the words stay, with Copy and a way into the history', async () => {
    const { onOpenHistory, copy } = panel(
      { phase: 'idle', sessionId: 's1', tabId: 7, startedAt: NOW - 5_000, error: null },
      {
        segments: [
          { index: 0, text: 'alpha', start: 0, end: 1, speaker: null },
          { index: 1, text: 'bravo', start: 1, end: 2, speaker: null },
        ],
      },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Copy' }));
    expect(copy).toHaveBeenCalledWith('alpha\nbravo\n');
    await screen.findByRole('button', { name: 'Copied' });
    fireEvent.click(screen.getByRole('button', { name: 'Open in history' }));
    expect(onOpenHistory).toHaveBeenCalledWith('s1');
  });

  it('“Copied” reads “Copy” again two seconds later, and confirms the next copy anew', async () => {
    vi.useFakeTimers();
    try {
      const { copy } = panel(
        { phase: 'live', sessionId: 's1', tabId: 7, startedAt: NOW, error: null },
        { segments: [{ index: 0, text: 'alpha', start: 0, end: 1, speaker: null }] },
      );
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
    const { exportAs } = panel(
      { phase: 'live', sessionId: 's1', tabId: 7, startedAt: NOW, error: null },
      { segments: [{ index: 0, text: 'alpha', start: 0, end: 1, speaker: null }] },
    );
    const select = (await screen.findByLabelText('Export')) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'srt' } });
    expect(exportAs).toHaveBeenCalledWith('s1', 'srt');
    expect(select.value).toBe('');
  });

  it('starting: the button waits, and says so', () => {
    panel({ phase: 'starting', sessionId: 's1', tabId: 7, startedAt: null, error: null });
    const button = screen.getByRole('button', { name: 'Start transcription' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');
  });

  it('another tab is being transcribed: starting here moves it, or it can be stopped', () => {
    const { onStart, onStop } = panel(
      { phase: 'live', sessionId: 's1', tabId: 9, startedAt: NOW, error: null },
      undefined,
      'Lecture 4 — YouTube',
    );
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

  it('another tab whose title is not known (yet): Stop still says it is the other tab', () => {
    panel({ phase: 'live', sessionId: 's1', tabId: 9, startedAt: NOW, error: null });
    expect(
      screen.getByRole('button', { name: 'Stop transcription', description: 'of the other tab' }),
    ).toBeTruthy();
  });

  it('a failure: its sentence, and Start to try again', () => {
    panel({
      phase: 'error',
      sessionId: 's1',
      tabId: 7,
      startedAt: null,
      error: { code: 'stream_refused' },
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'The transcription service didn’t accept the connection, even after several tries; it may be busy. Your transcript so far is saved; try again in a few minutes.',
    );
    expect(screen.getByRole('button', { name: 'Start transcription' })).toBeTruthy();
  });

  it('signed out since: the sentence, and Sign in instead of Start', () => {
    const { onSignIn } = panel({
      phase: 'error',
      sessionId: 's1',
      tabId: 7,
      startedAt: null,
      error: { code: 'signed_out' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSignIn).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Start transcription' })).toBeNull();
  });
});
