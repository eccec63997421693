import { useRef, useState, type FormEvent } from 'react';
import { GROUP_LIMITS, type GroupDetail, type GroupMember, type MemberStatus } from '@circle/shared';
import { addGroupMember, loadMemberLink, newMemberLink, revokeMemberLink, setMemberStatus } from '../../actions';
import { Confirm } from './Confirm';
import { CopyLink } from './CopyLink';
import { FieldError, type FieldErrors, fieldElement, fieldErrorFor } from './FieldError';
import { formatWhen } from './format';
import { intlLocale, useT } from '../../i18n';
import { NEXT_STATUSES, flagText, memberStatusLabel } from './groupFormat';

const formatDate = (iso: string) =>
  Number.isNaN(Date.parse(iso))
    ? iso
    : new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));

/** The group's members: status, flags, history, personal links; therapists change them and add members. */
export function Roster({ group: g, reload }: { group: GroupDetail; reload: () => Promise<void> }) {
  const order: MemberStatus[] = ['active', 'paused', 'screening', 'waitlisted', 'discharged'];
  const members = [...g.members].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const { t } = useT('groups');
  return (
    <section aria-labelledby="roster-title" className="home-section">
      <h2 id="roster-title">{t('page.roster')}</h2>
      {g.rosterClosed && <p className="hint">{t('roster.fixed')}</p>}
      {members.length === 0 ? (
        <p>{t('roster.none')}</p>
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
  const { t } = useT('groups');
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
    if (!status) return setError(t('roster.chooseStatus'));
    const res = await run(() => setMemberStatus(g.id, m.id, status, note));
    if (!res) return;
    setDone(t(`roster.nowStatus.${status}`, { name: m.displayName }));
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
    setDone(t('roster.linkRevoked', { name: m.displayName }));
    await reload();
  };

  const idp = `member-${m.id}`;
  return (
    <li className={`card member${m.flags.length > 0 ? ' urgent' : ''}`}>
      <h3 className="person-name">
        {m.displayName}
        <span className={`badge member-${m.status}`}>{memberStatusLabel(m.status)}</span>
      </h3>
      <p className="session-when">
        {t('roster.since', { date: formatDate(m.since) })}
        {m.email && <> · {m.email}</>}
        {!m.linkActive && <> · {t('roster.noLink')}</>}
      </p>
      {m.flags.length > 0 && (
        <ul className="flag-list" aria-label={t('roster.flagsFor', { name: m.displayName })}>
          {m.flags.map((f) => (
            <li key={f.rule}>
              <span className="badge attention">{t('roster.needsAttention')}</span> {flagText(f)}
            </li>
          ))}
        </ul>
      )}
      {g.canEdit && (
        <div className="actions">
          {m.linkActive && (
            <button type="button" onClick={() => void copy()}>
              {t('roster.copyLink')}
              <span className="visually-hidden"> {t('roster.forName', { name: m.displayName })}</span>
            </button>
          )}
          <button type="button" onClick={() => setLinkMode('renew')}>
            {t('roster.newLink')}
            <span className="visually-hidden"> {t('roster.forName', { name: m.displayName })}</span>
          </button>
          {m.linkActive && (
            <button type="button" className="danger" onClick={() => setLinkMode('revoke')}>
              {t('roster.revokeLink')}
              <span className="visually-hidden"> {t('roster.forName', { name: m.displayName })}</span>
            </button>
          )}
        </div>
      )}
      {linkMode === 'renew' && (
        <Confirm
          question={t(m.linkActive ? 'roster.renewQuestionActive' : 'roster.renewQuestion', { name: m.displayName })}
          confirmLabel={t('roster.renewConfirm')}
          cancelLabel={t('roster.renewKeep')}
          onConfirm={() => void renew()}
          onCancel={() => setLinkMode(null)}
        />
      )}
      {linkMode === 'revoke' && (
        <Confirm
          question={t('roster.revokeQuestion', { name: m.displayName })}
          confirmLabel={t('roster.revokeConfirm')}
          cancelLabel={t('roster.revokeKeep')}
          danger
          onConfirm={() => void revoke()}
          onCancel={() => setLinkMode(null)}
        />
      )}
      {link && (
        <CopyLink label={t('roster.personalLink', { name: m.displayName })} url={link}>
          {t('roster.linkOwn', { name: m.displayName })}
        </CopyLink>
      )}
      {g.canEdit && next.length > 0 && (
        <details className="status-change">
          <summary>
            {t('roster.changeStatus')}
            <span className="visually-hidden"> {t('roster.ofName', { name: m.displayName })}</span>
          </summary>
          <form className="inline-form status-form" onSubmit={changeStatus} noValidate>
            <div className="field">
              <label htmlFor={`${idp}-status`}>{t('roster.newStatus')}</label>
              <select
                id={`${idp}-status`}
                value={status}
                onChange={(e) => setStatus(e.target.value as MemberStatus | '')}
              >
                <option value="">{t('roster.choose')}</option>
                {next.map((s) => (
                  <option key={s} value={s}>
                    {memberStatusLabel(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${idp}-note`}>{t('roster.note')}</label>
              <input
                id={`${idp}-note`}
                maxLength={GROUP_LIMITS.NOTE_CHARS}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </div>
            <button type="submit" aria-busy={busy}>
              {t('roster.changeStatus')}
            </button>
          </form>
        </details>
      )}
      <details className="history">
        <summary>{t('roster.history', { count: m.history.length })}</summary>
        <ol className="plain-list">
          {m.history.map((h, i) => (
            <li key={i}>
              <time dateTime={h.at}>{formatWhen(h.at)}</time>: {memberStatusLabel(h.status)}
              {h.by && <span className="muted"> · {t('roster.by', { name: g.staffNames[h.by] ?? h.by })}</span>}
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
  const { t } = useT('groups');
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
      <h3 id="add-member-title">{t('roster.addMember')}</h3>
      <form ref={form} onSubmit={add} noValidate aria-labelledby="add-member-title">
        <div className="field-row">
          <div className="field">
            <label htmlFor="add-member-name">{t('roster.name')}</label>
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
            <label htmlFor="add-member-email">{t('roster.email')}</label>
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
            <label htmlFor="add-member-status">{t('roster.startingStatus')}</label>
            <select
              id="add-member-status"
              data-field="status"
              value={status}
              onChange={(e) => setStatus(e.target.value as MemberStatus)}
            >
              {(['screening', 'waitlisted', 'active'] as const).map((s) => (
                <option key={s} value={s}>
                  {memberStatusLabel(s)}
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
          {t('roster.addMember')}
        </button>
      </form>
      {added && (
        <CopyLink label={t('roster.personalLink', { name: added.name })} url={added.url}>
          {t('roster.linkAdded', { name: added.name })}
        </CopyLink>
      )}
    </div>
  );
}
