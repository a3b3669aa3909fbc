import { describe, expect, it } from 'vitest';
import {
  initialSignInForm,
  type SignInFormAction,
  type SignInFormState,
  signInFormReducer,
  signInRequest,
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

  it('after the code is sent, asks for the 6-digit code and nothing else', () => {
    const sent = run([
      { type: 'choose-method', method: 'code' },
      { type: 'edit', field: 'email', value: 'ada@example.com' },
      { type: 'submit' },
      { type: 'code-sent' },
    ]);
    expect(sent).toMatchObject({ step: 'code', pending: false, email: 'ada@example.com' });
    const tooShort = run(
      [{ type: 'edit', field: 'code', value: '1234' }, { type: 'submit' }],
      sent,
    );
    expect(tooShort.pending).toBe(false);
    expect(tooShort.fieldErrors).toEqual({ code: 'Enter the 6-digit code from the email.' });
    const ready = run(
      [{ type: 'edit', field: 'code', value: ' 123456 ' }, { type: 'submit' }],
      sent,
    );
    expect(ready.pending).toBe(true);
    expect(signInRequest(ready)).toEqual({
      kind: 'verify-code',
      email: 'ada@example.com',
      code: '123456',
    });
  });

  it('a wrong code keeps the code step and what was typed', () => {
    const failed = run([
      { type: 'choose-method', method: 'code' },
      { type: 'edit', field: 'email', value: 'ada@example.com' },
      { type: 'submit' },
      { type: 'code-sent' },
      { type: 'edit', field: 'code', value: '000000' },
      { type: 'submit' },
      { type: 'failed', sentence: 'That code is wrong or has expired.' },
    ]);
    expect(failed).toMatchObject({
      step: 'code',
      code: '000000',
      failure: 'That code is wrong or has expired.',
    });
    expect(run([{ type: 'change-email' }], failed)).toMatchObject({
      step: 'credentials',
      email: 'ada@example.com',
      code: '',
    });
  });

  it('names the request each submitted form stands for', () => {
    const password = run([...typed(' ada@example.com ', 'pw'), { type: 'submit' }]);
    expect(signInRequest(password)).toEqual({
      kind: 'password',
      email: 'ada@example.com',
      password: 'pw',
    });
    const code = run([
      { type: 'choose-method', method: 'code' },
      ...typed('ada@example.com', ''),
      { type: 'submit' },
    ]);
    expect(signInRequest(code)).toEqual({ kind: 'send-code', email: 'ada@example.com' });
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
