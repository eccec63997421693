/**
 * Wiring for supervision and operations: the health monitor (with the SFU probe), the socket
 * handlers for health and the staff line, Prometheus metrics and the operators' HTTP routes.
 */
import type express from 'express';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Clock } from './app/clock.js';
import type { RoomOutbox } from './app/RoomActor.js';
import type { Sessions } from './app/Sessions.js';
import { HealthMonitor } from './app/HealthMonitor.js';
import { type SideHandlers, supervisionHandlers } from './app/supervision.js';
import type { WorkerPool } from './adapters/media/WorkerPool.js';
import type { MediaRoom } from './adapters/media/MediaRoom.js';
import { WorkerUsageMeter, sampleMediaRoom } from './adapters/media/mediaStats.js';
import { type CircleMetrics, createMetrics, operatorRoutes } from './adapters/http/operatorRoutes.js';
import type { SocketHooks } from './adapters/socket/socketServer.js';

export interface Supervision {
  health: HealthMonitor;
  metrics: CircleMetrics;
  socketHooks: SocketHooks;
  routes: express.Router;
}

export function wireSupervision(deps: {
  config: Config;
  sessions: Sessions<MediaRoom>;
  pool: WorkerPool;
  clock: Clock;
  logger: Logger;
  outbox: () => Pick<RoomOutbox, 'emit'>;
}): Supervision {
  const { config, sessions, pool, clock, logger, outbox } = deps;
  const meter = new WorkerUsageMeter();
  const metrics = createMetrics({
    rooms: () => sessions.live(),
    workers: () => pool.workers,
    health: () => health,
  });
  const health = new HealthMonitor({
    rooms: () => sessions.live(),
    clock,
    sampleMs: config.health.sampleMs,
    thresholds: config.health.thresholds,
    probe: { sample: sampleMediaRoom, workerLoad: (room) => meter.read(room.worker) },
    outbox,
    logger,
    onAlertRaised: (alert) => metrics.healthAlertRaised(alert),
  });
  const handlers: SideHandlers = supervisionHandlers({ monitor: health, clock, outbox, logger });
  return {
    health,
    metrics,
    socketHooks: { handlers, onEvent: (event, error) => metrics.socketEvent(event, error) },
    routes: operatorRoutes({ metrics, metricsToken: config.metricsToken, adminToken: config.adminToken, health }),
  };
}
