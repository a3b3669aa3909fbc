import { defineStorageItem } from '../storage-item';
import {
  DEFAULT_SETTINGS,
  normalizeSettings,
  SETTINGS_VERSION,
  type TranscriptionSettings,
} from './transcription-settings';

/**
 * The settings in `storage.sync`, versioned as WXT's storage versions them: a later version that
 * changes their shape raises `SETTINGS_VERSION` and defines this item with WXT's
 * `storage.defineItem` again, adding `migrations[newVersion] = (old) => new`, which WXT runs
 * once, on update (`defineStorageItem` stores the version as WXT does, and runs no migrations).
 * Whatever is read is normalized, so a value synced from another version of Tabscribe can never
 * stop a Start.
 */
export const settingsItem = defineStorageItem<TranscriptionSettings>(
  'sync:transcription-settings',
  { fallback: DEFAULT_SETTINGS, version: SETTINGS_VERSION },
);

export async function loadSettings(): Promise<TranscriptionSettings> {
  return normalizeSettings(await settingsItem.getValue());
}

export function saveSettings(settings: TranscriptionSettings): Promise<void> {
  return settingsItem.setValue(normalizeSettings(settings));
}
