import { useEffect, useRef } from 'react';
import { playChime } from '../features/agenda/chime';
import { dismissNotice, useRoomStore } from '../stores/useRoomStore';
import { useT } from '../i18n';
import { noticeLineText } from '../i18n/texts';

const NOTICE_MS = 8000;

/** Short messages from the server and from failed actions, announced to screen readers. */
export function Notices() {
  // Each notice is written in this person's language when shown (and again if they switch).
  const { t } = useT('notices');
  const notices = useRoomStore((s) => s.notices);
  const lastChimed = useRef(0);
  useEffect(() => {
    const newest = notices[notices.length - 1];
    if (
      newest &&
      newest.id > lastChimed.current &&
      (newest.kind === 'agenda-warning' || newest.kind === 'agenda-item-ended')
    ) {
      lastChimed.current = newest.id;
      playChime();
    }
  }, [notices]);
  useEffect(() => {
    if (notices.length === 0) return;
    const oldest = notices[0]!;
    const t = setTimeout(() => dismissNotice(oldest.id), NOTICE_MS);
    return () => clearTimeout(t);
  }, [notices]);
  // The two newest on screen (each was announced when it came); they never cover the room below.
  return (
    <div className="notices" aria-live="polite" role="status">
      {notices.slice(-2).map((n) => (
        <p key={n.id} className={`notice ${n.kind === 'error' ? 'error' : ''}`}>
          {noticeLineText(n.text, n.line)}{' '}
          <button type="button" aria-label={t('dismiss')} onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
