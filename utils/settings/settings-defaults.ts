import type { TranscriptionSettings } from './transcription-settings';

// Apart from the settings' rules (transcription-settings.ts, which re-exports them) so that the
// stored item (settings-item.ts) can be defined without them: see there.

/** The version of the stored shape; `settings-item.ts` versions it as WXT's storage does. */
export const SETTINGS_VERSION = 1;

export const DEFAULT_SETTINGS: TranscriptionSettings = {
  model: 'nova-3',
  language: 'en',
  smartFormat: true,
  diarize: false,
  keyterms: [],
  profanityFilter: false,
  showInterim: true,
  includeMicrophone: false,
};
