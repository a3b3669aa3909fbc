// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountActions } from '../utils/account/account-actions';
import { ExtensionError } from '../utils/errors';
import { SignInForm } from './SignInForm';
import { useSignInForm } from './useSignInForm';

let clock = 0;
const now = () => clock;

function fakeAccount(overrides: Partial<AccountActions> = {}): AccountActions {
  return {
    getAccount: async () => ({ signedIn: false }),
    signInWithPassword: async () => {
      throw new ExtensionError('wrong_password');
    },
    sendCode: vi.fn(async () => {}),
    verifyCode: async (email) => ({ signedIn: true, email, userId: 'u1' }),
    signInWithGoogle: async () => {
      throw new ExtensionError('network');
    },
    signOut: async () => ({ signedIn: false }),
    ...overrides,
  };
}

function Page({ account }: { account: AccountActions }) {
  const [state, dispatch] = useSignInForm(account, () => {}, now);
  return (
    <>
      <SignInForm state={state} dispatch={dispatch} now={now} />
      <button type="button" onClick={() => dispatch({ type: 'google' })}>
        Continue with Google
      </button>
    </>
  );
}

const field = (name: string) => screen.getByRole('textbox', { name, exact: true });
const button = (name: string | RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;
/** The button, named as always, whose description says how many seconds are left to wait. */
const waiting = (name: string, seconds: number) =>
  screen.getByRole('button', {
    name,
    description: `You can send another code in ${seconds} s.`,
  }) as HTMLButtonElement;
/** Seconds of the page's clock, and of the timer that redraws the countdown (once it is set). */
async function tick(seconds: number) {
  // Preact runs a render's effects after the next frame: the countdown's timer starts there.
  await act(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  act(() => {
    clock += seconds * 1000;
    vi.advanceTimersByTime(seconds * 1000);
  });
}

async function codeSent(account: AccountActions) {
  render(<Page account={account} />);
  fireEvent.click(screen.getByRole('radio', { name: 'With email code' }));
  fireEvent.input(field('Email'), { target: { value: 'ada@example.com' } });
  fireEvent.click(button('Send code'));
  await screen.findByRole('textbox', { name: 'Code' });
}

beforeEach(() => {
  clock = 1_000_000;
  // Only the countdown's interval is faked; the account's promises settle as usual.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('SignInForm with an email code', () => {
  it('going back to the email step sends nothing, says nothing, and focuses the address', async () => {
    const account = fakeAccount();
    await codeSent(account);
    expect(account.sendCode).toHaveBeenCalledOnce();
    fireEvent.click(button('Use a different email'));
    await waitFor(() => expect(document.activeElement).toBe(field('Email')));
    expect((field('Email') as HTMLInputElement).value).toBe('ada@example.com');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(account.sendCode).toHaveBeenCalledOnce();
    // The same address has to wait, and the button's description says how long.
    expect(waiting('Send code', 60).disabled).toBe(true);
  });

  it('"Send a new code" shows the seconds left, disabled, then sends a second code', async () => {
    const account = fakeAccount();
    await codeSent(account);
    expect(document.activeElement).toBe(field('Code'));
    expect(waiting('Send a new code', 60).disabled).toBe(true);
    await tick(25);
    expect(waiting('Send a new code', 35).disabled).toBe(true);
    await tick(35);
    const resend = button('Send a new code');
    expect(resend.disabled).toBe(false);
    expect(screen.queryByText(/You can send another code/)).toBeNull();
    fireEvent.click(resend);
    await waitFor(() => expect(account.sendCode).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(waiting('Send a new code', 60).disabled).toBe(true));
    expect(document.activeElement).toBe(field('Code'));
  });
});

describe('SignInForm focus after an attempt', () => {
  it('a wrong password: the Password field, with the sentence', async () => {
    render(<Page account={fakeAccount()} />);
    fireEvent.input(field('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(button('Sign in'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/don’t match/);
    expect(document.activeElement).toBe(screen.getByLabelText('Password'));
  });

  it('a field missing: that field', async () => {
    render(<Page account={fakeAccount()} />);
    fireEvent.input(field('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.click(button('Sign in'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Password')));
  });

  it('the server unreachable: the one sentence that says so, replacing the form’s last', async () => {
    render(<Page account={fakeAccount()} />);
    fireEvent.input(field('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(button('Sign in'));
    await screen.findByRole('alert');
    fireEvent.click(button('Continue with Google'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        'Tabscribe can’t reach its server. Check your connection and try again.',
      ),
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(document.activeElement?.contains(screen.getByRole('alert'))).toBe(true);
  });
});
