/**
 * What operators read: GET /metrics (Prometheus text format, prom-client) and
 * GET /api/health/sessions (every live session on this node at a glance, admin token).
 * Metrics carry ids, roles, event names and error codes only: no names, locations or text.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { types as ms } from 'mediasoup';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { ERRORS, type ErrorCode, type HealthAlertView, type Role, errorOf } from '@circle/shared';
import type { HealthMonitor, MonitoredRoom } from '../../app/HealthMonitor.js';
import { type WorkerLoad, WorkerUsageMeter } from '../media/mediaStats.js';

export interface CircleMetrics {
  registry: Registry;
  /** Count one answered socket event (the socket adapter's hook). */
  socketEvent(event: string, error: string | null): void;
  healthAlertRaised(alert: HealthAlertView): void;
}

export interface MetricsSources {
  rooms: () => readonly MonitoredRoom[];
  workers: () => readonly ms.Worker[];
  health: () => HealthMonitor | undefined;
}

const ROLES: readonly Role[] = ['member', 'therapist', 'supervisor'];

/** One registry per server (tests start several in one process), with Node's default metrics. */
export function createMetrics(sources: MetricsSources): CircleMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const socketEvents = new Counter({
    name: 'circle_socket_events_total',
    help: 'Client events answered, by event name',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  const socketErrors = new Counter({
    name: 'circle_socket_errors_total',
    help: 'Client events answered with an error, by event name and error code',
    labelNames: ['event', 'code'] as const,
    registers: [registry],
  });
  const alertsRaised = new Counter({
    name: 'circle_health_alerts_raised_total',
    help: 'Connection and worker alerts raised for supervisors, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'circle_rooms',
    help: 'Sessions loaded on this node: active (someone connected) or idle',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const rooms = sources.rooms();
      const active = rooms.filter((r) => Object.values(r.snapshot.participants).some((p) => p.connected)).length;
      this.set({ state: 'active' }, active);
      this.set({ state: 'idle' }, rooms.length - active);
    },
  });
  new Gauge({
    name: 'circle_participants',
    help: 'Connected participants, by role',
    labelNames: ['role'] as const,
    registers: [registry],
    collect() {
      const counts: Record<Role, number> = { member: 0, therapist: 0, supervisor: 0 };
      for (const r of sources.rooms()) {
        for (const p of Object.values(r.snapshot.participants)) if (p.connected) counts[p.role]++;
      }
      for (const role of ROLES) this.set({ role }, counts[role]);
    },
  });
  const media = (key: 'transports' | 'producers' | 'consumers') =>
    new Gauge({
      name: `circle_media_${key}`,
      help: `mediasoup ${key} open on this node`,
      registers: [registry],
      collect() {
        let n = 0;
        for (const r of sources.rooms()) if (r.mediaRoom && !r.mediaRoom.isClosed) n += r.mediaRoom.counts()[key];
        this.set(n);
      },
    });
  media('transports');
  media('producers');
  media('consumers');
  new Gauge({
    name: 'circle_crisis_alerts',
    help: 'Crisis alerts in loaded sessions, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const counts = { raised: 0, acknowledged: 0, resolved: 0 };
      for (const r of sources.rooms()) for (const a of r.snapshot.crisis) counts[a.state]++;
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'circle_health_alerts_open',
    help: 'Connection and worker alerts open now, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const a of sources.health()?.openAlerts() ?? []) this.inc({ kind: a.kind });
    },
  });

  // The three worker metrics are collected concurrently: one reading of the workers serves them all.
  const meter = new WorkerUsageMeter(0);
  const lastCpuMs = new Map<number, number>();
  let reading: Promise<WorkerLoad[]> | null = null;
  // A scrape calls every collect() before awaiting any: they share the reading in flight.
  const readWorkers = (): Promise<WorkerLoad[]> => {
    if (reading) return reading;
    const loads = (async () => {
      const workers = sources.workers().filter((w) => !w.closed);
      meter.retain(workers);
      const out = (await Promise.all(workers.map((w) => meter.read(w).catch(() => null)))).filter(
        (l): l is WorkerLoad => l !== null,
      );
      for (const load of out) {
        const before = lastCpuMs.get(load.pid) ?? 0;
        if (load.cpuMs > before) workerCpuSeconds.inc({ worker_pid: String(load.pid) }, (load.cpuMs - before) / 1000);
        lastCpuMs.set(load.pid, load.cpuMs);
      }
      return out;
    })();
    reading = loads.finally(() => {
      reading = null;
    });
    return reading;
  };
  const workerCpuSeconds = new Counter({
    name: 'circle_worker_cpu_seconds_total',
    help: 'CPU time (user + system) used by each mediasoup worker',
    labelNames: ['worker_pid'] as const,
    registers: [registry],
    async collect() {
      await readWorkers();
    },
  });
  new Gauge({
    name: 'circle_worker_cpu_percent',
    help: 'mediasoup worker CPU, percent of one core since the previous scrape',
    labelNames: ['worker_pid'] as const,
    registers: [registry],
    async collect() {
      const loads = await readWorkers();
      this.reset();
      for (const l of loads)
        if (l.cpuPct !== null) this.set({ worker_pid: String(l.pid) }, Math.round(l.cpuPct * 10) / 10);
    },
  });
  new Gauge({
    name: 'circle_worker_max_rss_bytes',
    help: 'mediasoup worker maximum resident set size',
    labelNames: ['worker_pid'] as const,
    registers: [registry],
    async collect() {
      const loads = await readWorkers();
      this.reset();
      for (const l of loads) this.set({ worker_pid: String(l.pid) }, l.maxRssKb * 1024);
    },
  });

  return {
    registry,
    socketEvent(event, error) {
      socketEvents.inc({ event });
      if (error !== null) socketErrors.inc({ event, code: error });
    },
    healthAlertRaised(alert) {
      alertsRaised.inc({ kind: alert.kind });
    },
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearer(req: Request): string | null {
  const m = /^Bearer (.{1,1024})$/.exec(req.get('authorization') ?? '');
  return m?.[1] ?? null;
}

function sendError(res: Response, code: ErrorCode): void {
  res.status(ERRORS[code].httpStatus).json({ error: errorOf(code) });
}

/**
 * GET /metrics: open unless `metricsToken` is set, then it needs that Bearer token.
 * GET /api/health/sessions: the admin token; every live session with its title and figures.
 */
export function operatorRoutes(deps: {
  metrics: CircleMetrics;
  metricsToken: string | undefined;
  adminToken: string;
  health: HealthMonitor;
}): express.Router {
  const router = express.Router();
  router.get('/metrics', (req, res, next) => {
    if (deps.metricsToken !== undefined) {
      const token = bearer(req);
      if (token === null || !sameSecret(token, deps.metricsToken)) return sendError(res, 'UNAUTHORIZED');
    }
    deps.metrics.registry
      .metrics()
      .then((text) => {
        res.set('Cache-Control', 'no-store').type(deps.metrics.registry.contentType).send(text);
      })
      .catch(next);
  });
  router.get('/api/health/sessions', (req, res) => {
    const token = bearer(req);
    if (token === null || !sameSecret(token, deps.adminToken)) return sendError(res, 'UNAUTHORIZED');
    res.set('Cache-Control', 'no-store').json({ sessions: deps.health.summaries() });
  });
  return router;
}
