import { useRef, useState, type FormEvent } from 'react';
import { GROUP_LIMITS, type GroupDetail, type GroupMember, type MemberStatus } from '@circle/shared';
import { addGroupMember, loadMemberLink, newMemberLink, revokeMemberLink, setMemberStatus } from '../../actions';
import { Confirm } from './Confirm';
import { CopyLink } from './CopyLink';
import { FieldError, type FieldErrors, fieldElement, fieldErrorFor } from './FieldError';
import { formatWhen } from './format';

const DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const formatDate = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : DATE.format(new Date(iso)));
import { MEMBER_STATUS_LABEL, NEXT_STATUSES, count, flagText } from './groupFormat';

/** The group's members: status, flags, history, personal links; therapists change them and add members. */
export function Roster({ group: g, reload }: { group: GroupDetail; reload: () => Promise<void> }) {
  const order: MemberStatus[] = ['active', 'paused', 'screening', 'waitlisted', 'discharged'];
  const members = [...g.members].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return (
    <section aria-labelledby="roster-title" className="home-section">
      <h2 id="roster-title">Roster</h2>
      {g.rosterClosed && <p className="hint">The roster is fixed now: new members can only be waitlisted.</p>}
      {members.length === 0 ? (
        <p>No members yet.</p>
      ) : (
        <ul className="plain-list roster">
          {members.map((m) => (
            <MemberCard key={m.id} group={g} member={m} reload={reload} />
          ))}
        </ul>
      )}
      {g.canEdit && <AddMember group={g} reload={reload} />}
    </section>
  );
}

type LinkMode = null | 'renew' | 'revoke';

function MemberCard({
  group: g,
  member: m,
  reload,
}: {
  group: GroupDetail;
  member: GroupMember;
  reload: () => Promise<void>;
}) {
  const next = NEXT_STATUSES[m.status];
  const [status, setStatus] = useState<MemberStatus | ''>('');
  const [note, setNote] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [linkMode, setLinkMode] = useState<LinkMode>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async <T,>(call: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>) => {
    if (busy) return null;
    setBusy(true);
    setError(null);
    setDone(null);
    const res = await call();
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return null;
    }
    return res;
  };

  const changeStatus = async (e: FormEvent) => {
    e.preventDefault();
    if (!status) return setError('Choose a status.');
    const res = await run(() => setMemberStatus(g.id, m.id, status, note));
    if (!res) return;
    setDone(`${m.displayName} is now ${MEMBER_STATUS_LABEL[status].toLowerCase()}.`);
    setStatus('');
    setNote('');
    await reload();
  };
  const copy = async () => {
    const res = await run(() => loadMemberLink(g.id, m.id));
    if (res) setLink(res.data.url);
  };
  const renew = async () => {
    setLinkMode(null);
    const res = await run(() => newMemberLink(g.id, m.id));
    if (!res) return;
    setLink(res.data.url);
    await reload();
  };
  const revoke = async () => {
    setLinkMode(null);
    const res = await run(() => revokeMemberLink(g.id, m.id));
    if (!res) return;
    setLink(null);
    setDone(`${m.displayName}’s link no longer works.`);
    await reload();
  };

  const idp = `member-${m.id}`;
  return (
    <li className={`card member${m.flags.length > 0 ? ' urgent' : ''}`}>
      <h3 className="person-name">
        {m.displayName}
        <span className={`badge member-${m.status}`}>{MEMBER_STATUS_LABEL[m.status]}</span>
      </h3>
      <p className="session-when">
        Since {formatDate(m.since)}
        {m.email && <> · {m.email}</>}
        {!m.linkActive && <> · No working link</>}
      </p>
      {m.flags.length > 0 && (
        <ul className="flag-list" aria-label={`Attendance flags for ${m.displayName}`}>
          {m.flags.map((f) => (
            <li key={f.rule}>
              <span className="badge attention">Needs attention</span> {flagText(f)}
            </li>
          ))}
        </ul>
      )}
      {g.canEdit && (
        <div className="actions">
          {m.linkActive && (
            <button type="button" onClick={() => void copy()}>
              Copy link<span className="visually-hidden"> for {m.displayName}</span>
            </button>
          )}
          <button type="button" onClick={() => setLinkMode('renew')}>
            New link<span className="visually-hidden"> for {m.displayName}</span>
          </button>
          {m.linkActive && (
            <button type="button" className="danger" onClick={() => setLinkMode('revoke')}>
              Revoke link<span className="visually-hidden"> for {m.displayName}</span>
            </button>
          )}
        </div>
      )}
      {linkMode === 'renew' && (
        <Confirm
          question={`Make a new link for ${m.displayName}? ${m.linkActive ? 'The old one stops working at once.' : ''}`}
          confirmLabel="Make a new link"
          cancelLabel="Keep the link as it is"
          onConfirm={() => void renew()}
          onCancel={() => setLinkMode(null)}
        />
      )}
      {linkMode === 'revoke' && (
        <Confirm
          question={`Revoke ${m.displayName}’s link? It stops working at once, until you make a new one.`}
          confirmLabel="Revoke the link"
          cancelLabel="Keep it working"
          danger
          onConfirm={() => void revoke()}
          onCancel={() => setLinkMode(null)}
        />
      )}
      {link && (
        <CopyLink label={`Personal link for ${m.displayName}`} url={link}>
          This link is {m.displayName}’s own, reused every week. Send it to {m.displayName} only.
        </CopyLink>
      )}
      {g.canEdit && next.length > 0 && (
        <details className="status-change">
          <summary>
            Change status<span className="visually-hidden"> of {m.displayName}</span>
          </summary>
          <form className="inline-form status-form" onSubmit={changeStatus} noValidate>
            <div className="field">
              <label htmlFor={`${idp}-status`}>New status</label>
              <select
                id={`${idp}-status`}
                value={status}
                onChange={(e) => setStatus(e.target.value as MemberStatus | '')}
              >
                <option value="">Choose…</option>
                {next.map((s) => (
                  <option key={s} value={s}>
                    {MEMBER_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${idp}-note`}>Note (staff only, optional)</label>
              <input
                id={`${idp}-note`}
                maxLength={GROUP_LIMITS.NOTE_CHARS}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            <button type="submit" aria-busy={busy}>
              Change status
            </button>
          </form>
        </details>
      )}
      <details className="history">
        <summary>History ({count(m.history.length, 'entry', 'entries')})</summary>
        <ol className="plain-list">
          {m.history.map((h, i) => (
            <li key={i}>
              <time dateTime={h.at}>{formatWhen(h.at)}</time>: {MEMBER_STATUS_LABEL[h.status]}
              {h.by && <span className="muted"> · by {g.staffNames[h.by] ?? h.by}</span>}
              {h.note && <span className="history-note"> — {h.note}</span>}
            </li>
          ))}
        </ol>
      </details>
      <p role="status" className="ok-text">
        {done ?? ''}
      </p>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </li>
  );
}

function AddMember({ group: g, reload }: { group: GroupDetail; reload: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<MemberStatus>(g.rosterClosed ? 'waitlisted' : 'active');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<{ name: string; url: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const err = (f: string) => fieldErrorFor(errors, f);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setErrors({});
    setBusy(true);
    const res = await addGroupMember(g.id, { displayName: name, email, status });
    setBusy(false);
    if (!res.ok) {
      const el = res.field ? fieldElement(form.current, res.field) : null;
      setErrors({ [el ? res.field! : '']: res.message });
      el?.focus();
      return;
    }
    setAdded({ name: name.trim(), url: res.data.url });
    setName('');
    setEmail('');
    await reload();
  };

  return (
    <div className="card form add-member">
      <h3 id="add-member-title">Add member</h3>
      <form ref={form} onSubmit={add} noValidate aria-labelledby="add-member-title">
        <div className="field-row">
          <div className="field">
            <label htmlFor="add-member-name">Name, as the group will see it</label>
            <input
              id="add-member-name"
              data-field="displayName"
              autoComplete="off"
              maxLength={GROUP_LIMITS.NAME_CHARS}
              value={name}
              onChange={(e) => setName(e.target.value)}
              {...(err('displayName') ? { 'aria-invalid': true, 'aria-describedby': 'add-member-name-error' } : {})}
            />
            <FieldError id="add-member-name-error" text={err('displayName')} />
          </div>
          <div className="field">
            <label htmlFor="add-member-email">Email for reminders (optional, staff only)</label>
            <input
              id="add-member-email"
              data-field="email"
              type="email"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              {...(err('email') ? { 'aria-invalid': true, 'aria-describedby': 'add-member-email-error' } : {})}
            />
            <FieldError id="add-member-email-error" text={err('email')} />
          </div>
          <div className="field">
            <label htmlFor="add-member-status">Starting status</label>
            <select
              id="add-member-status"
              data-field="status"
              value={status}
              onChange={(e) => setStatus(e.target.value as MemberStatus)}
            >
              {(['screening', 'waitlisted', 'active'] as const).map((s) => (
                <option key={s} value={s}>
                  {MEMBER_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
            <FieldError id="add-member-status-error" text={err('status')} />
          </div>
        </div>
        {errors[''] && (
          <p role="alert" className="error-text">
            {errors['']}
          </p>
        )}
        <button type="submit" className="primary" aria-busy={busy}>
          Add member
        </button>
      </form>
      {added && (
        <CopyLink label={`Personal link for ${added.name}`} url={added.url}>
          This link is {added.name}’s own, reused every week: it opens their page with the next session and, near the
          start, the way into the waiting room. Send it to {added.name} only.
        </CopyLink>
      )}
    </div>
  );
}
