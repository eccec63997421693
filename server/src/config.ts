import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { TurnSettings } from './app/turnCredentials.js';

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
  /** TURN server handed to browsers with short-lived credentials; undefined without TURN_URLS. */
  turn: TurnSettings | undefined;
  /** Express `trust proxy`: which hops may set X-Forwarded-For/-Proto (the TLS reverse proxy). */
  trustProxy: boolean | number | string;
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
  const ttlSeconds = int(env, 'TURN_TTL_SECONDS', 3600, 60, 7 * 24 * 3600);
  return { urls, secret, ttlSeconds, forceRelay };
}

/** TRUST_PROXY: `false`, `true`, a number of hops, or addresses/subnets/`loopback`… (comma-separated). */
function trustProxy(env: Env): boolean | number | string {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '') return 'loopback';
  if (raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 1, 0, 10);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(publicUrl)) throw new Error(`PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`);
  const adminToken = env.ADMIN_TOKEN ?? '';
  const rtcMinPort = int(env, 'RTC_MIN_PORT', 40000, 1024, 65535);
  const rtcMaxPort = int(env, 'RTC_MAX_PORT', 49999, 1024, 65535);
  if (rtcMaxPort < rtcMinPort) throw new Error('RTC_MAX_PORT must not be below RTC_MIN_PORT');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
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
    turn: turnSettings(env),
    trustProxy: trustProxy(env),
  };
}
