import { useLayoutEffect, useRef } from 'preact/hooks';
import {
  codeCooldownSeconds,
  type SignInFormAction,
  type SignInFormState,
  type SignInMethod,
} from '../utils/account/sign-in-form';
import { Button } from './Button';
import { Notice } from './Notice';
import styles from './SignInForm.module.css';
import { TextField } from './TextField';
import { useNow } from './useNow';

interface SignInFormProps {
  state: SignInFormState;
  dispatch: (action: SignInFormAction) => void;
  /** The clock the code's cooldown counts with. */
  now: () => number;
  /** Take focus when shown: the user just signed out and the button they pressed is gone. */
  focusOnShow?: boolean;
}

const methods: { value: SignInMethod; label: string }[] = [
  { value: 'password', label: 'With password' },
  { value: 'code', label: 'With email code' },
];

/** Where the wait before another code is said; the buttons it holds back point to it. */
const COOLDOWN_ID = 'code-cooldown';

/**
 * The seconds left before another code may be sent, under the button it holds back. The buttons
 * keep their names ("Send code", "Send a new code"), so they are always found by them.
 */
function CooldownHint({ seconds }: { seconds: number }) {
  if (seconds <= 0) return null;
  return (
    <p id={COOLDOWN_ID} class={styles.explain}>
      You can send another code in {seconds} s.
    </p>
  );
}

export function SignInForm({ state, dispatch, now, focusOnShow = false }: SignInFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const shown = useRef(false);
  const awaitingCode = state.method === 'code' && state.step === 'code';
  const pending = state.pending !== null;
  const time = useNow(codeCooldownSeconds(state, now()) > 0, now);
  const cooldown = codeCooldownSeconds(state, time);

  // After an attempt ends or the step changes, focus goes where the user acts next, never to
  // the page's body (where a disabled button would leave it).
  useLayoutEffect(() => {
    const focus = state.focus ?? (focusOnShow && !shown.current ? 'email' : null);
    shown.current = true;
    if (!focus) return;
    const target =
      focus === 'failure' ? failureRef.current : formRef.current?.elements.namedItem(focus);
    if (target instanceof HTMLElement) target.focus();
  }, [state]);

  return (
    <form
      ref={formRef}
      class={styles.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        dispatch({ type: 'submit' });
      }}
    >
      <fieldset class={styles.methods} disabled={pending}>
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
      {state.failure && (
        <div ref={failureRef} tabIndex={-1}>
          <Notice tone="error">{state.failure}</Notice>
        </div>
      )}
      {/* Keyed apart: Preact must not turn the clicked "Use a different email" button into the
          next step's submit button while the click is still being handled. */}
      {awaitingCode ? (
        <div key="code" class={styles.step}>
          <p class={styles.explain}>
            We sent a 6-digit code to <strong>{state.email.trim()}</strong>. It works for 10
            minutes.
          </p>
          <TextField
            label="Code"
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            value={state.code}
            error={state.fieldErrors.code}
            disabled={pending}
            onInput={(value) => dispatch({ type: 'edit', field: 'code', value })}
          />
          <Button type="submit" pending={state.pending === 'form'} disabled={pending} fullWidth>
            Verify code
          </Button>
          <div class={styles.codeActions}>
            <Button
              variant="quiet"
              pending={state.pending === 'new-code'}
              disabled={pending || cooldown > 0}
              describedBy={cooldown > 0 ? COOLDOWN_ID : undefined}
              onClick={() => dispatch({ type: 'resend-code', now: now() })}
            >
              Send a new code
            </Button>
            <Button
              variant="quiet"
              disabled={pending}
              onClick={() => dispatch({ type: 'change-email' })}
            >
              Use a different email
            </Button>
          </div>
          <CooldownHint seconds={cooldown} />
        </div>
      ) : (
        <div key="credentials" class={styles.step}>
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            value={state.email}
            error={state.fieldErrors.email}
            disabled={pending}
            onInput={(value) => dispatch({ type: 'edit', field: 'email', value })}
          />
          {state.method === 'password' ? (
            <TextField
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={state.password}
              error={state.fieldErrors.password}
              disabled={pending}
              onInput={(value) => dispatch({ type: 'edit', field: 'password', value })}
            />
          ) : (
            <p class={styles.explain}>We’ll email you a 6-digit code. No password needed.</p>
          )}
          <Button
            type="submit"
            pending={state.pending === 'form'}
            disabled={pending || (state.method === 'code' && cooldown > 0)}
            describedBy={state.method === 'code' && cooldown > 0 ? COOLDOWN_ID : undefined}
            fullWidth
          >
            {state.method === 'password' ? 'Sign in' : 'Send code'}
          </Button>
          {state.method === 'code' && <CooldownHint seconds={cooldown} />}
        </div>
      )}
    </form>
  );
}
