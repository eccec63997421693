import { useEffect, useRef, useState, type FormEvent } from 'react';
import { API_SCOPES, type ApiScope, type ApiToken, type ApiTokenCreated, STAFF_LIMITS } from '@circle/shared';
import { createApiToken, loadApiTokens, revokeApiToken } from '../../actions';
import { CopyLink } from './CopyLink';
import { formatWhen } from './format';
import { useLoaded } from './useLoaded';

/** What each scope lets an integration do, in words. */
export const SCOPE_TEXT: Record<ApiScope, string> = {
  'sessions:write': 'Create sessions, invite and revoke invitations',
  'sessions:read': 'Read a session’s details and roster',
  'records:read': 'Export session records',
  'audit:read': 'Read the audit log',
  'groups:write': 'Create groups and add members',
  'groups:read': 'Read groups and their schedules',
  'attendance:read': 'Read attendance across a group’s sessions',
};

/**
 * API tokens for integrations (a scheduling system, a records system): list, create (the token is
 * shown once, with Copy and a warning), revoke after a confirmation.
 */
export function ApiTokens() {
  const { data: list, error, reload } = useLoaded(loadApiTokens);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [made, setMade] = useState<{ name: string; created: ApiTokenCreated } | null>(null);
  const [formError, setFormError] = useState<{ message: string; field?: string } | null>(null);
  const madeBox = useRef<HTMLDivElement>(null);
  // The new token takes the focus: it is what the person must act on (copy it) now.
  useEffect(() => {
    if (made) madeBox.current?.focus();
  }, [made]);

  const toggle = (scope: ApiScope, on: boolean) =>
    setScopes((now) => (on ? [...now, scope] : now.filter((s) => s !== scope)));

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    setMade(null);
    const res = await createApiToken(name, scopes);
    if (!res.ok) return setFormError(res);
    setMade({ name: name.trim(), created: res.data });
    setName('');
    setScopes([]);
    await reload();
  };

  return (
    <section aria-labelledby="tokens-title" className="home-section">
      <h2 id="tokens-title">API tokens</h2>
      <p className="hint intro">
        For other systems that use Circle’s HTTP API (send as <code>Authorization: Bearer …</code>). Each token may do
        only what you tick.
      </p>
      <form className="card form" onSubmit={create} noValidate aria-labelledby="new-token-title">
        <h3 id="new-token-title">New API token</h3>
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input
            id="token-name"
            autoComplete="off"
            maxLength={STAFF_LIMITS.NAME_CHARS}
            value={name}
            aria-invalid={formError?.field === 'name' || undefined}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <fieldset className="scopes" aria-invalid={formError?.field === 'scopes' || undefined}>
          <legend>It may</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <span>
                {SCOPE_TEXT[scope]} <span className="muted">({scope})</span>
              </span>
            </label>
          ))}
        </fieldset>
        {formError && (
          <p role="alert" className="error-text">
            {formError.message}
          </p>
        )}
        <button type="submit" className="primary">
          Create token
        </button>
        {made && (
          <div className="token-made" ref={madeBox} tabIndex={-1}>
            <p role="alert" className="warning">
              Copy the token for “{made.name}” now: it is shown only this once. Keep it as secret as a password.
            </p>
            <CopyLink label={`API token ${made.name}`} url={made.created.token}>
              Paste it into the other system’s settings. If it is lost, revoke it and create a new one.
            </CopyLink>
          </div>
        )}
      </form>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!list ? (
        !error && <p role="status">Loading API tokens…</p>
      ) : list.tokens.length === 0 ? (
        <p className="hint">No API tokens yet.</p>
      ) : (
        <ul className="plain-list persons" aria-label="API tokens">
          {list.tokens.map((t) => (
            <TokenItem key={t.id} token={t} onChanged={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TokenItem({ token: t, onChanged }: { token: ApiToken; onChanged: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);

  const revoke = async () => {
    setError(null);
    const res = await revokeApiToken(t.id);
    setConfirming(false);
    if (!res.ok) return setError(res.message);
    await onChanged();
  };
  const cancel = () => {
    setConfirming(false);
    // Back where the person was: the Revoke button that opened the question.
    requestAnimationFrame(() => revokeButton.current?.focus());
  };

  return (
    <li className="card person">
      <h3 className="person-name">
        {t.name}
        {t.revokedAt && <span className="muted"> (revoked)</span>}
      </h3>
      <dl className="facts">
        <dt>May</dt>
        <dd>{t.scopes.map((s) => SCOPE_TEXT[s]).join('; ')}</dd>
        <dt>Created</dt>
        <dd>
          {formatWhen(t.created)} by {t.createdByName ?? 'the admin token'}
        </dd>
        <dt>Last used</dt>
        <dd>{t.lastUsedAt ? formatWhen(t.lastUsedAt) : 'Never'}</dd>
        {t.revokedAt && (
          <>
            <dt>Revoked</dt>
            <dd>{formatWhen(t.revokedAt)}</dd>
          </>
        )}
      </dl>
      {!t.revokedAt && !confirming && (
        <div className="actions">
          <button type="button" className="danger" ref={revokeButton} onClick={() => setConfirming(true)}>
            Revoke<span className="visually-hidden"> the token {t.name}</span>
          </button>
        </div>
      )}
      {confirming && (
        <div role="alertdialog" aria-labelledby={`revoke-${t.id}`} className="confirm">
          <p id={`revoke-${t.id}`}>
            Revoke “{t.name}”? Every system using it is refused at once. This cannot be undone.
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void revoke()} autoFocus>
              Revoke token
            </button>
            <button type="button" onClick={cancel}>
              Keep token
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </li>
  );
}
