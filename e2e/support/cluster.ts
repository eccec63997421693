/**
 * Several Circle nodes as separate processes behind one address, as in production: a tiny load
 * balancer routes `/n/<node>/…` to that node (each node's NODE_URL) and everything else to the
 * first node that answers. The nodes share a redis-server started for the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort, startRedisServer, type RedisServer } from '@circle/testkit/redisServer';
import { startPostgresServer } from '@circle/testkit/postgresServer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_TOKEN = 'e2e-admin-token';

export interface NodeProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

export interface TestCluster {
  url: string;
  redis: RedisServer;
  nodes: Map<string, NodeProcess>;
  /** The node that holds the room's lease now. */
  ownerOf(sessionId: string): Promise<string | null>;
  /** The room's state as stored in Redis. */
  storedState(sessionId: string): Promise<Record<string, unknown> | null>;
  kill(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The server from source through tsx: never a stale build (`node server/dist/src/main.js` runs the same code). */
function serverCommand(): string[] {
  return ['--import', 'tsx', path.join(root, 'server/src/main.ts')];
}

async function waitHealthy(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node on port ${port} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`node on port ${port} did not become healthy`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Route `/n/<name>/rest` → node `name` as `/rest`; anything else → the first node that answers. */
function pickBackend(url: string, nodes: Map<string, NodeProcess>): { candidates: NodeProcess[]; path: string } {
  const m = /^\/n\/([a-z0-9-]+)(\/.*)?$/.exec(url);
  if (m?.[1]) {
    const node = nodes.get(m[1]);
    return { candidates: node ? [node] : [], path: m[2] ?? '/' };
  }
  return { candidates: [...nodes.values()].filter((n) => n.child.exitCode === null), path: url };
}

function startBalancer(nodes: Map<string, NodeProcess>, port: number): http.Server {
  const server = http.createServer((req, res) => {
    const { candidates, path: target } = pickBackend(req.url ?? '/', nodes);
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const attempt = (i: number) => {
        const node = candidates[i];
        if (!node) {
          res.statusCode = 502;
          res.end();
          return;
        }
        const up = http.request(
          { host: '127.0.0.1', port: node.port, path: target, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        up.on('error', () => attempt(i + 1));
        up.end(Buffer.concat(body));
      };
      attempt(0);
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const { candidates, path: target } = pickBackend(req.url ?? '/', nodes);
    socket.on('error', () => undefined);
    const attempt = (i: number) => {
      const node = candidates[i];
      if (!node) {
        socket.destroy();
        return;
      }
      const up = net.connect(node.port, '127.0.0.1');
      up.once('error', () => attempt(i + 1));
      up.once('connect', () => {
        up.on('error', () => socket.destroy());
        const lines = [`${req.method} ${target} HTTP/1.1`];
        for (let k = 0; k < req.rawHeaders.length; k += 2) lines.push(`${req.rawHeaders[k]}: ${req.rawHeaders[k + 1]}`);
        up.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length) up.write(head);
        up.pipe(socket);
        socket.pipe(up);
        up.on('close', () => socket.destroy());
        socket.on('close', () => up.destroy());
      });
    };
    attempt(0);
  });
  server.listen(port, '127.0.0.1');
  return server;
}

export async function startCluster(names: string[], env: Record<string, string> = {}): Promise<TestCluster> {
  const redis = await startRedisServer();
  const postgres = await startPostgresServer();
  const lbPort = await freePort();
  const url = `http://127.0.0.1:${lbPort}`;
  const nodes = new Map<string, NodeProcess>();
  const balancer = startBalancer(nodes, lbPort);
  const redisClient = new Redis(redis.url);

  const spawnNode = async (name: string, index: number): Promise<NodeProcess> => {
    const port = await freePort();
    const child = spawn(process.execPath, serverCommand(), {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: url,
        NODE_URL: `${url}/n/${name}`,
        NODE_ID: name,
        REDIS_URL: redis.url,
        DATABASE_URL: postgres.url,
        INVITE_SECRET: 'e2e-cluster-invite-secret',
        ADMIN_TOKEN,
        DEMO_SESSION: 'false',
        MEDIASOUP_WORKERS: '1',
        RTC_MIN_PORT: String(40000 + index * 1000),
        RTC_MAX_PORT: String(40999 + index * 1000),
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
        CLIENT_DIR: path.join(root, 'client', 'dist'),
        E2EE: process.env.E2E_E2EE ?? 'true',
        ...env,
      },
      stdio: ['ignore', 'ignore', process.env.E2E_DEBUG ? 'inherit' : 'ignore'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await waitHealthy(port, child);
    return { name, port, child, exited };
  };

  const started = await Promise.all(names.map((n, i) => spawnNode(n, i)));
  for (const n of started) nodes.set(n.name, n);

  return {
    url,
    redis,
    nodes,
    ownerOf: (sessionId) => redisClient.get(`circle:lease:${sessionId}`),
    async storedState(sessionId) {
      const raw = await redisClient.get(`circle:room:${sessionId}`);
      return raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    },
    async kill(name) {
      const node = nodes.get(name);
      if (!node) throw new Error(`no node ${name}`);
      node.child.kill('SIGKILL');
      await node.exited;
    },
    async close() {
      for (const n of nodes.values()) {
        if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGTERM');
      }
      await Promise.all([...nodes.values()].map((n) => n.exited));
      balancer.closeAllConnections();
      await new Promise<void>((resolve) => balancer.close(() => resolve()));
      redisClient.disconnect();
      await redis.stop();
      await postgres.close();
    },
  };
}

/** A session and invitation links, through the balancer (any node answers). */
export async function createClusterSession(
  cluster: TestCluster,
  people: { name: string; role: 'member' | 'therapist' | 'supervisor' }[],
  title = 'Tuesday skills group',
): Promise<{ sessionId: string; therapistUrl: string; urls: Record<string, string> }> {
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const res = await fetch(`${cluster.url}/api/sessions`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ title }),
  });
  if (!res.ok) throw new Error(`create session: ${res.status}`);
  const session = (await res.json()) as { id: string; therapistUrl: string };
  const urls: Record<string, string> = {};
  for (const p of people) {
    const r = await fetch(`${cluster.url}/api/sessions/${session.id}/invites`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ role: p.role, displayName: p.name }),
    });
    if (!r.ok) throw new Error(`invite ${p.name}: ${r.status}`);
    urls[p.name] = ((await r.json()) as { url: string }).url;
  }
  return { sessionId: session.id, therapistUrl: session.therapistUrl, urls };
}
