// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sentenceFor } from '../utils/error-sentences';
import type { TranscriptStore } from '../utils/saved/transcript-store';
import { withMoment } from '../utils/transcript/annotations';
import { renderHistory, seededStore } from './HistoryApp.fixture';
import { listedInHistory } from './historyListing';

let store: TranscriptStore;

beforeEach(async () => {
  store = await seededStore();
});
afterEach(cleanup);

const app = (running: string | null = null) => renderHistory(store, { running });

describe('HistoryApp', () => {
  it('lists sessions newest first; one cut off without a running capture is interrupted', async () => {
    app();
    const rows = await screen.findAllByRole('button', { name: /Standup|Lecture/ });
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^Lecture.*0:01 · 2 words.*Interrupted$/),
      expect.stringMatching(/^Standup.*15:00 · 5 words$/),
    ]);
  });

  it('leaves out sessions that ended without a word, in the list and in search', async () => {
    const silent = async (id: string, title: string, status: 'complete' | 'interrupted') => {
      await store.startSession({
        id,
        title,
        url: '',
        startedAt: Date.UTC(2026, 10, 29),
        settings: {},
      });
      await store.endSession(id, Date.UTC(2026, 10, 29, 0, 5), status);
    };
    await silent('quiet-tab', 'Budget call (muted tab)', 'complete');
    await silent('crashed', 'Budget call (crashed at once)', 'interrupted');
    // Premise: both are saved, and the search finds the first by its title.
    expect((await store.listSessions()).map((session) => session.id)).toContain('quiet-tab');
    expect((await store.search('budget call')).map(({ session }) => session.id)).toContain(
      'quiet-tab',
    );
    app();
    const rows = await screen.findAllByRole('button', { name: /Standup|Lecture|Budget/ });
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^Lecture/),
      expect.stringMatching(/^Standup/),
    ]);
    fireEvent.input(screen.getByLabelText('Search transcripts'), { target: { value: 'budget' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: /Lecture/ })).toBeNull());
    expect(
      screen.getAllByRole('button', { name: /Standup|Budget/ }).map((row) => row.textContent),
    ).toEqual([expect.stringMatching(/^Standup/)]);
  });

  it('lists a session with words, and a live one before its first word', () => {
    const table = [
      { status: 'complete', wordCount: 0, listed: false },
      { status: 'interrupted', wordCount: 0, listed: false },
      { status: 'live', wordCount: 0, listed: true },
      { status: 'complete', wordCount: 1, listed: true },
      { status: 'interrupted', wordCount: 12, listed: true },
      { status: 'live', wordCount: 3, listed: true },
    ] as const;
    for (const { listed, ...session } of table) {
      expect(listedInHistory(session), JSON.stringify(session)).toBe(listed);
    }
  });

  it('keeps the running session live', async () => {
    app('lecture');
    expect((await screen.findByRole('button', { name: /Lecture/ })).textContent).toMatch(/Live$/);
  });

  it('searches every transcript, marking the words found', async () => {
    app();
    await screen.findByRole('button', { name: /Standup/ });
    fireEvent.input(screen.getByLabelText('Search transcripts'), { target: { value: 'budget' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: /Lecture/ })).toBeNull());
    expect(screen.getByText('budget', { selector: 'mark' })).toBeTruthy();
  });

  it('opens a transcript with times and speakers; renames it; exports it', async () => {
    const props = app();
    fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
    await screen.findByRole('heading', { name: 'Standup' });
    expect(props.onOpen).toHaveBeenCalledWith('standup');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '0:01Speaker 1: The budget is final.',
      '0:03Speaker 2: Great.',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Monday standup' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Monday standup' });
    expect((await store.getTranscript('standup'))?.session.title).toBe('Monday standup');
    fireEvent.click(screen.getByRole('button', { name: 'SubRip (.srt)' }));
    await waitFor(() =>
      expect(props.download).toHaveBeenCalledWith(
        'tabscribe-monday-standup-2026-11-27-0900.srt',
        'application/x-subrip',
        expect.stringContaining('00:00:01,000 --> 00:00:02,000\nSpeaker 1: The budget is final.'),
      ),
    );
  });

  it('draws all of a long transcript, and exports what was saved after it was opened', async () => {
    await store.startSession({
      id: 'lecture',
      title: 'Long lecture',
      url: '',
      startedAt: Date.UTC(2026, 10, 28, 9),
      settings: {},
    });
    const line = (index: number) => ({
      index,
      text: `Point ${index + 1}.`,
      start: index,
      end: index + 1,
      speaker: null,
    });
    await store.appendSegments(
      'lecture',
      Array.from({ length: 250 }, (_, index) => line(index)),
    );
    const props = app();
    fireEvent.click(await screen.findByRole('button', { name: /Long lecture/ }));
    await screen.findByText('Point 250.');
    expect(screen.getAllByRole('listitem')).toHaveLength(250);
    await store.appendSegments('lecture', [line(250)]);
    fireEvent.click(screen.getByRole('button', { name: 'Plain text' }));
    await waitFor(() =>
      expect(props.download).toHaveBeenCalledWith(
        expect.stringMatching(/\.txt$/),
        'text/plain',
        expect.stringMatching(/Point 250\.\s+Point 251\.\s*$/),
      ),
    );
  });

  it('deletes a transcript with a way to undo it', async () => {
    app();
    fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete transcript' }));
    await screen.findByText('Deleted “Standup”.');
    await waitFor(() => expect(screen.queryByRole('button', { name: /Standup/ })).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByRole('button', { name: /Standup/ });
    expect((await store.getTranscript('standup'))?.segments).toHaveLength(2);
  });

  it('deletes everything, only once confirmed', async () => {
    app();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete all transcripts…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await store.listSessions()).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Delete all transcripts…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all' }));
    await screen.findByText(/No transcripts yet/);
    expect(await store.listSessions()).toEqual([]);
  });

  it('names a speaker once for the page, Copy and every export; notes a moment; jumps to it', async () => {
    await store.annotate('standup', (known) => withMoment(known, 2_500));
    const { copy, download } = app();
    fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
    const moments = await screen.findByRole('list', { name: 'Moments' });
    expect(moments.textContent).toContain('0:02 Moment 1');
    fireEvent.change(screen.getByRole('textbox', { name: 'Name for Speaker 2' }), {
      target: { value: 'Ada' },
    });
    await screen.findByText('Ada:');
    fireEvent.change(screen.getByRole('textbox', { name: 'Note for moment 1 (0:02)' }), {
      target: { value: 'the budget' },
    });
    await waitFor(() => expect(moments.textContent).toContain('0:02 the budget'));
    // The moment's button takes the keyboard to its place: before the words said after it.
    fireEvent.click(screen.getByRole('button', { name: '0:02 the budget' }));
    expect(document.activeElement?.textContent).toBe('◆ 0:02 the budget');
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() =>
      expect(copy).toHaveBeenCalledWith(
        'Speaker 1: The budget is final.\nAda: Great.\n\nMoments:\n0:02 the budget\n',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'SubRip (.srt)' }));
    await waitFor(() => expect(download).toHaveBeenCalledOnce());
    expect(download.mock.calls[0]?.[2]).toContain('Ada: Great.');
    // Saved: the page opened again reads the same.
    expect((await store.getSession('standup'))?.speakerNames).toEqual({ 'speaker-1': 'Ada' });
  });

  it('plays the recorded page from a segment’s media time, or says it cannot', async () => {
    await store.startSession({
      id: 'video',
      title: 'Lecture video',
      url: 'https://lectures.example.com/4',
      tabId: 7,
      startedAt: Date.UTC(2026, 10, 29),
      settings: {},
    });
    await store.appendSegments('video', [
      { index: 0, text: 'Chapter two.', start: 1, end: 2, speaker: null, mediaTime: 95 },
    ]);
    const { seekMedia } = app();
    fireEvent.click(await screen.findByRole('button', { name: /Lecture video/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Play the page from 1:35' }));
    await waitFor(() => expect(seekMedia).toHaveBeenCalledOnce());
    expect(seekMedia.mock.calls[0]).toEqual([
      expect.objectContaining({ url: 'https://lectures.example.com/4', tabId: 7 }),
      95,
    ]);
    seekMedia.mockResolvedValueOnce('unavailable');
    fireEvent.click(screen.getByRole('button', { name: 'Play the page from 1:35' }));
    expect((await screen.findByRole('alert')).textContent).toBe(sentenceFor('media_unavailable'));
  });

  it('a name given to the session being recorded goes to its owner, so the live views show it', async () => {
    const { annotateLive } = app('lecture');
    annotateLive.mockResolvedValue({ moments: [], speakerNames: { tab: 'Lecturer' } });
    await store.appendSegments('lecture', [
      { index: 1, text: 'Questions?', start: 2, end: 3, speaker: null, channel: 'tab' },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: /Lecture/ }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'Name for Tab' }), {
      target: { value: 'Lecturer' },
    });
    await screen.findByText('Lecturer:');
    expect(annotateLive).toHaveBeenCalledWith('lecture', { speaker: 'tab', name: 'Lecturer' });
    // The owner saves it; the page did not write beside it.
    expect((await store.getSession('lecture'))?.speakerNames).toBeUndefined();
  });
});
