import { randomBytes } from 'node:crypto';
import { type Env, wholeNumber } from './env.js';

/** Several nodes sharing one Redis (REDIS_URL set); undefined runs the embedded single node. */
export interface ClusterSettings {
  redisUrl: string;
  /** This node's name in leases and logs. */
  nodeId: string;
  /** Where browsers reach this node; undefined: its own http://localhost:PORT (tests, one machine). */
  nodeUrl: string | undefined;
  /** Where other nodes reach this one's HTTP API directly; undefined: http://127.0.0.1:PORT (one machine). */
  internalUrl: string | undefined;
  /** A room's lease lasts this long unless renewed: how long a dead node's rooms wait. */
  leaseMs: number;
  /** How often the owner renews its leases. */
  renewMs: number;
  /** Redis replicas that must confirm a write before it is acknowledged (WAIT); 0 trusts fsync. */
  waitReplicas: number;
}

/** REDIS_URL, NODE_ID, NODE_URL, NODE_INTERNAL_URL, LEASE_MS, LEASE_RENEW_MS, REDIS_WAIT_REPLICAS. */
export function clusterSettings(env: Env): ClusterSettings | undefined {
  const redisUrl = (env.REDIS_URL ?? '').trim();
  if (!redisUrl) {
    if (env.NODE_URL) throw new Error('NODE_URL is set but REDIS_URL is empty: several nodes need a shared Redis');
    return undefined;
  }
  if (!/^rediss?:\/\/[^\s]+$/.test(redisUrl)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL`);
  const nodeUrl = env.NODE_URL ? env.NODE_URL.replace(/\/$/, '') : undefined;
  if (nodeUrl && !/^https?:\/\/[^/\s]+/.test(nodeUrl))
    throw new Error(`NODE_URL must be an http(s) URL (got "${nodeUrl}")`);
  const leaseMs = wholeNumber(env, 'LEASE_MS', 5_000, 500, 60_000);
  const renewMs = wholeNumber(env, 'LEASE_RENEW_MS', 1_500, 100, 30_000);
  if (renewMs * 2 > leaseMs) throw new Error('LEASE_RENEW_MS must be at most half of LEASE_MS');
  return {
    redisUrl,
    nodeId: env.NODE_ID || randomBytes(6).toString('base64url'),
    nodeUrl,
    internalUrl: env.NODE_INTERNAL_URL ? env.NODE_INTERNAL_URL.replace(/\/$/, '') : undefined,
    leaseMs,
    renewMs,
    waitReplicas: wholeNumber(env, 'REDIS_WAIT_REPLICAS', 0, 0, 16),
  };
}
