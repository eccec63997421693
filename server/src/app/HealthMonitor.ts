import {
  type Ack,
  type HealthAlertView,
  type HealthPoint,
  type Role,
  type RoomHealthView,
  type SessionHealthSummary,
  type StatsReport,
  HEALTH_HISTORY_MS,
  STATS_REPORT_INTERVAL_MS,
  STATS_REPORT_TOLERANCE_MS,
  fail,
  ok,
} from '@circle/shared';
import type { Logger } from 'pino';
import {
  type HealthThresholds,
  type HealthTracker,
  type Presence,
  appendHistory,
  emptyTracker,
  evaluateHealth,
  historyPoint,
  participantHealthView,
  participantSample,
  worstQuality,
} from '../domain/health.js';
import type { RoomState } from '../domain/room.js';
import { staffRecipients } from '../domain/staffLine.js';
import type { MediaRoom } from '../adapters/media/MediaRoom.js';
import type { MediaRoomSample, WorkerLoad } from '../adapters/media/mediaStats.js';
import type { Clock } from './clock.js';
import type { RoomOutbox } from './RoomActor.js';
import { byId } from '../domain/roomState.js';

/** What the monitor needs of a room; RoomActor fits. */
export interface MonitoredRoom {
  readonly sessionId: string;
  readonly snapshot: RoomState;
  readonly mediaRoom: MediaRoom | null;
}

/** The SFU side of sampling (adapters/media/mediaStats.ts in production). */
export interface MediaProbe {
  sample(room: MediaRoom): Promise<MediaRoomSample>;
  workerLoad(room: MediaRoom): Promise<WorkerLoad>;
}

export interface HealthMonitorDeps {
  rooms: () => readonly MonitoredRoom[];
  clock: Clock;
  sampleMs: number;
  thresholds: HealthThresholds;
  probe: MediaProbe;
  outbox: () => Pick<RoomOutbox, 'emit'>;
  logger: Logger;
  /** Called once for every alert raised (metrics). */
  onAlertRaised?: (alert: HealthAlertView) => void;
}

/** A browser's report counts for this long after it arrived. */
const REPORT_FRESH_MS = 3 * STATS_REPORT_INTERVAL_MS;

interface RoomHealth {
  tracker: HealthTracker;
  history: HealthPoint[];
  current: RoomHealthView | null;
  reports: Map<string, { report: StatsReport; at: number }>;
}

/**
 * Samples each live room's health every `sampleMs` while at least one therapist or supervisor is
 * connected to it, applies the alert rules (domain/health.ts) and sends the result to the room's
 * staff as `health:sampled`. Keeps 10 minutes of chart history per room, in memory only.
 */
export class HealthMonitor {
  private readonly rooms = new Map<string, RoomHealth>();
  private timer: unknown = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  /** Figures for benchmarks and tests: ticks run, rooms sampled, time spent sampling. */
  readonly stats = { ticks: 0, roomSamples: 0, sampleMsTotal: 0 };

  constructor(private readonly deps: HealthMonitorDeps) {}

  get sampleMs(): number {
    return this.deps.sampleMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleNext();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private scheduleNext(): void {
    this.timer = this.deps.clock.setTimer(() => {
      this.timer = null;
      void this.tick()
        .catch((err: unknown) =>
          this.deps.logger.warn({ err: err instanceof Error ? err.message : typeof err }, 'health tick failed'),
        )
        .finally(() => {
          if (this.running && this.timer === null) this.scheduleNext();
        });
    }, this.deps.sampleMs);
  }

  /** Sample every room that has staff connected, once. Overlapping calls share one run. */
  tick(): Promise<void> {
    this.inFlight ??= this.sampleAll().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async sampleAll(): Promise<void> {
    const started = performance.now();
    this.stats.ticks++;
    const live = this.deps.rooms();
    await Promise.all(
      live.map((room) =>
        this.sampleRoom(room).catch((err: Error) => {
          this.deps.logger.warn({ sessionId: room.sessionId, err: err.message }, 'health sample failed');
        }),
      ),
    );
    for (const id of this.rooms.keys()) if (!live.some((r) => r.sessionId === id)) this.rooms.delete(id);
    this.stats.sampleMsTotal += performance.now() - started;
  }

  private health(sessionId: string): RoomHealth {
    let h = this.rooms.get(sessionId);
    if (!h) {
      h = { tracker: emptyTracker(), history: [], current: null, reports: new Map() };
      this.rooms.set(sessionId, h);
    }
    return h;
  }

  private async sampleRoom(room: MonitoredRoom): Promise<void> {
    if (staffRecipients(room.snapshot).length === 0) {
      // Nobody to show it to: not sampled. Forget it once its history has run out.
      const h = this.rooms.get(room.sessionId);
      if (h?.current && this.deps.clock.now() - h.current.at > HEALTH_HISTORY_MS) this.rooms.delete(room.sessionId);
      return;
    }
    const media = room.mediaRoom && !room.mediaRoom.isClosed ? room.mediaRoom : null;
    const [mediaSample, worker] = media
      ? await Promise.all([this.deps.probe.sample(media), this.deps.probe.workerLoad(media)])
      : [null, null];
    this.stats.roomSamples++;
    // The room may have changed while the SFU answered: read it now.
    const state = room.snapshot;
    const at = this.deps.clock.now();
    const h = this.health(room.sessionId);
    const { thresholds } = this.deps;
    // After a gap in sampling (no staff for a while), conditions are timed afresh: nobody saw them last.
    if (h.current && at - h.current.at > 3 * this.deps.sampleMs) h.tracker = { ...h.tracker, since: {} };

    const samples = Object.values(state.participants)
      .filter((p) => p.status === 'admitted')
      .map((p) => {
        const presence: Presence = {
          participantId: p.id,
          role: p.role,
          inRoom: true,
          connected: p.connected,
          disconnectedAt: p.disconnectedAt,
          reconnects: p.reconnects,
          micOn: p.micOn,
          cameraOn: p.cameraOn,
        };
        const reported = h.reports.get(p.id);
        const fresh = p.connected && reported && at - reported.at <= REPORT_FRESH_MS ? reported.report : undefined;
        if (!p.connected) h.reports.delete(p.id);
        return participantSample(presence, mediaSample?.peers.get(p.id), fresh);
      });

    const evaluation = evaluateHealth(
      h.tracker,
      { at, workerCpuPct: worker?.cpuPct ?? null, participants: samples },
      thresholds,
    );
    h.tracker = evaluation.tracker;
    for (const alert of evaluation.raised) {
      // Ids and figures only.
      this.deps.logger.warn(
        { sessionId: room.sessionId, participantId: alert.participantId, kind: alert.kind, value: alert.value },
        'health alert',
      );
      this.deps.onAlertRaised?.(alert);
    }

    const participants = samples.map((s) => participantHealthView(s, thresholds));
    const view: RoomHealthView = {
      sessionId: room.sessionId,
      at,
      sampleMs: this.deps.sampleMs,
      worker: worker
        ? {
            pid: worker.pid,
            cpuPct: worker.cpuPct === null ? null : Math.round(worker.cpuPct * 10) / 10,
            maxRssKb: worker.maxRssKb,
          }
        : null,
      counts: mediaSample?.counts ?? { transports: 0, producers: 0, consumers: 0 },
      participants,
      alerts: [...evaluation.tracker.alerts],
    };
    h.current = view;
    h.history = appendHistory(h.history, historyPoint(at, worker?.cpuPct ?? null, participants), HEALTH_HISTORY_MS);

    const outbox = this.deps.outbox();
    for (const id of staffRecipients(state)) outbox.emit(id, 'health:sampled', view);
  }

  /**
   * A browser's summary of its own connection. Refused before admission and when it comes sooner
   * than STATS_REPORT_INTERVAL_MS (less a little timer jitter) after the previous one.
   */
  report(room: MonitoredRoom, participantId: string, report: StatsReport): Ack<null> {
    const p = byId(room.snapshot.participants, participantId);
    if (!p || p.status !== 'admitted' || !p.connected) return fail('NOT_ADMITTED');
    const h = this.health(room.sessionId);
    const now = this.deps.clock.now();
    const previous = h.reports.get(participantId);
    if (previous && now - previous.at < STATS_REPORT_INTERVAL_MS - STATS_REPORT_TOLERANCE_MS) {
      return fail('RATE_LIMITED');
    }
    h.reports.set(participantId, { report, at: now });
    return ok(null);
  }

  /** The charts' history and the latest sample of one room. */
  history(room: MonitoredRoom): { history: HealthPoint[]; current: RoomHealthView | null } {
    const h = this.rooms.get(room.sessionId);
    return { history: h ? [...h.history] : [], current: h?.current ?? null };
  }

  /**
   * Every live session on this node at a glance (someone connected). Titles only for the asking
   * supervisor's own session: the others are figures, not names.
   */
  summaries(askingSessionId?: string): SessionHealthSummary[] {
    const out: SessionHealthSummary[] = [];
    for (const room of this.deps.rooms()) {
      const state = room.snapshot;
      const connected = Object.values(state.participants).filter((p) => p.connected);
      if (connected.length === 0) continue;
      const h = this.rooms.get(room.sessionId);
      const fresh = h?.current && this.deps.clock.now() - h.current.at <= 3 * this.deps.sampleMs ? h.current : null;
      const participants: Record<Role, number> = { member: 0, therapist: 0, supervisor: 0 };
      for (const p of connected) if (p.status === 'admitted') participants[p.role]++;
      out.push({
        sessionId: room.sessionId,
        title: askingSessionId === undefined || askingSessionId === room.sessionId ? state.title : null,
        yours: askingSessionId === room.sessionId,
        participants,
        openAlerts: h?.tracker.alerts.filter((a) => a.clearedAt === null).length ?? 0,
        openCrisisAlerts: state.crisis.filter((a) => a.state !== 'resolved').length,
        worst: fresh ? worstQuality(fresh.participants) : 'unknown',
        sampledAt: h?.current?.at ?? null,
      });
    }
    return out.sort((a, b) => Number(b.yours) - Number(a.yours) || b.openAlerts - a.openAlerts);
  }

  /** Open alerts across all rooms, by kind (metrics). */
  openAlerts(): HealthAlertView[] {
    return [...this.rooms.values()].flatMap((h) => h.tracker.alerts.filter((a) => a.clearedAt === null));
  }
}
