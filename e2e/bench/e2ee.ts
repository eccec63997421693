/**
 * bench:e2ee — what end-to-end encrypted media costs the browsers (issue 25). The same 6-person room
 * (a therapist and five members, each sending a camera and a microphone and receiving the other
 * five) twice in one run: once as Circle runs by default, once with E2EE=true (every frame sealed and
 * opened in each page's worker). Each run has its own Chromium, so its processes' CPU is that room's.
 *
 * Printed per run: the browsers' CPU (all six pages, as a share of one core, from /proc), the SFU's
 * worker CPU, and the frames each page decoded per second (the work the pictures took). Never asserts.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { Circle } from '../../server/src/compose.js';
import { createSession, launchChromium, openAs, pollUntil, startServer } from '../support/index.js';

const MEMBERS = ['Alex', 'Sam', 'Kim', 'Lee', 'Max'];
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
  const circle: Circle = await startServer(e2ee ? { E2EE: 'true' } : {});
  const browser = await launchChromium({ fakeFps: 15 });
  try {
    const { therapistUrl, urls } = await createSession(
      circle,
      MEMBERS.map((name) => ({ name, role: 'member' as const })),
      'E2EE benchmark',
    );
    const therapist = await openAs(browser, 'therapist', therapistUrl);
    await therapist.page.getByRole('button', { name: 'Join the session' }).click();
    const pages: Page[] = [therapist.page];
    for (const name of MEMBERS) {
      const { page } = await openAs(browser, name, urls[name]!);
      await page.getByRole('heading', { name: /^Get ready/ }).waitFor();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('checkbox', { name: /accept the group agreement/ }).check();
      await page.getByLabel('Where are you right now? (city and state)').fill('Portland, OR');
      await page.getByRole('checkbox', { name: /private, safe place/ }).check();
      await page.getByRole('button', { name: 'Join the waiting room' }).click();
      await therapist.page.getByRole('button', { name: `Admit ${name}` }).click();
      pages.push(page);
    }
    for (const page of pages) {
      await page.getByRole('button', { name: 'Unmute microphone' }).click();
      await page.getByRole('button', { name: 'Mute microphone' }).waitFor();
    }
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

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(
  `bench:e2ee: a room of 6 (a therapist and ${MEMBERS.length} members, all with camera at 15 fps and microphone on), ` +
    `${MEASURE_MS / 1000} s measured per run, E2EE off then on then off again, one Chromium per run`,
);
const results: Result[] = [];
for (const e2ee of [false, true, false]) {
  const r = await run(e2ee);
  results.push(r);
  console.log(
    `  ${r.mode.padEnd(9)} browsers ${pct(r.browserCore).padStart(7)} of a core (${pct(r.browserCore / 6)} per participant) · ` +
      `SFU ${pct(r.sfuCore)} · ${r.fps.toFixed(1)} frames decoded/s per page`,
  );
}
const off = (results[0]!.browserCore + results[2]!.browserCore) / 2;
const on = results[1]!.browserCore;
console.log(
  `E2EE on / off (the mean of the two off runs), browser CPU: ${((on / off) * 100).toFixed(0)}% ` +
    `(+${pct((on - off) / 6)} of a core per participant)`,
);
process.exit(0);
