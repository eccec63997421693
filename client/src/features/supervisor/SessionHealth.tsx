import { useEffect } from 'react';
import type { ConnectionQuality, HealthPoint, ParticipantHealthView, ParticipantView, RoomView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { useHealthStore } from '../../stores/useHealthStore';
import { loadHealthHistory } from '../../actions';
import { HealthChart } from './HealthChart';
import { alertDetail, alertTitle, alertWhen } from './healthText';
import { clockTime } from '../../ui/clockTime';
import './supervisor.css';

const orDash = (x: number | null, unit: string) => (x === null ? '—' : `${x} ${unit}`);

const QUALITY_TEXT: Record<ConnectionQuality, string> = {
  good: 'good',
  fair: 'fair',
  poor: 'poor',
  unknown: 'no figures yet',
};

function useNames(): (id: string | null) => string {
  const view = useRoomStore((s) => s.view);
  return (id) => (id && view?.participants.find((p) => p.id === id)?.displayName) || 'Someone';
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

  useEffect(() => {
    void loadHealthHistory();
  }, []);

  if (!view) return null;
  const open = current?.alerts.filter((a) => a.clearedAt === null) ?? [];

  return (
    <section className="session-health" aria-labelledby="health-title">
      <h2 id="health-title">Session health</h2>
      {current ? (
        <p className="hint" role="status">
          Updated {clockTime(current.at)}, every {Math.round(current.sampleMs / 1000)} s
        </p>
      ) : (
        <p className="hint" role="status">
          Waiting for the first sample…
        </p>
      )}
      <RoomFigures view={view} />

      <h3 id="health-alerts-title">
        Connection alerts {open.length > 0 ? <span className="badge warn">{open.length} open</span> : null}
      </h3>
      {current && current.alerts.length > 0 ? (
        <ul className="health-alerts" aria-labelledby="health-alerts-title" aria-live="polite">
          {current.alerts.map((a) => (
            <li key={a.id} className={a.clearedAt === null ? 'open' : 'cleared'}>
              <strong>{alertTitle(a)}</strong>
              {a.participantId !== null && ` · ${nameOf(a.participantId)}`} · {alertDetail(a)} ·{' '}
              <time dateTime={new Date(a.lastRaisedAt).toISOString()}>{alertWhen(a)}</time>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No alerts.</p>
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
  return (
    <dl className="health-room">
      <dt>Media server CPU</dt>
      <dd>{current?.worker?.cpuPct == null ? '—' : `${current.worker.cpuPct}%`}</dd>
      <dt>Media server memory</dt>
      <dd>{current?.worker ? `${Math.round(current.worker.maxRssKb / 1024)} MB (peak)` : '—'}</dd>
      <dt>Transports · producers · consumers</dt>
      <dd>
        {current ? `${current.counts.transports} · ${current.counts.producers} · ${current.counts.consumers}` : '—'}
      </dd>
      <dt>Agenda</dt>
      <dd>
        {agenda.items.length === 0
          ? 'No plan'
          : item
            ? `${(agenda.currentIndex ?? 0) + 1} of ${agenda.items.length}: ${item.title} (${agenda.status})`
            : `${agenda.items.filter((i) => i.state === 'done').length} of ${agenda.items.length} done (${agenda.status})`}
      </dd>
      <dt>Speaking queue</dt>
      <dd>{view.speaking.queue.length === 0 ? 'No hands raised' : `${view.speaking.queue.length} waiting`}</dd>
      <dt>Crisis alerts open</dt>
      <dd>{crisisOpen}</dd>
    </dl>
  );
}

/** One line per transport: `send completed/connected`; plain RTP (bots) has neither ICE nor DTLS. */
function transportLines(p: ParticipantHealthView): string[] {
  if (!p.connected) return ['disconnected'];
  if (p.transports.length === 0) return ['no media'];
  return p.transports.map((t) => `${t.direction} ${t.ice === t.dtls ? t.ice : `${t.ice}/${t.dtls}`}`);
}

function ConnectionsTable({ participants }: { participants: ParticipantHealthView[] }) {
  const view = useRoomStore((s) => s.view);
  const byId = new Map((view?.participants ?? []).map((p: ParticipantView) => [p.id, p]));
  const rows = participants
    .filter((p) => byId.has(p.participantId))
    .sort((a, b) =>
      (byId.get(a.participantId)?.displayName ?? '').localeCompare(byId.get(b.participantId)?.displayName ?? ''),
    );
  return (
    // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Connections table">
      <table className="connections" aria-label="Connections">
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Quality</th>
            <th scope="col">ICE / DTLS</th>
            <th scope="col">Sending</th>
            <th scope="col">Receiving</th>
            <th scope="col">Loss</th>
            <th scope="col">Round trip</th>
            <th scope="col">Jitter</th>
            <th scope="col">Scores</th>
            <th scope="col">Reconnects</th>
            <th scope="col">Camera / mic</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.participantId} className={`quality-${p.quality}`}>
              <th scope="row">
                {byId.get(p.participantId)?.displayName} <span className="role">{p.role}</span>
              </th>
              <td>{QUALITY_TEXT[p.quality]}</td>
              <td>
                {transportLines(p).map((line, i) => (
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
                {p.cameraOn ? 'camera on' : 'camera off'}, {p.micOn ? 'mic on' : 'mic off'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Scores are mediasoup’s, 0–10: what they send / what they receive.</p>
    </div>
  );
}

const FIGURE = { send: 0, recv: 1, loss: 2, rtt: 3 } as const;

function Charts({ history }: { history: HealthPoint[] }) {
  const view = useRoomStore((s) => s.view);
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
      <h3>The last 10 minutes</h3>
      <div className="health-charts">
        <HealthChart title="Round trip" unit="ms" times={times} series={perPerson(FIGURE.rtt)} max={100} />
        <HealthChart title="Packet loss" unit="%" times={times} series={perPerson(FIGURE.loss)} max={5} />
        <HealthChart title="Sending" unit="kbps" times={times} series={perPerson(FIGURE.send)} max={100} />
        <HealthChart
          title="Media server CPU"
          unit="%"
          times={times}
          series={[{ label: 'CPU', values: history.map((h) => h.cpuPct) }]}
          max={100}
        />
      </div>
    </>
  );
}
