/**
 * A throwaway redis-server for tests and benchmarks: its own free port, its own temporary folder,
 * append-only file fsynced on every write (as production should run it), no RDB snapshots.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  /** Kill the process at once, as a crash would; its data folder stays (appendfsync always: nothing acknowledged is lost). */
  kill(): Promise<void>;
  /** Start it again on the same port from the same data folder (killing it first if it still runs). */
  restart(): Promise<void>;
  /** Stop it and remove its data. */
  stop(): Promise<void>;
}

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? 'redis-server';

/** Whether a redis-server binary can be run here. */
export function redisServerAvailable(): boolean {
  const r = spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('error', () => resolve(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => {
      sock.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
  });
}

/** A redis-server process on `port`, its data in `dir`, answering PING before this resolves. */
async function spawnRedis(port: number, dir: string): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited };
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'circle-redis-'));
  let running: { child: ChildProcess; exited: Promise<void> } | null = await spawnRedis(port, dir);
  const kill = async (signal: NodeJS.Signals) => {
    const r = running;
    running = null;
    if (!r) return;
    if (r.child.exitCode === null) r.child.kill(signal);
    await r.exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      await kill('SIGKILL');
    },
    async restart() {
      await kill('SIGKILL');
      running = await spawnRedis(port, dir);
    },
    async stop() {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
