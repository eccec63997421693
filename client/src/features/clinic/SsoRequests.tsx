import { useEffect, useState } from 'react';
import type { SsoRequests as Requests } from '@circle/shared';
import { approveSso, declineSso, loadAuthOptions, loadSsoRequests } from '../../actions';
import { formatWhen } from './format';
import { useLoaded } from './useLoaded';

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
  const { data, error, reload } = useLoaded(loadSsoRequests);
  const [done, setDone] = useState<string | null>(null);
  const changed = async (what: string) => {
    setDone(what);
    await reload();
    await onChanged();
  };
  return (
    <section aria-labelledby="sso-title" className="card sso-requests">
      <h3 id="sso-title">Single sign-on requests</h3>
      <p aria-live="polite" className="ok-text">
        {done}
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!data ? (
        !error && <p role="status">Loading requests…</p>
      ) : data.requests.length === 0 ? (
        <p className="hint">No one is waiting. A person’s first single sign-on appears here for you to approve.</p>
      ) : (
        <ul className="plain-list persons" aria-label="Single sign-on requests">
          {data.requests.map((r) => (
            <PendingRequest key={r.id} request={r} onChanged={changed} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PendingRequest({ request: r, onChanged }: { request: Request; onChanged: (what: string) => Promise<void> }) {
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
      `${r.name} can now sign in with single sign-on.`,
    );
  const decline = () => act(() => declineSso(r.id), `${r.name}’s single sign-on was declined.`);

  return (
    <li className="card person">
      <h4 className="person-name">{r.name}</h4>
      <dl className="facts">
        <dt>Verified email</dt>
        <dd>{r.email}</dd>
        <dt>Asked</dt>
        <dd>{formatWhen(r.requestedAt)}</dd>
        <dt>Account</dt>
        <dd>{r.accountId ? 'An account with this email exists: approving links to it' : 'New account'}</dd>
      </dl>
      {!r.accountId && (
        <div className="field">
          <label htmlFor={roleId}>Role for {r.name}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as ApprovableRole)}>
            <option value="therapist">Therapist</option>
            <option value="supervisor">Supervisor</option>
            <option value="admin">Administrator</option>
          </select>
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void approve()} aria-busy={busy}>
          Approve<span className="visually-hidden"> {r.name}</span>
        </button>
        <button type="button" className="danger" onClick={() => void decline()} aria-busy={busy}>
          Decline<span className="visually-hidden"> {r.name}</span>
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
