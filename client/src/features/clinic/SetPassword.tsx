import { useState, type FormEvent } from 'react';
import { setPassword, setUp, takeLinkToken } from '../../actions';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { NewPasswordField } from './PasswordField';

/** What was wrong, and with which field. */
interface FormError {
  message: string;
  field?: string | undefined;
}

function NoLink() {
  return (
    <p role="alert">
      This page needs the one-time link you were given. Open that link again, or ask your clinic’s administrator for a
      new one.
    </p>
  );
}

/** First start: the owner creates their account from the one-time link the server printed. */
export function Setup() {
  const [token] = useState(() => takeLinkToken());
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
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
        Set up Circle for your clinic
      </h1>
      {!token ? (
        <NoLink />
      ) : (
        <>
          <p>Create the owner’s account. The owner adds the clinic’s therapists, supervisors and administrators.</p>
          <form className="card form" onSubmit={submit} noValidate>
            <div className="field">
              <label htmlFor="setup-name">Your name</label>
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
              <label htmlFor="setup-email">Email</label>
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
              {busy ? 'Creating the account…' : 'Create the owner account'}
            </button>
          </form>
        </>
      )}
    </main>
  );
}

/** A staff member's one-time link: choose a password, then the home page. */
export function SetPassword() {
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
        Choose your password
      </h1>
      {!token ? (
        <NoLink />
      ) : (
        <form className="card form" onSubmit={submit} noValidate>
          <p>You will sign in to Circle with your email and this password.</p>
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
            {busy ? 'Saving…' : 'Save password and continue'}
          </button>
        </form>
      )}
    </main>
  );
}
