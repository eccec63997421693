import { useState, type FormEvent } from 'react';
import type { AgendaItemInput, AgendaPolicy, AgendaTemplateId } from '@circle/shared';
import { AGENDA_TEMPLATE_IDS } from '@circle/shared/constants';
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
import { useT } from '../../i18n';

const POLICIES: readonly AgendaPolicy[] = ['open', 'facilitated', 'round-robin', 'pairs'];

/** The therapist's agenda controls: templates, editing upcoming items, and the clock. */
export function AgendaEditor() {
  const agenda = useRoomStore((s) => s.view?.agenda);
  const [template, setTemplate] = useState<AgendaTemplateId>('cbt-90');
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState(10);
  const [policy, setPolicy] = useState<AgendaPolicy>('facilitated');
  const { t } = useT('agenda');
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
      <h2 id="agenda-title">{t('title', { minutes: agenda.totalPlannedMinutes })}</h2>
      {agenda.warning && <p className="warning">{agenda.warning}</p>}
      <div className="row" role="group" aria-label={t('clock')}>
        {agenda.status === 'not-started' && (
          <button
            type="button"
            className="primary"
            disabled={agenda.items.length === 0}
            onClick={() => void startAgenda()}
          >
            {t('start')}
          </button>
        )}
        {running && (
          <button type="button" onClick={() => void pauseAgenda()}>
            {t('pause')}
          </button>
        )}
        {paused && (
          <button type="button" onClick={() => void resumeAgenda()}>
            {t('resume')}
          </button>
        )}
        {(running || paused || agenda.status === 'finished') && (
          <button type="button" onClick={() => void previousAgendaItem()}>
            {t('previous')}
          </button>
        )}
        {(running || paused) && (
          <>
            <button type="button" onClick={() => void nextAgendaItem()}>
              {t('next')}
            </button>
            <button type="button" aria-label={t('plus1Name')} onClick={() => void extendAgendaItem(1)}>
              {t('plus1')}
            </button>
            <button type="button" aria-label={t('plus5Name')} onClick={() => void extendAgendaItem(5)}>
              {t('plus5')}
            </button>
          </>
        )}
      </div>
      {agenda.status === 'not-started' && (
        <div className="row">
          <label htmlFor="agenda-template">{t('templateLabel')}</label>
          <select
            id="agenda-template"
            value={template}
            onChange={(e) => setTemplate(e.target.value as AgendaTemplateId)}
          >
            {AGENDA_TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {t(`template.${id}`)}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void applyAgendaTemplate(template)}>
            {t('useTemplate')}
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
                  {t('minutesPolicy', { minutes: it.plannedMinutes, policy: t(`policy.${it.policy}`) })}
                </span>
              </span>
              {u >= 0 && (
                <span className="agenda-item-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t('moveUpName', { title: it.title })}
                    title={t('moveUp')}
                    disabled={u === 0}
                    onClick={() => move(u, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t('moveDownName', { title: it.title })}
                    title={t('moveDown')}
                    disabled={u === upcoming.length - 1}
                    onClick={() => move(u, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t('removeName', { title: it.title })}
                    title={t('remove')}
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
      <form className="row agenda-add" onSubmit={add} aria-label={t('add')}>
        <label htmlFor="agenda-item-title">{t('item')}</label>
        <input id="agenda-item-title" value={title} maxLength={60} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="agenda-item-minutes">{t('minutes')}</label>
        <input
          id="agenda-item-minutes"
          type="number"
          min={1}
          max={90}
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
        />
        <label htmlFor="agenda-item-policy">{t('speaking')}</label>
        <select id="agenda-item-policy" value={policy} onChange={(e) => setPolicy(e.target.value as AgendaPolicy)}>
          {POLICIES.map((p) => (
            <option key={p} value={p}>
              {t(`policy.${p}`)}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!title.trim()}>
          {t('addItem')}
        </button>
      </form>
      <SessionRecordLinks />
    </section>
  );
}

export function SessionRecordLinks() {
  const { t } = useT('agenda');
  return (
    <div className="row" role="group" aria-label={t('record')}>
      <button type="button" onClick={() => void downloadRecord('json')}>
        {t('recordJson')}
      </button>
      <button type="button" onClick={() => void downloadRecord('csv')}>
        {t('recordCsv')}
      </button>
    </div>
  );
}
