import type { SignInFormAction, SignInFormState, SignInMethod } from '../utils/auth/sign-in-form';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './SignInForm.module.css';
import { TextField } from './TextField';

interface SignInFormProps {
  state: SignInFormState;
  dispatch: (action: SignInFormAction) => void;
}

const methods: { value: SignInMethod; label: string }[] = [
  { value: 'password', label: 'With password' },
  { value: 'code', label: 'With email code' },
];

export function SignInForm({ state, dispatch }: SignInFormProps) {
  const awaitingCode = state.method === 'code' && state.step === 'code';
  return (
    <form
      class={styles.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        dispatch({ type: 'submit' });
      }}
    >
      <fieldset class={styles.methods} disabled={state.pending}>
        <legend class="visually-hidden">Sign in with</legend>
        {methods.map((method) => (
          <label key={method.value} class={styles.method}>
            <input
              type="radio"
              name="method"
              value={method.value}
              checked={state.method === method.value}
              onChange={() => dispatch({ type: 'choose-method', method: method.value })}
            />
            <span>{method.label}</span>
          </label>
        ))}
      </fieldset>
      {state.failure && <Notice tone="error">{state.failure}</Notice>}
      {awaitingCode ? (
        <>
          <p class={styles.explain}>
            We sent a 6-digit code to <strong>{state.email.trim()}</strong>. It works for 10
            minutes.
          </p>
          <TextField
            label="Code"
            autoComplete="one-time-code"
            inputMode="numeric"
            value={state.code}
            error={state.fieldErrors.code}
            disabled={state.pending}
            onInput={(value) => dispatch({ type: 'edit', field: 'code', value })}
          />
          <Button type="submit" pending={state.pending} fullWidth>
            Verify code
          </Button>
          <Button
            variant="quiet"
            disabled={state.pending}
            onClick={() => dispatch({ type: 'change-email' })}
          >
            Use a different email or send a new code
          </Button>
        </>
      ) : (
        <>
          <TextField
            label="Email"
            type="email"
            autoComplete="email"
            value={state.email}
            error={state.fieldErrors.email}
            disabled={state.pending}
            onInput={(value) => dispatch({ type: 'edit', field: 'email', value })}
          />
          {state.method === 'password' ? (
            <TextField
              label="Password"
              type="password"
              autoComplete="current-password"
              value={state.password}
              error={state.fieldErrors.password}
              disabled={state.pending}
              onInput={(value) => dispatch({ type: 'edit', field: 'password', value })}
            />
          ) : (
            <p class={styles.explain}>We’ll email you a 6-digit code. No password needed.</p>
          )}
          <Button type="submit" pending={state.pending} fullWidth>
            {state.method === 'password' ? 'Sign in' : 'Send code'}
          </Button>
        </>
      )}
    </form>
  );
}
