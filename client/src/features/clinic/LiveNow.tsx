import { useEffect } from 'react';
import type { LiveSession } from '@circle/shared';
import { loadLiveSessions, observeSession } from '../../actions';
import { useLoaded } from './useLoaded';
import { useRoomEntry } from './useRoomEntry';
import { useT } from '../../i18n';

/** How often the list is read again while the page is open. */
const REFRESH_MS = 15_000;

/**
 * Sessions live now, for supervisors (and, read-only, admins): who is connected (counts only), open
 * alerts with crisis alerts first, the worst connection; a supervisor enters one openly ("Observe").
 */
export function LiveNow({ canObserve }: { canObserve: boolean }) {
  const { t } = useT('clinic');
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
      <h2 id="live-title">{t('live.title')}</h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!data ? (
        <p role="status">{t('live.loading')}</p>
      ) : sessions.length === 0 ? (
        <p>{t('live.none')}</p>
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
  const { t } = useT('clinic');
  const title = s.title ?? t('live.untitled');
  const people = s.participants.member + s.participants.therapist + s.participants.supervisor;

  return (
    <li className={`card session${s.openCrisisAlerts > 0 ? ' urgent' : ''}`}>
      <h3 className="session-title">
        {title}
        <span className="badge live">{t('live.badge')}</span>
      </h3>
      {s.openCrisisAlerts > 0 && <p className="crisis-line">{t('live.crisis', { count: s.openCrisisAlerts })}</p>}
      <p className="session-when">
        {t('live.people', {
          count: people,
          members: t('live.members', { count: s.participants.member }),
          therapists: t('live.therapists', { count: s.participants.therapist }),
        })}{' '}
        · {t(`live.quality.${s.worst}`)}
        {s.openAlerts > 0 && ` · ${t('live.alerts', { count: s.openAlerts })}`}
      </p>
      {canObserve && (
        <div className="actions">
          <button type="button" className="primary" onClick={() => void observe()} aria-busy={entering}>
            {entering ? t('live.opening') : t('live.observe')}
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
