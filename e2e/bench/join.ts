/**
 * bench:join: page load → first remote video frame in Chromium (fake camera and microphone), for
 * Circle and, in the same command, for a bare mediasoup-client page with no Circle around it.
 *
 * Circle: a therapist (a browser context kept open) publishes in a session; each measured join is a
 * fresh browser context opening a second therapist's invitation (no lobby), clicking "Join the
 * session" on the pre-join screen, and waiting for the first frame of the therapist's video.
 * Bare: e2e/bench/bare/ served by a tiny socket.io endpoint over an in-process router (same codecs,
 * same transport settings); a publishing page kept open, and joins of a fresh context each.
 * Joins alternate between the two so both see the same machine. Stages come from performance marks
 * (client/src/net/RoomClient.ts, the bare page, and an init script for the click and the first frame,
 * via requestVideoFrameCallback), all relative to navigation start. Writes .bench/join.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import { Server as SocketServer } from 'socket.io';
import type { Browser, BrowserContext } from 'playwright-core';
import type { Circle } from '../../server/src/compose.js';
import { MEDIA_CODECS } from '../../server/src/adapters/media/MediaRoom.js';
import { fmt, hardDeadline, rounded, sleep, summarize, table, writeResult } from '../../server/bench/support/stats.js';
import { createSession, launchChromium, openAs, pollUntil, startServer } from '../support/index.js';
import { beginJoin, endJoin, observeMediasoup, type SfuEvent } from './joinTimeline.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
// Not under .bench/: express's static files refuse paths with a dot-directory.
const OUT = path.join(os.tmpdir(), `circle-bench-join-${path.basename(root)}`);
const CLIENT_OUT = path.join(OUT, 'client');
const BARE_OUT = path.join(OUT, 'bare');
const JOINS = Number(process.env.BENCH_JOINS ?? 30);
const WARMUP_JOINS = 1;
/**
 * A pause after each join. Every join makes the SFU ask the publisher for a key frame; back to back,
 * the publisher's encoder sometimes lets a request wait for its next periodic key frame (seconds),
 * which no real join (minutes apart) would see.
 */
const PAUSE_MS = 1_500;
const FRAME_TIMEOUT_MS = 30_000;
const AUDIO_TIMEOUT_MS = 4_000;
const TOTAL_BUDGET_MS = 420_000;
const ANCHOR_MS = 550;
const GOAL_RATIO = 1.15;
const GOAL_P95_RATIO = 1.5;
/** A join whose recv transport → first frame leg is longer than this is printed event by event. */
const SLOW_LEG_MS = 500;

const cleanups: (() => Promise<unknown>)[] = [];
hardDeadline(TOTAL_BUDGET_MS, () => undefined);

// ---------------------------------------------------------------- builds

/** Circle's client with this tree's marks, and the bare page; into a temporary folder (not client/dist). */
async function buildPages(): Promise<void> {
  if (process.env.BENCH_JOIN_NO_BUILD === '1' && fs.existsSync(CLIENT_OUT) && fs.existsSync(BARE_OUT)) return;
  await build({
    root: path.join(root, 'client'),
    configFile: path.join(root, 'client', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: CLIENT_OUT, emptyOutDir: true, sourcemap: false },
  });
  await build({
    root: path.join(here, 'bare'),
    configFile: false,
    logLevel: 'warn',
    build: { outDir: BARE_OUT, emptyOutDir: true, sourcemap: false },
  });
}

// ---------------------------------------------------------------- the bare endpoint

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface BarePeer {
  transports: Map<string, ms.WebRtcTransport>;
  producers: Map<string, ms.Producer>;
  consumers: Map<string, ms.Consumer>;
}

/** A static server for the bare page, socket.io request/ack handlers, one worker and router. */
async function startBare(): Promise<{ url: string; close: () => Promise<void> }> {
  const worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: 32_000, rtcMaxPort: 33_999 });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rel = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const file = path.join(BARE_OUT, path.normalize(rel));
    if (!file.startsWith(BARE_OUT) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  const io = new SocketServer(server, { serveClient: false });
  const peers = new Map<string, BarePeer>();
  io.on('connection', (socket) => {
    const peer: BarePeer = { transports: new Map(), producers: new Map(), consumers: new Map() };
    peers.set(socket.id, peer);
    const handle = <A>(event: string, fn: (args: A) => Promise<unknown> | unknown) => {
      socket.on(event, (args: A, ack: (r: unknown) => void) => {
        Promise.resolve()
          .then(() => fn(args))
          .then(
            (data) => ack({ ok: true, data }),
            (err: Error) => ack({ ok: false, error: err.message }),
          );
      });
    };
    const transport = (id: string) => {
      const t = peer.transports.get(id);
      if (!t) throw new Error('no such transport');
      return t;
    };
    handle('capabilities', () => router.rtpCapabilities);
    handle('join', () => [...peers.values()].filter((p) => p !== peer).flatMap((p) => [...p.producers.keys()]));
    handle('createTransport', async () => {
      const t = await router.createWebRtcTransport({
        listenIps: [{ ip: '127.0.0.1' }],
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: 1_000_000,
      });
      peer.transports.set(t.id, t);
      return {
        id: t.id,
        iceParameters: t.iceParameters,
        iceCandidates: t.iceCandidates,
        dtlsParameters: t.dtlsParameters,
      };
    });
    handle('connectTransport', async (a: { transportId: string; dtlsParameters: ms.DtlsParameters }) => {
      await transport(a.transportId).connect({ dtlsParameters: a.dtlsParameters });
      return null;
    });
    handle('produce', async (a: { transportId: string; kind: ms.MediaKind; rtpParameters: ms.RtpParameters }) => {
      const p = await transport(a.transportId).produce({ kind: a.kind, rtpParameters: a.rtpParameters });
      peer.producers.set(p.id, p);
      return { id: p.id };
    });
    handle('consume', async (a: { transportId: string; producerId: string; rtpCapabilities: ms.RtpCapabilities }) => {
      const c = await transport(a.transportId).consume({
        producerId: a.producerId,
        rtpCapabilities: a.rtpCapabilities,
        paused: true,
      });
      peer.consumers.set(c.id, c);
      return { id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters };
    });
    handle('resume', async (a: { consumerId: string }) => {
      await peer.consumers.get(a.consumerId)?.resume();
      return null;
    });
    socket.on('disconnect', () => {
      for (const t of peer.transports.values()) t.close();
      peers.delete(socket.id);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      worker.close();
    },
  };
}

// ---------------------------------------------------------------- one measured join

/**
 * An init script (plain JavaScript, so no transpiler helpers leak into the page): marks when the
 * page opens its WebSocket and when it is open, when the "Join the session" button appears and is
 * clicked, and the first frame of a remote video (requestVideoFrameCallback on each remote <video>:
 * a Circle tile not marked "(you)", or the bare page's video.remote).
 */
const OBSERVE_JOIN = `(() => {
  const mark = (name) => { if (performance.getEntriesByName(name).length === 0) performance.mark(name); };
  const watched = new WeakSet();
  const isJoinButton = (el) => !!el && el.textContent.trim() === 'Join the session';
  const scan = () => {
    for (const v of document.querySelectorAll('video')) {
      if (watched.has(v)) continue;
      const tile = v.closest('li.tile');
      const remote = v.classList.contains('remote') || (tile !== null && !(tile.getAttribute('aria-label') || '').includes('(you)'));
      if (!remote) continue;
      watched.add(v);
      v.requestVideoFrameCallback(() => mark('bench:first-remote-frame'));
    }
    if (Array.from(document.querySelectorAll('button')).some(isJoinButton)) mark('bench:join-button');
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true });
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      mark('bench:ws-created');
      this.addEventListener('open', () => mark('bench:ws-open'));
    }
  };
  // First decoded remote audio: samples that came out of the decoder from real packets
  // (inbound-rtp totalSamplesReceived minus concealedSamples > 0), polled each animation frame on
  // every audio receiver of every RTCPeerConnection the page opens.
  const pcs = [];
  const NativePC = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePC {
    constructor(...args) { super(...args); pcs.push(this); }
  };
  let polling = false;
  const pollAudio = () => {
    if (performance.getEntriesByName('bench:first-remote-audio').length > 0) return;
    requestAnimationFrame(pollAudio);
    if (polling) return;
    const receivers = pcs.flatMap((pc) => pc.connectionState === 'closed' ? [] : pc.getReceivers()).filter((r) => r.track && r.track.kind === 'audio');
    if (receivers.length === 0) return;
    polling = true;
    const at = performance.now();
    Promise.all(receivers.map((r) => r.getStats())).then((all) => {
      polling = false;
      for (const stats of all) for (const s of stats.values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'audio' && (s.totalSamplesReceived || 0) - (s.concealedSamples || 0) > 0) {
          if (performance.getEntriesByName('bench:first-remote-audio').length === 0) performance.mark('bench:first-remote-audio', { startTime: at });
        }
      }
    }, () => { polling = false; });
  };
  requestAnimationFrame(pollAudio);
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && isJoinButton(e.target.closest('button'))) mark('bench:join-click');
  }, true);
})();`;

type Marks = Record<string, number>;
interface Join {
  marks: Marks;
  /** The SFU's events of this join, in ms since the page's navigation start. */
  sfu: (SfuEvent & { at: number })[];
}

async function joinOnce(browser: Browser, url: string, clickJoin: boolean): Promise<Join> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const sfu = beginJoin();
  try {
    await context.grantPermissions(['camera', 'microphone']);
    const page = await context.newPage();
    await page.addInitScript({ content: OBSERVE_JOIN });
    await page.goto(url);
    if (clickJoin) await page.getByRole('button', { name: 'Join the session' }).click();
    const marks = () =>
      page.evaluate(() => {
        const out: Record<string, number> = {};
        for (const m of performance.getEntriesByType('mark')) out[m.name] = m.startTime;
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        if (nav) out['nav:dom-content-loaded'] = nav.domContentLoadedEventEnd;
        for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
          if (r.initiatorType === 'script' || r.name.endsWith('.js')) {
            out['nav:script-loaded'] = Math.max(out['nav:script-loaded'] ?? 0, r.responseEnd);
          }
        }
        return out;
      });
    await page
      .waitForFunction(() => performance.getEntriesByName('bench:first-remote-frame').length > 0, undefined, {
        timeout: FRAME_TIMEOUT_MS,
        polling: 50,
      })
      .catch(async (err: Error) => {
        const videos = await page.evaluate(() =>
          Array.from(document.querySelectorAll('video')).map((v) => ({
            tile: v.closest('li')?.getAttribute('aria-label') ?? null,
            className: v.className,
            width: v.videoWidth,
            time: v.currentTime,
          })),
        );
        throw new Error(
          `no remote frame at ${url}: marks ${JSON.stringify(await marks())}, videos ${JSON.stringify(videos)}`,
          {
            cause: err,
          },
        );
      });
    await page
      .waitForFunction(() => performance.getEntriesByName('bench:first-remote-audio').length > 0, undefined, {
        timeout: AUDIO_TIMEOUT_MS,
        polling: 50,
      })
      .catch(() => undefined);
    const origin = await page.evaluate(() => performance.timeOrigin);
    return { marks: await marks(), sfu: sfu.map((e) => ({ ...e, at: e.t - origin })) };
  } finally {
    endJoin();
    await context.close();
  }
}

// ---------------------------------------------------------------- main

const CIRCLE_STAGES: [string, string][] = [
  ['script downloaded', 'nav:script-loaded'],
  ['DOMContentLoaded (script run)', 'nav:dom-content-loaded'],
  ['WebSocket created', 'bench:ws-created'],
  ['WebSocket open', 'bench:ws-open'],
  ['socket.io connected (invite checked)', 'circle:socket-connected'],
  ['join button shown', 'bench:join-button'],
  ['join clicked', 'bench:join-click'],
  ['media joined (device loaded)', 'circle:media-joined'],
  ['transports created', 'circle:transports-created'],
  ['video consumer created (answer received)', 'circle:video-created'],
  ['recv transport connected', 'circle:recv-transport-connected'],
  ['video consumer set up (page)', 'circle:video-consumed'],
  ['video consumer resumed (answer received)', 'circle:video-resumed'],
  ['send transport connected', 'circle:send-transport-connected'],
  ['first remote frame', 'bench:first-remote-frame'],
  ['first remote audio', 'bench:first-remote-audio'],
];
const BARE_STAGES: [string, string][] = [
  ['script downloaded', 'nav:script-loaded'],
  ['DOMContentLoaded (script run)', 'nav:dom-content-loaded'],
  ['WebSocket created', 'bench:ws-created'],
  ['WebSocket open', 'bench:ws-open'],
  ['socket.io connected (+ camera)', 'bare:socket-connected'],
  ['media joined (device loaded)', 'bare:media-joined'],
  ['transports created', 'bare:transports-created'],
  ['recv transport connected', 'bare:recv-transport-connected'],
  ['send transport connected', 'bare:send-transport-connected'],
  ['first remote frame', 'bench:first-remote-frame'],
  ['first remote audio', 'bench:first-remote-audio'],
];

function stageTable(stages: [string, string][], runs: Marks[]) {
  return stages.map(([label, name]) => {
    const s = rounded(summarize(runs.map((m) => m[name]).filter((v): v is number => v !== undefined)), 1);
    return { stage: label, mark: name, ...s };
  });
}

/** The SFU's stages of the video consumer (first occurrence of each), ms since navigation start. */
const SFU_STAGES: [string, (e: SfuEvent) => boolean][] = [
  ['video consumer created', (e) => e.what === 'consumer created' && e.kind === 'video'],
  ['preferred layers set (first)', (e) => e.what === 'preferred layers set'],
  ['video consumer resumed', (e) => e.what === 'consumer resumed' && e.kind === 'video'],
  ['layers chosen by the SFU (first)', (e) => e.what === 'layers (SFU)' && e.detail !== 'none'],
  ['publisher asked for a key frame (first)', (e) => e.what.startsWith('publisher asked')],
  ['key frame in from the publisher (first)', (e) => e.what === 'key frame in from the publisher'],
  ['key frame forwarded to the joiner', (e) => e.what === 'key frame forwarded' && e.kind === 'video'],
  ['first video RTP forwarded', (e) => e.what === 'first RTP forwarded' && e.kind === 'video'],
  ['first audio RTP forwarded', (e) => e.what === 'first RTP forwarded' && e.kind === 'audio'],
];

function sfuTable(joins: Join[]) {
  return SFU_STAGES.map(([label, match]) => {
    const at = joins.map((j) => j.sfu.find(match)?.at).filter((v): v is number => v !== undefined);
    return { stage: label, n: at.length, ...rounded(summarize(at), 1) };
  });
}

/** One join's events, for the slow ones: page marks and SFU events merged on one timeline. */
function describeJoin(j: Join, prefix: string): string {
  const marks = Object.entries(j.marks)
    .filter(([k]) => k.startsWith(prefix) || k.startsWith('bench:first'))
    .map(([k, at]) => ({ at, text: `page ${k}` }));
  const sfu = j.sfu
    .filter((e) => e.kind !== 'audio')
    .map((e) => ({ at: e.at, text: `sfu  ${e.what}${e.detail ? ` ${e.detail}` : ''}` }));
  return [...marks, ...sfu]
    .sort((a, b) => a.at - b.at)
    .map((e) => `    ${fmt(e.at, 0).padStart(6)} ms  ${e.text}`)
    .join('\n');
}

async function main(): Promise<void> {
  console.log(
    `bench:join: ${JOINS} joins each of Circle${process.env.BENCH_E2EE === '1' ? ' (E2EE on)' : ''} and a bare mediasoup-client page, alternating (+${WARMUP_JOINS} warm-up each)`,
  );
  await buildPages();
  observeMediasoup();

  // BENCH_E2EE=1: the same joins with end-to-end encrypted media (keys exchanged, frames sealed in a worker).
  const circle: Circle = await startServer({
    CLIENT_DIR: CLIENT_OUT,
    RTC_MIN_PORT: '30000',
    RTC_MAX_PORT: '31999',
    E2EE: process.env.BENCH_E2EE === '1' ? 'true' : 'false',
  });
  cleanups.push(() => circle.close());
  const bare = await startBare();
  cleanups.push(() => bare.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());

  // Circle: the therapist already in the room, publishing.
  const session = await createSession(circle, [{ name: 'Joining therapist', role: 'therapist' }], 'Join benchmark');
  const publisher = await openAs(browser, 'publisher', session.therapistUrl);
  cleanups.unshift(() => publisher.context.close());
  // Microphone on, so the joiners have the group's voice to hear (first remote audio).
  const micSwitch = publisher.page.getByRole('switch', { name: 'Microphone when you join' });
  await micSwitch.check();
  await publisher.page.getByRole('button', { name: 'Join the session' }).click();
  const producers = async () => (await circle.sessions.get(session.sessionId))?.mediaRoom?.counts().producers ?? 0;
  await pollUntil(async () => ((await producers()) >= 2 ? true : null), 60_000).catch(async () => {
    const marks = await publisher.page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
    throw new Error(`the publishing therapist has ${await producers()} producers; page marks: ${marks.join(', ')}`);
  });

  // Bare: the same, on the bare page.
  const barePublisher = await openAs(browser, 'bare publisher', `${bare.url}/?role=publish`);
  cleanups.unshift(() => barePublisher.context.close());
  await barePublisher.page.waitForFunction(() => performance.getEntriesByName('bare:published').length > 0, undefined, {
    timeout: 30_000,
  });

  const joinerUrl = session.urls['Joining therapist']!;
  const joins: { circle: Join[]; bare: Join[] } = { circle: [], bare: [] };
  for (let i = 0; i < WARMUP_JOINS + JOINS; i++) {
    const c = await joinOnce(browser, joinerUrl, true);
    await sleep(PAUSE_MS);
    const b = await joinOnce(browser, `${bare.url}/?role=join`, false);
    await sleep(PAUSE_MS);
    if (i < WARMUP_JOINS) continue;
    joins.circle.push(c);
    joins.bare.push(b);
    const f = (m: Marks, k: string) => (m[k] === undefined ? '–' : fmt(m[k], 0));
    process.stdout.write(
      `  join ${i + 1 - WARMUP_JOINS}/${JOINS}: frame / audio Circle ${f(c.marks, 'bench:first-remote-frame')} / ${f(c.marks, 'bench:first-remote-audio')} ms · ` +
        `bare ${f(b.marks, 'bench:first-remote-frame')} / ${f(b.marks, 'bench:first-remote-audio')} ms\n`,
    );
  }
  const runs = { circle: joins.circle.map((j) => j.marks), bare: joins.bare.map((j) => j.marks) };

  const circleStages = stageTable(CIRCLE_STAGES, runs.circle);
  const bareStages = stageTable(BARE_STAGES, runs.bare);
  const span = (ms: Marks[], to: string, from: (m: Marks) => number) =>
    rounded(summarize(ms.map((m) => (m[to] ?? 0) - from(m))), 1);
  const waitForClick = span(runs.circle, 'bench:join-click', (m) => m['bench:join-button'] ?? 0);
  const clickToFrame = span(runs.circle, 'bench:first-remote-frame', (m) => m['bench:join-click'] ?? 0);
  const clickToAudio = span(runs.circle, 'bench:first-remote-audio', (m) => m['bench:join-click'] ?? 0);
  /** The last stage alone: a consumer's transport is up → its first frame (the key frame's trip). */
  const keyFrame = {
    circle: span(runs.circle, 'bench:first-remote-frame', (m) => m['circle:recv-transport-connected'] ?? 0),
    bare: span(runs.bare, 'bench:first-remote-frame', (m) => m['bare:recv-transport-connected'] ?? 0),
  };
  const withoutClickWait = span(
    runs.circle,
    'bench:first-remote-frame',
    (m) => (m['bench:join-click'] ?? 0) - (m['bench:join-button'] ?? 0),
  );
  const stage = (rows: ReturnType<typeof stageTable>, mark: string) => rows.find((r) => r.mark === mark)!;
  const frame = {
    circle: stage(circleStages, 'bench:first-remote-frame'),
    bare: stage(bareStages, 'bench:first-remote-frame'),
  };
  const audio = {
    circle: stage(circleStages, 'bench:first-remote-audio'),
    bare: stage(bareStages, 'bench:first-remote-audio'),
  };
  const print = (title: string, rows: ReturnType<typeof stageTable>) => {
    console.log(`\n${title} (ms since navigation start)`);
    console.log(
      table(
        ['stage', 'p50', 'p95', 'max'],
        rows.map((r) => [r.stage, fmt(r.p50, 0), fmt(r.p95, 0), fmt(r.max, 0)]),
      ),
    );
  };
  const printSfu = (title: string, list: Join[]) => {
    console.log(`\n${title}: the SFU's side (same clock, ms since the page's navigation start)`);
    console.log(
      table(
        ['stage', 'n', 'p50', 'p95', 'max'],
        sfuTable(list).map((r) => [r.stage, r.n, fmt(r.p50, 0), fmt(r.p95, 0), fmt(r.max, 0)]),
      ),
    );
  };
  print('Circle', circleStages);
  console.log(`  wait for the click (button shown → clicked by the bench): p50 ${fmt(waitForClick.p50, 0)} ms`);
  console.log(`  click → first remote frame: p50 ${fmt(clickToFrame.p50, 0)} ms · p95 ${fmt(clickToFrame.p95, 0)} ms`);
  console.log(`  click → first remote audio: p50 ${fmt(clickToAudio.p50, 0)} ms · p95 ${fmt(clickToAudio.p95, 0)} ms`);
  console.log(
    `  first remote frame without the click wait: p50 ${fmt(withoutClickWait.p50, 0)} ms · p95 ${fmt(withoutClickWait.p95, 0)} ms`,
  );
  printSfu('Circle', joins.circle);
  print('Bare mediasoup-client page', bareStages);
  printSfu('Bare', joins.bare);
  console.log(
    `\nrecv transport connected → first remote frame: Circle p50 ${fmt(keyFrame.circle.p50, 0)} / p95 ${fmt(keyFrame.circle.p95, 0)} ms · ` +
      `bare p50 ${fmt(keyFrame.bare.p50, 0)} / p95 ${fmt(keyFrame.bare.p95, 0)} ms`,
  );
  const slow = (list: Join[], prefix: string) =>
    list
      .map((j, i) => ({
        j,
        i,
        leg: (j.marks['bench:first-remote-frame'] ?? 0) - (j.marks[`${prefix}recv-transport-connected`] ?? 0),
      }))
      .filter((x) => x.leg > SLOW_LEG_MS);
  for (const [name, list, prefix] of [
    ['Circle', joins.circle, 'circle:'],
    ['bare', joins.bare, 'bare:'],
  ] as const) {
    for (const { j, i, leg } of slow(list, prefix)) {
      console.log(
        `\n  slow ${name} join ${i + 1} (recv connected → first frame ${fmt(leg, 0)} ms):\n${describeJoin(j, prefix)}`,
      );
    }
  }
  const ratio = {
    firstFrameP50: frame.circle.p50 / frame.bare.p50,
    firstFrameP95: frame.circle.p95 / frame.bare.p95,
    withoutClickWaitP50: withoutClickWait.p50 / frame.bare.p50,
    withoutClickWaitP95: withoutClickWait.p95 / frame.bare.p95,
    firstAudioP50: audio.circle.p50 / audio.bare.p50,
  };
  const pct = (r: number) => `${fmt(r * 100, 0)}%`;
  console.log(
    `\nfirst remote frame, from navigation: Circle p50 ${fmt(frame.circle.p50, 0)} / p95 ${fmt(frame.circle.p95, 0)} ms · ` +
      `bare p50 ${fmt(frame.bare.p50, 0)} / p95 ${fmt(frame.bare.p95, 0)} ms`,
  );
  console.log(
    `Circle / bare: p50 ${pct(ratio.firstFrameP50)} (goal ≤ ${Math.round(GOAL_RATIO * 100)}%), ` +
      `p95 ${pct(ratio.firstFrameP95)} (goal ≤ ${Math.round(GOAL_P95_RATIO * 100)}%)`,
  );
  console.log(
    `without the bench's click wait: p50 ${pct(ratio.withoutClickWaitP50)}, p95 ${pct(ratio.withoutClickWaitP95)}`,
  );
  console.log(
    `first remote audio, from navigation: Circle p50 ${fmt(audio.circle.p50, 0)} / p95 ${fmt(audio.circle.p95, 0)} ms (n ${audio.circle.count}) · ` +
      `bare p50 ${fmt(audio.bare.p50, 0)} / p95 ${fmt(audio.bare.p95, 0)} ms (n ${audio.bare.count}); Circle / bare p50 ${pct(ratio.firstAudioP50)}`,
  );
  const file = writeResult('join', {
    joins: JOINS,
    anchor: { bareFirstFrameMs: ANCHOR_MS, goal: `Circle within ${Math.round((GOAL_RATIO - 1) * 100)}% of bare` },
    circle: {
      stages: circleStages,
      sfu: sfuTable(joins.circle),
      waitForClickMs: waitForClick,
      clickToFrameMs: clickToFrame,
      clickToAudioMs: clickToAudio,
      withoutClickWaitMs: withoutClickWait,
    },
    bare: { stages: bareStages, sfu: sfuTable(joins.bare) },
    recvConnectedToFirstFrameMs: keyFrame,
    pauseBetweenJoinsMs: PAUSE_MS,
    ratio: Object.fromEntries(Object.entries(ratio).map(([k, v]) => [k, Number(v.toFixed(3))])),
    raw: joins,
  });
  console.log(`wrote ${file}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups) await c().catch(() => undefined);
    process.exit();
  });
