import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { MySession } from '@circle/shared';
import { LIMITS } from '@circle/shared/constants';
import {
  createSession,
  downloadSessionRecord,
  inviteMember,
  loadMySessions,
  loadSession,
  revokeSessionInvite,
  startSession,
  type RecordFormat,
} from '../../actions';
import { CopyLink } from './CopyLink';
import { formatWhen, nextHourLocal } from './format';
import { useLoaded } from './useLoaded';
import { useRoomEntry } from './useRoomEntry';
import { useT } from '../../i18n';

const LENGTHS = [60, 75, 90, 105, 120] as const;

/** A therapist's or supervisor's sessions: today and upcoming, then past. Therapists also start, create and invite. */
export function Sessions({ canRun }: { canRun: boolean }) {
  const { data: sessions, error, reload } = useLoaded(loadMySessions);
  const { t } = useT('clinic');

  return (
    <>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {canRun && <NewSessionForm onCreated={reload} />}
      <section aria-labelledby="upcoming-title" className="home-section">
        <h2 id="upcoming-title">{t('sessions.upcoming')}</h2>
        {!sessions ? (
          <p role="status">{t('sessions.loading')}</p>
        ) : sessions.upcoming.length === 0 ? (
          <p>{t('sessions.noneUpcoming')}</p>
        ) : (
          <ul className="plain-list">
            {sessions.upcoming.map((s) => (
              <UpcomingSession key={s.id} session={s} canRun={canRun} onChanged={reload} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-title" className="home-section">
        <h2 id="past-title">{t('sessions.past')}</h2>
        {sessions && sessions.past.length === 0 && <p>{t('sessions.nonePast')}</p>}
        {sessions && sessions.past.length > 0 && (
          <ul className="plain-list">
            {sessions.past.map((s) => (
              <PastSession key={s.id} session={s} canDownload={canRun} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Summary({ session: s }: { session: MySession }) {
  const { t } = useT('clinic');
  return (
    <>
      <h3 className="session-title">
        {s.title}
        {s.status === 'live' && <span className="badge live">{t('sessions.live')}</span>}
      </h3>
      <p className="session-when">
        <time dateTime={s.startsAt}>{formatWhen(s.startsAt)}</time> ·{' '}
        {t('sessions.minutes', { count: s.durationMinutes })} · {t('sessions.invited', { count: s.members })}
      </p>
    </>
  );
}

function UpcomingSession({
  session: s,
  canRun,
  onChanged,
}: {
  session: MySession;
  canRun: boolean;
  onChanged: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const { t } = useT('clinic');
  const { go: start, entering: starting, error } = useRoomEntry(() => startSession(s.id));

  return (
    <li className="card session">
      <Summary session={s} />
      {canRun && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void start()} aria-busy={starting}>
            {starting ? t('sessions.starting') : s.status === 'live' ? t('sessions.enter') : t('sessions.start')}
            <span className="visually-hidden"> {s.title}</span>
          </button>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`invites-${s.id}`}
            onClick={() => setOpen((o) => !o)}
          >
            {t('sessions.invitations')}
            <span className="visually-hidden"> {t('sessions.forTitle', { title: s.title })}</span>
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {canRun && open && <SessionInvites id={`invites-${s.id}`} session={s} onChanged={onChanged} />}
    </li>
  );
}

/** The session's invitations: invite a member (their personal link, to copy), revoke. */
function SessionInvites({
  id,
  session,
  onChanged,
}: {
  id: string;
  session: MySession;
  onChanged: () => Promise<void>;
}) {
  const { t } = useT('clinic');
  const load = useCallback(() => loadSession(session.id), [session.id]);
  const { data: detail, error: loadError, reload } = useLoaded(load);
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<{ name: string; url: string } | null>(null);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? loadError;

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await inviteMember(session.id, name);
    if (!res.ok) return setError(res.message);
    setIssued({ name: name.trim(), url: res.data.url });
    setName('');
    await Promise.all([reload(), onChanged()]);
  };

  const revoke = async (inviteId: string) => {
    setError(null);
    const res = await revokeSessionInvite(session.id, inviteId);
    if (!res.ok) return setError(res.message);
    await Promise.all([reload(), onChanged()]);
  };

  const active = detail?.invites.filter((i) => !i.revoked) ?? [];
  const inputId = `${id}-name`;
  return (
    <div id={id} className="invites">
      <form onSubmit={invite} className="inline-form" noValidate>
        <div className="field">
          <label htmlFor={inputId}>{t('sessions.memberName')}</label>
          <input
            id={inputId}
            value={name}
            maxLength={LIMITS.DISPLAY_NAME_CHARS}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit">{t('sessions.invite')}</button>
      </form>
      {issued && (
        <CopyLink label={t('sessions.inviteLink', { name: issued.name })} url={issued.url}>
          {t('sessions.inviteHint', { name: issued.name })}
        </CopyLink>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!detail ? (
        !error && <p role="status">{t('sessions.loadingInvites')}</p>
      ) : active.length === 0 ? (
        <p>{t('sessions.noneInvited')}</p>
      ) : (
        <ul className="invite-list" aria-label={t('sessions.invitesFor', { title: session.title })}>
          {active.map((i) => (
            <li key={i.id}>
              <span>
                {i.displayName} <span className="muted">({t(`sessions.roomRole.${i.role}`)})</span>
              </span>
              {/* The therapist's own way into the room is not revoked from here. */}
              {i.role !== 'therapist' && (
                <button type="button" className="danger" onClick={() => void revoke(i.id)}>
                  {t('sessions.revoke')}
                  <span className="visually-hidden"> {t('sessions.invitationFor', { name: i.displayName })}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PastSession({ session: s, canDownload }: { session: MySession; canDownload: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const { t } = useT('clinic');
  const download = async (format: RecordFormat) => {
    setError(null);
    const res = await downloadSessionRecord(s.id, format);
    if (!res.ok) setError(res.message);
  };
  return (
    <li className="card session">
      <Summary session={s} />
      {canDownload && (
        <div className="actions" role="group" aria-label={t('sessions.recordOf', { title: s.title })}>
          <span className="muted">{t('sessions.record')}</span>
          <button type="button" onClick={() => void download('json')}>
            JSON<span className="visually-hidden"> {t('sessions.recordOfHidden', { title: s.title })}</span>
          </button>
          <button type="button" onClick={() => void download('csv')}>
            CSV<span className="visually-hidden"> {t('sessions.recordOfHidden', { title: s.title })}</span>
          </button>
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

function NewSessionForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useT('clinic');
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [startsAtLocal, setStartsAt] = useState(nextHourLocal);
  const [durationMinutes, setLength] = useState(90);
  const [maxMembers, setSize] = useState(10);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  // Opening moves focus into the form; closing brings it back to the button that opened it.
  const [focusTarget, setFocusTarget] = useState<'form' | 'opener' | null>(null);
  useEffect(() => {
    if (focusTarget === 'form') firstField.current?.focus();
    if (focusTarget === 'opener') opener.current?.focus();
  }, [focusTarget, open]);

  const close = () => {
    setOpen(false);
    setFocusTarget('opener');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await createSession({ title, startsAtLocal, durationMinutes, maxMembers });
    if (!res.ok) return setError(res.message);
    setDone(t('sessions.planned', { title: title.trim() }));
    setTitle('');
    close();
    await onCreated();
  };

  return (
    <section aria-label={t('sessions.newSession')} className="home-section">
      <p role="status" className="ok-text">
        {done ?? ''}
      </p>
      {!open ? (
        <button
          type="button"
          ref={opener}
          className="primary"
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
            setDone(null);
            setFocusTarget('form');
          }}
        >
          {t('sessions.newSession')}
        </button>
      ) : (
        <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-title">
          <h2 id="new-title">{t('sessions.newSession')}</h2>
          <div className="field">
            <label htmlFor="new-session-title">{t('sessions.title')}</label>
            <input
              id="new-session-title"
              ref={firstField}
              required
              maxLength={LIMITS.TITLE_CHARS}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="new-session-when">{t('sessions.when')}</label>
            <input
              id="new-session-when"
              type="datetime-local"
              required
              value={startsAtLocal}
              onChange={(e) => setStartsAt(e.target.value)}
            />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="new-session-length">{t('sessions.length')}</label>
              <select
                id="new-session-length"
                value={durationMinutes}
                onChange={(e) => setLength(Number(e.target.value))}
              >
                {LENGTHS.map((m) => (
                  <option key={m} value={m}>
                    {t('sessions.lengthMinutes', { count: m })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="new-session-size">{t('sessions.size', { max: LIMITS.MAX_MEMBERS })}</label>
              <input
                id="new-session-size"
                type="number"
                min={1}
                max={LIMITS.MAX_MEMBERS}
                value={maxMembers}
                onChange={(e) => setSize(Number(e.target.value))}
              />
            </div>
          </div>
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary">
              {t('sessions.create')}
            </button>
            <button type="button" onClick={close}>
              {t('sessions.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
