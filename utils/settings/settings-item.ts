import { defineStorageItem } from '../storage-item';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from './settings-defaults';
import type { TranscriptionSettings } from './transcription-settings';

/**
 * The settings in `storage.sync`, versioned as WXT's storage versions them: a later version that
 * changes their shape raises `SETTINGS_VERSION` and defines this item with WXT's
 * `storage.defineItem` again, adding `migrations[newVersion] = (old) => new`, which WXT runs
 * once, on update (`defineStorageItem` stores the version as WXT does, and runs no migrations).
 * Read through `settings-storage.ts`, which normalizes whatever is read, so a value synced from
 * another version of Tabscribe can never stop a Start.
 *
 * Apart from the settings' rules, which only the options page and the worker need: the pages are
 * one build, and the popup, which reads one setting, would otherwise load them all.
 */
export const settingsItem = defineStorageItem<TranscriptionSettings>(
  'sync:transcription-settings',
  { fallback: DEFAULT_SETTINGS, version: SETTINGS_VERSION },
);

/** The one setting the views read, normalized as `normalizeSettings` does. */
const showInterimOf = (settings: unknown): boolean => {
  const { showInterim } = (settings ?? {}) as Partial<TranscriptionSettings>;
  return typeof showInterim === 'boolean' ? showInterim : DEFAULT_SETTINGS.showInterim;
};

/** Whether the views show words still being heard. */
export async function loadShowInterim(): Promise<boolean> {
  return showInterimOf(await settingsItem.getValue());
}

/**
 * The same, now and at every change from any context: a side panel stays open while the user
 * changes the setting on the options page. Returns the way to stop.
 */
export function watchShowInterim(onValue: (show: boolean) => void): () => void {
  let changed = false;
  const stop = settingsItem.watch((settings) => {
    changed = true;
    onValue(showInterimOf(settings));
  });
  // A change that lands while the first read is on its way is newer than that read.
  void loadShowInterim().then((show) => {
    if (!changed) onValue(show);
  });
  return stop;
}
