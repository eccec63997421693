import { useState, type FormEvent } from 'react';
import { STAFF_LIMITS, type StaffLink, type StaffList } from '@circle/shared';
import { addStaff, disableStaff, loadStaff, resetStaffAccess } from '../../actions';
import { CopyLink } from './CopyLink';
import { formatWhen, roleName } from './format';
import { SsoRequests } from './SsoRequests';
import { useLoaded } from './useLoaded';

type Person = StaffList['staff'][number];
type AddableRole = 'therapist' | 'supervisor' | 'admin';

const STATUS_TEXT: Record<Person['status'], string> = {
  invited: 'Invited (no password yet)',
  active: 'Active',
  disabled: 'Disabled',
};

function LinkNote({ name, link }: { name: string; link: StaffLink }) {
  return (
    <CopyLink label={`Set-password link for ${name}`} url={link.setPasswordUrl}>
      Send this one-time link to {name} only: it lets them choose a password, works once, and expires{' '}
      {formatWhen(link.expiresAt)}.
    </CopyLink>
  );
}

/** The clinic's staff accounts: add someone (a one-time link), disable an account, reset access. */
export function StaffAccounts({ myId }: { myId: string }) {
  const { data: list, error, reload } = useLoaded(loadStaff);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AddableRole>('therapist');
  const [added, setAdded] = useState<{ name: string; link: StaffLink } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const res = await addStaff({ name, email, role });
    if (!res.ok) return setFormError(res.message);
    setAdded({ name: name.trim(), link: res.data });
    setName('');
    setEmail('');
    await reload();
  };

  return (
    <section aria-labelledby="staff-title" className="home-section">
      <h2 id="staff-title">Staff</h2>
      <form className="card form" onSubmit={add} noValidate aria-labelledby="add-staff-title">
        <h3 id="add-staff-title">Add staff</h3>
        <div className="field-row">
          <div className="field">
            <label htmlFor="staff-name">Name</label>
            <input
              id="staff-name"
              autoComplete="off"
              maxLength={STAFF_LIMITS.NAME_CHARS}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="staff-email">Email</label>
            <input
              id="staff-email"
              type="email"
              autoComplete="off"
              maxLength={STAFF_LIMITS.EMAIL_CHARS}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="staff-role">Role</label>
            <select id="staff-role" value={role} onChange={(e) => setRole(e.target.value as AddableRole)}>
              <option value="therapist">Therapist</option>
              <option value="supervisor">Supervisor</option>
              <option value="admin">Administrator</option>
            </select>
          </div>
        </div>
        {formError && (
          <p role="alert" className="error-text">
            {formError}
          </p>
        )}
        <button type="submit" className="primary">
          Add staff
        </button>
        {added && <LinkNote name={added.name} link={added.link} />}
      </form>
      <SsoRequests onChanged={reload} />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!list ? (
        !error && <p role="status">Loading staff…</p>
      ) : (
        <ul className="plain-list persons" aria-label="Staff accounts">
          {list.staff.map((p) => (
            <StaffPerson key={p.id} person={p} isMe={p.id === myId} onChanged={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function StaffPerson({
  person: p,
  isMe,
  onChanged,
}: {
  person: Person;
  isMe: boolean;
  onChanged: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [link, setLink] = useState<StaffLink | null>(null);
  const [error, setError] = useState<string | null>(null);

  const disable = async () => {
    setError(null);
    const res = await disableStaff(p.id);
    setConfirming(false);
    if (!res.ok) return setError(res.message);
    await onChanged();
  };
  const reset = async () => {
    setError(null);
    const res = await resetStaffAccess(p.id);
    if (!res.ok) return setError(res.message);
    setLink(res.data);
    await onChanged();
  };
  const changeable = !isMe && p.role !== 'owner';

  return (
    <li className="card person">
      <h3 className="person-name">
        {p.name}
        {isMe && <span className="muted"> (you)</span>}
      </h3>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{p.email}</dd>
        <dt>Role</dt>
        <dd>{roleName(p.role)}</dd>
        <dt>Status</dt>
        <dd className={p.status === 'disabled' ? 'muted' : ''}>{STATUS_TEXT[p.status]}</dd>
        <dt>Last sign-in</dt>
        <dd>{p.lastSignInAt ? formatWhen(p.lastSignInAt) : 'Never'}</dd>
      </dl>
      {changeable && !confirming && (
        <div className="actions">
          <button type="button" onClick={() => void reset()}>
            Reset access<span className="visually-hidden"> for {p.name}</span>
          </button>
          {p.status !== 'disabled' && (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Disable<span className="visually-hidden"> {p.name}’s account</span>
            </button>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDisable name={p.name} onConfirm={() => void disable()} onCancel={() => setConfirming(false)} />
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {link && <LinkNote name={p.name} link={link} />}
    </li>
  );
}

function ConfirmDisable({ name, onConfirm, onCancel }: { name: string; onConfirm: () => void; onCancel: () => void }) {
  const heading = `confirm-${name.replace(/\W+/g, '-')}`;
  return (
    <div role="alertdialog" aria-labelledby={heading} className="confirm">
      <p id={heading}>Disable {name}’s account? They are signed out at once and any session they are running ends.</p>
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm} autoFocus>
          Disable account
        </button>
        <button type="button" onClick={onCancel}>
          Keep account
        </button>
      </div>
    </div>
  );
}
