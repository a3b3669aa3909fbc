import { useEffect, useReducer } from 'preact/hooks';
import type { Account } from '../utils/auth/account';
import {
  initialSignInForm,
  type SignInFormAction,
  type SignInFormState,
  signInFormReducer,
} from '../utils/auth/sign-in-form';
import { describeError } from '../utils/errors';

/** The sign-in form's store: the reducer, plus the request it starts when a submit is accepted. */
export function useSignInForm(
  account: Account,
): [SignInFormState, (action: SignInFormAction) => void] {
  const [state, dispatch] = useReducer(signInFormReducer, initialSignInForm);
  const { pending, method, email, password } = state;
  useEffect(() => {
    if (!pending) return;
    account.signIn({ method, email: email.trim(), password }).then(
      () => dispatch({ type: 'succeeded' }),
      (error: unknown) => dispatch({ type: 'failed', sentence: describeError(error) }),
    );
    // Only the start of a pending request sends; edits are impossible while it is pending.
  }, [pending]);
  return [state, dispatch];
}
