import { describe, expect, it } from 'vitest';
import { describeError, sentenceFor } from './error-sentences';
import {
  describeSettingsProblem,
  type ErrorCode,
  ExtensionError,
  type SettingsProblemInfo,
} from './errors';

// Every code, so a new one is checked too (the compiler insists on each).
const EVERY_CODE: Record<ErrorCode, null> = {
  not_configured: null,
  signed_out: null,
  wrong_password: null,
  code_invalid: null,
  too_many_attempts: null,
  sign_in_cancelled: null,
  over_quota: null,
  service_unavailable: null,
  network: null,
  bad_message: null,
  forbidden_sender: null,
  no_response: null,
  uncapturable: null,
  capture_failed: null,
  no_tab: null,
  stream_refused: null,
  stream_lost: null,
  stream_busy: null,
  capture_lost: null,
  microphone_blocked: null,
  microphone_missing: null,
  microphone_lost: null,
  microphone_revoked: null,
  microphone_setting_blocked: null,
  microphone_setting_missing: null,
  title_required: null,
  history_rename_failed: null,
  history_delete_failed: null,
  history_restore_failed: null,
  history_delete_all_failed: null,
  history_export_failed: null,
  history_copy_failed: null,
  annotation_failed: null,
  media_unavailable: null,
  internal: null,
};
const codes = Object.keys(EVERY_CODE) as ErrorCode[];

describe('the one table of sentences', () => {
  it('has a sentence of its own for every code, the same by code or by thrown error', () => {
    const sentences = codes.map(sentenceFor);
    for (const [index, sentence] of sentences.entries()) {
      expect(sentence, codes[index]).toMatch(/^\S.*[.)]$/);
      expect(describeError(new ExtensionError(codes[index] as ErrorCode))).toBe(sentence);
    }
    expect(new Set(sentences).size).toBe(codes.length);
  });

  it.each([
    ['history_delete_failed', /still saved/],
    ['history_delete_all_failed', /all still saved/],
    ['history_restore_failed', /Undo/],
    ['history_rename_failed', /could not be saved/],
  ] as const)('a failed history write (%s) says what became of the transcript', (code, says) => {
    expect(sentenceFor(code)).toMatch(says);
  });
});

describe('the sentences about capturing a tab', () => {
  it('never say Chrome’s own pages cannot be captured: they can, once Tabscribe is started there', () => {
    // The settings page's microphone sentence names Chrome's microphone settings, not a page.
    for (const code of codes.filter((code) => code !== 'microphone_setting_blocked')) {
      const sentence = describeError(new ExtensionError(code));
      expect(sentence).not.toMatch(/browser pages|chrome pages|chrome:\/\//i);
    }
  });

  it('a refused tab: start from Tabscribe’s button or shortcut on it; a few pages refuse anyway', () => {
    expect(describeError(new ExtensionError('uncapturable'))).toBe(
      'Chrome didn’t let Tabscribe capture this tab. Start Tabscribe from its button or shortcut while on that tab; a few pages, such as the Chrome Web Store, can’t be captured at all.',
    );
  });
});

describe('the settings form’s sentences', () => {
  it.each<[SettingsProblemInfo, string]>([
    [{ code: 'unknown_model', model: 'whisper' }, 'Deepgram has no streaming model “whisper”.'],
    [
      { code: 'no_language_detection', model: 'Nova-2' },
      'Nova-2 cannot detect the language by itself; choose a language, or Nova-3.',
    ],
    [
      { code: 'language_unsupported', model: 'Nova-3', language: 'Thai' },
      'Nova-3 does not transcribe Thai.',
    ],
    [
      { code: 'keyterms_unsupported', model: 'Nova-2' },
      'Key terms work with Nova-3 models only; Nova-2 would ignore them.',
    ],
    [{ code: 'too_many_keyterms', max: 100, count: 101 }, 'At most 100 key terms; there are 101.'],
    [
      { code: 'keyterms_too_long', maxTokens: 500 },
      'The key terms are too long together (Deepgram allows about 500 tokens); remove some.',
    ],
    [
      { code: 'keyterm_too_long', term: 'x'.repeat(30), maxLength: 100 },
      `“${'x'.repeat(24)}…” is too long for a key term (100 characters at most).`,
    ],
  ])('%o', (problem, sentence) => {
    expect(describeSettingsProblem(problem)).toBe(sentence);
  });
});
