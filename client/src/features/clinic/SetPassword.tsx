import { useState, type FormEvent } from 'react';
import { setPassword, setUp, takeLinkToken } from '../../actions';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { NewPasswordField } from './PasswordField';
import { useT } from '../../i18n';

/** What was wrong, and with which field. */
interface FormError {
  message: string;
  field?: string | undefined;
}

function NoLink() {
  const { t } = useT('clinic');
  return <p role="alert">{t('setup.noLink')}</p>;
}

/** First start: the owner creates their account from the one-time link the server printed. */
export function Setup() {
  const [token] = useState(() => takeLinkToken());
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const { t } = useT('clinic');
  const [password, setPw] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useScreenHeading();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token || busy) return;
    setBusy(true);
    setError(null);
    const res = await setUp(token, name, email, password);
    setBusy(false);
    if (!res.ok) setError(res);
  };

  return (
    <main className="page narrow" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {t('setup.title')}
      </h1>
      {!token ? (
        <NoLink />
      ) : (
        <>
          <p>{t('setup.intro')}</p>
          <form className="card form" onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="setup-name">{t('setup.name')}</label>
              <input
                id="setup-name"
                autoComplete="name"
                required
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={error?.field === 'name' ? true : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor="setup-email">{t('setup.email')}</label>
              <input
                id="setup-email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-invalid={error?.field === 'email' ? true : undefined}
              />
            </div>
            <NewPasswordField
              value={password}
              onChange={setPw}
              error={error?.field === 'password' ? error.message : undefined}
            />
            {error && (
              <p role="alert" className="error-text">
                {error.message}
              </p>
            )}
            <button type="submit" className="primary" aria-busy={busy}>
              {busy ? t('setup.creating') : t('setup.create')}
            </button>
          </form>
        </>
      )}
    </main>
  );
}

/** A staff member's one-time link: choose a password, then the home page. */
export function SetPassword() {
  const { t } = useT('clinic');
  const [token] = useState(() => takeLinkToken());
  const [password, setPw] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useScreenHeading();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!token || busy) return;
    setBusy(true);
    setError(null);
    const res = await setPassword(token, password);
    setBusy(false);
    if (!res.ok) setError(res);
  };

  return (
    <main className="page narrow" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {t('setup.passwordTitle')}
      </h1>
      {!token ? (
        <NoLink />
      ) : (
        <form className="card form" onSubmit={submit} noValidate>
          <p>{t('setup.passwordIntro')}</p>
          <NewPasswordField
            value={password}
            onChange={setPw}
            error={error?.field === 'password' ? error.message : undefined}
          />
          {error && (
            <p role="alert" className="error-text">
              {error.message}
            </p>
          )}
          <button type="submit" className="primary" aria-busy={busy}>
            {busy ? t('setup.saving') : t('setup.save')}
          </button>
        </form>
      )}
    </main>
  );
}
