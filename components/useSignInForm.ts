import { useEffect, useReducer } from 'preact/hooks';
import type { AccountActions } from '../utils/auth/account-actions';
import type { AccountState } from '../utils/auth/account-service';
import {
  initialSignInForm,
  type SignInFormAction,
  type SignInFormState,
  signInFormReducer,
  signInRequest,
} from '../utils/auth/sign-in-form';
import { describeError } from '../utils/errors';

/** The sign-in form's store: the reducer, plus the request it starts when a submit is accepted. */
export function useSignInForm(
  account: AccountActions,
  onSignedIn: (state: AccountState) => void,
): [SignInFormState, (action: SignInFormAction) => void] {
  const [state, dispatch] = useReducer(signInFormReducer, initialSignInForm);
  useEffect(() => {
    if (!state.pending) return;
    const request = signInRequest(state);
    const fail = (error: unknown) => dispatch({ type: 'failed', sentence: describeError(error) });
    if (request.kind === 'send-code') {
      account.sendCode(request.email).then(() => dispatch({ type: 'code-sent' }), fail);
      return;
    }
    const signedIn =
      request.kind === 'password'
        ? account.signInWithPassword(request.email, request.password)
        : account.verifyCode(request.email, request.code);
    signedIn.then((next) => {
      dispatch({ type: 'succeeded' });
      onSignedIn(next);
    }, fail);
    // Only the start of a pending request sends; the form cannot change while it is pending.
  }, [state.pending]);
  return [state, dispatch];
}
