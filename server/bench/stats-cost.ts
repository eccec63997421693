/**
 * bench:stats: what sampling session health costs the mediasoup worker, for a room of 10.
 *
 * One Circle server in this process (one worker, plain RTP allowed) and ten bots from
 * the test kit (@circle/testkit/bot): a therapist and nine members, each sending Opus and VP8 over plain RTP
 * and receiving the other nine (20 producers, 180 consumers). The therapist being connected is
 * what makes the health monitor sample the room, every HEALTH_SAMPLE_SECONDS (2 s).
 *
 * Two measurements of the worker's CPU (worker.getResourceUsage(): user + system time):
 * 1. alternating windows with the monitor stopped and running (the real rate, one sample / 2 s);
 *    the difference is small next to forwarding, so the windows alternate to cancel drift;
 * 2. a burst of back-to-back samples of the same room with the monitor stopped: the worker CPU
 *    above the media-only rate, divided by the number of samples, is the cost of one sample;
 *    at one sample every 2 s that is the steady cost in percent of a core.
 * Loopback only; every stream stops by itself; the run is capped. Writes .bench/stats-cost.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCircle, type Circle } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { sampleMediaRoom } from '../src/adapters/media/mediaStats.js';
import type { Bot } from '@circle/testkit/bot';
import { admittedBots, untilProducersKnown } from './support/inProcessRoom.js';

const ROOM_SIZE = 10;
const VIDEO_KBPS = Number(process.env.BENCH_VIDEO_KBPS ?? 500);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 12_000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 2);
const BURST_SAMPLES = Number(process.env.BENCH_BURST ?? 150);
const WARMUP_MS = 3_000;
const SAMPLE_MS = 2_000;
const HARD_LIMIT_MS = 240_000;
const SEND_LIMIT_MS = HARD_LIMIT_MS;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reading {
  wallMs: number;
  workerCpuMs: number;
  nodeCpuMs: number;
}

async function read(circle: Circle): Promise<Reading> {
  const worker = circle.pool.workers[0];
  if (!worker) throw new Error('no worker');
  const u = await worker.getResourceUsage();
  const n = process.cpuUsage();
  return { wallMs: performance.now(), workerCpuMs: u.ru_utime + u.ru_stime, nodeCpuMs: (n.user + n.system) / 1000 };
}

interface Window {
  sampling: boolean;
  wallMs: number;
  workerPct: number;
  nodePct: number;
  roomSamples: number;
}

async function measure(circle: Circle, sampling: boolean, ms: number): Promise<Window> {
  const { health } = circle.supervision;
  if (sampling) health.start();
  else health.stop();
  await sleep(500);
  const samplesBefore = health.stats.roomSamples;
  const a = await read(circle);
  await sleep(ms);
  const b = await read(circle);
  const wall = b.wallMs - a.wallMs;
  return {
    sampling,
    wallMs: Math.round(wall),
    workerPct: ((b.workerCpuMs - a.workerCpuMs) / wall) * 100,
    nodePct: ((b.nodeCpuMs - a.nodeCpuMs) / wall) * 100,
    roomSamples: health.stats.roomSamples - samplesBefore,
  };
}

async function buildRoom(circle: Circle): Promise<{ bots: Bot[]; sessionId: string }> {
  const { bots, sessionId } = await admittedBots(circle, ROOM_SIZE, 'Benchmark group');
  for (const bot of bots) {
    await bot.joinMedia();
    const mic = await bot.produce('mic');
    const camera = await bot.produce('camera', { kbps: VIDEO_KBPS });
    mic.stream.start({ maxDurationMs: SEND_LIMIT_MS });
    camera.stream.start({ maxDurationMs: SEND_LIMIT_MS });
  }
  const others = (ROOM_SIZE - 1) * 2;
  await untilProducersKnown(bots, others);
  for (const bot of bots) await bot.consumeAll();
  return { bots, sessionId };
}

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN: 'bench-admin-token',
    // The figures in BENCHMARKS.md before E2EE became the default were taken without it: kept so.
    E2EE: 'false',
    // PGlite in memory: never the ./data folder a running Circle may hold.
    DATA_DIR: ':memory:',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'silent',
    ALLOW_PLAIN_RTP: 'true',
    HEALTH_SAMPLE_SECONDS: String(SAMPLE_MS / 1000),
  });
  const circle = await startCircle(config);
  circle.supervision.health.stop();
  let bots: Bot[] = [];
  try {
    const room = await buildRoom(circle);
    bots = room.bots;
    const media = (await circle.sessions.get(room.sessionId))?.mediaRoom;
    if (!media) throw new Error('no media room');
    console.log(`[bench:stats] room of ${ROOM_SIZE}:`, media.counts(), `video ${VIDEO_KBPS} kbps per sender`);
    await sleep(WARMUP_MS);
    // Sanity: media really flows through the SFU to every receiver.
    const received = () =>
      bots.reduce(
        (sum, bot) => sum + [...bot.remoteProducers.keys()].reduce((s2, id) => s2 + bot.receivedFrom(id).packets, 0),
        0,
      );
    const r0 = received();
    await sleep(2_000);
    const forwardedPps = (received() - r0) / 2;
    console.log(`[bench:stats] ${Math.round(forwardedPps)} RTP packets/s reach the ten receivers`);
    if (forwardedPps < 1_000) throw new Error('media is not flowing through the SFU');

    const windows: Window[] = [];
    for (let i = 0; i < PAIRS; i++) {
      for (const sampling of [false, true]) {
        const w = await measure(circle, sampling, WINDOW_MS);
        windows.push(w);
        console.log(
          `[bench:stats] ${sampling ? 'sampling ' : 'no sample'}: worker ${w.workerPct.toFixed(2)}% · node ${w.nodePct.toFixed(1)}% · ${w.roomSamples} samples in ${w.wallMs} ms`,
        );
      }
    }
    circle.supervision.health.stop();
    await sleep(500);

    // Burst: back-to-back samples, against the media-only rate measured just before and after.
    const before = await measure(circle, false, WINDOW_MS / 2);
    const a = await read(circle);
    const sampleWallMs: number[] = [];
    for (let i = 0; i < BURST_SAMPLES; i++) {
      const t = performance.now();
      await sampleMediaRoom(media);
      await media.worker.getResourceUsage(); // the monitor reads the worker's usage with each sample
      sampleWallMs.push(performance.now() - t);
    }
    const b = await read(circle);
    const after = await measure(circle, false, WINDOW_MS / 2);
    const baselinePct = (before.workerPct + after.workerPct) / 2;
    const burstWall = b.wallMs - a.wallMs;
    const extraCpuMs = b.workerCpuMs - a.workerCpuMs - (baselinePct / 100) * burstWall;
    const perSampleCpuMs = extraCpuMs / BURST_SAMPLES;
    const steadyPct = (perSampleCpuMs / SAMPLE_MS) * 100;

    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
    const off = mean(windows.filter((w) => !w.sampling).map((w) => w.workerPct));
    const on = mean(windows.filter((w) => w.sampling).map((w) => w.workerPct));
    sampleWallMs.sort((x, y) => x - y);
    const result = {
      what: `Worker CPU cost of session-health sampling (transport.getStats + producer.getStats per sample, every ${SAMPLE_MS / 1000} s) for a room of ${ROOM_SIZE}, plain-RTP bots, one mediasoup 3.8.4 worker`,
      room: { ...media.counts(), videoKbps: VIDEO_KBPS, forwardedPacketsPerSecond: Math.round(forwardedPps) },
      windows: windows.map((w) => ({ ...w, workerPct: round(w.workerPct), nodePct: round(w.nodePct) })),
      alternatingWindows: {
        workerPctWithout: round(off),
        workerPctWith: round(on),
        differencePct: round(on - off),
        noisePct: round(
          Math.max(...windows.filter((w) => !w.sampling).map((w) => w.workerPct)) -
            Math.min(...windows.filter((w) => !w.sampling).map((w) => w.workerPct)),
        ),
      },
      burst: {
        samples: BURST_SAMPLES,
        baselineWorkerPct: round(baselinePct),
        workerCpuMsPerSample: round(perSampleCpuMs, 3),
        sampleWallMs: {
          p50: round(sampleWallMs[Math.floor(sampleWallMs.length / 2)] ?? NaN),
          max: round(sampleWallMs.at(-1) ?? NaN),
        },
        steadyCostPctOfCore: round(steadyPct, 3),
      },
      at: new Date().toISOString(),
    };
    console.log('');
    const offs = windows.filter((w) => !w.sampling).map((w) => w.workerPct);
    const noise = Math.max(...offs) - Math.min(...offs);
    console.log(
      `[bench:stats] worker CPU without sampling ${off.toFixed(2)}%, with sampling every 2 s ${on.toFixed(2)}%: difference ${(on - off).toFixed(2)} points (windows without sampling differ by ${noise.toFixed(2)} points among themselves)`,
    );
    console.log(
      `[bench:stats] burst of ${BURST_SAMPLES} samples: ${perSampleCpuMs.toFixed(3)} ms of worker CPU per sample → ${steadyPct.toFixed(3)}% of a core at one sample every 2 s (sample takes ${result.burst.sampleWallMs.p50} ms wall, p50)`,
    );
    const out = path.join(root, '.bench', 'stats-cost.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`[bench:stats] wrote ${path.relative(root, out)}`);
  } finally {
    for (const bot of bots) bot.close();
    await circle.close();
  }
}

function round(x: number, digits = 2): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

const limit = setTimeout(() => {
  console.error(`[bench:stats] stopped after ${HARD_LIMIT_MS / 1000} s`);
  process.exit(2);
}, HARD_LIMIT_MS);
main()
  .then(() => {
    clearTimeout(limit);
    process.exit(0);
  })
  .catch((err: unknown) => {
    console.error('[bench:stats] failed:', err);
    process.exit(1);
  });
