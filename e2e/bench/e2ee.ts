/**
 * bench:e2ee — what end-to-end encrypted media costs the browsers (issue 25). The same 6-person room
 * (a therapist and five members, each sending a camera and receiving the other five; microphones
 * muted, as people join: video is nearly all of the frames' bytes) in one run with E2EE=false, then
 * E2EE=true (every frame sealed and opened in each page's worker), then false again. Each run has its own Chromium, so its processes' CPU is that room's.
 *
 * Printed per run: the browsers' CPU (all six pages, as a share of one core, from /proc), the SFU's
 * worker CPU, and the frames each page decoded per second (the work the pictures took). Never asserts.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { Circle } from '../../server/src/compose.js';
import { createSession, launchChromium, openAs, pollUntil, startServer } from '../support/index.js';

/** BENCH_E2EE_PEOPLE: the room's size, a therapist included (default 6). */
const PEOPLE = Math.min(6, Math.max(2, Number(process.env.BENCH_E2EE_PEOPLE ?? 6)));
const MEMBERS = ['Alex', 'Sam', 'Kim', 'Lee', 'Max'].slice(0, PEOPLE - 1);
const MEASURE_MS = Number(process.env.BENCH_E2EE_SECONDS ?? 20) * 1000;
const TICKS = 100; // /proc's clock ticks per second (USER_HZ) on Linux

/** CPU ticks (user + system) of every process whose command line matches `match`. */
function cpuTicks(match: (cmdline: string, comm: string) => boolean): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!match(cmdline, comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
const isChromium = (cmdline: string) => cmdline.startsWith('/usr/lib/chromium/') || cmdline.includes('chromium');
const isWorker = (_: string, comm: string) => comm.startsWith('mediasoup-work');

async function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const c = (window as unknown as { circle: { inboundStats(): Promise<{ kind: string; framesDecoded?: number }[]> } })
      .circle;
    return (await c.inboundStats()).reduce((n, s) => n + (s.kind === 'video' ? (s.framesDecoded ?? 0) : 0), 0);
  });
}

async function remoteVideosPlaying(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      Array.from(document.querySelectorAll<HTMLVideoElement>('li.tile:not([aria-label*="(you)"]) video')).filter(
        (v) => v.videoWidth > 0 && v.currentTime > 0,
      ).length,
  );
}

interface Result {
  mode: string;
  browserCore: number;
  sfuCore: number;
  fps: number;
}

async function run(e2ee: boolean): Promise<Result> {
  const circle: Circle = await startServer({ E2EE: e2ee ? 'true' : 'false' });
  const browser = await launchChromium({ fakeFps: 10 });
  try {
    const { therapistUrl, urls } = await createSession(
      circle,
      MEMBERS.map((name) => ({ name, role: 'member' as const })),
      'E2EE benchmark',
    );
    const therapist = await openAs(browser, 'therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const pages: Page[] = [therapist.page];
    // Six browsers fill this machine's two cores: every step waits longer than a test would.
    therapist.page.setDefaultTimeout(90_000);
    for (const name of MEMBERS) {
      const { page } = await openAs(browser, name, urls[name]!);
      page.setDefaultTimeout(90_000);
      await page.getByRole('heading', { name: /^Get ready/ }).waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('checkbox', { name: /accept the group agreement/ }).check();
      await page.getByLabel('Where are you right now? (city and state)').fill('Portland, OR');
      await page.getByRole('checkbox', { name: /private, safe place/ }).check();
      await page.getByRole('button', { name: 'Join the waiting room' }).click();
      await page.getByText('You are in the waiting room').waitFor();
      pages.push(page);
    }
    await therapist.page.getByRole('button', { name: 'Admit all' }).click();
    for (const page of pages)
      await pollUntil(async () => ((await remoteVideosPlaying(page)) >= MEMBERS.length ? true : null), 90_000);
    // Settled: then the window.
    const framesBefore = await Promise.all(pages.map(framesDecoded));
    const b0 = cpuTicks(isChromium);
    const w0 = cpuTicks(isWorker);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, MEASURE_MS));
    const b1 = cpuTicks(isChromium);
    const w1 = cpuTicks(isWorker);
    const seconds = (Date.now() - t0) / 1000;
    const framesAfter = await Promise.all(pages.map(framesDecoded));
    const fps = framesAfter.reduce((n, f, i) => n + f - framesBefore[i]!, 0) / pages.length / seconds;
    return {
      mode: e2ee ? 'E2EE on' : 'E2EE off',
      browserCore: (b1 - b0) / TICKS / seconds,
      sfuCore: (w1 - w0) / TICKS / seconds,
      fps,
    };
  } finally {
    await browser.close();
    await circle.close();
  }
}

/**
 * The frame cipher alone, in this process (the same WebCrypto code the worker runs): microseconds to
 * seal and to open one frame, beside a bare copy of the same bytes, for a camera frame and an Opus frame.
 */
async function cipherCost(): Promise<void> {
  // The client's module, loaded by tsx at run time (the e2e project does not compile the client's files).
  interface CipherModule {
    deriveFrameKey(base: Uint8Array, kid: bigint): Promise<unknown>;
    randomBaseKey(): Uint8Array;
    sealFrame(key: unknown, ctr: bigint, frame: Uint8Array, kind: string, keyFrame: boolean): Promise<Uint8Array>;
    openFrame(frame: Uint8Array, kind: string, keyFrame: boolean, keyFor: () => unknown): Promise<unknown>;
  }
  const url = new URL('../../client/src/net/e2ee/frameCrypto.ts', import.meta.url).href;
  const { deriveFrameKey, openFrame, randomBaseKey, sealFrame } = (await import(url)) as CipherModule;
  const key = await deriveFrameKey(randomBaseKey(), 0x1234_5600n);
  const sizes = [
    ['VP8 delta frame, 4 KB (≈ 1 Mbps at 30 fps)', 'video', 4_000],
    ['VP8 key frame, 30 KB', 'video', 30_000],
    ['Opus frame, 60 B', 'audio', 60],
  ] as const;
  console.log('  the cipher alone, per frame (Node WebCrypto; the browsers use their own):');
  for (const [label, kind, bytes] of sizes) {
    const frame = crypto.getRandomValues(new Uint8Array(bytes));
    const n = kind === 'audio' ? 4000 : bytes > 10_000 ? 400 : 2000;
    let t = performance.now();
    for (let i = 0; i < n; i++) frame.slice();
    const copyUs = ((performance.now() - t) * 1000) / n;
    const sealed: Uint8Array[] = [];
    t = performance.now();
    for (let i = 0; i < n; i++) sealed.push(await sealFrame(key, BigInt(i), frame, kind, bytes > 10_000));
    const sealUs = ((performance.now() - t) * 1000) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) await openFrame(sealed[i]!, kind, bytes > 10_000, () => key);
    const openUs = ((performance.now() - t) * 1000) / n;
    console.log(
      `    ${label.padEnd(44)} seal ${sealUs.toFixed(1).padStart(6)} µs · open ${openUs.toFixed(1).padStart(6)} µs · ` +
        `bare copy ${copyUs.toFixed(2)} µs`,
    );
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(
  `bench:e2ee: a room of ${PEOPLE} (a therapist and ${MEMBERS.length} members, each sending a camera at 10 fps, microphones muted as members join), ` +
    `${MEASURE_MS / 1000} s measured per run, E2EE off then on then off again, one Chromium per run`,
);
await cipherCost();
const results: Result[] = [];
for (const e2ee of [false, true, false]) {
  const r = await run(e2ee).catch((err: unknown) => {
    // Every browser of the room runs on this machine: with too few cores a room may not settle.
    console.log(`  ${e2ee ? 'E2EE on' : 'E2EE off'}: the room did not settle (${(err as Error).message})`);
    return null;
  });
  if (!r) continue;
  results.push(r);
  console.log(
    `  ${r.mode.padEnd(9)} browsers ${pct(r.browserCore).padStart(7)} of a core (${pct(r.browserCore / PEOPLE)} per participant) · ` +
      `SFU ${pct(r.sfuCore)} · ${r.fps.toFixed(1)} frames decoded/s per page · ` +
      `${((r.browserCore * 1000) / (r.fps * PEOPLE)).toFixed(2)} ms of browser CPU per decoded frame`,
  );
}
const offRuns = results.filter((r) => r.mode === 'E2EE off');
const onRun = results.find((r) => r.mode === 'E2EE on');
if (offRuns.length === 0 || !onRun) process.exit(0);
const off = offRuns.reduce((n, r) => n + r.browserCore, 0) / offRuns.length;
const on = onRun.browserCore;
console.log(
  `E2EE on / off (the mean of the off runs), browser CPU: ${((on / off) * 100).toFixed(0)}% ` +
    `(+${pct((on - off) / PEOPLE)} of a core per participant)`,
);
process.exit(0);
