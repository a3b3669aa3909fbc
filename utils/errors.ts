/**
 * Every failure the user can see has a code; `describeError` (error-sentences.ts) is the one place
 * that turns a code into the sentence they read, so wording stays consistent across the popup and
 * options page. The codes are kept apart from their sentences so that a context that only passes
 * errors on (the offscreen document) does not ship the sentences (≈4.5 kB minified).
 */
export const ERROR_CODES = [
  'not_configured',
  'signed_out',
  'wrong_password',
  'code_invalid',
  'too_many_attempts',
  'sign_in_cancelled',
  'over_quota',
  'service_unavailable',
  'network',
  'bad_message',
  'forbidden_sender',
  'no_response',
  'uncapturable',
  'capture_failed',
  'no_tab',
  'stream_refused',
  'stream_lost',
  'stream_busy',
  'capture_lost',
  'microphone_blocked',
  'microphone_missing',
  'microphone_lost',
  'microphone_revoked',
  'microphone_setting_blocked',
  'microphone_setting_missing',
  'title_required',
  'history_rename_failed',
  'history_delete_failed',
  'history_restore_failed',
  'history_delete_all_failed',
  'history_export_failed',
  'history_copy_failed',
  'annotation_failed',
  'media_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error that crosses contexts as data: a stable code plus an optional detail for logs. */
export class ExtensionError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** For logs, except for `over_quota`, where it is the ISO time the limit lifts. */
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ExtensionError';
  }
}

/** An error as data, for messages and stored state. */
export interface ErrorInfo {
  code: ErrorCode;
  detail?: string;
}

/** Any thrown value as data; unknown failures become `internal`, keeping their message. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ExtensionError) {
    return error.detail === undefined
      ? { code: error.code }
      : { code: error.code, detail: error.detail };
  }
  return { code: 'internal', detail: error instanceof Error ? error.message : String(error) };
}

export function fromErrorInfo(info: ErrorInfo): ExtensionError {
  return new ExtensionError(isErrorCode(info.code) ? info.code : 'internal', info.detail);
}

/** Narrows an unknown value to one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * What cannot be combined in the transcription settings (`settingsProblems`), as data: which
 * check failed and the names and numbers its sentence needs.
 */
export type SettingsProblemInfo =
  | { code: 'unknown_model'; model: string }
  | { code: 'no_language_detection'; model: string }
  | { code: 'language_unsupported'; model: string; language: string }
  | { code: 'keyterms_unsupported'; model: string }
  | { code: 'too_many_keyterms'; max: number; count: number }
  | { code: 'keyterms_too_long'; maxTokens: number }
  | { code: 'keyterm_too_long'; term: string; maxLength: number };

/** The sentence the settings form shows beside the field a problem is about. */
export function describeSettingsProblem(problem: SettingsProblemInfo): string {
  switch (problem.code) {
    case 'unknown_model':
      return `Deepgram has no streaming model “${problem.model}”.`;
    case 'no_language_detection':
      return `${problem.model} cannot detect the language by itself; choose a language, or Nova-3.`;
    case 'language_unsupported':
      return `${problem.model} does not transcribe ${problem.language}.`;
    case 'keyterms_unsupported':
      return `Key terms work with Nova-3 models only; ${problem.model} would ignore them.`;
    case 'too_many_keyterms':
      return `At most ${problem.max} key terms; there are ${problem.count}.`;
    case 'keyterms_too_long':
      return `The key terms are too long together (Deepgram allows about ${problem.maxTokens} tokens); remove some.`;
    case 'keyterm_too_long':
      return `“${problem.term.slice(0, 24)}…” is too long for a key term (${problem.maxLength} characters at most).`;
  }
}
