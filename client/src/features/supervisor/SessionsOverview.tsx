import { useEffect, useMemo } from 'react';
import type { SessionHealthSummary } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { useHealthStore } from '../../stores/useHealthStore';
import { inviteToken, refreshSessions } from '../../actions';
import { rememberSupervisorLink, supervisorLinks } from './supervisorLinks';
import { useT } from '../../i18n';

const REFRESH_MS = 10_000;

/**
 * Every live session on this server at a glance, for supervisors: people connected, open alerts,
 * open crisis alerts and the worst connection. A session opens (in a new tab) when this browser
 * holds its supervisor link; titles of other sessions are shown only from those links.
 */
export function SessionsOverview() {
  const view = useRoomStore((s) => s.view);
  const sessions = useHealthStore((s) => s.sessions);
  // Read again with every refresh of the list (this tab or another may have saved a link).
  const links = useMemo(() => (sessions ? supervisorLinks() : {}), [sessions]);
  const { t } = useT(['supervisor', 'common']);

  const sessionId = view?.sessionId;
  const title = view?.title;
  useEffect(() => {
    const token = inviteToken();
    if (sessionId && title !== undefined && token) {
      rememberSupervisorLink(sessionId, token, title);
    }
  }, [sessionId, title]);

  useEffect(() => {
    void refreshSessions();
    const t = setInterval(() => void refreshSessions(), REFRESH_MS);
    return () => clearInterval(t);
  }, []);

  const titleOf = (s: SessionHealthSummary) =>
    s.title ?? links[s.sessionId]?.title ?? t('sessions.session', { id: s.sessionId.slice(0, 6) });

  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessions.title')}</h2>
      <button type="button" onClick={() => void refreshSessions()}>
        {t('sessions.refresh')}
      </button>
      {sessions === null ? (
        <p className="hint">{t('common:loading')}</p>
      ) : (
        <ul className="people" aria-label={t('sessions.list')}>
          {sessions.map((s) => {
            const link = links[s.sessionId];
            return (
              <li key={s.sessionId} className={s.openAlerts > 0 || s.openCrisisAlerts > 0 ? 'attention' : undefined}>
                <strong>{titleOf(s)}</strong> {s.yours && <span className="badge">{t('sessions.yours')}</span>}
                <p className="hint">
                  {[
                    t('sessions.members', { count: s.participants.member }),
                    t('sessions.therapists', { count: s.participants.therapist }),
                    t('sessions.supervisors', { count: s.participants.supervisor }),
                    t('sessions.alerts', { count: s.openAlerts }),
                    t('sessions.crisis', { count: s.openCrisisAlerts }),
                    t('sessions.worst', {
                      quality: s.worst === 'unknown' ? t('sessions.noFigures') : t(`quality.${s.worst}`),
                    }),
                  ].join(' · ')}
                </p>
                {!s.yours &&
                  (link ? (
                    <a href={`/join#${link.token}`} target="_blank" rel="noopener noreferrer">
                      {t('sessions.open', { title: titleOf(s) })}
                    </a>
                  ) : (
                    <p className="hint">{t('sessions.needLink')}</p>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
