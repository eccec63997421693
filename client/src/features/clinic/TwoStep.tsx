import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TotpSetup } from '@circle/shared';
import {
  confirmTotp,
  disableTotp,
  loadClinicSettings,
  loadMe,
  loadTotpStatus,
  setRequireTotp,
  startTotp,
} from '../../actions';
import { CopyLink } from './CopyLink';
import { useLoaded } from './useLoaded';
import { ServerCheckbox } from '../../ui/ServerCheckbox';

const CODE_MAX_CHARS = 32;

type Step =
  { kind: 'status' } | { kind: 'setup'; setup: TotpSetup } | { kind: 'codes'; codes: string[] } | { kind: 'off' };

/** Focus moves to the heading of each step as it appears (the panel's own heading, not the page's). */
function useStepHeading(key: unknown) {
  const ref = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    ref.current?.focus();
  }, [key]);
  return ref;
}

/**
 * One's own 2-step sign-in: set up an authenticator app (the secret and its otpauth link as text,
 * confirmed with a first code), the recovery codes shown once with Copy, and turning it off.
 * `due`: the clinic requires it and it is not set up yet (the whole home is this panel).
 */
export function TwoStepPanel({ due = false }: { due?: boolean }) {
  const { data: status, error: loadError, reload } = useLoaded(loadTotpStatus);
  const [step, setStep] = useState<Step>({ kind: 'status' });
  const [error, setError] = useState<string | null>(null);
  const heading = useStepHeading(step.kind);

  const begin = async () => {
    setError(null);
    const res = await startTotp();
    if (!res.ok) return setError(res.message);
    setStep({ kind: 'setup', setup: res.data });
  };
  const done = async () => {
    setStep({ kind: 'status' });
    await reload();
    // Enrolment no longer due: the home shows everything again.
    if (due) await loadMe();
  };

  const title =
    step.kind === 'setup'
      ? 'Set up your authenticator app'
      : step.kind === 'codes'
        ? 'Save your recovery codes'
        : step.kind === 'off'
          ? 'Turn off 2-step sign-in'
          : due
            ? 'Required by your clinic'
            : '2-step sign-in';
  return (
    <section aria-labelledby="two-step-title" className="home-section">
      <h2 id="two-step-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {loadError && (
        <p role="alert" className="error-text">
          {loadError}
        </p>
      )}
      {step.kind === 'status' &&
        (!status ? (
          !loadError && <p role="status">Loading…</p>
        ) : status.enabled ? (
          <div className="card">
            <p>
              <strong>On.</strong> Signing in asks for a code from your authenticator app. {status.recoveryCodesLeft} of
              10 recovery codes left.
            </p>
            {status.required ? (
              <p className="hint">Your clinic requires 2-step sign-in, so it cannot be turned off.</p>
            ) : (
              <button type="button" onClick={() => setStep({ kind: 'off' })}>
                Turn off 2-step sign-in
              </button>
            )}
          </div>
        ) : (
          <div className="card">
            <p>
              {due
                ? 'Your clinic requires 2-step sign-in. Set it up to reach your home: you will need an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or 1Password).'
                : 'Off. With 2-step sign-in, signing in also asks for a code from an authenticator app on your phone, so a stolen password is not enough.'}
            </p>
            <button type="button" className="primary" onClick={() => void begin()}>
              Set up 2-step sign-in
            </button>
          </div>
        ))}
      {step.kind === 'setup' && (
        <SetupForm setup={step.setup} onCodes={(codes) => setStep({ kind: 'codes', codes })} onCancel={done} />
      )}
      {step.kind === 'codes' && <RecoveryCodes codes={step.codes} onDone={done} />}
      {step.kind === 'off' && <DisableForm onDone={done} />}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}

function SetupForm({
  setup,
  onCodes,
  onCancel,
}: {
  setup: TotpSetup;
  onCodes: (codes: string[]) => void;
  onCancel: () => Promise<void>;
}) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await confirmTotp(code);
    setBusy(false);
    if (!res.ok) return setError(res.message);
    onCodes(res.data);
  };

  return (
    <form className="card form" onSubmit={confirm} noValidate aria-label="Set up your authenticator app">
      <ol className="steps">
        <li>
          In your authenticator app, add an account and choose to enter a setup key. Enter this key (time-based):
          <p className="secret">
            <code>{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
        </li>
        <li>
          <CopyLink label="Or, on this device, the setup link" url={setup.otpauthUrl}>
            An app on this device may open it directly. Keep this key and link private.
          </CopyLink>
        </li>
        <li>Enter the 6-digit code the app now shows.</li>
      </ol>
      <div className="field">
        <label htmlFor={id}>Code from the app</label>
        <input
          id={id}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={CODE_MAX_CHARS}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      {error && (
        <p role="alert" id={`${id}-error`} className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" aria-busy={busy}>
          Turn on 2-step sign-in
        </button>
        <button type="button" onClick={() => void onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => Promise<void> }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="card">
      <p>
        2-step sign-in is on. If you lose your phone, each of these codes signs you in once. Keep them somewhere safe:{' '}
        <strong>they are shown only now.</strong>
      </p>
      <ul className="plain-list recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy recovery codes
        </button>
        <button type="button" className="primary" onClick={() => void onDone()}>
          I have saved them
        </button>
      </div>
      <p role="status" className="hint">
        {copied ? 'Copied.' : ''}
      </p>
    </div>
  );
}

function DisableForm({ onDone }: { onDone: () => Promise<void> }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await disableTotp(password, code);
    if (!res.ok) return setError(res.message);
    await onDone();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label="Turn off 2-step sign-in">
      <p>Signing in will ask for your password only. Confirm with your password and a current code.</p>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-code`}>Code from your app, or a recovery code</label>
        <input id={`${id}-code`} autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="danger">
          Turn off
        </button>
        <button type="button" onClick={() => void onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The admin's clinic settings: require 2-step sign-in for every staff member. */
export function ClinicSettingsPanel() {
  const { data, error: loadError, reload } = useLoaded(loadClinicSettings);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const toggle = async (on: boolean) => {
    setError(null);
    setSaved(null);
    const res = await setRequireTotp(on);
    if (!res.ok) {
      setError(res.message);
      return false;
    }
    setSaved(res.data.requireTotp ? 'Saved: 2-step sign-in is required.' : 'Saved: 2-step sign-in is optional.');
    await reload();
  };

  return (
    <section aria-labelledby="settings-title" className="home-section">
      <h2 id="settings-title">Clinic settings</h2>
      <div className="card">
        {loadError && (
          <p role="alert" className="error-text">
            {loadError}
          </p>
        )}
        {data && (
          <ServerCheckbox
            className="switch"
            role="switch"
            checked={data.requireTotp}
            request={toggle}
            aria-describedby="require-totp-hint"
          >
            Require 2-step sign-in for everyone
          </ServerCheckbox>
        )}
        <p id="require-totp-hint" className="hint">
          Staff without it (you too) can sign in but reach nothing else until they set it up.
        </p>
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <p role="status" className="hint">
          {saved ?? ''}
        </p>
      </div>
    </section>
  );
}
