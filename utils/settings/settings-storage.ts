import { storage } from 'wxt/utils/storage';
import {
  DEFAULT_SETTINGS,
  normalizeSettings,
  SETTINGS_VERSION,
  type TranscriptionSettings,
} from './transcription-settings';

/**
 * The settings in `storage.sync`, versioned with WXT's storage: a later version that changes
 * their shape raises `SETTINGS_VERSION` and adds `migrations[newVersion] = (old) => new`, which
 * WXT runs once, on update. Whatever is read is normalized, so a value synced from another
 * version of Tabscribe can never stop a Start.
 */
export const settingsItem = storage.defineItem<TranscriptionSettings>(
  'sync:transcription-settings',
  { fallback: DEFAULT_SETTINGS, version: SETTINGS_VERSION, migrations: {} },
);

export async function loadSettings(): Promise<TranscriptionSettings> {
  return normalizeSettings(await settingsItem.getValue());
}

export function saveSettings(settings: TranscriptionSettings): Promise<void> {
  return settingsItem.setValue(normalizeSettings(settings));
}
