import { useState, type FormEvent } from 'react';
import type { AgendaItemInput, AgendaPolicy, AgendaTemplateId } from '@circle/shared';
import { AGENDA_TEMPLATES, AGENDA_TEMPLATE_IDS } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import {
  applyAgendaTemplate,
  downloadRecord,
  extendAgendaItem,
  nextAgendaItem,
  pauseAgenda,
  previousAgendaItem,
  resumeAgenda,
  setAgenda,
  startAgenda,
} from '../../actions';

const POLICY_LABEL: Record<AgendaPolicy, string> = {
  open: 'Open conversation',
  facilitated: 'Facilitated',
  'round-robin': 'Round robin',
  pairs: 'Practice in pairs',
};

/** The therapist's agenda controls: templates, editing upcoming items, and the clock. */
export function AgendaEditor() {
  const agenda = useRoomStore((s) => s.view?.agenda);
  const [template, setTemplate] = useState<AgendaTemplateId>('cbt-90');
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState(10);
  const [policy, setPolicy] = useState<AgendaPolicy>('facilitated');
  if (!agenda) return null;

  const upcoming = agenda.items.filter((i) => i.state === 'upcoming');
  const asInput = (i: (typeof upcoming)[number]): AgendaItemInput =>
    i.note
      ? { title: i.title, plannedMinutes: i.plannedMinutes, policy: i.policy, note: i.note }
      : { title: i.title, plannedMinutes: i.plannedMinutes, policy: i.policy };
  const setUpcoming = (items: AgendaItemInput[]) => void setAgenda(items);
  const move = (index: number, by: number) => {
    const items = upcoming.map(asInput);
    const [it] = items.splice(index, 1);
    if (!it) return;
    items.splice(Math.max(0, Math.min(items.length, index + by)), 0, it);
    setUpcoming(items);
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    setUpcoming([...upcoming.map(asInput), { title, plannedMinutes: minutes, policy }]);
    setTitle('');
  };
  const running = agenda.status === 'running';
  const paused = agenda.status === 'paused';

  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title">Agenda ({agenda.totalPlannedMinutes} min)</h2>
      {agenda.warning && <p className="warning">{agenda.warning}</p>}
      <div className="row" role="group" aria-label="Agenda clock">
        {agenda.status === 'not-started' && (
          <button
            type="button"
            className="primary"
            disabled={agenda.items.length === 0}
            onClick={() => void startAgenda()}
          >
            Start agenda
          </button>
        )}
        {running && (
          <button type="button" onClick={() => void pauseAgenda()}>
            Pause
          </button>
        )}
        {paused && (
          <button type="button" onClick={() => void resumeAgenda()}>
            Resume
          </button>
        )}
        {(running || paused || agenda.status === 'finished') && (
          <button type="button" onClick={() => void previousAgendaItem()}>
            Previous
          </button>
        )}
        {(running || paused) && (
          <>
            <button type="button" onClick={() => void nextAgendaItem()}>
              Next
            </button>
            <button
              type="button"
              aria-label="+1 min: extend this part by 1 minute"
              onClick={() => void extendAgendaItem(1)}
            >
              +1 min
            </button>
            <button
              type="button"
              aria-label="+5 min: extend this part by 5 minutes"
              onClick={() => void extendAgendaItem(5)}
            >
              +5 min
            </button>
          </>
        )}
      </div>
      {agenda.status === 'not-started' && (
        <div className="row">
          <label htmlFor="agenda-template">Template</label>
          <select
            id="agenda-template"
            value={template}
            onChange={(e) => setTemplate(e.target.value as AgendaTemplateId)}
          >
            {AGENDA_TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {AGENDA_TEMPLATES[id].label}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void applyAgendaTemplate(template)}>
            Use template
          </button>
        </div>
      )}
      <ol className="agenda-list agenda-edit">
        {agenda.items.map((it) => {
          const u = upcoming.findIndex((x) => x.id === it.id);
          return (
            <li key={it.id} className={it.state}>
              <span className="agenda-item-text">
                {it.title}{' '}
                <span className="hint">
                  · {it.plannedMinutes} min · {POLICY_LABEL[it.policy]}
                </span>
              </span>
              {u >= 0 && (
                <span className="agenda-item-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${it.title} up`}
                    title="Move up"
                    disabled={u === 0}
                    onClick={() => move(u, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${it.title} down`}
                    title="Move down"
                    disabled={u === upcoming.length - 1}
                    onClick={() => move(u, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${it.title}`}
                    title="Remove"
                    onClick={() => setUpcoming(upcoming.filter((x) => x.id !== it.id).map(asInput))}
                  >
                    ✕
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <form className="row agenda-add" onSubmit={add} aria-label="Add an agenda item">
        <label htmlFor="agenda-item-title">Item</label>
        <input id="agenda-item-title" value={title} maxLength={60} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="agenda-item-minutes">Minutes</label>
        <input
          id="agenda-item-minutes"
          type="number"
          min={1}
          max={90}
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
        />
        <label htmlFor="agenda-item-policy">Speaking</label>
        <select id="agenda-item-policy" value={policy} onChange={(e) => setPolicy(e.target.value as AgendaPolicy)}>
          {(Object.keys(POLICY_LABEL) as AgendaPolicy[]).map((p) => (
            <option key={p} value={p}>
              {POLICY_LABEL[p]}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!title.trim()}>
          Add item
        </button>
      </form>
      <SessionRecordLinks />
    </section>
  );
}

export function SessionRecordLinks() {
  return (
    <div className="row" role="group" aria-label="Session record">
      <button type="button" onClick={() => void downloadRecord('json')}>
        Download record (JSON)
      </button>
      <button type="button" onClick={() => void downloadRecord('csv')}>
        Download record (CSV)
      </button>
    </div>
  );
}
