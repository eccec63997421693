/**
 * Several nodes over one Redis (REDIS_URL): the Redis room store, room leases with a heartbeat,
 * the socket.io Redis adapter, and the HTTP front that sends a room's API calls to its owner.
 * Absent REDIS_URL none of this runs and Circle is the embedded single node.
 */
import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Sessions } from './app/Sessions.js';
import type { CircleServer } from './adapters/socket/socketServer.js';
import { RedisRoomStore } from './adapters/store/RedisRoomStore.js';
import { RedisLeases } from './adapters/store/RedisLeases.js';
import { SampledLog, STORE_FAULT_LOG_MS } from './app/sampledLog.js';

export interface ClusterWiring {
  store: RedisRoomStore;
  leases: RedisLeases;
  /** The socket.io Redis adapter: broadcasts and `fetchSockets` reach every node. */
  attachSockets(io: CircleServer): void;
  /**
   * Wrap the HTTP app: GET /api/nodes, GET /api/live (admin: live sessions on every node, through
   * the socket.io Redis adapter), and a room's API calls forwarded to the node that owns it.
   */
  front(
    app: RequestListener,
    sessions: Sessions,
    io: () => CircleServer | undefined,
    adminToken: string,
  ): RequestListener;
  /** Once listening: announce this node, renew leases, and hand lost rooms' people back to their clients. */
  start(sessions: Sessions, io: CircleServer, address: { url: string; internalUrl: string }): Promise<void>;
  /** After `sessions.shutdown()`: say goodbye and disconnect from Redis. */
  close(): Promise<void>;
  /** Drop the store and lease connections without a word, as a killed process would (tests). */
  abandon(): Promise<void>;
}

const ROOM_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})(?:[/?]|$)/;

export function wireCluster(config: Config, logger: Logger): ClusterWiring | undefined {
  const cluster = config.cluster;
  if (!cluster) return undefined;
  const options = { maxRetriesPerRequest: 2 };
  const storeRedis = new Redis(cluster.redisUrl, options);
  const leaseRedis = new Redis(cluster.redisUrl, options);
  const pub = new Redis(cluster.redisUrl, options);
  const sub = pub.duplicate();
  // A Redis that is away fails every reconnection attempt: one line a minute says so (with a count).
  const redisLog = new SampledLog(STORE_FAULT_LOG_MS);
  for (const c of [storeRedis, leaseRedis, pub, sub])
    c.on('error', (err: Error) => redisLog.error(logger, { err: err.message.slice(0, 200) }, 'redis unreachable'));
  // The socket.io Redis adapter publishes and subscribes without handling the promises: a lost
  // connection would reject them unhandled. Each gets a handler here (logged, sampled by ioredis's own
  // error events above): broadcasts are best effort, the room and its people carry on.
  for (const c of [pub, sub])
    handleRejections(c, ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);

  const store = new RedisRoomStore(storeRedis, { fenceNodeId: cluster.nodeId, waitReplicas: cluster.waitReplicas });
  const leases = new RedisLeases(
    leaseRedis,
    { nodeId: cluster.nodeId, url: '', internalUrl: '' },
    { leaseMs: cluster.leaseMs },
  );

  return {
    store,
    leases,
    attachSockets(io) {
      io.adapter(createAdapter(pub, sub));
    },
    front(app, sessions, io, adminToken) {
      return (req: IncomingMessage, res: ServerResponse) => {
        const url = req.url ?? '/';
        if (req.method === 'GET' && url === '/api/live') {
          const server = io();
          if (!server || !bearerIs(req, adminToken)) {
            res.statusCode = 401;
            res.end();
            return;
          }
          void liveSessions(server).then(
            (sessionsLive) => {
              res.setHeader('content-type', 'application/json');
              res.end(JSON.stringify({ sessions: sessionsLive }));
            },
            () => {
              res.statusCode = 503;
              res.end();
            },
          );
          return;
        }
        if (req.method === 'GET' && url === '/api/nodes') {
          void leases.nodes().then(
            (nodes) => {
              res.setHeader('content-type', 'application/json');
              res.end(JSON.stringify({ nodes: nodes.map((n) => ({ nodeId: n.nodeId, url: n.url })) }));
            },
            () => {
              res.statusCode = 503;
              res.end();
            },
          );
          return;
        }
        const match = ROOM_PATH.exec(url);
        if (!match?.[1] || req.headers['x-circle-forwarded']) return app(req, res);
        void sessions.locate(match[1]).then(
          (where) => {
            if (!where || !('owner' in where) || !where.owner.internalUrl) return app(req, res);
            forward(req, res, where.owner.internalUrl, logger);
          },
          () => app(req, res),
        );
      };
    },
    async start(sessions, io, address) {
      leases.setAddress(cluster.nodeUrl ?? address.url, cluster.internalUrl ?? address.internalUrl);
      await leases.renew([]);
      sessions.onRoomLost = (_sessionId, participantIds) => {
        const ids = new Set(participantIds);
        // Close the transport, not the socket.io session: the client reconnects and is sent to the owner.
        for (const socket of io.of('/').sockets.values()) {
          if (ids.has(socket.data.participantId)) socket.conn.close();
        }
      };
      sessions.startLeaseHeartbeat(cluster.renewMs);
      logger.info({ nodeId: cluster.nodeId, url: leases.self.url }, 'cluster node started');
    },
    async close() {
      await leases.close();
      for (const c of [storeRedis, pub, sub]) await c.quit().catch(() => c.disconnect());
    },
    async abandon() {
      storeRedis.disconnect();
      leaseRedis.disconnect();
      // The adapter's own unsubscribes (from io.close) are answered before these go.
      for (const c of [pub, sub]) await c.quit().catch(() => c.disconnect());
    },
  };
}

/** Give every promise the named methods of `client` return a handler, so none rejects unhandled. */
function handleRejections(client: Redis, methods: readonly string[]): void {
  const target = client as unknown as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      const result: unknown = (original as (...a: unknown[]) => unknown).apply(client, args);
      if (result instanceof Promise) result.catch(() => undefined);
      return result;
    };
  }
}

function bearerIs(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Every connected participant on every node (socket.io Redis adapter), counted per session. */
async function liveSessions(io: CircleServer): Promise<{ sessionId: string; connected: number }[]> {
  const sockets = await io.fetchSockets();
  const counts = new Map<string, Set<string>>();
  for (const s of sockets) {
    const set = counts.get(s.data.sessionId) ?? new Set<string>();
    set.add(s.data.participantId);
    counts.set(s.data.sessionId, set);
  }
  return [...counts].map(([sessionId, ids]) => ({ sessionId, connected: ids.size }));
}

/** Send one HTTP request on to another node and its answer back. */
function forward(req: IncomingMessage, res: ServerResponse, base: string, logger: Logger): void {
  const target = new URL(req.url ?? '/', base);
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host, 'x-circle-forwarded': '1' } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    logger.warn({ err: err.message }, 'forward to owner node failed');
    if (!res.headersSent) res.statusCode = 502;
    res.end();
  });
  req.pipe(upstream);
}
