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

/** Whether the popup shows words still being heard, normalized as `normalizeSettings` does. */
export async function loadShowInterim(): Promise<boolean> {
  const { showInterim } = (await settingsItem.getValue()) as Partial<TranscriptionSettings>;
  return typeof showInterim === 'boolean' ? showInterim : DEFAULT_SETTINGS.showInterim;
}
