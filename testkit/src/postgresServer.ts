/**
 * A throwaway PostgreSQL server for tests and benchmarks, from Debian's `postgresql` package: its
 * own free port, its own temporary folder, trust authentication on 127.0.0.1 only. initdb refuses
 * to run as root, so as root it runs as the `postgres` user. `stop()` and `start()` stop and start
 * the same server over the same data (a real outage); `close()` removes it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redisServer.js';

export interface PostgresServer {
  url: string;
  port: number;
  /** Stop the server (fast shutdown): clients see it gone. */
  stop(): Promise<void>;
  /** Start it again on the same port and data. */
  start(): Promise<void>;
  /** Stop and remove its data. */
  close(): Promise<void>;
}

/** The folder with initdb and postgres: POSTGRES_BIN, or the newest Debian install. */
export function postgresBinDir(): string | undefined {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export function postgresServerAvailable(): boolean {
  const bin = postgresBinDir();
  return bin !== undefined && spawnSync(path.join(bin, 'postgres'), ['--version'], { stdio: 'ignore' }).status === 0;
}

const asRoot = process.getuid?.() === 0;

/** Run a PostgreSQL program as the user that may (postgres, when we are root). */
function command(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('error', () => resolve(false));
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
  });
}

const exited_ = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });

export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'circle-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  if (asRoot) spawnSync('chown', ['postgres', dir]);
  const [initCmd, initArgs] = command(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'circle',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr.slice(0, 500)}`);

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const [cmd, args] = command(path.join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      dir,
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=32MB',
    ]);
    const proc = spawn(cmd, args, { stdio: 'ignore' });
    child = proc;
    // A test process that ends without closing it takes its server with it.
    const orphan = () => {
      try {
        const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    };
    process.once('exit', orphan);
    void exited_(proc).then(() => process.off('exit', orphan));
    exited = exited_(proc);
    const deadline = Date.now() + 20_000;
    while (!(await accepts(port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`postgres did not start on port ${port}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    // Accepting TCP is not accepting queries yet: wait until a query is answered.
    const [psqlCmd, psqlArgs] = command(path.join(bin, 'psql'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'circle',
      '-d',
      'postgres',
      '-Atc',
      'select 1',
    ]);
    while (spawnSync(psqlCmd, psqlArgs, { stdio: 'ignore' }).status !== 0) {
      if (Date.now() > deadline) throw new Error(`postgres on port ${port} does not answer`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    // The postmaster itself (runuser does not pass signals on): SIGINT is a fast shutdown.
    if (child && child.exitCode === null) {
      const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
      else child.kill('SIGKILL');
    }
    await exited;
    child = null;
  };
  await start();
  const [createCmd, createArgs] = command(path.join(bin, 'createdb'), [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'circle',
    'circle',
  ]);
  const created = spawnSync(createCmd, createArgs, { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr.slice(0, 500)}`);
  return {
    url: `postgres://circle@127.0.0.1:${port}/circle`,
    port,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
