import { useState } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';
import { useServerNow } from '../room/useServerNow';
import { formatSigned, itemRemaining, sessionRemaining } from './agendaTime';
import { chimeEnabled, setChimeEnabled } from './chime';

/** Where the session is: the current item, its time left, the whole plan, and the session's time left. */
export function AgendaBar() {
  const agenda = useRoomStore((s) => s.view?.agenda);
  const now = useServerNow();
  const [chime, setChime] = useState(chimeEnabled);
  const [expanded, setExpanded] = useState(false);
  if (!agenda || agenda.items.length === 0) return null;
  const current = agenda.currentIndex !== null ? agenda.items[agenda.currentIndex] : null;
  const left = itemRemaining(agenda, now);
  const total = sessionRemaining(agenda, now);

  return (
    <section className="agenda-bar" aria-label="Agenda">
      <div className="row">
        <p className="agenda-now">
          {agenda.status === 'not-started' && 'The session has not started yet.'}
          {agenda.status === 'finished' && 'The agenda is complete.'}
          {current && (
            <>
              <strong>{current.title}</strong>
              {agenda.status === 'paused' && ' (paused)'} ·{' '}
              <span
                role="timer"
                aria-label="Time left in this part"
                className={left !== null && left < 0 ? 'overtime' : ''}
              >
                {left === null ? '' : formatSigned(left)}
              </span>
            </>
          )}
        </p>
        {total !== null && agenda.status !== 'finished' && (
          <p className="hint">
            Session: <span aria-label="Time left in the session">{Math.ceil(total / 60_000)} min</span> left
          </p>
        )}
        <button type="button" className="agenda-toggle" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
          {expanded ? 'Hide agenda' : 'Show agenda'}
        </button>
        <button
          type="button"
          className="chime"
          title="Chime: a soft sound when a part of the agenda ends (on this device)"
          aria-pressed={chime}
          onClick={() => {
            setChimeEnabled(!chime);
            setChime(!chime);
          }}
        >
          Chime
        </button>
      </div>
      {current?.note && <p className="hint">{current.note}</p>}
      {expanded && (
        <ol className="agenda-list">
          {agenda.items.map((it) => (
            <li key={it.id} className={it.state} aria-current={it.state === 'current' ? 'step' : undefined}>
              {it.title} · {it.plannedMinutes} min
              {it.state === 'done' && it.actualMs !== null && ` (took ${Math.round(it.actualMs / 60_000)} min)`}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
