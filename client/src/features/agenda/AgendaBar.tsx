import { useState } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';
import { useServerNow } from '../room/useServerNow';
import { formatSigned, itemRemaining, sessionRemaining } from './agendaTime';
import { chimeEnabled, setChimeEnabled } from './chime';
import { Trans, useT } from '../../i18n';

/** Where the session is: the current item, its time left, the whole plan, and the session's time left. */
export function AgendaBar() {
  const agenda = useRoomStore((s) => s.view?.agenda);
  const now = useServerNow();
  const [chime, setChime] = useState(chimeEnabled);
  const [expanded, setExpanded] = useState(false);
  const { t } = useT('agenda');
  if (!agenda || agenda.items.length === 0) return null;
  const current = agenda.currentIndex !== null ? agenda.items[agenda.currentIndex] : null;
  const left = itemRemaining(agenda, now);
  const total = sessionRemaining(agenda, now);

  return (
    <section className="agenda-bar" aria-label={t('label')}>
      <div className="row">
        <p className="agenda-now">
          {agenda.status === 'not-started' && t('notStarted')}
          {agenda.status === 'finished' && t('complete')}
          {current && (
            <>
              <strong>{current.title}</strong>
              {agenda.status === 'paused' && ` ${t('paused')}`} ·{' '}
              <span role="timer" aria-label={t('timeLeftPart')} className={left !== null && left < 0 ? 'overtime' : ''}>
                {left === null ? '' : left < 0 ? t('over', { time: formatSigned(-left) }) : formatSigned(left)}
              </span>
            </>
          )}
        </p>
        {total !== null && agenda.status !== 'finished' && (
          <p className="hint">
            <Trans
              t={t}
              i18nKey="sessionLeft"
              values={{ minutes: Math.ceil(total / 60_000) }}
              components={{ left: <span aria-label={t('sessionLeftName')} /> }}
            />
          </p>
        )}
        <button type="button" className="agenda-toggle" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
          {expanded ? t('hide') : t('show')}
        </button>
        <button
          type="button"
          className="chime"
          title={t('chimeTitle')}
          aria-pressed={chime}
          onClick={() => {
            setChimeEnabled(!chime);
            setChime(!chime);
          }}
        >
          {t('chime')}
        </button>
      </div>
      {current?.note && <p className="hint">{current.note}</p>}
      {expanded && (
        <ol className="agenda-list">
          {agenda.items.map((it) => (
            <li key={it.id} className={it.state} aria-current={it.state === 'current' ? 'step' : undefined}>
              {t('itemMinutes', { title: it.title, minutes: it.plannedMinutes })}
              {it.state === 'done' &&
                it.actualMs !== null &&
                ` ${t('took', { minutes: Math.round(it.actualMs / 60_000) })}`}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
