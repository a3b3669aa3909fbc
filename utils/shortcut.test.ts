import { describe, expect, it } from 'vitest';
import { readToggleShortcut, TOGGLE_COMMAND } from './shortcut';

const commands = (list: { name?: string; shortcut?: string }[]) => ({
  getAll: async () => list,
});

describe('readToggleShortcut', () => {
  it('returns the shortcut Chrome assigned to the toggle command', async () => {
    const reader = commands([
      { name: '_execute_action', shortcut: 'Alt+Shift+P' },
      { name: TOGGLE_COMMAND, shortcut: 'Alt+Shift+Y' },
    ]);
    await expect(readToggleShortcut(reader)).resolves.toBe('Alt+Shift+Y');
  });

  it('returns null when Chrome left the command without a key, as it does on a clash', async () => {
    await expect(
      readToggleShortcut(commands([{ name: TOGGLE_COMMAND, shortcut: '' }])),
    ).resolves.toBeNull();
    await expect(readToggleShortcut(commands([]))).resolves.toBeNull();
  });
});
