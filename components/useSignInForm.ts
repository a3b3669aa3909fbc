import { useEffect, useReducer } from 'preact/hooks';
import type { AccountActions } from '../utils/account/account-actions';
import type { AccountState } from '../utils/account/account-service';
import {
  failedField,
  initialSignInForm,
  type SignInFormAction,
  type SignInFormState,
  signInFormReducer,
  signInRequest,
} from '../utils/account/sign-in-form';
import { describeError } from '../utils/error-sentences';
import { toErrorInfo } from '../utils/errors';

/** The sign-in store: the reducer, plus the request it starts when an attempt is accepted. */
export function useSignInForm(
  account: AccountActions,
  onSignedIn: (state: AccountState) => void,
  now: () => number,
): [SignInFormState, (action: SignInFormAction) => void] {
  const [state, dispatch] = useReducer(signInFormReducer, initialSignInForm);
  useEffect(() => {
    if (!state.pending) return;
    const request = signInRequest(state);
    const fail = (error: unknown) =>
      dispatch({
        type: 'failed',
        sentence: describeError(error),
        field: failedField(toErrorInfo(error).code, request.kind),
      });
    if (request.kind === 'send-code') {
      account.sendCode(request.email).then(() => dispatch({ type: 'code-sent', at: now() }), fail);
      return;
    }
    const signedIn =
      request.kind === 'password'
        ? account.signInWithPassword(request.email, request.password)
        : request.kind === 'verify-code'
          ? account.verifyCode(request.email, request.code)
          : account.signInWithGoogle();
    signedIn.then((next) => {
      dispatch({ type: 'succeeded' });
      onSignedIn(next);
    }, fail);
    // Only the start of a pending attempt sends; the form cannot change while it is pending.
  }, [state.pending]);
  return [state, dispatch];
}
