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
import { Trans, useT } from '../../i18n';

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
  const { t } = useT('clinic');
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
      ? t('twoStep.setupTitle')
      : step.kind === 'codes'
        ? t('twoStep.codesTitle')
        : step.kind === 'off'
          ? t('twoStep.offTitle')
          : due
            ? t('twoStep.requiredTitle')
            : t('twoStep.title');
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
          !loadError && <p role="status">{t('twoStep.loading')}</p>
        ) : status.enabled ? (
          <div className="card">
            <p>
              <Trans
                t={t}
                i18nKey="twoStep.on"
                values={{ left: status.recoveryCodesLeft }}
                components={{ strong: <strong /> }}
              />
            </p>
            {status.required ? (
              <p className="hint">{t('twoStep.cannotTurnOff')}</p>
            ) : (
              <button type="button" onClick={() => setStep({ kind: 'off' })}>
                {t('twoStep.turnOff')}
              </button>
            )}
          </div>
        ) : (
          <div className="card">
            <p>{due ? t('twoStep.due') : t('twoStep.off')}</p>
            <button type="button" className="primary" onClick={() => void begin()}>
              {t('twoStep.setUp')}
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
  const { t } = useT('clinic');

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
    <form className="card form" onSubmit={confirm} noValidate aria-label={t('twoStep.setupTitle')}>
      <ol className="steps">
        <li>
          {t('twoStep.step1')}
          <p className="secret">
            <code>{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
        </li>
        <li>
          <CopyLink label={t('twoStep.setupLink')} url={setup.otpauthUrl}>
            {t('twoStep.setupLinkHint')}
          </CopyLink>
        </li>
        <li>{t('twoStep.step3')}</li>
      </ol>
      <div className="field">
        <label htmlFor={id}>{t('twoStep.codeFromApp')}</label>
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
          {t('twoStep.turnOn')}
        </button>
        <button type="button" onClick={() => void onCancel()}>
          {t('twoStep.cancel')}
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => Promise<void> }) {
  const [copied, setCopied] = useState(false);
  const { t } = useT('clinic');
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
        <Trans t={t} i18nKey="twoStep.codesIntro" components={{ strong: <strong /> }} />
      </p>
      <ul className="plain-list recovery-codes" aria-label={t('twoStep.codes')}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          {t('twoStep.copyCodes')}
        </button>
        <button type="button" className="primary" onClick={() => void onDone()}>
          {t('twoStep.saved')}
        </button>
      </div>
      <p role="status" className="hint">
        {copied ? t('twoStep.copied') : ''}
      </p>
    </div>
  );
}

function DisableForm({ onDone }: { onDone: () => Promise<void> }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const { t } = useT('clinic');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await disableTotp(password, code);
    if (!res.ok) return setError(res.message);
    await onDone();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-label={t('twoStep.offTitle')}>
      <p>{t('twoStep.offIntro')}</p>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('twoStep.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-code`}>{t('twoStep.codeOrRecovery')}</label>
        <input id={`${id}-code`} autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="danger">
          {t('twoStep.turnOffShort')}
        </button>
        <button type="button" onClick={() => void onDone()}>
          {t('twoStep.cancel')}
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
  const { t } = useT('clinic');

  const toggle = async (on: boolean) => {
    setError(null);
    setSaved(null);
    const res = await setRequireTotp(on);
    if (!res.ok) {
      setError(res.message);
      return false;
    }
    setSaved(res.data.requireTotp ? t('twoStep.savedRequired') : t('twoStep.savedOptional'));
    await reload();
  };

  return (
    <section aria-labelledby="settings-title" className="home-section">
      <h2 id="settings-title">{t('twoStep.clinicSettings')}</h2>
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
            {t('twoStep.require')}
          </ServerCheckbox>
        )}
        <p id="require-totp-hint" className="hint">
          {t('twoStep.requireHint')}
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
