import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { TurnSettings } from './app/turnCredentials.js';
import type { DatabaseTarget } from './adapters/db/Db.js';
import { clusterSettings, type ClusterSettings } from './clusterConfig.js';
import type { HealthThresholds } from './domain/health.js';
import { type Env, wholeNumber } from './env.js';

/** Every environment variable Circle reads. The README's configuration table mirrors this. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  /** INVITE_SECRET; undefined: the one stored in the database (made on first start). */
  inviteSecret: string | undefined;
  /** DATABASE_URL (a PostgreSQL server) or DATA_DIR (PGlite in a folder, `./data` by default). */
  database: DatabaseTarget;
  /** RECORD_RETENTION_DAYS: finished sessions older than this are purged; undefined keeps them. */
  recordRetentionDays: number | undefined;
  inviteTtlHours: number;
  /** A staff sign-in ends after this long without a request (STAFF_IDLE_MINUTES). */
  staffIdleMinutes: number;
  /** A staff sign-in ends this long after it began, however busy (STAFF_SESSION_HOURS). */
  staffSessionHours: number;
  demoSession: boolean;
  /** TEST_CLOCK_FILE: tests only; the server's "now" runs ahead by the milliseconds written in this file. */
  testClockFile: string | undefined;
  workers: number;
  rtcListenIp: string;
  rtcAnnouncedIp: string | undefined;
  rtcMinPort: number;
  rtcMaxPort: number;
  allowPlainRtp: boolean;
  /** Browsers encrypt media end to end (issue 25): on unless E2EE=false. */
  e2ee: boolean;
  /** Operator bitrate caps (bits per second; 0: no cap). */
  bitrateLimits: BitrateLimitsConfig;
  reconnectGraceMs: number;
  crisisEscalateMs: number;
  /** A room nobody has been connected to for this long is unloaded (ROOM_IDLE_MINUTES); it loads again on use. */
  roomIdleMs: number;
  logLevel: string;
  clientDir: string | undefined;
  /** TURN server handed to browsers with short-lived credentials; undefined without TURN_URLS. */
  turn: TurnSettings | undefined;
  /** Express `trust proxy`: which hops may set X-Forwarded-For/-Proto (the TLS reverse proxy). */
  trustProxy: boolean | number | string;
  /** Several nodes over one Redis (REDIS_URL, NODE_URL, LEASE_MS…); undefined: the embedded single node. */
  cluster: ClusterSettings | undefined;
  /** Session health sampling and alert thresholds (HEALTH_SAMPLE_SECONDS, ALERT_*). */
  health: HealthSettings;
  /** Bearer token for GET /metrics; undefined (the default) leaves /metrics open. */
  metricsToken: string | undefined;
  /** Single sign-on with OpenID Connect (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET); undefined: off. */
  oidc: OidcSettings | undefined;
  /** Email reminders through an SMTP server (SMTP_URL, SMTP_FROM); undefined: none are sent. */
  mail: MailSettings | undefined;
}

export interface MailSettings {
  /** smtp:// or smtps:// with the user and password in it. Never logged. */
  url: string;
  from: string;
}

export const DEFAULT_SMTP_FROM = 'Circle <no-reply@localhost>';

/** SMTP_URL (smtp:// or smtps://, with a host) switches reminders on; SMTP_FROM is their sender. */
export function mailSettings(env: Env): MailSettings | undefined {
  const url = (env.SMTP_URL ?? '').trim();
  const from = (env.SMTP_FROM ?? '').trim();
  if (!url) {
    if (from) throw new Error('SMTP_FROM is set but SMTP_URL is empty (reminders need a mail server)');
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL may carry a password: never repeat it.
    throw new Error('SMTP_URL must be a URL such as smtp://user:password@mail.example:587');
  }
  if ((parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || !parsed.hostname) {
    throw new Error('SMTP_URL must be an smtp:// or smtps:// URL with a host');
  }
  if (from && !/^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(from)) {
    throw new Error(
      `SMTP_FROM must be an address, optionally with a name: "Circle <no-reply@clinic.example>" (got "${from}")`,
    );
  }
  return { url, from: from || DEFAULT_SMTP_FROM };
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: all or nothing; the issuer https (http only on loopback, for tests). */
export function oidcSettings(env: Env): OidcSettings | undefined {
  const issuer = (env.OIDC_ISSUER ?? '').trim();
  const clientId = (env.OIDC_CLIENT_ID ?? '').trim();
  const clientSecret = env.OIDC_CLIENT_SECRET ?? '';
  const given = [issuer, clientId, clientSecret].filter(Boolean).length;
  if (given === 0) return undefined;
  if (given < 3) {
    throw new Error('single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (or none of them)');
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new Error(`OIDC_ISSUER must be a URL (got "${issuer}")`);
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!ok) throw new Error(`OIDC_ISSUER must be an https:// URL (http:// only on localhost) (got "${issuer}")`);
  return { issuer, clientId, clientSecret };
}

export interface HealthSettings {
  sampleMs: number;
  thresholds: HealthThresholds;
}

/** HEALTH_SAMPLE_SECONDS and the ALERT_* thresholds of the supervisor's alerts. */
function healthSettings(env: Env): HealthSettings {
  return {
    sampleMs: wholeNumber(env, 'HEALTH_SAMPLE_SECONDS', 2, 1, 60) * 1000,
    thresholds: {
      lossPct: wholeNumber(env, 'ALERT_LOSS_PERCENT', 5, 1, 100),
      lossMs: wholeNumber(env, 'ALERT_LOSS_SECONDS', 10, 0, 600) * 1000,
      rttMs: wholeNumber(env, 'ALERT_RTT_MS', 400, 10, 60_000),
      minScore: wholeNumber(env, 'ALERT_MIN_SCORE', 5, 1, 10),
      disconnectedMs: wholeNumber(env, 'ALERT_DISCONNECTED_SECONDS', 30, 1, 3600) * 1000,
      workerCpuPct: wholeNumber(env, 'ALERT_WORKER_CPU_PERCENT', 85, 1, 100),
      sustainMs: wholeNumber(env, 'ALERT_SUSTAIN_SECONDS', 10, 0, 600) * 1000,
    },
  };
}

/** TURN_URLS, TURN_SECRET, TURN_TTL_SECONDS, TURN_FORCE_RELAY: all or nothing. */
function turnSettings(env: Env): TurnSettings | undefined {
  const urls = (env.TURN_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const secret = env.TURN_SECRET ?? '';
  const forceRelay = env.TURN_FORCE_RELAY === 'true';
  if (urls.length === 0) {
    if (secret) throw new Error('TURN_SECRET is set but TURN_URLS is empty');
    if (forceRelay) throw new Error('TURN_FORCE_RELAY=true needs a TURN server (TURN_URLS, TURN_SECRET)');
    return undefined;
  }
  const bad = urls.find((u) => !/^(turns?|stun):[^\s]+$/.test(u));
  if (bad) throw new Error(`TURN_URLS: "${bad}" is not a turn:, turns: or stun: URL`);
  if (!secret) throw new Error('TURN_URLS is set but TURN_SECRET is empty (the static-auth-secret of coturn)');
  const ttlSeconds = wholeNumber(env, 'TURN_TTL_SECONDS', 3600, 60, 7 * 24 * 3600);
  return { urls, secret, ttlSeconds, forceRelay };
}

/** TRUST_PROXY: `false`, `true`, a number of hops, or addresses/subnets/`loopback`… (comma-separated). */
function trustProxy(env: Env): boolean | number | string {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '') return 'loopback';
  if (raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return wholeNumber(env, 'TRUST_PROXY', 1, 0, 10);
  return raw;
}

export interface BitrateLimitsConfig {
  maxIncomingBpsPerParticipant: number;
  maxOutgoingBpsPerParticipant: number;
  roomMaxIncomingBps: number;
  roomMaxOutgoingBps: number;
}

/** A cap in kbps from the environment: 0 (no cap) or at least 100 kbps. */
function kbpsCap(env: Env, name: string, fallbackKbps: number): number {
  const kbps = wholeNumber(env, name, fallbackKbps, 0, 1_000_000);
  if (kbps !== 0 && kbps < 100) throw new Error(`${name} must be 0 (no cap) or at least 100 (got "${env[name]}")`);
  return kbps * 1000;
}

/** MAX_INCOMING_KBPS, MAX_OUTGOING_KBPS (per participant), ROOM_MAX_INCOMING_KBPS, ROOM_MAX_OUTGOING_KBPS. */
function bitrateLimits(env: Env): BitrateLimitsConfig {
  return {
    maxIncomingBpsPerParticipant: kbpsCap(env, 'MAX_INCOMING_KBPS', 1500),
    maxOutgoingBpsPerParticipant: kbpsCap(env, 'MAX_OUTGOING_KBPS', 0),
    roomMaxIncomingBps: kbpsCap(env, 'ROOM_MAX_INCOMING_KBPS', 0),
    roomMaxOutgoingBps: kbpsCap(env, 'ROOM_MAX_OUTGOING_KBPS', 0),
  };
}

/** DATABASE_URL (postgres://…) switches to a PostgreSQL server; otherwise PGlite in DATA_DIR. */
export function databaseTarget(env: Env): DatabaseTarget {
  const url = (env.DATABASE_URL ?? '').trim();
  if (url) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(url))
      throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL');
    if (env.DATA_DIR) throw new Error('DATA_DIR and DATABASE_URL are both set: choose one');
    return { kind: 'postgres', url };
  }
  if (env.REDIS_URL) {
    throw new Error('REDIS_URL (several nodes) needs DATABASE_URL: a PostgreSQL server every node shares');
  }
  return { kind: 'pglite', dataDir: env.DATA_DIR || './data' };
}

/** E2EE: on unless set to false; a value that is neither stops the start (encryption is not guessed). */
function e2eeSetting(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`E2EE must be true or false (got ${JSON.stringify(value)})`);
}

export function loadConfig(env: Env = process.env): Config {
  const port = wholeNumber(env, 'PORT', 3000, 0, 65535);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(publicUrl)) throw new Error(`PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`);
  const adminToken = env.ADMIN_TOKEN ?? '';
  const rtcMinPort = wholeNumber(env, 'RTC_MIN_PORT', 40000, 1024, 65535);
  const rtcMaxPort = wholeNumber(env, 'RTC_MAX_PORT', 49999, 1024, 65535);
  if (rtcMaxPort < rtcMinPort) throw new Error('RTC_MAX_PORT must not be below RTC_MIN_PORT');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    adminToken: adminToken || randomBytes(18).toString('base64url'),
    adminTokenGenerated: !adminToken,
    inviteSecret: env.INVITE_SECRET || undefined,
    database: databaseTarget(env),
    recordRetentionDays: env.RECORD_RETENTION_DAYS
      ? wholeNumber(env, 'RECORD_RETENTION_DAYS', 0, 1, 365 * 100)
      : undefined,
    inviteTtlHours: wholeNumber(env, 'INVITE_TTL_HOURS', 24 * 7, 1, 24 * 365),
    staffIdleMinutes: wholeNumber(env, 'STAFF_IDLE_MINUTES', 30, 1, 24 * 60),
    staffSessionHours: wholeNumber(env, 'STAFF_SESSION_HOURS', 12, 1, 24 * 30),
    demoSession: env.DEMO_SESSION ? env.DEMO_SESSION === 'true' : !adminToken,
    testClockFile: env.TEST_CLOCK_FILE || undefined,
    workers: wholeNumber(env, 'MEDIASOUP_WORKERS', os.availableParallelism(), 1, 64),
    rtcListenIp: env.RTC_LISTEN_IP ?? '127.0.0.1',
    rtcAnnouncedIp: env.RTC_ANNOUNCED_IP || undefined,
    rtcMinPort,
    rtcMaxPort,
    allowPlainRtp: env.ALLOW_PLAIN_RTP === 'true',
    e2ee: e2eeSetting(env.E2EE),
    bitrateLimits: bitrateLimits(env),
    reconnectGraceMs: wholeNumber(env, 'RECONNECT_GRACE_SECONDS', 120, 5, 3600) * 1000,
    crisisEscalateMs: wholeNumber(env, 'CRISIS_ESCALATE_SECONDS', 60, 5, 3600) * 1000,
    roomIdleMs: wholeNumber(env, 'ROOM_IDLE_MINUTES', 10, 1, 7 * 24 * 60) * 60_000,
    logLevel: env.LOG_LEVEL ?? 'info',
    clientDir: env.CLIENT_DIR,
    turn: turnSettings(env),
    trustProxy: trustProxy(env),
    cluster: clusterSettings(env),
    health: healthSettings(env),
    metricsToken: env.METRICS_TOKEN || undefined,
    oidc: oidcSettings(env),
    mail: mailSettings(env),
  };
}
