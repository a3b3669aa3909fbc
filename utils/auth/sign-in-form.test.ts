import { describe, expect, it } from 'vitest';
import {
  initialSignInForm,
  type SignInFormAction,
  type SignInFormState,
  signInFormReducer,
} from './sign-in-form';

const run = (actions: SignInFormAction[], from: SignInFormState = initialSignInForm) =>
  actions.reduce(signInFormReducer, from);

const typed = (email: string, password: string): SignInFormAction[] => [
  { type: 'edit', field: 'email', value: email },
  { type: 'edit', field: 'password', value: password },
];

describe('sign-in form', () => {
  it('says what is missing instead of sending an empty form', () => {
    const state = run([{ type: 'submit' }]);
    expect(state.pending).toBe(false);
    expect(state.fieldErrors).toEqual({
      email: 'Enter your email address.',
      password: 'Enter your password.',
    });
  });

  it('catches an address without an @ before a round trip', () => {
    const state = run([...typed('ada.example.com', 'pw'), { type: 'submit' }]);
    expect(state.pending).toBe(false);
    expect(state.fieldErrors.email).toBe('Enter an email address like name@example.com.');
  });

  it('sends a valid form and marks it pending, ignoring a second submit meanwhile', () => {
    const pending = run([...typed(' ada@example.com ', 'correct horse'), { type: 'submit' }]);
    expect(pending.pending).toBe(true);
    expect(pending.fieldErrors).toEqual({});
    expect(signInFormReducer(pending, { type: 'submit' })).toBe(pending);
  });

  it('keeps what was typed when sign-in fails, and shows the sentence', () => {
    const failed = run([
      ...typed('ada@example.com', 'wrong'),
      { type: 'submit' },
      { type: 'failed', sentence: 'That email and password don’t match.' },
    ]);
    expect(failed).toMatchObject({
      email: 'ada@example.com',
      password: 'wrong',
      pending: false,
      failure: 'That email and password don’t match.',
    });
  });

  it('clears a field’s complaint as soon as that field is edited, and only that one', () => {
    const complained = run([{ type: 'submit' }]);
    const edited = signInFormReducer(complained, { type: 'edit', field: 'email', value: 'a' });
    expect(edited.fieldErrors).toEqual({ password: 'Enter your password.' });
  });

  it('needs no password to send an email code', () => {
    const state = run([
      { type: 'choose-method', method: 'code' },
      { type: 'edit', field: 'email', value: 'ada@example.com' },
      { type: 'submit' },
    ]);
    expect(state.pending).toBe(true);
    expect(state.fieldErrors).toEqual({});
  });

  it('forgets the password after success but keeps the chosen method', () => {
    const state = run([
      { type: 'choose-method', method: 'code' },
      ...typed('ada@example.com', ''),
      { type: 'submit' },
      { type: 'succeeded' },
    ]);
    expect(state).toEqual({ ...initialSignInForm, method: 'code' });
  });
});
