import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors';
import {
  CODE_RESEND_GAP_MS,
  codeCooldownSeconds,
  failedField,
  initialSignInForm,
  type SignInField,
  type SignInFocus,
  type SignInFormAction,
  type SignInFormState,
  type SignInRequest,
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
    expect(state.pending).toBeNull();
    expect(state.fieldErrors).toEqual({
      email: 'Enter your email address.',
      password: 'Enter your password.',
    });
  });

  it('catches an address without an @ before a round trip', () => {
    const state = run([...typed('ada.example.com', 'pw'), { type: 'submit' }]);
    expect(state.pending).toBeNull();
    expect(state.fieldErrors.email).toBe('Enter an email address like name@example.com.');
  });

  it('sends a valid form and marks it pending, ignoring a second submit meanwhile', () => {
    const pending = run([...typed(' ada@example.com ', 'correct horse'), { type: 'submit' }]);
    expect(pending.pending).toBe('form');
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
      pending: null,
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
    expect(state.pending).toBe('form');
    expect(state.fieldErrors).toEqual({});
  });

  it('after the code is sent, asks for the 6-digit code and nothing else', () => {
    const sent = run([
      { type: 'choose-method', method: 'code' },
      { type: 'edit', field: 'email', value: 'ada@example.com' },
      { type: 'submit' },
      { type: 'code-sent', at: 0 },
    ]);
    expect(sent).toMatchObject({ step: 'code', pending: null, email: 'ada@example.com' });
    const tooShort = run(
      [{ type: 'edit', field: 'code', value: '1234' }, { type: 'submit' }],
      sent,
    );
    expect(tooShort.pending).toBeNull();
    expect(tooShort.fieldErrors).toEqual({ code: 'Enter the 6-digit code from the email.' });
    const ready = run(
      [{ type: 'edit', field: 'code', value: ' 123456 ' }, { type: 'submit' }],
      sent,
    );
    expect(ready.pending).toBe('form');
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
      { type: 'code-sent', at: 0 },
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

  const codeSentAt = (at: number) =>
    run([
      { type: 'choose-method', method: 'code' },
      { type: 'edit', field: 'email', value: ' ada@example.com ' },
      { type: 'submit' },
      { type: 'code-sent', at },
    ]);

  it('going back to the email step sends nothing and keeps the address', () => {
    const back = run([{ type: 'change-email' }], codeSentAt(1_000));
    expect(back).toMatchObject({ step: 'credentials', email: ' ada@example.com ', pending: null });
    // Not even while a request is under way: the step cannot change under it.
    const verifying = run(
      [{ type: 'edit', field: 'code', value: '123456' }, { type: 'submit' }],
      codeSentAt(0),
    );
    expect(signInFormReducer(verifying, { type: 'change-email' })).toBe(verifying);
  });

  it('counts down the wait before a new code, per address, never above the gap', () => {
    const sent = codeSentAt(10_000);
    const cases: [string, SignInFormState, number, number][] = [
      ['just sent', sent, 10_000, 60],
      ['a clock read before sending', sent, 9_000, 60],
      ['0.5 s later (rounded up)', sent, 10_500, 60],
      ['59.2 s later', sent, 69_200, 1],
      ['60 s later', sent, 10_000 + CODE_RESEND_GAP_MS, 0],
      [
        'another address',
        run([{ type: 'edit', field: 'email', value: 'bo@example.com' }], sent),
        10_000,
        0,
      ],
      ['no code sent yet', initialSignInForm, 10_000, 0],
    ];
    for (const [name, state, now, seconds] of cases) {
      expect([name, codeCooldownSeconds(state, now)]).toEqual([name, seconds]);
    }
  });

  it('sends a new code only once the wait is over, to the same address', () => {
    const sent = codeSentAt(10_000);
    expect(signInFormReducer(sent, { type: 'resend-code', now: 30_000 })).toBe(sent);
    const resending = signInFormReducer(sent, { type: 'resend-code', now: 70_000 });
    expect(resending).toMatchObject({ pending: 'new-code', step: 'code' });
    expect(signInRequest(resending)).toEqual({ kind: 'send-code', email: 'ada@example.com' });
    const resent = signInFormReducer(resending, { type: 'code-sent', at: 70_000 });
    expect(resent).toMatchObject({ step: 'code', pending: null, focus: 'code' });
    expect(codeCooldownSeconds(resent, 70_000)).toBe(60);
  });

  it('Google is one more attempt: the form’s last failure gives way to its own, one sentence', () => {
    const failed = run([
      ...typed('ada@example.com', 'pw'),
      { type: 'submit' },
      { type: 'failed', sentence: 'A' },
    ]);
    const google = signInFormReducer(failed, { type: 'google' });
    expect(google).toMatchObject({ pending: 'google', failure: null });
    expect(signInRequest(google)).toEqual({ kind: 'google' });
    expect(signInFormReducer(google, { type: 'submit' })).toBe(google);
    expect(signInFormReducer(google, { type: 'failed', sentence: 'B' }).failure).toBe('B');
  });

  it('moves focus where the user acts next after every attempt and step change', () => {
    const cases: [string, SignInFormAction[], SignInFocus | null][] = [
      ['empty form submitted', [{ type: 'submit' }], 'email'],
      [
        'password missing',
        [{ type: 'edit', field: 'email', value: 'a@b.co' }, { type: 'submit' }],
        'password',
      ],
      ['valid, under way', [...typed('a@b.co', 'pw'), { type: 'submit' }], null],
      [
        'wrong password',
        [
          ...typed('a@b.co', 'pw'),
          { type: 'submit' },
          { type: 'failed', sentence: 'x', field: 'password' },
        ],
        'password',
      ],
      [
        'server unreachable',
        [...typed('a@b.co', 'pw'), { type: 'submit' }, { type: 'failed', sentence: 'x' }],
        'failure',
      ],
      [
        'code sent',
        [
          { type: 'choose-method', method: 'code' },
          { type: 'edit', field: 'email', value: 'a@b.co' },
          { type: 'submit' },
          { type: 'code-sent', at: 0 },
        ],
        'code',
      ],
      [
        'back to the email step',
        [
          { type: 'choose-method', method: 'code' },
          { type: 'edit', field: 'email', value: 'a@b.co' },
          { type: 'submit' },
          { type: 'code-sent', at: 0 },
          { type: 'change-email' },
        ],
        'email',
      ],
      ['then typing', [{ type: 'submit' }, { type: 'edit', field: 'email', value: 'a' }], null],
    ];
    for (const [name, actions, focus] of cases) {
      expect([name, run(actions).focus]).toEqual([name, focus]);
    }
  });

  it('names the field a failure is about, for the request that failed', () => {
    const cases: [ErrorCode, SignInRequest['kind'], SignInField | undefined][] = [
      ['wrong_password', 'password', 'password'],
      ['code_invalid', 'verify-code', 'code'],
      ['too_many_attempts', 'send-code', undefined],
      ['network', 'password', undefined],
      ['network', 'google', undefined],
      ['sign_in_cancelled', 'google', undefined],
    ];
    for (const [code, request, field] of cases) {
      expect([code, request, failedField(code, request)]).toEqual([code, request, field]);
    }
  });
});
