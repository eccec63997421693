import { useEffect, useState } from 'react';
import type { SsoRequests as Requests } from '@circle/shared';
import { approveSso, declineSso, loadAuthOptions, loadSsoRequests } from '../../actions';
import { formatWhen } from './format';
import { useLoaded } from './useLoaded';
import { useT } from '../../i18n';
import { roleName } from './format';

type Request = Requests['requests'][number];
type ApprovableRole = 'therapist' | 'supervisor' | 'admin';

/**
 * Single sign-ons waiting for an administrator (shown only when the server has a provider): the
 * first sign-in of each identity needs approval, as a new account with a role or as the existing
 * account with the same email. The person signs in with single sign-on again afterwards.
 */
export function SsoRequests({ onChanged }: { onChanged: () => Promise<void> }) {
  const [sso, setSso] = useState(false);
  useEffect(() => {
    let live = true;
    void loadAuthOptions().then((o) => live && setSso(o.sso));
    return () => {
      live = false;
    };
  }, []);
  if (!sso) return null;
  return <PendingList onChanged={onChanged} />;
}

function PendingList({ onChanged }: { onChanged: () => Promise<void> }) {
  const { t } = useT('clinic');
  const { data, error, reload } = useLoaded(loadSsoRequests);
  const [done, setDone] = useState<string | null>(null);
  const changed = async (what: string) => {
    setDone(what);
    await reload();
    await onChanged();
  };
  return (
    <section aria-labelledby="sso-title" className="card sso-requests">
      <h3 id="sso-title">{t('sso.title')}</h3>
      <p aria-live="polite" className="ok-text">
        {done}
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!data ? (
        !error && <p role="status">{t('sso.loading')}</p>
      ) : data.requests.length === 0 ? (
        <p className="hint">{t('sso.none')}</p>
      ) : (
        <ul className="plain-list persons" aria-label={t('sso.title')}>
          {data.requests.map((r) => (
            <PendingRequest key={r.id} request={r} onChanged={changed} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PendingRequest({ request: r, onChanged }: { request: Request; onChanged: (what: string) => Promise<void> }) {
  const { t } = useT('clinic');
  const [role, setRole] = useState<ApprovableRole>('therapist');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = `sso-role-${r.id}`;

  const act = async (run: () => Promise<{ ok: true } | { ok: false; message: string }>, what: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await run();
    setBusy(false);
    if (!res.ok) return setError(res.message);
    await onChanged(what);
  };
  const approve = () =>
    act(
      () => approveSso(r.id, r.accountId ? { accountId: r.accountId } : { role }),
      t('sso.approved', { name: r.name }),
    );
  const decline = () => act(() => declineSso(r.id), t('sso.declined', { name: r.name }));

  return (
    <li className="card person">
      <h4 className="person-name">{r.name}</h4>
      <dl className="facts">
        <dt>{t('sso.email')}</dt>
        <dd>{r.email}</dd>
        <dt>{t('sso.asked')}</dt>
        <dd>{formatWhen(r.requestedAt)}</dd>
        <dt>{t('sso.account')}</dt>
        <dd>{r.accountId ? t('sso.existing') : t('sso.newAccount')}</dd>
      </dl>
      {!r.accountId && (
        <div className="field">
          <label htmlFor={roleId}>{t('sso.roleFor', { name: r.name })}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as ApprovableRole)}>
            <option value="therapist">{roleName('therapist')}</option>
            <option value="supervisor">{roleName('supervisor')}</option>
            <option value="admin">{roleName('admin')}</option>
          </select>
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void approve()} aria-busy={busy}>
          {t('sso.approve')}
          <span className="visually-hidden"> {r.name}</span>
        </button>
        <button type="button" className="danger" onClick={() => void decline()} aria-busy={busy}>
          {t('sso.decline')}
          <span className="visually-hidden"> {r.name}</span>
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </li>
  );
}
