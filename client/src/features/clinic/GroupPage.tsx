import { useCallback, useEffect, useState } from 'react';
import type { GroupDetail, Occurrence } from '@circle/shared';
import {
  backHome,
  cancelOccurrence,
  downloadSessionRecord,
  loadGroup,
  loadMe,
  moveOccurrence,
  restoreOccurrence,
  startOccurrence,
} from '../../actions';
import { StaffPath } from '../../stores/useStaffStore';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { Attendance } from './GroupAttendance';
import { Roster } from './GroupRoster';
import { GroupSettings } from './GroupSettings';
import { Confirm } from './Confirm';
import {
  formatInZone,
  isoToZonedLocal,
  nextToStart,
  occurrenceStatusText,
  policyText,
  scheduleText,
  zonedLocalToIso,
} from './groupFormat';
import { useLoaded } from './useLoaded';
import { Trans, useT } from '../../i18n';
import { useRoomEntry } from './useRoomEntry';

/** A group's page (`/groups/<id>`): its schedule, roster, attendance and settings. */
export function GroupPage({ groupId }: { groupId: string }) {
  useEffect(() => {
    void loadMe();
  }, []);
  const load = useCallback(() => loadGroup(groupId), [groupId]);
  const { t } = useT('groups');
  const { data: group, error, reload } = useLoaded(load);
  const title = group?.title ?? (error ? t('page.unavailable') : t('page.title'));
  const heading = useScreenHeading(group ? group.id : error ? 'error' : 'loading');

  return (
    <main className="page home group-page" aria-labelledby="screen-title">
      <p className="back">
        <a
          href={StaffPath.home}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            backHome();
          }}
        >
          {t('page.back')}
        </a>
      </p>
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!group ? !error && <p role="status">{t('page.loading')}</p> : <GroupBody group={group} reload={reload} />}
    </main>
  );
}

function GroupBody({ group: g, reload }: { group: GroupDetail; reload: () => Promise<void> }) {
  const { t } = useT('groups');
  const active = g.members.filter((m) => m.status === 'active').length;
  const staff = [g.leadTherapistId, ...g.coTherapistIds]
    .filter((id): id is string => !!id)
    .map((id) => g.staffNames[id] ?? t('page.formerTherapist'));
  return (
    <>
      <dl className="facts group-facts">
        <dt>{t('page.kind')}</dt>
        <dd>
          {g.kind === 'open'
            ? t('page.open')
            : g.sessionCount
              ? t(g.rosterClosed ? 'page.closedCountFixed' : 'page.closedCount', { count: g.sessionCount })
              : t(g.rosterClosed ? 'page.closedFixed' : 'page.closed')}
        </dd>
        <dt>{t('page.meets')}</dt>
        <dd>{t('page.meetsText', { schedule: scheduleText(g.schedule), minutes: g.durationMinutes })}</dd>
        <dt>{t('page.members')}</dt>
        <dd>{t('page.membersText', { active, max: g.maxMembers })}</dd>
        <dt>{t('page.language')}</dt>
        <dd>{t(`languageOf.${g.language}`)}</dd>
        {staff.length > 0 && (
          <>
            <dt>{t('page.therapist', { count: staff.length })}</dt>
            <dd>{staff.join(', ')}</dd>
          </>
        )}
        {g.supervisorId && (
          <>
            <dt>{t('page.supervisor')}</dt>
            <dd>{g.staffNames[g.supervisorId] ?? '—'}</dd>
          </>
        )}
        <dt>{t('page.policy')}</dt>
        <dd>{policyText(g.attendancePolicy)}</dd>
      </dl>
      <nav aria-label={t('page.onThisPage')} className="in-page">
        <a href="#sessions-title">{t('page.sessions')}</a>
        <a href="#roster-title">{t('page.roster')}</a>
        <a href="#attendance-title">{t('page.attendance')}</a>
        {g.canEdit && <a href="#settings-title">{t('page.settings')}</a>}
      </nav>
      <Sessions group={g} reload={reload} />
      <Roster group={g} reload={reload} />
      <Attendance group={g} />
      {g.canEdit && <GroupSettings group={g} reload={reload} />}
    </>
  );
}

const SHOWN_AHEAD = 6;

function Sessions({ group: g, reload }: { group: GroupDetail; reload: () => Promise<void> }) {
  const { t } = useT('groups');
  const [all, setAll] = useState(false);
  // The page's "now" is when it was loaded (the list reloads after every change).
  const [now] = useState(() => Date.now());
  const next = nextToStart(g.occurrences, now);
  const past = g.occurrences.filter((o) => o.status === 'ended' || Date.parse(o.endsAt) <= now);
  const ahead = g.occurrences.filter((o) => !past.includes(o));
  const shown = all ? g.occurrences : [...past.slice(-3), ...ahead.slice(0, SHOWN_AHEAD)];
  return (
    <section aria-labelledby="sessions-title" className="home-section">
      <h2 id="sessions-title">{t('page.sessions')}</h2>
      <p className="hint">{t('sessions.zoneHint', { zone: g.schedule.timeZone.replace(/_/g, ' ') })}</p>
      {g.occurrences.length === 0 ? (
        <p>{t('sessions.none')}</p>
      ) : (
        <ol className="plain-list occurrences">
          {shown.map((o) => (
            <OccurrenceRow key={o.id} group={g} occ={o} isNext={o.id === next?.id} now={now} reload={reload} />
          ))}
        </ol>
      )}
      {shown.length < g.occurrences.length && (
        <button type="button" onClick={() => setAll(true)}>
          {t('sessions.showAll', { count: g.occurrences.length })}
        </button>
      )}
    </section>
  );
}

type Mode = null | 'move' | 'cancel' | 'restore';

function OccurrenceRow({
  group: g,
  occ: o,
  isNext,
  now,
  reload,
}: {
  group: GroupDetail;
  occ: Occurrence;
  isNext: boolean;
  now: number;
  reload: () => Promise<void>;
}) {
  const { t } = useT('groups');
  const tz = g.schedule.timeZone;
  const [mode, setMode] = useState<Mode>(null);
  const [when, setWhen] = useState(() => isoToZonedLocal(o.startsAt, tz));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { go: start, entering, error: startError } = useRoomEntry(() => startOccurrence(g.id, o.id));
  const label = t('sessions.label', { index: o.index });

  const act = async (run: () => Promise<{ ok: boolean; message?: string }>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const res = await run();
    setBusy(false);
    if (!res.ok) return setError(res.message ?? null);
    setMode(null);
    await reload();
  };
  const move = () => act(() => moveOccurrence(g.id, o.id, zonedLocalToIso(when, tz)));
  const cancel = () => act(() => cancelOccurrence(g.id, o.id, reason));
  const restore = () => act(() => restoreOccurrence(g.id, o.id));
  const record = async () => {
    if (!o.sessionId) return;
    setError(null);
    const res = await downloadSessionRecord(o.sessionId, 'csv');
    if (!res.ok) setError(res.message);
  };

  const scheduled = o.status === 'scheduled';
  const status = occurrenceStatusText(o);
  // Members who told their therapist they cannot come to this one.
  const absent = g.upcomingAbsences
    .filter((a) => a.occurrenceId === o.id)
    .map((a) => g.members.find((m) => m.id === a.memberId)?.displayName)
    .filter((n): n is string => n !== undefined);
  return (
    <li className={`card occurrence${o.status === 'cancelled' ? ' cancelled' : ''}`}>
      <div className="occ-head">
        <span className="occ-index">{t('sessions.session', { index: o.index })}</span>
        <time dateTime={o.startsAt}>{formatInZone(o.startsAt, tz)}</time>
        <span className={`badge status-${o.status}${o.moved ? ' moved' : ''}`}>{status}</span>
      </div>
      {o.moved && (
        <p className="hint">
          <Trans
            t={t}
            i18nKey="sessions.plannedFor"
            values={{ when: formatInZone(o.plannedStartsAt, tz) }}
            components={{ time: <time dateTime={o.plannedStartsAt} /> }}
          />
        </p>
      )}
      {absent.length > 0 && (
        <p className="absences">
          <span className="badge notice">{t('sessions.cantMakeIt')}</span> {absent.join(', ')}
        </p>
      )}
      {g.canEdit && mode === null && (
        <div className="actions">
          {isNext && (o.status === 'scheduled' || o.status === 'live') && (
            <button type="button" className="primary" onClick={() => void start()} aria-busy={entering}>
              {entering ? t('sessions.starting') : o.status === 'live' ? t('sessions.enter') : t('sessions.start')}
              <span className="visually-hidden"> {label}</span>
            </button>
          )}
          {scheduled && (
            <>
              <button
                type="button"
                onClick={() => {
                  setWhen(isoToZonedLocal(o.startsAt, tz));
                  setMode('move');
                }}
              >
                {t('sessions.move')}
                <span className="visually-hidden"> {label}</span>
              </button>
              <button type="button" className="danger" onClick={() => setMode('cancel')}>
                {t('sessions.cancel')}
                <span className="visually-hidden"> {label}</span>
              </button>
            </>
          )}
          {o.status === 'cancelled' && Date.parse(o.startsAt) > now && (
            <button type="button" onClick={() => setMode('restore')}>
              {t('sessions.restore')}
              <span className="visually-hidden"> {label}</span>
            </button>
          )}
        </div>
      )}
      {o.status === 'ended' && o.hasRecord && o.sessionId && (
        <div className="actions">
          <button type="button" onClick={() => void record()}>
            {t('sessions.record')}
            <span className="visually-hidden"> {t('sessions.recordOf', { label })}</span>
          </button>
        </div>
      )}
      {mode === 'move' && (
        <form
          className="inline-form move-form"
          onSubmit={(e) => {
            e.preventDefault();
            void move();
          }}
          onKeyDown={(e) => e.key === 'Escape' && setMode(null)}
        >
          <div className="field">
            <label htmlFor={`move-${o.id}`}>{t('sessions.newTime', { label, zone: tz.replace(/_/g, ' ') })}</label>
            <input
              id={`move-${o.id}`}
              type="datetime-local"
              value={when}
              autoFocus
              onChange={(e) => setWhen(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" aria-busy={busy}>
            {t('sessions.move')}
          </button>
          <button type="button" onClick={() => setMode(null)}>
            {t('sessions.keepTime')}
          </button>
        </form>
      )}
      {mode === 'cancel' && (
        <Confirm
          question={t('sessions.cancelQuestion', { label, when: formatInZone(o.startsAt, tz) })}
          confirmLabel={t('sessions.cancelConfirm')}
          cancelLabel={t('sessions.cancelKeep')}
          danger
          onConfirm={() => void cancel()}
          onCancel={() => setMode(null)}
        >
          <div className="field">
            <label htmlFor={`cancel-reason-${o.id}`}>{t('sessions.reason')}</label>
            <input
              id={`cancel-reason-${o.id}`}
              maxLength={200}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
        </Confirm>
      )}
      {mode === 'restore' && (
        <Confirm
          question={t('sessions.restoreQuestion', { label, when: formatInZone(o.startsAt, tz) })}
          confirmLabel={t('sessions.restoreConfirm')}
          cancelLabel={t('sessions.restoreKeep')}
          onConfirm={() => void restore()}
          onCancel={() => setMode(null)}
        />
      )}
      {(error ?? startError) && (
        <p role="alert" className="error-text">
          {error ?? startError}
        </p>
      )}
    </li>
  );
}
