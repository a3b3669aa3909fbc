import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadShowInterim } from './settings-item';
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
