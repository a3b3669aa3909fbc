import { settingsItem } from './settings-item';
import { normalizeSettings, type TranscriptionSettings } from './transcription-settings';

/**
 * The settings as stored (`settings-item.ts`), normalized both ways: whatever is read, so a value
 * synced from another version of Tabscribe can never stop a Start, and whatever is written.
 */
export async function loadSettings(): Promise<TranscriptionSettings> {
  return normalizeSettings(await settingsItem.getValue());
}

export function saveSettings(settings: TranscriptionSettings): Promise<void> {
  return settingsItem.setValue(normalizeSettings(settings));
}
