import { useEffect, useState, type FormEvent } from 'react';
import { ssoOutcomeSchema } from '@circle/shared';
import { SSO_OUTCOME_ALERT, loadAuthOptions, signIn } from '../../actions';
import { useT } from '../../i18n';
import { useStaffStore } from '../../stores/useStaffStore';
import { useScreenHeading } from '../../ui/useScreenHeading';

/** What single sign-on said when it sent this browser back here (`?sso=…`), or null. */
function ssoOutcomeOfUrl() {
  const parsed = ssoOutcomeSchema.safeParse(new URLSearchParams(window.location.search).get('sso'));
  return parsed.success ? { outcome: parsed.data, alert: SSO_OUTCOME_ALERT[parsed.data] } : null;
}

/**
 * Staff sign-in: email and password, and "Sign in with single sign-on" when the server has a
 * provider configured (a full navigation to the provider and back; the answer comes as `?sso=`). If the server answers that the account needs its second step
 * (a refusal naming the `totp` field), the page asks for the code from the authenticator app and
 * signs in again with it — the extension point for 2-step sign-in.
 */
export function SignIn() {
  const notice = useStaffStore((s) => s.notice);
  const { t } = useT('clinic');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [secondStep, setSecondStep] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useScreenHeading(secondStep);
  const [sso, setSso] = useState(false);
  const [ssoOutcome] = useState(ssoOutcomeOfUrl);
  useEffect(() => {
    let live = true;
    void loadAuthOptions().then((o) => live && setSso(o.sso));
    return () => {
      live = false;
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await signIn(email, password, secondStep ? code : undefined);
    setBusy(false);
    if (res.ok) return;
    setSecondStep(res.secondStep);
    setError(res.message);
  };

  const title = secondStep ? t('signIn.codeTitle') : t('signIn.title');
  return (
    <main className="page narrow" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {notice && !error && <p role="status">{notice}</p>}
      {ssoOutcome &&
        (ssoOutcome.alert ? (
          <p role="alert" className="error-text">
            {t(`ssoOutcome.${ssoOutcome.outcome}`)}
          </p>
        ) : (
          <p role="status" className="card sso-notice">
            {t(`ssoOutcome.${ssoOutcome.outcome}`)}
          </p>
        ))}
      <form className="card form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="signin-email">{t('signIn.email')}</label>
          <input
            id="signin-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            readOnly={secondStep}
          />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('signIn.password')}</label>
          <input
            id="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            readOnly={secondStep}
          />
        </div>
        {secondStep && (
          <div className="field">
            <label htmlFor="signin-code">{t('signIn.code')}</label>
            <input
              id="signin-code"
              autoComplete="one-time-code"
              inputMode="text"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
        )}
        {error && (
          <p role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" aria-busy={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.signIn')}
        </button>
      </form>
      {sso && !secondStep && (
        <div className="sso">
          <p className="or" aria-hidden="true">
            {t('signIn.or')}
          </p>
          <a className="button-link" href="/api/auth/oidc/start">
            {t('signIn.sso')}
          </a>
        </div>
      )}
      <p className="hint">{t('signIn.members')}</p>
    </main>
  );
}
