import { useEffect } from 'react';
import type { HealthPoint, ParticipantHealthView, ParticipantView, RoomView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { useHealthStore } from '../../stores/useHealthStore';
import { loadHealthHistory } from '../../actions';
import { HealthChart } from './HealthChart';
import { alertDetail, alertTitle, alertWhen } from './healthText';
import { clockTime } from '../../ui/clockTime';
import { intlLocale, useT } from '../../i18n';
import './supervisor.css';

const orDash = (x: number | null, unit: string) => (x === null ? '—' : `${x} ${unit}`);

function useNames(): (id: string | null) => string {
  const view = useRoomStore((s) => s.view);
  const { t } = useT('supervisor');
  return (id) => (id && view?.participants.find((p) => p.id === id)?.displayName) || t('someone');
}

/**
 * The supervisor's view of the session's health: figures for the room and each participant,
 * alerts with their times, and charts of the last ten minutes. Refreshed by `health:sampled`.
 */
export function SessionHealth() {
  const view = useRoomStore((s) => s.view);
  const current = useHealthStore((s) => s.current);
  const history = useHealthStore((s) => s.history);
  const nameOf = useNames();
  const { t } = useT('supervisor');
  const locale = { locale: intlLocale() };

  useEffect(() => {
    void loadHealthHistory();
  }, []);

  if (!view) return null;
  const open = current?.alerts.filter((a) => a.clearedAt === null) ?? [];

  return (
    <section className="session-health" aria-labelledby="health-title">
      <h2 id="health-title">{t('title')}</h2>
      {current ? (
        <p className="hint" role="status">
          {t('updated', { time: clockTime(current.at, locale), seconds: Math.round(current.sampleMs / 1000) })}
        </p>
      ) : (
        <p className="hint" role="status">
          {t('waitingFirst')}
        </p>
      )}
      <RoomFigures view={view} />

      <h3 id="health-alerts-title">
        {t('alertsTitle')}{' '}
        {open.length > 0 ? <span className="badge warn">{t('open', { count: open.length })}</span> : null}
      </h3>
      {current && current.alerts.length > 0 ? (
        <ul className="health-alerts" aria-labelledby="health-alerts-title" aria-live="polite">
          {current.alerts.map((a) => (
            <li key={a.id} className={a.clearedAt === null ? 'open' : 'cleared'}>
              <strong>{alertTitle(a)}</strong>
              {a.participantId !== null && ` · ${nameOf(a.participantId)}`} · {alertDetail(a)} ·{' '}
              <time dateTime={new Date(a.lastRaisedAt).toISOString()}>{alertWhen(a, locale)}</time>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">{t('noAlerts')}</p>
      )}

      {current && <ConnectionsTable participants={current.participants} />}
      <Charts history={history} />
    </section>
  );
}

function RoomFigures({ view }: { view: RoomView }) {
  const current = useHealthStore((s) => s.current);
  const agenda = view.agenda;
  const item = agenda.currentIndex === null ? null : agenda.items[agenda.currentIndex];
  const crisisOpen = (view.crisisAlerts ?? []).filter((a) => a.state !== 'resolved').length;
  const { t } = useT('supervisor');
  const status = t(`room.status.${agenda.status}`);
  return (
    <dl className="health-room">
      <dt>{t('room.cpu')}</dt>
      <dd>{current?.worker?.cpuPct == null ? '—' : `${current.worker.cpuPct}%`}</dd>
      <dt>{t('room.memory')}</dt>
      <dd>{current?.worker ? t('room.peak', { mb: Math.round(current.worker.maxRssKb / 1024) }) : '—'}</dd>
      <dt>{t('room.counts')}</dt>
      <dd>
        {current ? `${current.counts.transports} · ${current.counts.producers} · ${current.counts.consumers}` : '—'}
      </dd>
      <dt>{t('room.agenda')}</dt>
      <dd>
        {agenda.items.length === 0
          ? t('room.noPlan')
          : item
            ? t('room.current', {
                n: (agenda.currentIndex ?? 0) + 1,
                total: agenda.items.length,
                title: item.title,
                status,
              })
            : t('room.done', {
                done: agenda.items.filter((i) => i.state === 'done').length,
                total: agenda.items.length,
                status,
              })}
      </dd>
      <dt>{t('room.queue')}</dt>
      <dd>
        {view.speaking.queue.length === 0
          ? t('room.noHands')
          : t('room.waiting', { count: view.speaking.queue.length })}
      </dd>
      <dt>{t('room.crisis')}</dt>
      <dd>{crisisOpen}</dd>
    </dl>
  );
}

/** One line per transport: `send completed/connected`; plain RTP (bots) has neither ICE nor DTLS. */
function transportLines(
  p: ParticipantHealthView,
  t: (key: 'disconnected' | 'noMedia' | 'send' | 'recv') => string,
): string[] {
  if (!p.connected) return [t('disconnected')];
  if (p.transports.length === 0) return [t('noMedia')];
  return p.transports.map((tr) => `${t(tr.direction)} ${tr.ice === tr.dtls ? tr.ice : `${tr.ice}/${tr.dtls}`}`);
}

function ConnectionsTable({ participants }: { participants: ParticipantHealthView[] }) {
  const view = useRoomStore((s) => s.view);
  const byId = new Map((view?.participants ?? []).map((p: ParticipantView) => [p.id, p]));
  const { t } = useT(['supervisor', 'staff']);
  const transport = (key: 'disconnected' | 'noMedia' | 'send' | 'recv') => t(`transport.${key}`);
  const rows = participants
    .filter((p) => byId.has(p.participantId))
    .sort((a, b) =>
      (byId.get(a.participantId)?.displayName ?? '').localeCompare(byId.get(b.participantId)?.displayName ?? ''),
    );
  return (
    // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={t('table.region')}>
      <table className="connections" aria-label={t('table.label')}>
        <thead>
          <tr>
            <th scope="col">{t('table.person')}</th>
            <th scope="col">{t('table.quality')}</th>
            <th scope="col">{t('table.iceDtls')}</th>
            <th scope="col">{t('table.sending')}</th>
            <th scope="col">{t('table.receiving')}</th>
            <th scope="col">{t('table.loss')}</th>
            <th scope="col">{t('table.rtt')}</th>
            <th scope="col">{t('table.jitter')}</th>
            <th scope="col">{t('table.scores')}</th>
            <th scope="col">{t('table.reconnects')}</th>
            <th scope="col">{t('table.media')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.participantId} className={`quality-${p.quality}`}>
              <th scope="row">
                {byId.get(p.participantId)?.displayName}{' '}
                <span className="role">{t(`staff:roster.role.${p.role}`)}</span>
              </th>
              <td>{t(`quality.${p.quality}`)}</td>
              <td>
                {transportLines(p, transport).map((line, i) => (
                  <span key={i} className="transport-line">
                    {line}
                  </span>
                ))}
              </td>
              <td>{orDash(p.sendKbps, 'kbps')}</td>
              <td>{orDash(p.recvKbps, 'kbps')}</td>
              <td>{p.lossPct === null ? '—' : `${p.lossPct}%`}</td>
              <td>{orDash(p.rttMs, 'ms')}</td>
              <td>{orDash(p.jitterMs, 'ms')}</td>
              <td>
                {p.producerScore === null && p.consumerScore === null
                  ? '—'
                  : `${p.producerScore ?? '—'} / ${p.consumerScore ?? '—'}`}
              </td>
              <td>{p.reconnects}</td>
              <td>
                {p.cameraOn ? t('table.cameraOn') : t('table.cameraOff')},{' '}
                {p.micOn ? t('table.micOn') : t('table.micOff')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('table.scoresHint')}</p>
    </div>
  );
}

const FIGURE = { send: 0, recv: 1, loss: 2, rtt: 3 } as const;

function Charts({ history }: { history: HealthPoint[] }) {
  const view = useRoomStore((s) => s.view);
  const { t } = useT('supervisor');
  if (!view || history.length === 0) return null;
  const times = history.map((h) => h.at);
  const ids = [...new Set(history.flatMap((h) => Object.keys(h.participants)))];
  const name = (id: string) => view.participants.find((p) => p.id === id)?.displayName ?? id.slice(0, 6);
  const perPerson = (figure: (typeof FIGURE)[keyof typeof FIGURE]) =>
    ids
      .map((id) => ({ label: name(id), values: history.map((h) => h.participants[id]?.[figure] ?? null) }))
      // Nobody's line of nothing (a supervisor sends no media): charted only when there is a figure.
      .filter((s) => s.values.some((v) => v !== null))
      .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <>
      <h3>{t('charts.title')}</h3>
      <div className="health-charts">
        <HealthChart title={t('charts.rtt')} unit="ms" times={times} series={perPerson(FIGURE.rtt)} max={100} />
        <HealthChart title={t('charts.loss')} unit="%" times={times} series={perPerson(FIGURE.loss)} max={5} />
        <HealthChart title={t('charts.sending')} unit="kbps" times={times} series={perPerson(FIGURE.send)} max={100} />
        <HealthChart
          title={t('charts.cpu')}
          unit="%"
          times={times}
          series={[{ label: t('charts.cpuSeries'), values: history.map((h) => h.cpuPct) }]}
          max={100}
        />
      </div>
    </>
  );
}
