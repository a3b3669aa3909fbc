import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadShowInterim, settingsItem, watchShowInterim } from './settings-item';
import { loadSettings } from './settings-storage';

beforeEach(() => fakeBrowser.reset());

describe('loadShowInterim: the popup reads one setting as loadSettings would', () => {
  it.each([
    ['nothing stored', undefined, true],
    ['turned off', { showInterim: false }, false],
    ['turned on', { showInterim: true }, true],
    ['a value of another type', { showInterim: 'no' }, true],
    ['settings of another shape', 'garbage', true],
  ])('%s', async (_, stored, expected) => {
    if (stored !== undefined) {
      await fakeBrowser.storage.sync.set({ 'transcription-settings': stored });
    }
    expect(await loadShowInterim()).toBe(expected);
    expect((await loadSettings()).showInterim).toBe(expected);
  });
});

describe('watchShowInterim: an open view follows the setting', () => {
  it('gives the stored value, then each change made anywhere, until stopped', async () => {
    await fakeBrowser.storage.sync.set({ 'transcription-settings': { showInterim: false } });
    const seen: boolean[] = [];
    const stop = watchShowInterim((show) => seen.push(show));
    await vi.waitFor(() => expect(seen).toEqual([false]));
    await settingsItem.setValue({ ...(await settingsItem.getValue()), showInterim: true });
    await vi.waitFor(() => expect(seen).toEqual([false, true]));
    stop();
    await settingsItem.setValue({ ...(await settingsItem.getValue()), showInterim: false });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([false, true]);
  });
});
