// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TranscriptStore } from '../utils/saved/transcript-store';
import { UNDO_WINDOW_MS } from './HistoryApp';
import { manualClock, renderHistory, seededStore } from './HistoryApp.fixture';

// Notices that go away by themselves, on a clock the test moves.

let store: TranscriptStore;
let clock: ReturnType<typeof manualClock>;

beforeEach(async () => {
  store = await seededStore();
  clock = manualClock();
});
afterEach(cleanup);

async function deleteStandup() {
  const props = renderHistory(store, { schedule: clock.schedule });
  fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
  fireEvent.click(await screen.findByRole('button', { name: 'Delete transcript' }));
  await screen.findByText('Deleted “Standup”.');
  // Focus has gone to the search, and the notice's time has started.
  await waitFor(() =>
    expect(document.activeElement).toBe(screen.getByLabelText('Search transcripts')),
  );
  await waitFor(() => expect(clock.pending()).toBe(1));
  return props;
}

describe('HistoryApp notices', () => {
  it('offers Undo for ten seconds after a deletion, then lets the notice go', async () => {
    expect(UNDO_WINDOW_MS).toBe(10_000);
    await deleteStandup();
    act(() => clock.elapse(UNDO_WINDOW_MS - 1));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    act(() => clock.elapse(1));
    expect(screen.queryByText('Deleted “Standup”.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(await store.getSession('standup')).toBeNull();
  });

  it('keeps the notice while focus is on Undo, and gives it its ten seconds once focus leaves', async () => {
    await deleteStandup();
    const undo = screen.getByRole('button', { name: 'Undo' });
    act(() => undo.focus());
    await waitFor(() => expect(clock.pending()).toBe(0));
    act(() => clock.elapse(60_000));
    expect(screen.getByRole('button', { name: 'Undo' })).toBe(undo);
    act(() => (screen.getByLabelText('Search transcripts') as HTMLInputElement).focus());
    await waitFor(() => expect(clock.pending()).toBe(1));
    act(() => clock.elapse(UNDO_WINDOW_MS));
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('takes the notice away with Delete all: nothing is left to undo', async () => {
    renderHistory(store, { schedule: clock.schedule });
    fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete transcript' }));
    await screen.findByText('Deleted “Standup”.');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete all transcripts…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all' }));
    await screen.findByText(/No transcripts yet/);
    expect(screen.queryByText('Deleted “Standup”.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    await waitFor(() => expect(clock.pending()).toBe(0));
  });

  it('says "Copied" after a copy, then "Copy" again', async () => {
    const props = renderHistory(store, { schedule: clock.schedule });
    fireEvent.click(await screen.findByRole('button', { name: /Standup/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy' }));
    await screen.findByRole('button', { name: 'Copied' });
    expect(props.copy).toHaveBeenCalledWith(expect.stringContaining('The budget is final.'));
    await waitFor(() => expect(clock.pending()).toBe(1));
    act(() => clock.elapse(2_000));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Copy' })).toBeTruthy());
  });
});
