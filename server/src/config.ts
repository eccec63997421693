import os from 'node:os';
import { randomBytes } from 'node:crypto';

/** Every environment variable Circle reads. The README's configuration table mirrors this. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  adminToken: string;
  adminTokenGenerated: boolean;
  inviteSecret: string;
  inviteTtlHours: number;
  demoSession: boolean;
  workers: number;
  rtcListenIp: string;
  rtcAnnouncedIp: string | undefined;
  rtcMinPort: number;
  rtcMaxPort: number;
  allowPlainRtp: boolean;
  reconnectGraceMs: number;
  crisisEscalateMs: number;
  logLevel: string;
  clientDir: string | undefined;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const adminToken = env.ADMIN_TOKEN ?? '';
  const rtcMinPort = int(env, 'RTC_MIN_PORT', 40000, 1024, 65535);
  const rtcMaxPort = int(env, 'RTC_MAX_PORT', 49999, 1024, 65535);
  if (rtcMaxPort < rtcMinPort) throw new Error('RTC_MAX_PORT must not be below RTC_MIN_PORT');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    adminToken: adminToken || randomBytes(18).toString('base64url'),
    adminTokenGenerated: !adminToken,
    inviteSecret: env.INVITE_SECRET || randomBytes(32).toString('base64url'),
    inviteTtlHours: int(env, 'INVITE_TTL_HOURS', 24 * 7, 1, 24 * 365),
    demoSession: env.DEMO_SESSION ? env.DEMO_SESSION === 'true' : !adminToken,
    workers: int(env, 'MEDIASOUP_WORKERS', os.availableParallelism(), 1, 64),
    rtcListenIp: env.RTC_LISTEN_IP ?? '127.0.0.1',
    rtcAnnouncedIp: env.RTC_ANNOUNCED_IP || undefined,
    rtcMinPort,
    rtcMaxPort,
    allowPlainRtp: env.ALLOW_PLAIN_RTP === 'true',
    reconnectGraceMs: int(env, 'RECONNECT_GRACE_SECONDS', 120, 5, 3600) * 1000,
    crisisEscalateMs: int(env, 'CRISIS_ESCALATE_SECONDS', 60, 5, 3600) * 1000,
    logLevel: env.LOG_LEVEL ?? 'info',
    clientDir: env.CLIENT_DIR,
  };
}
