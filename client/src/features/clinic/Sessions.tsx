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

const LENGTHS = [60, 75, 90, 105, 120] as const;

/** A therapist's or supervisor's sessions: today and upcoming, then past. Therapists also start, create and invite. */
export function Sessions({ canRun }: { canRun: boolean }) {
  const { data: sessions, error, reload } = useLoaded(loadMySessions);

  return (
    <>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {canRun && <NewSessionForm onCreated={reload} />}
      <section aria-labelledby="upcoming-title" className="home-section">
        <h2 id="upcoming-title">Today and upcoming</h2>
        {!sessions ? (
          <p role="status">Loading your sessions…</p>
        ) : sessions.upcoming.length === 0 ? (
          <p>No sessions planned.</p>
        ) : (
          <ul className="plain-list">
            {sessions.upcoming.map((s) => (
              <UpcomingSession key={s.id} session={s} canRun={canRun} onChanged={reload} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-title" className="home-section">
        <h2 id="past-title">Past</h2>
        {sessions && sessions.past.length === 0 && <p>No past sessions yet.</p>}
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
  return (
    <>
      <h3 className="session-title">
        {s.title}
        {s.status === 'live' && <span className="badge live">Live now</span>}
      </h3>
      <p className="session-when">
        <time dateTime={s.startsAt}>{formatWhen(s.startsAt)}</time> · {s.durationMinutes} min ·{' '}
        {s.members === 1 ? '1 member invited' : `${s.members} members invited`}
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
  const { go: start, entering: starting, error } = useRoomEntry(() => startSession(s.id));

  return (
    <li className="card session">
      <Summary session={s} />
      {canRun && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void start()} aria-busy={starting}>
            {starting ? 'Starting…' : s.status === 'live' ? 'Enter the room' : 'Start'}
            <span className="visually-hidden"> {s.title}</span>
          </button>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`invites-${s.id}`}
            onClick={() => setOpen((o) => !o)}
          >
            Invitations<span className="visually-hidden"> for {s.title}</span>
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
          <label htmlFor={inputId}>Member’s name, as the group will see it</label>
          <input
            id={inputId}
            value={name}
            maxLength={LIMITS.DISPLAY_NAME_CHARS}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit">Invite member</button>
      </form>
      {issued && (
        <CopyLink label={`Invitation link for ${issued.name}`} url={issued.url}>
          This link is personal: it lets {issued.name} into this session under that name. Send it to {issued.name} only,
          and not to a group chat or mailing list.
        </CopyLink>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!detail ? (
        !error && <p role="status">Loading invitations…</p>
      ) : active.length === 0 ? (
        <p>No one is invited yet.</p>
      ) : (
        <ul className="invite-list" aria-label={`Invitations for ${session.title}`}>
          {active.map((i) => (
            <li key={i.id}>
              <span>
                {i.displayName} <span className="muted">({i.role})</span>
              </span>
              {/* The therapist's own way into the room is not revoked from here. */}
              {i.role !== 'therapist' && (
                <button type="button" className="danger" onClick={() => void revoke(i.id)}>
                  Revoke<span className="visually-hidden"> invitation for {i.displayName}</span>
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
  const download = async (format: RecordFormat) => {
    setError(null);
    const res = await downloadSessionRecord(s.id, format);
    if (!res.ok) setError(res.message);
  };
  return (
    <li className="card session">
      <Summary session={s} />
      {canDownload && (
        <div className="actions" role="group" aria-label={`Record of ${s.title}`}>
          <span className="muted">Record:</span>
          <button type="button" onClick={() => void download('json')}>
            JSON<span className="visually-hidden"> record of {s.title}</span>
          </button>
          <button type="button" onClick={() => void download('csv')}>
            CSV<span className="visually-hidden"> record of {s.title}</span>
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
    setDone(`“${title.trim()}” is planned. Open its invitations to invite members.`);
    setTitle('');
    close();
    await onCreated();
  };

  return (
    <section aria-label="New session" className="home-section">
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
          New session
        </button>
      ) : (
        <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-title">
          <h2 id="new-title">New session</h2>
          <div className="field">
            <label htmlFor="new-session-title">Title</label>
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
            <label htmlFor="new-session-when">Date and time</label>
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
              <label htmlFor="new-session-length">Length</label>
              <select
                id="new-session-length"
                value={durationMinutes}
                onChange={(e) => setLength(Number(e.target.value))}
              >
                {LENGTHS.map((m) => (
                  <option key={m} value={m}>
                    {m} minutes
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="new-session-size">Group size (up to {LIMITS.MAX_MEMBERS})</label>
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
              Create session
            </button>
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
