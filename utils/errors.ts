/**
 * Every failure the user can see has a code; `describeError` is the one place that turns a code
 * into the sentence they read, so wording stays consistent across the popup and options page.
 */
export type ErrorCode =
  | 'not_configured'
  | 'sign_in_unavailable'
  | 'bad_message'
  | 'forbidden_sender'
  | 'no_response'
  | 'internal';

const sentences: Record<ErrorCode, string> = {
  not_configured:
    'This build of Tabscribe has no account service configured, so it cannot sign you in.',
  sign_in_unavailable: 'Signing in is not available in this version of Tabscribe yet.',
  bad_message: 'Tabscribe received a request it does not understand. Reload the extension.',
  forbidden_sender: 'Only Tabscribe’s own pages may ask for that.',
  no_response: 'Tabscribe’s background service did not answer. Reload the extension and try again.',
  internal:
    'Something went wrong inside Tabscribe. Try again; if it keeps happening, reload the extension.',
};

/** An error that crosses contexts as data: a stable code plus an optional detail for logs. */
export class ExtensionError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ExtensionError';
  }
}

/** The plain-language sentence shown to the user for any thrown value. */
export function describeError(error: unknown): string {
  return sentences[error instanceof ExtensionError ? error.code : 'internal'];
}

/** Narrows an unknown value to one of the known error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(sentences, value);
}
