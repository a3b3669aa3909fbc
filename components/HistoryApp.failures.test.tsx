// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sentenceFor } from '../utils/error-sentences';
import type { TranscriptStore } from '../utils/saved/transcript-store';
import { renderHistory, seededStore } from './HistoryApp.fixture';

// Writes the store refuses (a full disk, a database closed by another page), and a copy Chrome
// refuses: the page says so in an alert, and shows what is saved, not what it asked for.

let saved: TranscriptStore;

beforeEach(async () => {
  saved = await seededStore();
  // The failures are logged for whoever debugs them; the test reads the page, not the console.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(cleanup);

/** The seeded store with one write refusing, as IndexedDB does: nothing written, an error thrown. */
function refusing(write: 'deleteSession' | 'restore' | 'deleteAll' | 'rename'): TranscriptStore {
  return {
    ...saved,
    [write]: async () => {
      throw new DOMException('The disk is full.', 'QuotaExceededError');
    },
  };
}

const rowNamed = (name: RegExp) => screen.queryByRole('button', { name });

async function openStandup() {
  fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
  await screen.findByRole('heading', { name: 'Standup' });
}

describe('HistoryApp when a write fails', () => {
  it('a refused delete says so, keeps the transcript open, and its row is there on Back', async () => {
    renderHistory(refusing('deleteSession'));
    await openStandup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete transcript' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      sentenceFor('history_delete_failed'),
    );
    expect(screen.getByRole('heading', { name: 'Standup' })).toBeTruthy();
    expect(screen.queryByText(/Deleted “Standup”/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '← All transcripts' }));
    expect(await screen.findByRole('button', { name: /Standup/ })).toBeTruthy();
    expect(await saved.getSession('standup')).not.toBeNull();
  });

  it('a refused Undo says so, leaves the row out (it is still deleted), and offers Undo again', async () => {
    const store = refusing('restore');
    renderHistory(store);
    await openStandup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete transcript' }));
    await screen.findByText('Deleted “Standup”.');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      sentenceFor('history_restore_failed'),
    );
    await waitFor(() => expect(rowNamed(/Standup/)).toBeNull());
    expect(await saved.getSession('standup')).toBeNull();
    // Offered again; once the store takes it, the transcript is back and the alert gone.
    store.restore = saved.restore;
    fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await screen.findByRole('button', { name: /Standup/ });
    expect(screen.queryByRole('alert')).toBeNull();
    expect((await saved.getTranscript('standup'))?.segments).toHaveLength(2);
  });

  it('a refused Delete all says so, and every row stays', async () => {
    renderHistory(refusing('deleteAll'));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete all transcripts…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      sentenceFor('history_delete_all_failed'),
    );
    expect(rowNamed(/Standup/)).toBeTruthy();
    expect(rowNamed(/Lecture/)).toBeTruthy();
    expect(screen.queryByText(/No transcripts yet/)).toBeNull();
    expect(await saved.listSessions()).toHaveLength(2);
  });

  it('a refused rename says so in the field, and the title stays the saved one', async () => {
    renderHistory(refusing('rename'));
    await openStandup();
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Monday standup' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      sentenceFor('history_rename_failed'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('heading', { name: 'Standup' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '← All transcripts' }));
    await waitFor(() => expect(rowNamed(/Standup/)).toBeTruthy());
    expect((await saved.getSession('standup'))?.title).toBe('Standup');
  });

  it('a refused copy says so, and the button does not claim "Copied"', async () => {
    const props = renderHistory(saved);
    props.copy.mockRejectedValueOnce(
      new DOMException('Document is not focused.', 'NotAllowedError'),
    );
    await openStandup();
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect((await screen.findByRole('alert')).textContent).toBe(sentenceFor('history_copy_failed'));
    expect(screen.queryByRole('button', { name: 'Copied' })).toBeNull();
    // Tried again, it works, and the sentence goes.
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByRole('button', { name: 'Copied' });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
