import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { systemClock, type Clock } from './app/clock.js';
import { Sessions } from './app/Sessions.js';
import { iceConfigFor } from './app/turnCredentials.js';
import { WorkerPool } from './adapters/media/WorkerPool.js';
import { MediaRoom, mediaRoomFactory } from './adapters/media/MediaRoom.js';
import { MemoryRoomStore, type RoomStore } from './adapters/store/RoomStore.js';
import { createHttpApp } from './adapters/http/httpApp.js';
import { wireCluster } from './composeCluster.js';
import { type Supervision, wireSupervision } from './composeSupervision.js';
import {
  type CircleServer,
  type SocketOptions,
  DEFAULT_SOCKET_OPTIONS,
  createSocketServer,
  socketOutbox,
} from './adapters/socket/socketServer.js';

export interface Circle {
  url: string;
  port: number;
  http: HttpServer;
  io: CircleServer;
  pool: WorkerPool;
  sessions: Sessions<MediaRoom>;
  store: RoomStore;
  logger: Logger;
  /** Session health sampling, metrics and the operators' routes. */
  supervision: Supervision;
  /** Stop cleanly: finish queued writes, release room leases (other nodes take over at once), close sockets. */
  close(): Promise<void>;
  /** Stop as a killed process would: leases left to expire, connections dropped (tests). */
  crash(): Promise<void>;
}

export interface ComposeOverrides {
  clock?: Clock;
  store?: RoomStore;
  logger?: Logger;
  socket?: SocketOptions;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** server/, whether this file runs from server/src (vitest, tsx) or compiled from server/dist/src. */
const serverRoot =
  path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
export const DEFAULT_CLIENT_DIR = path.resolve(serverRoot, '../client/dist');

/** Wire config → adapters → app, and listen. */
export async function startCircle(config: Config, overrides: ComposeOverrides = {}): Promise<Circle> {
  const logger = overrides.logger ?? pino({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const cluster = wireCluster(config, logger);
  const store = overrides.store ?? cluster?.store ?? new MemoryRoomStore();
  const pool = new WorkerPool({
    size: config.workers,
    rtcMinPort: config.rtcMinPort,
    rtcMaxPort: config.rtcMaxPort,
    logger,
  });
  await pool.start();

  const ioRef: { current?: CircleServer } = {};
  const sessions = new Sessions<MediaRoom>(
    { inviteSecret: config.inviteSecret, inviteTtlMs: config.inviteTtlHours * 3_600_000, publicUrl: config.publicUrl },
    {
      store,
      leases: cluster?.leases,
      media: mediaRoomFactory(
        pool,
        {
          listenIp: config.rtcListenIp,
          announcedIp: config.rtcAnnouncedIp,
          allowPlainRtp: config.allowPlainRtp,
          limits: config.bitrateLimits,
        },
        clock,
      ),
      clock,
      logger,
      config: { reconnectGraceMs: config.reconnectGraceMs, crisisEscalateMs: config.crisisEscalateMs },
      ice: (participantId) => iceConfigFor(config.turn, participantId, clock.now()),
      outbox: () => {
        if (!ioRef.current) throw new Error('socket server not ready');
        return socketOutbox(ioRef.current, logger);
      },
    },
  );
  pool.onWorkerDied((worker) => {
    for (const actor of sessions.live()) void actor.workerDied(worker).catch(() => undefined);
  });
  const supervision = wireSupervision({
    config,
    sessions,
    pool,
    clock,
    logger,
    outbox: () => {
      if (!ioRef.current) throw new Error('socket server not ready');
      return socketOutbox(ioRef.current, logger);
    },
  });

  const app = createHttpApp({
    sessions,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    logger,
    clientDir: config.clientDir ?? DEFAULT_CLIENT_DIR,
    ready: async () => pool.workers.every((w) => !w.closed) && (await store.ping()),
    operatorRoutes: supervision.routes,
    clock,
  });
  const http = createServer(cluster ? cluster.front(app, sessions, () => ioRef.current, config.adminToken) : app);
  const io = createSocketServer(
    http,
    sessions,
    logger,
    overrides.socket ?? DEFAULT_SOCKET_OPTIONS,
    supervision.socketHooks,
  );
  ioRef.current = io;
  cluster?.attachSockets(io);
  supervision.health.start();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  let stopped = false;
  await cluster?.start(sessions, io, { url, internalUrl: `http://127.0.0.1:${port}` });

  return {
    url,
    port,
    http,
    io,
    pool,
    sessions,
    store,
    logger,
    supervision,
    async close() {
      if (stopped) return;
      stopped = true;
      supervision.health.stop();
      await sessions.shutdown();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      sessions.close();
      pool.close();
      await cluster?.close();
    },
    async crash() {
      if (stopped) return;
      stopped = true;
      supervision.health.stop();
      sessions.abandon();
      http.closeAllConnections();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      pool.close();
      await cluster?.abandon();
    },
  };
}
