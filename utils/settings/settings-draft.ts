import { defineStorageItem } from '../storage-item';
import type { TranscriptionSettings } from './transcription-settings';

/**
 * Settings changed on the options page but not saved, kept so a reload (or a closed tab reopened
 * in the same browser session) does not lose them. In `storage.session`: memory only, gone when
 * the browser closes, never synced — a draft is this page's, not the user's settings.
 */
export interface SettingsDraft {
  settings: TranscriptionSettings;
  /** The key terms as typed, blank lines and all, so the field comes back exactly. */
  keytermText: string;
}

/** Where the options page keeps its draft. */
export interface SettingsDraftStore {
  /** The draft left by an earlier visit, or null. */
  load(): Promise<SettingsDraft | null>;
  save(draft: SettingsDraft): Promise<void>;
  /** Forgets the draft: after a save, a discard, or once it matches what is saved. */
  clear(): Promise<void>;
}

const draftItem = defineStorageItem<SettingsDraft | null>('session:transcription-settings-draft', {
  fallback: null,
});

export const sessionSettingsDrafts: SettingsDraftStore = {
  load: () => draftItem.getValue(),
  save: (draft) => draftItem.setValue(draft),
  clear: () => draftItem.removeValue(),
};

/** Whether two sets of settings would transcribe alike: every choice, key terms in order. */
export function sameSettings(a: TranscriptionSettings, b: TranscriptionSettings): boolean {
  return (Object.keys(a) as (keyof TranscriptionSettings)[]).every((field) => {
    const left = a[field];
    const right = b[field];
    return Array.isArray(left) && Array.isArray(right)
      ? left.length === right.length && left.every((term, index) => term === right[index])
      : left === right;
  });
}

/** What the page opens with: the saved settings, or a draft that differs from them (restored). */
export function openingSettings(
  saved: TranscriptionSettings,
  draft: SettingsDraft | null,
): SettingsDraft & { restored: boolean } {
  // storage.session is emptied when the extension updates, so a draft is this version's own.
  if (draft && !sameSettings(draft.settings, saved)) return { ...draft, restored: true };
  return { settings: saved, keytermText: saved.keyterms.join('\n'), restored: false };
}
