import { describeSettingsProblem } from '../errors';
import { TARGET_SAMPLE_RATE } from '../recording/audio/pcm-format';
import { type DeepgramModel, findModel, languageName } from './deepgram-models';
import { DEFAULT_SETTINGS } from './settings-defaults';

export { findModel } from './deepgram-models';
export { DEFAULT_SETTINGS, SETTINGS_VERSION } from './settings-defaults';

/**
 * How the user wants transcription done: chosen on the options page, stored in `storage.sync`
 * (so it follows them to another computer), applied at the next Start and saved with each
 * session. Everything here is pure: validation says what cannot be combined (worded in
 * utils/errors.ts), so the page can prevent it rather than let Deepgram refuse it.
 */
export interface TranscriptionSettings {
  /** A model Deepgram offers for live streaming (`DEEPGRAM_MODELS`). */
  model: string;
  /** A language code the model supports, or `multi` for automatic multilingual detection. */
  language: string;
  smartFormat: boolean;
  /** Speaker labels. */
  diarize: boolean;
  /** Words to boost: names, jargon (Nova-3 only). */
  keyterms: string[];
  profanityFilter: boolean;
  /** Whether the popup shows words still being heard (they are always received). */
  showInterim: boolean;
  /**
   * Whether the user's microphone is captured beside the tab, as a second channel, so their own
   * words are in the transcript (labelled "You"). The options page turns it on only once Chrome
   * has let Tabscribe use the microphone.
   */
  includeMicrophone: boolean;
}

/** Deepgram's limits for keyterm prompting: terms per request, and tokens across them. */
export const MAX_KEYTERMS = 100;
export const MAX_KEYTERM_TOKENS = 500;
const MAX_KEYTERM_LENGTH = 100;

export type SettingsField = keyof TranscriptionSettings;

export interface SettingsProblem {
  field: SettingsField;
  message: string;
}

/**
 * A rough count of the tokens Deepgram counts against the keyterm limit: about one per short
 * word, more for long ones. It errs high, so a list it accepts is accepted.
 */
export function keytermTokens(keyterms: string[]): number {
  return keyterms
    .flatMap((term) => term.split(/\s+/).filter(Boolean))
    .reduce((sum, word) => sum + Math.max(1, Math.ceil(word.length / 4)), 0);
}

/** What is wrong with these settings, field by field, in sentences; empty when they can be used. */
export function settingsProblems(settings: TranscriptionSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const model = findModel(settings.model);
  if (!model) {
    return [
      {
        field: 'model',
        message: describeSettingsProblem({ code: 'unknown_model', model: settings.model }),
      },
    ];
  }
  if (settings.language === 'multi') {
    if (!model.multilingual) {
      problems.push({
        field: 'language',
        message: describeSettingsProblem({ code: 'no_language_detection', model: model.label }),
      });
    }
  } else if (!model.languages.includes(settings.language)) {
    problems.push({
      field: 'language',
      message: describeSettingsProblem({
        code: 'language_unsupported',
        model: model.label,
        language: languageName(settings.language),
      }),
    });
  }
  if (settings.keyterms.length > 0) {
    if (!model.keyterms) {
      problems.push({
        field: 'keyterms',
        message: describeSettingsProblem({ code: 'keyterms_unsupported', model: model.label }),
      });
    } else if (settings.keyterms.length > MAX_KEYTERMS) {
      problems.push({
        field: 'keyterms',
        message: describeSettingsProblem({
          code: 'too_many_keyterms',
          max: MAX_KEYTERMS,
          count: settings.keyterms.length,
        }),
      });
    } else if (keytermTokens(settings.keyterms) > MAX_KEYTERM_TOKENS) {
      problems.push({
        field: 'keyterms',
        message: describeSettingsProblem({
          code: 'keyterms_too_long',
          maxTokens: MAX_KEYTERM_TOKENS,
        }),
      });
    } else {
      const long = settings.keyterms.find((term) => term.length > MAX_KEYTERM_LENGTH);
      if (long) {
        problems.push({
          field: 'keyterms',
          message: describeSettingsProblem({
            code: 'keyterm_too_long',
            term: long,
            maxLength: MAX_KEYTERM_LENGTH,
          }),
        });
      }
    }
  }
  return problems;
}

/**
 * Key terms as typed: one per line, trimmed, without blanks or repeats. A comma belongs to its
 * term ("Smith, John"): Deepgram takes each term as its own `keyterm` parameter, commas and all.
 */
export function parseKeyterms(text: string): string[] {
  const terms = text
    .split(/\r?\n/)
    .map((term) => term.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  return [...new Set(terms)];
}

const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

/**
 * Settings from storage, whatever is there: missing or mistyped fields take their defaults, and
 * a model or language this version does not know falls back to one it does, so Start always
 * works (a newer version's settings, synced to an older one, included).
 */
export function normalizeSettings(value: unknown): TranscriptionSettings {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const model =
    typeof stored.model === 'string' && findModel(stored.model)
      ? stored.model
      : DEFAULT_SETTINGS.model;
  const known = findModel(model) as DeepgramModel;
  const language =
    typeof stored.language === 'string' &&
    (known.languages.includes(stored.language) ||
      (stored.language === 'multi' && known.multilingual))
      ? stored.language
      : known.languages.includes(DEFAULT_SETTINGS.language)
        ? DEFAULT_SETTINGS.language
        : (known.languages[0] as string);
  const keyterms = Array.isArray(stored.keyterms)
    ? parseKeyterms(stored.keyterms.filter((term) => typeof term === 'string').join('\n'))
    : [];
  return {
    model,
    language,
    smartFormat: bool(stored.smartFormat, DEFAULT_SETTINGS.smartFormat),
    diarize: bool(stored.diarize, DEFAULT_SETTINGS.diarize),
    keyterms: known.keyterms ? keyterms : [],
    profanityFilter: bool(stored.profanityFilter, DEFAULT_SETTINGS.profanityFilter),
    showInterim: bool(stored.showInterim, DEFAULT_SETTINGS.showInterim),
    includeMicrophone: bool(stored.includeMicrophone, DEFAULT_SETTINGS.includeMicrophone),
  };
}

/** The query every stream opens with, whatever the settings: the audio's format and events. */
const STREAM_FORMAT = {
  encoding: 'linear16',
  sample_rate: String(TARGET_SAMPLE_RATE),
  // Always on: the transcript's end-of-utterance handling needs them; `showInterim` only
  // decides whether the popup draws them.
  interim_results: 'true',
  utterance_end_ms: '1000',
  vad_events: 'true',
} as const;

/**
 * Deepgram's live-listen query for these settings; `keyterm` repeats, one per term. With the
 * microphone the audio has two channels (the tab, then the microphone), which Deepgram
 * transcribes apart (`multichannel`) and labels with `channel_index`.
 */
export function listenQuery(
  settings: TranscriptionSettings,
  { microphone }: { microphone: boolean } = { microphone: false },
): Record<string, string | string[]> {
  return {
    model: settings.model,
    language: settings.language,
    ...STREAM_FORMAT,
    channels: microphone ? '2' : '1',
    ...(microphone ? { multichannel: 'true' } : {}),
    smart_format: String(settings.smartFormat),
    diarize: String(settings.diarize),
    profanity_filter: String(settings.profanityFilter),
    ...(settings.keyterms.length > 0 ? { keyterm: settings.keyterms } : {}),
  };
}

/** The query as one string per parameter, as a session records what it was opened with. */
export function queryAsRecord(query: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
}
