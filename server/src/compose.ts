import fs from 'node:fs';
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
import type { RoomStore } from './adapters/store/RoomStore.js';
import { type Db, openDatabase } from './adapters/db/Db.js';
import { migrate } from './adapters/db/migrations.js';
import { PgRoomStore } from './adapters/db/PgRoomStore.js';
import { PgRecords } from './adapters/db/PgRecords.js';
import { RecordingStore } from './adapters/db/RecordingStore.js';
import { encodeBackup, takeBackup } from './adapters/db/backup.js';
import { localBackupRoutes, newLocalToken, writeServerFile } from './adapters/http/localBackup.js';
import type { Records } from './app/records.js';
import { createHttpApp } from './adapters/http/httpApp.js';
import { STAFF_COOKIE, cookieValue } from './adapters/http/staffCookie.js';
import { PgStaff } from './adapters/db/PgStaff.js';
import { PgApiTokens } from './adapters/db/PgApiTokens.js';
import { PgGroups } from './adapters/db/PgGroups.js';
import { Groups } from './app/Groups.js';
import { ApiTokens } from './app/ApiTokens.js';
import { PgTotp } from './adapters/db/PgTotp.js';
import { SecretBox, StaffTotp } from './app/StaffTotp.js';
import { dummyHash, hashPassword, verifyPassword } from './adapters/auth/passwordHash.js';
import { commonPasswords } from './adapters/auth/commonPasswords.js';
import { StaffAuth } from './app/StaffAuth.js';
import { StaffSso } from './app/StaffSso.js';
import { OpenIdClient, oidcRedirectUri } from './adapters/auth/OidcClient.js';
import { PgSso } from './adapters/db/PgSso.js';
import { wireCluster } from './composeCluster.js';
import { ReminderSender } from './app/ReminderSender.js';
import { groupReminderSource } from './app/groupReminders.js';
import { SmtpMailer } from './adapters/mail/SmtpMailer.js';
import { type Supervision, wireSupervision } from './composeSupervision.js';
import {
  type CircleServer,
  type SocketOptions,
  DEFAULT_SOCKET_OPTIONS,
  announceRestart,
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
  /** The system of record (PGlite in DATA_DIR, or PostgreSQL at DATABASE_URL). */
  db: Db;
  records: Records;
  logger: Logger;
  /** Session health sampling, metrics and the operators' routes. */
  supervision: Supervision;
  /** Staff accounts: setup link, sign-in, the demo therapist. */
  staff: StaffAuth;
  /** Groups that meet for weeks: schedules, rosters, personal links, attendance (on the same clock). */
  groups: Groups;
  /** Stop cleanly: finish queued writes, release room leases (other nodes take over at once), close sockets. */
  close(): Promise<void>;
  /** Stop as a killed process would: leases left to expire, connections dropped (tests). */
  crash(): Promise<void>;
}

export interface ComposeOverrides {
  clock?: Clock;
  store?: RoomStore;
  /** An open database (tests that restart Circle over the same data); closed by the caller. */
  db?: Db;
  logger?: Logger;
  socket?: SocketOptions;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** server/, whether this file runs from server/src (vitest, tsx) or compiled from server/dist/src. */
const serverRoot =
  path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
/** How often ended and idle rooms are looked for and unloaded. */
const ROOM_SWEEP_MS = 30_000;
/** How often the store and the database are checked when nobody asks /readyz. */
const READINESS_CHECK_MS = 5_000;

export const DEFAULT_CLIENT_DIR = path.resolve(serverRoot, '../client/dist');

/** Wire config → adapters → app, and listen. */
export async function startCircle(config: Config, overrides: ComposeOverrides = {}): Promise<Circle> {
  const logger = overrides.logger ?? pino({ level: config.logLevel });
  const clock = overrides.clock ?? systemClock;
  const db = overrides.db ?? (await openDatabase(config.database));
  const ownDb = !overrides.db;
  const { from, to } = await migrate(db);
  if (from !== to) logger.info({ from, to, database: db.kind }, 'database schema migrated');
  const records = new PgRecords(db);
  const inviteSecret = await records.inviteSecret(config.inviteSecret);
  const cluster = wireCluster(config, logger);
  const recording = cluster ? new RecordingStore(cluster.store, db, logger) : undefined;
  const store = overrides.store ?? recording ?? new PgRoomStore(db);
  const retention = startRetention(config, records, clock, logger);
  const pool = new WorkerPool({
    size: config.workers,
    rtcMinPort: config.rtcMinPort,
    rtcMaxPort: config.rtcMaxPort,
    logger,
  });
  await pool.start();

  const ioRef: { current?: CircleServer } = {};
  const sessions = new Sessions<MediaRoom>(
    { inviteSecret, inviteTtlMs: config.inviteTtlHours * 3_600_000, publicUrl: config.publicUrl },
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
      config: {
        reconnectGraceMs: config.reconnectGraceMs,
        crisisEscalateMs: config.crisisEscalateMs,
        e2ee: config.e2ee,
      },
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

  // The embedded database on disk: `npm run backup` asks this process for the dump (localBackup.ts).
  const dataDir =
    ownDb && config.database.kind === 'pglite' && config.database.dataDir !== ':memory:'
      ? config.database.dataDir
      : undefined;
  const localToken = dataDir === undefined ? undefined : newLocalToken();
  const ready = readiness(
    () => pool.workers.every((w) => !w.closed),
    () => store.ping(),
    () => records.ping(),
    logger,
  );
  // Checked on its own too, so an outage is logged (once a minute) even when nobody polls /readyz.
  const readinessWatch = setInterval(() => void ready(), READINESS_CHECK_MS);
  readinessWatch.unref();
  const staffStore = new PgStaff(db);
  const common = commonPasswords();
  const hasher = { hash: hashPassword, verify: verifyPassword, dummy: dummyHash };
  // TOTP secrets are encrypted with a key derived from the invitation secret (a new INVITE_SECRET turns 2-step sign-in off in effect).
  const totp = new StaffTotp(new PgTotp(db), new SecretBox(inviteSecret), hasher, clock);
  const staff = new StaffAuth(staffStore, hasher, clock, {
    publicUrl: config.publicUrl,
    idleMs: config.staffIdleMinutes * 60_000,
    absoluteMs: config.staffSessionHours * 3_600_000,
    setupTtlMs: 3_600_000,
    setPasswordTtlMs: 72 * 3_600_000,
    isCommonPassword: (p) => common.has(p),
    secondStep: (accountId, code) => totp.check(accountId, code),
  });
  // Single sign-on: the provider is discovered at the first sign-in attempt, not here (a provider
  // that is down does not stop Circle from starting; the sign-in button says so).
  const sso = config.oidc
    ? new StaffSso(
        new OpenIdClient(config.oidc, oidcRedirectUri(config.publicUrl), (what, detail) =>
          logger.warn({ issuer: config.oidc?.issuer, detail }, `single sign-on: ${what}`),
        ),
        new PgSso(db),
        staffStore,
        staff,
        clock,
      )
    : undefined;
  /**
   * Every live room connection of an account is dropped: its invitations, from the rooms here and from
   * the database (rooms on other nodes: the socket.io Redis adapter reaches their sockets).
   */
  const disconnectAccount = async (accountId: string) => {
    const io = ioRef.current;
    if (!io) return;
    const ids = new Set(await staffStore.accountInvites(accountId));
    for (const actor of sessions.live()) {
      for (const invite of Object.values(actor.snapshot.invites))
        if (invite.accountId === accountId) ids.add(invite.id);
    }
    const outbox = socketOutbox(io, logger);
    for (const id of ids) outbox.disconnect(id);
  };
  const groupsStore = new PgGroups(db);
  const groups = new Groups({
    store: groupsStore,
    staff: staffStore,
    sessions,
    clock,
    logger,
    inviteSecret,
    publicUrl: config.publicUrl,
    remindersAvailable: () => config.mail !== undefined,
  });
  // SMTP_URL set: the day-before and hour-before emails (ReminderSender); unset: nothing is sent.
  const mailer = config.mail ? new SmtpMailer(config.mail) : undefined;
  const reminders = mailer
    ? new ReminderSender({
        source: groupReminderSource({ store: groupsStore, staff: staffStore, groups, clock }),
        mailer,
        clock,
        logger,
      })
    : undefined;
  const app = createHttpApp({
    sessions,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    logger,
    clientDir: config.clientDir ?? DEFAULT_CLIENT_DIR,
    records,
    ready,
    operatorRoutes: supervision.routes,
    ...(localToken === undefined
      ? {}
      : { localRoutes: localBackupRoutes(localToken, async () => encodeBackup(await takeBackup(db)), logger) }),
    clock,
    staff: { auth: staff, store: staffStore, totp, disconnectAccount, ...(sso ? { sso } : {}) },
    liveSessions: () => supervision.health.summaries().map(({ yours: _yours, ...summary }) => summary),
    tokens: new ApiTokens(new PgApiTokens(db), clock),
    groups,
  });
  const http = createServer(cluster ? cluster.front(app, sessions, () => ioRef.current, config.adminToken) : app);
  const io = createSocketServer(http, sessions, logger, overrides.socket ?? DEFAULT_SOCKET_OPTIONS, {
    ...supervision.socketHooks,
    staffAccountOf: async (cookie) => (await staff.signedIn(cookieValue(cookie, STAFF_COOKIE)))?.account.id,
  });
  ioRef.current = io;
  cluster?.attachSockets(io);
  supervision.health.start();
  reminders?.start();
  sessions.startSweep(config.roomIdleMs, Math.min(ROOM_SWEEP_MS, config.roomIdleMs));

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  let stopped = false;
  const serverFile =
    dataDir !== undefined && localToken !== undefined
      ? writeServerFile(dataDir, { pid: process.pid, port, token: localToken })
      : undefined;
  const removeServerFile = () => serverFile && fs.rmSync(serverFile, { force: true });
  await cluster?.start(sessions, io, { url, internalUrl: `http://127.0.0.1:${port}` });

  return {
    url,
    port,
    http,
    io,
    pool,
    sessions,
    store,
    db,
    records,
    logger,
    supervision,
    staff,
    groups,
    async close() {
      if (stopped) return;
      stopped = true;
      supervision.health.stop();
      clearInterval(retention);
      clearInterval(readinessWatch);
      await reminders?.stop();
      mailer?.close();
      removeServerFile();
      // Everyone connected here hears it first, then reconnects on their own (to this node once it is
      // back, or to the node that takes their room over).
      announceRestart(io);
      await sessions.shutdown();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      sessions.close();
      pool.close();
      recording?.close();
      await cluster?.close();
      if (ownDb) await db.close();
    },
    async crash() {
      if (stopped) return;
      stopped = true;
      supervision.health.stop();
      clearInterval(retention);
      clearInterval(readinessWatch);
      void reminders?.stop();
      mailer?.close();
      sessions.abandon();
      http.closeAllConnections();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      pool.close();
      recording?.close();
      await cluster?.abandon();
      if (ownDb) await db.close();
    },
  };
}

const DAY_MS = 86_400_000;

/** RECORD_RETENTION_DAYS: purge older finished sessions at start and then every hour. */
function startRetention(
  config: Config,
  records: Records,
  clock: Clock,
  logger: Logger,
): ReturnType<typeof setInterval> | undefined {
  const days = config.recordRetentionDays;
  if (days === undefined) return undefined;
  const purge = () =>
    void records.purgeFinished(clock.now() - days * DAY_MS).then(
      (n) => n > 0 && logger.info({ purged: n, days }, 'old session records purged'),
      (err: Error) => logger.warn({ err: err.message.slice(0, 200) }, 'record purge failed; retried in an hour'),
    );
  purge();
  const timer = setInterval(purge, 3_600_000);
  timer.unref();
  return timer;
}

/**
 * /readyz: media workers up, the live-room store and the database answering. A failing store or
 * database is logged once a minute while it lasts, and once when it is back.
 */
function readiness(
  workers: () => boolean,
  store: () => Promise<boolean>,
  database: () => Promise<boolean>,
  logger: Logger,
): () => Promise<boolean> {
  let downSince: number | null = null;
  let lastLog = 0;
  return async () => {
    const [s, d] = await Promise.all([store().catch(() => false), database().catch(() => false)]);
    const now = Date.now();
    if (!s || !d) {
      downSince ??= now;
      if (now - lastLog >= 60_000) {
        lastLog = now;
        logger.error({ store: s, database: d }, 'not ready: the store or the database is unreachable');
      }
    } else if (downSince !== null) {
      logger.info({ downForMs: now - downSince }, 'store and database reachable again');
      downSince = null;
      lastLog = 0;
    }
    return workers() && s && d;
  };
}
