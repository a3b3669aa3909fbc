/**
 * The options page's sign-in form as a pure reducer: what was typed, which method and step, the
 * field errors, whether a request is pending, and the sentence of the last failure. Keeping it
 * pure lets the rules ("a failure keeps what was typed", "pending disables the buttons") be tested
 * without a DOM.
 */

export type SignInMethod = 'password' | 'code';
export type SignInField = 'email' | 'password' | 'code';
/** With an email code: first the address (send), then the code (verify). */
export type SignInStep = 'credentials' | 'code';

export interface SignInFormState {
  method: SignInMethod;
  step: SignInStep;
  email: string;
  password: string;
  code: string;
  fieldErrors: Partial<Record<SignInField, string>>;
  pending: boolean;
  /** The sentence of the last failed attempt, shown above the form. */
  failure: string | null;
}

export type SignInFormAction =
  | { type: 'edit'; field: SignInField; value: string }
  | { type: 'choose-method'; method: SignInMethod }
  | { type: 'submit' }
  | { type: 'failed'; sentence: string }
  | { type: 'code-sent' }
  | { type: 'change-email' }
  | { type: 'succeeded' };

/** What a submitted form asks of the account service. */
export type SignInRequest =
  | { kind: 'password'; email: string; password: string }
  | { kind: 'send-code'; email: string }
  | { kind: 'verify-code'; email: string; code: string };

export const initialSignInForm: SignInFormState = {
  method: 'password',
  step: 'credentials',
  email: '',
  password: '',
  code: '',
  fieldErrors: {},
  pending: false,
  failure: null,
};

// Deliberately loose: the server is the judge of an address; this only catches typos like a
// missing "@" before a round trip.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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

/** The request a pending form stands for. */
export function signInRequest(state: SignInFormState): SignInRequest {
  const email = state.email.trim();
  if (state.method === 'password') return { kind: 'password', email, password: state.password };
  if (state.step === 'credentials') return { kind: 'send-code', email };
  return { kind: 'verify-code', email, code: state.code.trim() };
}

export function signInFormReducer(
  state: SignInFormState,
  action: SignInFormAction,
): SignInFormState {
  switch (action.type) {
    case 'edit': {
      // Editing a field clears that field's complaint; the others stay until the next submit.
      const { [action.field]: _cleared, ...otherErrors } = state.fieldErrors;
      return { ...state, [action.field]: action.value, fieldErrors: otherErrors };
    }
    case 'choose-method':
      return {
        ...state,
        method: action.method,
        step: 'credentials',
        fieldErrors: {},
        failure: null,
      };
    case 'submit': {
      if (state.pending) return state;
      const fieldErrors = validateSignIn(state);
      const valid = Object.keys(fieldErrors).length === 0;
      return { ...state, fieldErrors, pending: valid, failure: null };
    }
    case 'failed':
      return { ...state, pending: false, failure: action.sentence };
    case 'code-sent':
      return { ...state, pending: false, step: 'code', code: '', failure: null };
    case 'change-email':
      return { ...state, step: 'credentials', code: '', fieldErrors: {}, failure: null };
    case 'succeeded':
      return { ...initialSignInForm, method: state.method };
  }
}
