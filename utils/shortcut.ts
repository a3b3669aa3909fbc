import type { Browser } from 'wxt/browser';

/** The manifest command that starts or stops transcription of the active tab. */
export const TOGGLE_COMMAND = 'toggle-transcription';
/** The manifest command that opens the side panel beside the current tab. */
export const SIDE_PANEL_COMMAND = 'open-side-panel';
/** The manifest command that marks a moment in the recording running now. */
export const MARK_MOMENT_COMMAND = 'mark-moment';

/** The part of `browser.commands` this module reads; tests pass a fake. */
export interface CommandsReader {
  getAll(): Promise<Browser.commands.Command[]>;
}

/**
 * The toggle shortcut as Chrome actually assigned it, or null when none is. A suggested key that
 * clashes with another extension or the browser is silently dropped, so never assume the
 * manifest's suggestion is what the user has.
 */
export async function readToggleShortcut(commands: CommandsReader): Promise<string | null> {
  const all = await commands.getAll();
  const shortcut = all.find((command) => command.name === TOGGLE_COMMAND)?.shortcut;
  return shortcut ? shortcut : null;
}

/** Chrome's page for choosing extension shortcuts; only the browser's own UI can change one. */
export const SHORTCUT_SETTINGS_URL = 'chrome://extensions/shortcuts';

/** Opens Chrome's shortcut settings in a new tab. */
export function openShortcutSettings(tabs: {
  create(properties: { url: string }): Promise<unknown>;
}): Promise<unknown> {
  return tabs.create({ url: SHORTCUT_SETTINGS_URL });
}
