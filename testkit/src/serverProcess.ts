/**
 * The embedded Circle server as a child process, the way it runs in production: one process, PGlite
 * in a data folder. It keeps its port and its folder across runs, so a test can kill it (SIGKILL, as
 * a crash or the OOM killer would; SIGTERM, as an update would) and start it again over the same data.
 * The server runs from source through tsx: never a stale build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './redisServer.js';

/** The repository root (this file is testkit/src/… or testkit/dist/…). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SERVER_PROCESS_ADMIN_TOKEN = 'server-process-admin-token';

export interface ServerProcessOptions {
  /** Default: a free port chosen once and kept across restarts. */
  port?: number;
  /** Default: a new temporary folder, removed by `close()`. */
  dataDir?: string;
  /** Added to (and overriding) the defaults below. A value of `undefined` removes the variable. */
  env?: Record<string, string | undefined>;
  /** How long a start may take until /healthz answers (default 60 s). */
  healthTimeoutMs?: number;
}

/** One start of the process: when it was spawned and when /healthz first answered (performance.now()). */
export interface ServerRun {
  spawnedAt: number;
  healthyAt: number;
}

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly adminToken: string;
  /** Whether the process runs now. */
  readonly running: boolean;
  /** The process id of the current (or last) run. */
  readonly pid: number | undefined;
  /** What the current (or last) run wrote to stderr. */
  readonly stderr: string;
  /** What the current (or last) run wrote to stdout (the links it prints at start). */
  readonly stdout: string;
  /** Start it (again) on the same port and folder; resolves once /healthz answers. */
  start(): Promise<ServerRun>;
  /** SIGKILL: the process is gone at once, nothing flushed; resolves when it has exited. */
  kill(): Promise<void>;
  /** SIGTERM: the server's own shutdown; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Stop it if it runs, and remove the data folder if this helper made it. */
  close(): Promise<void>;
}

export interface ServerExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

const STDERR_LIMIT = 64 * 1024;

function serverEnv(base: Record<string, string>, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...base };
  // The parent's own settings must not leak into the server under test.
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'INVITE_SECRET', 'NODE_ID', 'NODE_URL']) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function spawnServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server/src/main.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Poll /healthz (every 20 ms) until it answers 200; fail at once if the process exits, or at the deadline. */
async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${stderr()}`);
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the server on ${url} was not healthy within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A server process on a fixed port over a data folder; not started yet (call `start()`). */
export async function serverProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? path.join(mkdtempSync(path.join(os.tmpdir(), 'circle-data-')), 'data');
  const url = `http://127.0.0.1:${port}`;
  const healthTimeoutMs = options.healthTimeoutMs ?? 60_000;
  const env = serverEnv(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      ADMIN_TOKEN: SERVER_PROCESS_ADMIN_TOKEN,
      DEMO_SESSION: 'false',
      MEDIASOUP_WORKERS: '1',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      CLIENT_DIR: path.join(REPO_ROOT, 'client', 'dist'),
    },
    options.env ?? {},
  );

  let child: ChildProcess | undefined;
  let stderr = '';
  let stdout = '';
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  const signal = async (sig: NodeJS.Signals): Promise<number | null> => {
    if (!child || !alive()) return child?.exitCode ?? null;
    const exited = exitOf(child);
    child.kill(sig);
    return exited;
  };

  return {
    url,
    port,
    dataDir,
    adminToken: env.ADMIN_TOKEN ?? SERVER_PROCESS_ADMIN_TOKEN,
    get running() {
      return alive();
    },
    get pid() {
      return child?.pid;
    },
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
    async start() {
      if (alive()) throw new Error('the server is already running');
      stderr = '';
      stdout = '';
      const spawnedAt = performance.now();
      const proc = spawnServer(env);
      child = proc;
      proc.stdout?.on('data', (chunk: Buffer) => {
        if (stdout.length < STDERR_LIMIT) stdout += chunk.toString('utf8');
      });
      proc.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8');
        if (process.env.E2E_DEBUG) process.stderr.write(chunk);
      });
      try {
        await waitHealthy(url, proc, healthTimeoutMs, () => stderr);
      } catch (err) {
        await signal('SIGKILL');
        throw err;
      }
      return { spawnedAt, healthyAt: performance.now() };
    },
    async kill() {
      await signal('SIGKILL');
    },
    stop: () => signal('SIGTERM'),
    async close() {
      await signal('SIGTERM');
      if (ownDir) rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}

/**
 * Run the server once with `env` (added to a minimal test environment) and wait for it to exit:
 * for settings it must refuse at start. Killed after `timeoutMs` if it does not exit.
 */
export async function runServerUntilExit(
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
): Promise<ServerExit> {
  const port = await freePort();
  const proc = spawnServer(
    serverEnv(
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        ADMIN_TOKEN: SERVER_PROCESS_ADMIN_TOKEN,
        DEMO_SESSION: 'false',
        MEDIASOUP_WORKERS: '1',
        LOG_LEVEL: 'warn',
      },
      env,
    ),
  );
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  // 'close', not 'exit': the output has been read to its end.
  const code = await new Promise<number | null>((resolve) => proc.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
