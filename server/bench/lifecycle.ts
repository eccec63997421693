/**
 * bench:lifecycle: memory before and after 1,000 created-and-ended sessions (issue 18, point 6).
 *
 * One Circle server in this process (one mediasoup worker, plain RTP allowed). Each session is real:
 * a therapist bot and a member bot connect through socket.io, the member is admitted, both join the
 * media (the room's router opens) and each opens a plain transport; then the therapist ends the
 * session and both leave. Figures are read at three points: the start (after a warm-up of
 * WARMUP sessions, swept), after the sessions with no sweep (as every room stayed loaded before), and
 * after the sweep that unloads ended rooms. Each reading: this process's RSS and heap (after
 * `global.gc`, when run with --expose-gc), the worker's VmRSS (/proc/<pid>/status) and
 * ru_maxrss, the routers open in the worker (its own dump) and the rooms loaded.
 * Writes .bench/lifecycle.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGREEMENT_VERSION } from '@circle/shared';
import { Bot } from '@circle/testkit/bot';
import { startCircle, type Circle } from '../src/compose.js';
import { loadConfig } from '../src/config.js';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
/** Sessions run at once (each its own two bots). */
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 8);
/** Rounds of SESSIONS sessions, each followed by a sweep. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const HARD_LIMIT_MS = 600_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

interface Reading {
  serverRssMb: number;
  serverHeapUsedMb: number;
  workerRssMb: number;
  workerMaxRssMb: number;
  routersOpen: number;
  roomsLoaded: number;
  /** The rooms' state kept in the database (outside this process), as the JSON it holds. */
  storeMb: number;
}

/** A full collection, twice (weak references and finalisers run between), when --expose-gc is on. */
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  for (let i = 0; i < 2; i++) {
    gc();
    await sleep(100);
  }
}

function vmRssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function storeBytes(circle: Circle): Promise<number> {
  let bytes = 0;
  for (const id of await circle.store.list()) bytes += JSON.stringify(await circle.store.load(id)).length;
  return bytes;
}

async function read(circle: Circle): Promise<Reading> {
  await collect();
  const worker = circle.pool.workers[0];
  if (!worker) throw new Error('no worker');
  const dump = (await worker.dump()) as { routerIds?: unknown[] };
  const usage = await worker.getResourceUsage();
  const mem = process.memoryUsage();
  return {
    serverRssMb: mb(mem.rss),
    serverHeapUsedMb: mb(mem.heapUsed),
    workerRssMb: mb(vmRssBytes(worker.pid)),
    // ru_maxrss is in kilobytes on Linux: the worker's high-water mark, which never goes down.
    workerMaxRssMb: mb(usage.ru_maxrss * 1024),
    routersOpen: dump.routerIds?.length ?? 0,
    roomsLoaded: circle.sessions.live().length,
    storeMb: mb(await storeBytes(circle)),
  };
}

/** One realistic session: two people, the router open with a transport each, then ended and left. */
async function oneSession(circle: Circle, n: number): Promise<void> {
  const { state, therapist } = await circle.sessions.create({ title: `Group ${n}`, therapistName: 'Therapist' });
  const actor = await circle.sessions.get(state.sessionId);
  if (!actor) throw new Error('session not found');
  const invite = await circle.sessions.invite(actor, 'member', 'Member');
  if ('code' in invite) throw new Error(invite.code);
  const lead = await Bot.connect(circle.url, therapist.token, { name: 'therapist', keepEventLog: false });
  const member = await Bot.connect(circle.url, invite.token, { name: 'member', keepEventLog: false });
  try {
    await lead.nextEvent('room:state');
    await member.nextEvent('room:state');
    await member.call('session:checkIn', {
      agreementVersion: AGREEMENT_VERSION,
      location: 'Bench',
      privateSafePlace: true,
    });
    await lead.call('lobby:admit', { participantId: member.participantId ?? '' });
    await member.nextEvent('room:state', (v) => v.you.status === 'admitted');
    for (const bot of [lead, member]) {
      await bot.joinMedia();
      await bot.openPlainSend();
    }
    if (!actor.mediaRoom || actor.mediaRoom.isClosed) throw new Error('the router did not open');
    await lead.call('room:end', {});
    await member.disconnected();
  } finally {
    lead.close();
    member.close();
  }
  // Everyone gone (the seats freed): the room is ready to be unloaded.
  const deadline = Date.now() + 5_000;
  while (actor.connections > 0) {
    if (Date.now() > deadline) throw new Error('participants did not leave');
    await sleep(5);
  }
}

async function runSessions(circle: Circle, count: number, offset: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = offset + next++;
      await oneSession(circle, n);
      if ((n + 1 - offset) % 200 === 0) console.log(`[bench:lifecycle] ${n + 1 - offset} sessions`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, lane));
}

function row(label: string, key: keyof Reading, readings: Reading[]): string {
  const first = readings[0]![key];
  const last = readings[readings.length - 1]![key];
  const cells = readings.map((r) => String(r[key]).padStart(12));
  return `${label.padEnd(28)}${cells.join('')}${String(Math.round((last - first) * 10) / 10).padStart(12)}`;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-bench-lifecycle-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN: 'bench-admin-token',
    // The figures in BENCHMARKS.md before E2EE became the default were taken without it: kept so.
    E2EE: 'false',
    // The embedded default as deployed: PGlite in a folder on disk (a temporary one).
    DATA_DIR: dataDir,
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'silent',
    ALLOW_PLAIN_RTP: 'true',
  });
  const circle = await startCircle(config);
  // The benchmark sweeps by hand, at the points it measures.
  circle.sessions.stopSweep();
  const idleMs = config.roomIdleMs;
  try {
    if (!(globalThis as { gc?: () => void }).gc)
      console.log('[bench:lifecycle] run with --expose-gc for stable heap figures');
    const cold = await read(circle);
    await runSessions(circle, WARMUP, 0);
    await circle.sessions.sweep(idleMs);
    const start = await read(circle);
    const t0 = performance.now();
    await runSessions(circle, SESSIONS, WARMUP);
    const runMs = performance.now() - t0;
    const loaded = await read(circle);
    const s0 = performance.now();
    const unloaded = await circle.sessions.sweep(idleMs);
    const sweepMs = performance.now() - s0;
    // Let mediasoup's channel answers and socket.io's closed sockets settle before reading.
    await sleep(1_000);
    const swept = await read(circle);
    // More rounds: memory freed by the first is reused (no growth), unless something leaks.
    const rounds: Reading[] = [];
    for (let r = 1; r < ROUNDS; r++) {
      await runSessions(circle, SESSIONS, WARMUP + r * SESSIONS);
      await circle.sessions.sweep(idleMs);
      await sleep(1_000);
      rounds.push(await read(circle));
    }

    console.log('');
    console.log(
      `[bench:lifecycle] ${SESSIONS} sessions (therapist + member, router and 2 transports each, ended) in ${Math.round(runMs / 1000)} s; sweep unloaded ${unloaded.length} rooms in ${Math.round(sweepMs)} ms`,
    );
    const readings = [start, loaded, swept, ...rounds];
    console.log(
      `${''.padEnd(28)}${['start', 'no sweep', 'swept', ...rounds.map((_, i) => `round ${i + 2}`), 'end−start'].map((h) => h.padStart(12)).join('')}`,
    );
    console.log(row('server RSS (MB)', 'serverRssMb', readings));
    console.log(row('server heap used (MB)', 'serverHeapUsedMb', readings));
    console.log(row('worker VmRSS (MB)', 'workerRssMb', readings));
    console.log(row('worker ru_maxrss (MB)', 'workerMaxRssMb', readings));
    console.log(row('room state in database (MB)', 'storeMb', readings));
    console.log(row('routers open', 'routersOpen', readings));
    console.log(row('rooms loaded', 'roomsLoaded', readings));
    console.log(
      `(cold start, before the ${WARMUP}-session warm-up: server RSS ${cold.serverRssMb} MB, heap ${cold.serverHeapUsedMb} MB, worker ${cold.workerRssMb} MB)`,
    );

    const result = {
      sessions: SESSIONS,
      warmup: WARMUP,
      parallel: PARALLEL,
      runMs,
      sweepMs,
      unloaded: unloaded.length,
      cold,
      start,
      loaded,
      swept,
    };
    const out = path.join(root, '.bench', 'lifecycle.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`[bench:lifecycle] wrote ${path.relative(root, out)}`);
  } finally {
    await circle.close();
  }
}

const limit = setTimeout(() => {
  console.error(`[bench:lifecycle] stopped after ${HARD_LIMIT_MS / 1000} s`);
  process.exit(2);
}, HARD_LIMIT_MS);
limit.unref();
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('[bench:lifecycle] failed:', err);
    process.exit(1);
  },
);
