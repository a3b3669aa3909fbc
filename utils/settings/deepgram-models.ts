/**
 * The Deepgram models Tabscribe offers for live streaming, with the languages each transcribes.
 * From Deepgram's Models & Languages Overview and its changelog (Nova-3 language additions of
 * 2025-08 to 2026-08; Nova-2's 36 languages of 2024-05): developers.deepgram.com/docs/models,
 * /changelog. Keyterm prompting is Nova-3's (monolingual and, since 2025-11, multilingual).
 * Checked 2026-11; when Deepgram adds a language, it is added here.
 */
export interface DeepgramModel {
  id: string;
  label: string;
  description: string;
  /** Language codes (BCP-47) the model transcribes, for `language=`. */
  languages: string[];
  /** Whether `language=multi` (automatic multilingual detection) works with it. */
  multilingual: boolean;
  /** Whether it takes `keyterm` prompting. */
  keyterms: boolean;
}

const NOVA_3_LANGUAGES = [
  'en',
  'en-US',
  'en-GB',
  'en-AU',
  'en-IN',
  'en-NZ',
  'be',
  'bg',
  'bn',
  'bs',
  'ca',
  'cs',
  'da',
  'da-DK',
  'de',
  'de-CH',
  'el',
  'es',
  'es-419',
  'et',
  'fi',
  'fr',
  'fr-CA',
  'gu',
  'hi',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'kn',
  'ko',
  'ko-KR',
  'lt',
  'lv',
  'mk',
  'mr',
  'ms',
  'nl',
  'nl-BE',
  'no',
  'pl',
  'pt',
  'pt-BR',
  'pt-PT',
  'ro',
  'ru',
  'sk',
  'sl',
  'sr',
  'sv',
  'sv-SE',
  'ta',
  'te',
  'tl',
  'tr',
  'uk',
  'vi',
  'zh',
  'zh-CN',
  'zh-TW',
];

const NOVA_2_LANGUAGES = [
  'en',
  'en-US',
  'en-GB',
  'en-AU',
  'en-IN',
  'en-NZ',
  'bg',
  'ca',
  'cs',
  'da',
  'de',
  'de-CH',
  'el',
  'es',
  'es-419',
  'et',
  'fi',
  'fr',
  'fr-CA',
  'hi',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'nl',
  'nl-BE',
  'no',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sv',
  'th',
  'tr',
  'uk',
  'vi',
  'zh',
  'zh-CN',
  'zh-TW',
];

export const DEEPGRAM_MODELS: DeepgramModel[] = [
  {
    id: 'nova-3',
    label: 'Nova-3',
    description: 'Deepgram’s most accurate model: meetings, many speakers, noisy audio.',
    languages: NOVA_3_LANGUAGES,
    multilingual: true,
    keyterms: true,
  },
  {
    id: 'nova-3-medical',
    label: 'Nova-3 Medical',
    description: 'Nova-3 tuned for clinical vocabulary.',
    languages: ['en', 'en-US', 'en-GB', 'en-AU', 'en-IN', 'en-NZ'],
    multilingual: true,
    keyterms: true,
  },
  {
    id: 'nova-2',
    label: 'Nova-2',
    description: 'For languages Nova-3 does not have yet, such as Thai.',
    languages: NOVA_2_LANGUAGES,
    multilingual: false,
    keyterms: false,
  },
  {
    id: 'nova-2-meeting',
    label: 'Nova-2 Meeting',
    description: 'Nova-2 tuned for conference rooms with several speakers (English).',
    languages: ['en', 'en-US'],
    multilingual: false,
    keyterms: false,
  },
];

/**
 * A model by its id. Here, not with the settings' rules, so the live views that name the model
 * recording load the list without the validation only the options page and the worker use.
 */
export function findModel(id: string): DeepgramModel | undefined {
  return DEEPGRAM_MODELS.find((model) => model.id === id);
}

/** "German (de-CH)" → the language's name in English, from the browser's own names. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
