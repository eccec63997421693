import { useState, type FormEvent } from 'react';
import { STAFF_LIMITS, type StaffLink, type StaffList } from '@circle/shared';
import { addStaff, disableStaff, loadStaff, resetStaffAccess } from '../../actions';
import { CopyLink } from './CopyLink';
import { formatWhen, roleName } from './format';
import { SsoRequests } from './SsoRequests';
import { useLoaded } from './useLoaded';
import { useT } from '../../i18n';

type Person = StaffList['staff'][number];
type AddableRole = 'therapist' | 'supervisor' | 'admin';

function LinkNote({ name, link }: { name: string; link: StaffLink }) {
  const { t } = useT('clinic');
  return (
    <CopyLink label={t('staff.linkLabel', { name })} url={link.setPasswordUrl}>
      {t('staff.linkNote', { name, when: formatWhen(link.expiresAt) })}
    </CopyLink>
  );
}

/** The clinic's staff accounts: add someone (a one-time link), disable an account, reset access. */
export function StaffAccounts({ myId }: { myId: string }) {
  const { t } = useT('clinic');
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
      <h2 id="staff-title">{t('staff.title')}</h2>
      <form className="card form" onSubmit={add} noValidate aria-labelledby="add-staff-title">
        <h3 id="add-staff-title">{t('staff.add')}</h3>
        <div className="field-row">
          <div className="field">
            <label htmlFor="staff-name">{t('staff.name')}</label>
            <input
              id="staff-name"
              autoComplete="off"
              maxLength={STAFF_LIMITS.NAME_CHARS}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="staff-email">{t('staff.email')}</label>
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
            <label htmlFor="staff-role">{t('staff.role')}</label>
            <select id="staff-role" value={role} onChange={(e) => setRole(e.target.value as AddableRole)}>
              <option value="therapist">{roleName('therapist')}</option>
              <option value="supervisor">{roleName('supervisor')}</option>
              <option value="admin">{roleName('admin')}</option>
            </select>
          </div>
        </div>
        {formError && (
          <p role="alert" className="error-text">
            {formError}
          </p>
        )}
        <button type="submit" className="primary">
          {t('staff.add')}
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
        !error && <p role="status">{t('staff.loading')}</p>
      ) : (
        <ul className="plain-list persons" aria-label={t('staff.accounts')}>
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
  const { t } = useT('clinic');
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
        {isMe && <span className="muted"> {t('staff.you')}</span>}
      </h3>
      <dl className="facts">
        <dt>{t('staff.email')}</dt>
        <dd>{p.email}</dd>
        <dt>{t('staff.role')}</dt>
        <dd>{roleName(p.role)}</dd>
        <dt>{t('staff.statusLabel')}</dt>
        <dd className={p.status === 'disabled' ? 'muted' : ''}>{t(`staff.status.${p.status}`)}</dd>
        <dt>{t('staff.lastSignIn')}</dt>
        <dd>{p.lastSignInAt ? formatWhen(p.lastSignInAt) : t('staff.never')}</dd>
      </dl>
      {changeable && !confirming && (
        <div className="actions">
          <button type="button" onClick={() => void reset()}>
            {t('staff.reset')}
            <span className="visually-hidden"> {t('staff.forName', { name: p.name })}</span>
          </button>
          {p.status !== 'disabled' && (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              {t('staff.disable')}
              <span className="visually-hidden"> {t('staff.accountOf', { name: p.name })}</span>
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
  const { t } = useT('clinic');
  const heading = `confirm-${name.replace(/\W+/g, '-')}`;
  return (
    <div role="alertdialog" aria-labelledby={heading} className="confirm">
      <p id={heading}>{t('staff.disableQuestion', { name })}</p>
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm} autoFocus>
          {t('staff.disableConfirm')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('staff.disableKeep')}
        </button>
      </div>
    </div>
  );
}
