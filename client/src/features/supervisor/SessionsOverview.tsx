import { useEffect, useMemo } from 'react';
import type { SessionHealthSummary } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { useHealthStore } from '../../stores/useHealthStore';
import { inviteToken, refreshSessions } from '../../actions';
import { rememberSupervisorLink, supervisorLinks } from './supervisorLinks';

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
    s.title ?? links[s.sessionId]?.title ?? `Session ${s.sessionId.slice(0, 6)}`;

  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Live sessions on this server</h2>
      <button type="button" onClick={() => void refreshSessions()}>
        Refresh the list
      </button>
      {sessions === null ? (
        <p className="hint">Loading…</p>
      ) : (
        <ul className="people" aria-label="Live sessions">
          {sessions.map((s) => {
            const link = links[s.sessionId];
            return (
              <li key={s.sessionId} className={s.openAlerts > 0 || s.openCrisisAlerts > 0 ? 'attention' : undefined}>
                <strong>{titleOf(s)}</strong> {s.yours && <span className="badge">this session</span>}
                <p className="hint">
                  {s.participants.member} members · {s.participants.therapist} therapists · {s.participants.supervisor}{' '}
                  supervisors · {s.openAlerts} connection alerts · {s.openCrisisAlerts} crisis alerts · worst
                  connection: {s.worst === 'unknown' ? 'no figures' : s.worst}
                </p>
                {!s.yours &&
                  (link ? (
                    <a href={`/join#${link.token}`} target="_blank" rel="noopener noreferrer">
                      Open {titleOf(s)}
                    </a>
                  ) : (
                    <p className="hint">To open it, use its supervisor link.</p>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
