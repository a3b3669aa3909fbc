// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TranscriptStore } from '../utils/saved/transcript-store';
import { renderHistory, seededStore } from './HistoryApp.fixture';

// Where focus goes as views change, and renaming from the keyboard: a keyboard or screen-reader
// user is never dropped at the top of the page (<body>) and never loses a title by accident.

let store: TranscriptStore;

beforeEach(async () => {
  store = await seededStore();
});
afterEach(cleanup);

const focused = () => document.activeElement;

async function openStandup() {
  renderHistory(store);
  fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
  return screen.findByRole('heading', { name: 'Standup' });
}

describe('HistoryApp focus', () => {
  it('takes an opened transcript to its title, and Back to the row it came from', async () => {
    const heading = await openStandup();
    await waitFor(() => expect(focused()).toBe(heading));
    fireEvent.click(screen.getByRole('button', { name: '← All transcripts' }));
    const row = await screen.findByRole('button', { name: /Standup/ });
    await waitFor(() => expect(focused()).toBe(row));
  });

  it('after a deletion goes to the search, and after Undo to the transcript brought back', async () => {
    await openStandup();
    fireEvent.click(screen.getByRole('button', { name: 'Delete transcript' }));
    await screen.findByText('Deleted “Standup”.');
    await waitFor(() => expect(focused()).toBe(screen.getByLabelText('Search transcripts')));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    const row = await screen.findByRole('button', { name: /Standup/ });
    await waitFor(() => expect(focused()).toBe(row));
  });

  it('asking to delete all goes to the question; Cancel back; Delete all to the empty page', async () => {
    renderHistory(store);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete all transcripts…' }));
    await waitFor(() => expect(focused()?.textContent).toMatch(/^Delete every transcript\?/));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(focused()).toBe(screen.getByRole('button', { name: 'Delete all transcripts…' })),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete all transcripts…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all' }));
    const empty = await screen.findByText(/No transcripts yet/);
    await waitFor(() => expect(focused()).toBe(empty));
  });
});

describe('HistoryApp rename', () => {
  it('opens with the title selected in a focused field; Save goes back to the new title', async () => {
    await openStandup();
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    const field = screen.getByLabelText('Title') as HTMLInputElement;
    expect(focused()).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 'Standup'.length]);
    fireEvent.input(field, { target: { value: 'Monday standup' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const heading = await screen.findByRole('heading', { name: 'Monday standup' });
    await waitFor(() => expect(focused()).toBe(heading));
  });

  for (const how of ['Escape', 'Cancel'] as const) {
    it(`${how} leaves the title as it was and goes back to Rename`, async () => {
      await openStandup();
      fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
      fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Half-typed' } });
      if (how === 'Escape') fireEvent.keyDown(screen.getByLabelText('Title'), { key: 'Escape' });
      else fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
      await screen.findByRole('heading', { name: 'Standup' });
      expect(screen.queryByLabelText('Title')).toBeNull();
      await waitFor(() => expect(focused()).toBe(screen.getByRole('button', { name: 'Rename' })));
      expect((await store.getSession('standup'))?.title).toBe('Standup');
    });
  }

  it('refuses an empty title, says why, and keeps the field open with the old title saved', async () => {
    await openStandup();
    fireEvent.click(screen.getByRole('button', { name: 'Rename' }));
    const field = screen.getByLabelText('Title');
    fireEvent.input(field, { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toMatch(/needs a title/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(problem.id);
    expect(focused()).toBe(field);
    expect(screen.queryByRole('heading', { name: 'Standup' })).toBeNull();
    expect((await store.getSession('standup'))?.title).toBe('Standup');
    // Typing again clears the complaint; a real title is then saved.
    fireEvent.input(field, { target: { value: 'Standup, Monday' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('heading', { name: 'Standup, Monday' });
  });
});
