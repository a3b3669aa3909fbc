/**
 * The options page's sign-in as a pure reducer: what was typed, which method and step, the field
 * errors, which attempt is under way, the sentence of the last failure, when the last code was
 * sent, and where focus goes next. Keeping it pure lets the rules ("a failure keeps what was
 * typed", "going back never sends", "one failure at a time") be tested without a DOM.
 */
import type { ErrorCode } from '../errors';

export type SignInMethod = 'password' | 'code';
export type SignInField = 'email' | 'password' | 'code';
/** With an email code: first the address (send), then the code (verify). */
export type SignInStep = 'credentials' | 'code';
/** What started a request: the form's own button, "Send a new code", or "Continue with Google". */
export type SignInAttempt = 'form' | 'new-code' | 'google';
/** Where focus goes after a transition: a field, or the sentence of the failure. */
export type SignInFocus = SignInField | 'failure';

export interface SignInFormState {
  method: SignInMethod;
  step: SignInStep;
  email: string;
  password: string;
  code: string;
  fieldErrors: Partial<Record<SignInField, string>>;
  /** The attempt under way; while there is one, the form is disabled. */
  pending: SignInAttempt | null;
  /** The sentence of the last failed attempt (any of the three), shown above the form. */
  failure: string | null;
  /** The last code sent: to which address (lower case) and when (ms since the epoch). */
  codeSent: { email: string; at: number } | null;
  /** Set by the transitions that end an attempt or change the step; null after any other. */
  focus: SignInFocus | null;
}

export type SignInFormAction =
  | { type: 'edit'; field: SignInField; value: string }
  | { type: 'choose-method'; method: SignInMethod }
  | { type: 'submit' }
  | { type: 'resend-code'; now: number }
  | { type: 'google' }
  | { type: 'failed'; sentence: string; field?: SignInField | undefined }
  | { type: 'code-sent'; at: number }
  | { type: 'change-email' }
  | { type: 'succeeded' };

/** What a pending attempt asks of the account service. */
export type SignInRequest =
  | { kind: 'password'; email: string; password: string }
  | { kind: 'send-code'; email: string }
  | { kind: 'verify-code'; email: string; code: string }
  | { kind: 'google' };

export const initialSignInForm: SignInFormState = {
  method: 'password',
  step: 'credentials',
  email: '',
  password: '',
  code: '',
  fieldErrors: {},
  pending: null,
  failure: null,
  codeSent: null,
  focus: null,
};

/** Supabase Auth's least gap between two codes to one address (GoTrue's default, 60 s). */
export const CODE_RESEND_GAP_MS = 60_000;

// Deliberately loose: the server is the judge of an address; this only catches typos like a
// missing "@" before a round trip.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FIELD_ORDER: SignInField[] = ['email', 'password', 'code'];

/** The field errors for the current input, method and step; empty when the form may be sent. */
export function validateSignIn(state: SignInFormState): SignInFormState['fieldErrors'] {
  const errors: SignInFormState['fieldErrors'] = {};
  if (state.step === 'code') {
    if (!/^\d{6}$/.test(state.code.trim())) errors.code = 'Enter the 6-digit code from the email.';
    return errors;
  }
  const email = state.email.trim();
  if (!email) errors.email = 'Enter your email address.';
  else if (!EMAIL_SHAPE.test(email)) errors.email = 'Enter an email address like name@example.com.';
  if (state.method === 'password' && !state.password) errors.password = 'Enter your password.';
  return errors;
}

/** The request a pending attempt stands for. */
export function signInRequest(state: SignInFormState): SignInRequest {
  const email = state.email.trim();
  if (state.pending === 'google') return { kind: 'google' };
  if (state.method === 'password') return { kind: 'password', email, password: state.password };
  if (state.step === 'credentials' || state.pending === 'new-code')
    return { kind: 'send-code', email };
  return { kind: 'verify-code', email, code: state.code.trim() };
}

/** The address as the server counts it: one mailbox, whatever the case typed. */
const addressOf = (state: SignInFormState) => state.email.trim().toLowerCase();

/**
 * Whole seconds until another code may be sent to the address typed; 0 when it may be now. Never
 * more than the gap, so a clock read just before the code went out cannot show 61 s.
 */
export function codeCooldownSeconds(state: SignInFormState, now: number): number {
  if (!state.codeSent || state.codeSent.email !== addressOf(state)) return 0;
  const left = Math.min(CODE_RESEND_GAP_MS, state.codeSent.at + CODE_RESEND_GAP_MS - now);
  return Math.max(0, Math.ceil(left / 1000));
}

/** The field a failure is about, so focus lands where the user mends it; none for the rest. */
export function failedField(
  code: ErrorCode,
  request: SignInRequest['kind'],
): SignInField | undefined {
  if (code === 'wrong_password' && request === 'password') return 'password';
  if (code === 'code_invalid' && request === 'verify-code') return 'code';
  return undefined;
}

export function signInFormReducer(
  state: SignInFormState,
  action: SignInFormAction,
): SignInFormState {
  switch (action.type) {
    case 'edit': {
      // Editing a field clears that field's complaint; the others stay until the next submit.
      const { [action.field]: _cleared, ...otherErrors } = state.fieldErrors;
      return { ...state, [action.field]: action.value, fieldErrors: otherErrors, focus: null };
    }
    case 'choose-method':
      return {
        ...state,
        method: action.method,
        step: 'credentials',
        fieldErrors: {},
        failure: null,
        focus: null,
      };
    case 'submit': {
      if (state.pending) return state;
      const fieldErrors = validateSignIn(state);
      const firstInvalid = FIELD_ORDER.find((field) => fieldErrors[field]) ?? null;
      return {
        ...state,
        fieldErrors,
        pending: firstInvalid ? null : 'form',
        failure: null,
        focus: firstInvalid,
      };
    }
    case 'resend-code':
      if (state.pending || codeCooldownSeconds(state, action.now) > 0) return state;
      return { ...state, pending: 'new-code', failure: null, fieldErrors: {}, focus: null };
    case 'google':
      if (state.pending) return state;
      return { ...state, pending: 'google', failure: null, fieldErrors: {}, focus: null };
    case 'failed':
      return {
        ...state,
        pending: null,
        failure: action.sentence,
        focus: action.field ?? 'failure',
      };
    case 'code-sent':
      return {
        ...state,
        pending: null,
        step: 'code',
        code: '',
        failure: null,
        codeSent: { email: addressOf(state), at: action.at },
        focus: 'code',
      };
    case 'change-email':
      if (state.pending) return state;
      return {
        ...state,
        step: 'credentials',
        code: '',
        fieldErrors: {},
        failure: null,
        focus: 'email',
      };
    case 'succeeded':
      return { ...initialSignInForm, method: state.method };
  }
}
