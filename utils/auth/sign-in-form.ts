/**
 * The options page's sign-in form as a pure reducer: what was typed, which method is chosen, the
 * field errors, whether a request is pending, and the sentence of the last failure. Keeping it
 * pure lets the rules ("a failure keeps what was typed", "pending disables the buttons") be tested
 * without a DOM.
 */

export type SignInMethod = 'password' | 'code';
export type SignInField = 'email' | 'password';

export interface SignInFormState {
  method: SignInMethod;
  email: string;
  password: string;
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
  | { type: 'succeeded' };

export const initialSignInForm: SignInFormState = {
  method: 'password',
  email: '',
  password: '',
  fieldErrors: {},
  pending: false,
  failure: null,
};

// Deliberately loose: the server is the judge of an address; this only catches typos like a
// missing "@" before a round trip.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The field errors for the current input and method; empty when the form may be sent. */
export function validateSignIn(state: SignInFormState): SignInFormState['fieldErrors'] {
  const errors: SignInFormState['fieldErrors'] = {};
  const email = state.email.trim();
  if (!email) errors.email = 'Enter your email address.';
  else if (!EMAIL_SHAPE.test(email)) errors.email = 'Enter an email address like name@example.com.';
  if (state.method === 'password' && !state.password) errors.password = 'Enter your password.';
  return errors;
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
      return { ...state, method: action.method, fieldErrors: {}, failure: null };
    case 'submit': {
      if (state.pending) return state;
      const fieldErrors = validateSignIn(state);
      const valid = Object.keys(fieldErrors).length === 0;
      return { ...state, fieldErrors, pending: valid, failure: null };
    }
    case 'failed':
      return { ...state, pending: false, failure: action.sentence };
    case 'succeeded':
      return { ...initialSignInForm, method: state.method };
  }
}
