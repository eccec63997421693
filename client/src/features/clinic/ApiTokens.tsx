import { useEffect, useRef, useState, type FormEvent } from 'react';
import { API_SCOPES, type ApiScope, type ApiToken, type ApiTokenCreated, STAFF_LIMITS } from '@circle/shared';
import { createApiToken, loadApiTokens, revokeApiToken } from '../../actions';
import { CopyLink } from './CopyLink';
import { formatWhen } from './format';
import { useLoaded } from './useLoaded';
import { Trans, useT } from '../../i18n';

/**
 * API tokens for integrations (a scheduling system, a records system): list, create (the token is
 * shown once, with Copy and a warning), revoke after a confirmation.
 */
export function ApiTokens() {
  const { t } = useT('clinic');
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
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p className="hint intro">
        <Trans t={t} i18nKey="tokens.intro" components={{ code: <code /> }} />
      </p>
      <form className="card form" onSubmit={create} noValidate aria-labelledby="new-token-title">
        <h3 id="new-token-title">{t('tokens.newToken')}</h3>
        <div className="field">
          <label htmlFor="token-name">{t('tokens.name')}</label>
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
          <legend>{t('tokens.mayLegend')}</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <span>
                {t(`tokens.scope.${scope}`)} <span className="muted">({scope})</span>
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
          {t('tokens.create')}
        </button>
        {made && (
          <div className="token-made" ref={madeBox} tabIndex={-1}>
            <p role="alert" className="warning">
              {t('tokens.copyNow', { name: made.name })}
            </p>
            <CopyLink label={t('tokens.tokenLabel', { name: made.name })} url={made.created.token}>
              {t('tokens.pasteHint')}
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
        !error && <p role="status">{t('tokens.loading')}</p>
      ) : list.tokens.length === 0 ? (
        <p className="hint">{t('tokens.none')}</p>
      ) : (
        <ul className="plain-list persons" aria-label={t('tokens.title')}>
          {list.tokens.map((token) => (
            <TokenItem key={token.id} token={token} onChanged={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TokenItem({ token: tk, onChanged }: { token: ApiToken; onChanged: () => Promise<void> }) {
  const { t } = useT('clinic');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);

  const revoke = async () => {
    setError(null);
    const res = await revokeApiToken(tk.id);
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
        {tk.name}
        {tk.revokedAt && <span className="muted"> {t('tokens.revoked')}</span>}
      </h3>
      <dl className="facts">
        <dt>{t('tokens.may')}</dt>
        <dd>{tk.scopes.map((s) => t(`tokens.scope.${s}`)).join('; ')}</dd>
        <dt>{t('tokens.created')}</dt>
        <dd>
          {t('tokens.createdBy', {
            when: formatWhen(tk.created),
            name: tk.createdByName ?? t('tokens.adminToken'),
          })}
        </dd>
        <dt>{t('tokens.lastUsed')}</dt>
        <dd>{tk.lastUsedAt ? formatWhen(tk.lastUsedAt) : t('tokens.never')}</dd>
        {tk.revokedAt && (
          <>
            <dt>{t('tokens.revokedAt')}</dt>
            <dd>{formatWhen(tk.revokedAt)}</dd>
          </>
        )}
      </dl>
      {!tk.revokedAt && !confirming && (
        <div className="actions">
          <button type="button" className="danger" ref={revokeButton} onClick={() => setConfirming(true)}>
            {t('tokens.revoke')}
            <span className="visually-hidden"> {t('tokens.theToken', { name: tk.name })}</span>
          </button>
        </div>
      )}
      {confirming && (
        <div role="alertdialog" aria-labelledby={`revoke-${tk.id}`} className="confirm">
          <p id={`revoke-${tk.id}`}>{t('tokens.revokeQuestion', { name: tk.name })}</p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void revoke()} autoFocus>
              {t('tokens.revokeConfirm')}
            </button>
            <button type="button" onClick={cancel}>
              {t('tokens.revokeKeep')}
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
