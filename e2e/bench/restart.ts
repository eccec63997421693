/**
 * bench:restart: the embedded server as one process over its data folder (PGlite on disk).
 *
 * 1. Start times: a first start over an empty data folder (process spawned → /healthz answers: the
 *    migrations run and the link-signing secret is made) beside a start over that folder once it
 *    exists (SIGTERM, then start again), `BENCH_STARTS` times each (default 3).
 * 2. Restarts under a live room: a therapist and two members in Chromium, with video, the agenda
 *    running, a hand up and an open crisis alert. The server is killed with SIGKILL `BENCH_RUNS`
 *    times (default 3), then once stopped with SIGTERM, and started again at once on the same port
 *    and folder. For each browser: the time from the signal to its first new frame from both
 *    remote videos (it sees everyone again). Prints every run and the p50 over the SIGKILL runs;
 *    writes .bench/restart.json.
 */
import { serverProcess, type ServerProcess } from '@circle/testkit/serverProcess';
import type { Browser } from 'playwright-core';
import { fmt, hardDeadline, summarize, table, writeResult } from '../../server/bench/support/stats.js';
import { launchChromium } from '../support/index.js';
import { openRestartRoom } from '../support/restartRoom.js';
import { markCurrentVideos, newRemoteVideoFramesAt } from '../support/videos.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const BUDGET_MS = 8 * 60_000;

const servers: ServerProcess[] = [];
let browser: Browser | undefined;
hardDeadline(BUDGET_MS, () => {
  for (const s of servers) if (s.running && s.pid) process.kill(s.pid, 'SIGKILL');
});

interface StartTimes {
  emptyMs: number;
  existingMs: number;
}

/** Spawn → /healthz over an empty folder, then over the same folder after a clean stop. */
async function startTimes(): Promise<StartTimes> {
  const server = await serverProcess();
  servers.push(server);
  try {
    const first = await server.start();
    await server.stop();
    const again = await server.start();
    return { emptyMs: first.healthyAt - first.spawnedAt, existingMs: again.healthyAt - again.spawnedAt };
  } finally {
    await server.close();
  }
}

interface RestartRun {
  signal: 'SIGKILL' | 'SIGTERM';
  /** Signal sent → the old process gone. */
  exitMs: number;
  /** Spawned → /healthz answers (over the folder with the live room). */
  startMs: number;
  /** Signal sent → the browser showed a new frame from both remote videos, per browser. */
  videoBackMs: Record<string, number>;
}

async function main(): Promise<void> {
  const starts: StartTimes[] = [];
  for (let i = 0; i < STARTS; i++) {
    const s = await startTimes();
    starts.push(s);
    console.log(
      `bench:restart start ${i + 1}/${STARTS}: empty data folder ${fmt(s.emptyMs, 0)} ms · existing folder ${fmt(s.existingMs, 0)} ms`,
    );
  }

  const server = await serverProcess();
  servers.push(server);
  await server.start();
  browser = await launchChromium();
  const room = await openRestartRoom(browser, server);
  const runs: RestartRun[] = [];
  const plan: RestartRun['signal'][] = [...Array.from({ length: RUNS }, () => 'SIGKILL' as const), 'SIGTERM'];
  for (const [i, signal] of plan.entries()) {
    for (const a of room.actors) await markCurrentVideos(a.page);
    const sentAt = Date.now();
    if (signal === 'SIGKILL') await server.kill();
    else await server.stop();
    const exitMs = Date.now() - sentAt;
    const started = await server.start();
    const back = await Promise.all(room.actors.map((a) => newRemoteVideoFramesAt(a.page, 2, 90_000)));
    const run: RestartRun = {
      signal,
      exitMs,
      startMs: started.healthyAt - started.spawnedAt,
      videoBackMs: Object.fromEntries(room.actors.map((a, k) => [a.name, Math.round(back[k]! - sentAt)])),
    };
    runs.push(run);
    console.log(
      `bench:restart run ${i + 1}/${plan.length} (${signal}): exit ${exitMs} ms · start ${fmt(run.startMs, 0)} ms · video back ` +
        Object.entries(run.videoBackMs)
          .map(([name, ms]) => `${name} ${ms} ms`)
          .join(', '),
    );
  }

  const killed = runs.filter((r) => r.signal === 'SIGKILL');
  const names = room.actors.map((a) => a.name);
  const p50 = (values: number[]) => summarize(values).p50;
  const perBrowserP50 = Object.fromEntries(names.map((n) => [n, p50(killed.map((r) => r.videoBackMs[n]!))]));
  const everyoneP50 = p50(killed.map((r) => Math.max(...Object.values(r.videoBackMs))));
  const emptyP50 = p50(starts.map((s) => s.emptyMs));
  const existingP50 = p50(starts.map((s) => s.existingMs));
  console.log('');
  console.log(
    table(
      ['run', 'signal', 'exit ms', 'start ms', ...names.map((n) => `${n} ms`), 'healthy → all back ms'],
      runs.map((r, i) => [i + 1, r.signal, r.exitMs, fmt(r.startMs, 0), ...names.map((n) => r.videoBackMs[n] ?? '–')]),
    ),
  );
  console.log(
    `\nSIGKILL → video back, p50 over ${killed.length} runs: ` +
      names.map((n) => `${n} ${fmt(perBrowserP50[n]!, 0)} ms`).join(', ') +
      ` · every browser ${fmt(everyoneP50, 0)} ms`,
  );
  console.log(
    `start (spawn → /healthz), p50 of ${STARTS}: empty data folder ${fmt(emptyP50, 0)} ms · existing folder ${fmt(existingP50, 0)} ms`,
  );
  const file = writeResult('restart', {
    starts,
    startP50Ms: { emptyFolder: emptyP50, existingFolder: existingP50 },
    runs,
    sigkillVideoBackP50Ms: { perBrowser: perBrowserP50, everyBrowser: everyoneP50 },
  });
  console.log(`wrote ${file}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await browser?.close().catch(() => undefined);
    for (const s of servers) await s.close().catch(() => undefined);
    process.exit();
  });
