import { useEffect } from 'react';
import type { LiveSession } from '@circle/shared';
import { loadLiveSessions, observeSession } from '../../actions';
import { useLoaded } from './useLoaded';
import { useRoomEntry } from './useRoomEntry';

/** How often the list is read again while the page is open. */
const REFRESH_MS = 15_000;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const QUALITY: Record<LiveSession['worst'], string> = {
  good: 'Connections good',
  fair: 'Some connections fair',
  poor: 'A connection is poor',
  unknown: 'Connections not measured yet',
};

/**
 * Sessions live now, for supervisors (and, read-only, admins): who is connected (counts only), open
 * alerts with crisis alerts first, the worst connection; a supervisor enters one openly ("Observe").
 */
export function LiveNow({ canObserve }: { canObserve: boolean }) {
  const { data, error, reload } = useLoaded(loadLiveSessions);
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const sessions = [...(data?.sessions ?? [])].sort(
    (a, b) => b.openCrisisAlerts - a.openCrisisAlerts || b.openAlerts - a.openAlerts,
  );

  return (
    <section aria-labelledby="live-title" className="home-section">
      <h2 id="live-title">Live now</h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!data ? (
        <p role="status">Loading live sessions…</p>
      ) : sessions.length === 0 ? (
        <p>No session is live right now.</p>
      ) : (
        <ul className="plain-list">
          {sessions.map((s) => (
            <LiveRow key={s.sessionId} session={s} canObserve={canObserve} />
          ))}
        </ul>
      )}
    </section>
  );
}

function LiveRow({ session: s, canObserve }: { session: LiveSession; canObserve: boolean }) {
  const { go: observe, entering, error } = useRoomEntry(() => observeSession(s.sessionId));
  const title = s.title ?? 'Untitled session';
  const people = s.participants.member + s.participants.therapist + s.participants.supervisor;

  return (
    <li className={`card session${s.openCrisisAlerts > 0 ? ' urgent' : ''}`}>
      <h3 className="session-title">
        {title}
        <span className="badge live">Live now</span>
      </h3>
      {s.openCrisisAlerts > 0 && (
        <p className="crisis-line">{count(s.openCrisisAlerts, 'open crisis alert', 'open crisis alerts')}</p>
      )}
      <p className="session-when">
        {count(people, 'person', 'people')} connected ({count(s.participants.member, 'member', 'members')},{' '}
        {count(s.participants.therapist, 'therapist', 'therapists')}) · {QUALITY[s.worst]}
        {s.openAlerts > 0 && ` · ${count(s.openAlerts, 'connection alert', 'connection alerts')}`}
      </p>
      {canObserve && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void observe()} aria-busy={entering}>
            {entering ? 'Opening…' : 'Observe'}
            <span className="visually-hidden"> {title}</span>
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
