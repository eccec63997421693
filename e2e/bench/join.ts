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

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
// Not under .bench/: express's static files refuse paths with a dot-directory.
const OUT = path.join(os.tmpdir(), 'circle-bench-join');
const CLIENT_OUT = path.join(OUT, 'client');
const BARE_OUT = path.join(OUT, 'bare');
const JOINS = Number(process.env.BENCH_JOINS ?? 24);
const WARMUP_JOINS = 1;
/**
 * A pause after each join. Every join makes the SFU ask the publisher for a key frame; back to back,
 * the publisher's encoder sometimes lets a request wait for its next periodic key frame (seconds),
 * which no real join (minutes apart) would see.
 */
const PAUSE_MS = 1_500;
const FRAME_TIMEOUT_MS = 30_000;
const TOTAL_BUDGET_MS = 280_000;
const ANCHOR_MS = 550;
const GOAL_RATIO = 1.15;

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
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && isJoinButton(e.target.closest('button'))) mark('bench:join-click');
  }, true);
})();`;

type Marks = Record<string, number>;

async function joinOnce(browser: Browser, url: string, clickJoin: boolean): Promise<Marks> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
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
    return await marks();
  } finally {
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
  ['recv transport connected', 'circle:recv-transport-connected'],
  ['send transport connected', 'circle:send-transport-connected'],
  ['first remote frame', 'bench:first-remote-frame'],
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
];

function stageTable(stages: [string, string][], runs: Marks[]) {
  return stages.map(([label, name]) => {
    const s = rounded(summarize(runs.map((m) => m[name]).filter((v): v is number => v !== undefined)), 1);
    return { stage: label, mark: name, ...s };
  });
}

async function main(): Promise<void> {
  console.log(
    `bench:join: ${JOINS} joins each of Circle and a bare mediasoup-client page, alternating (+${WARMUP_JOINS} warm-up each)`,
  );
  await buildPages();

  const circle: Circle = await startServer({ CLIENT_DIR: CLIENT_OUT, RTC_MIN_PORT: '30000', RTC_MAX_PORT: '31999' });
  cleanups.push(() => circle.close());
  const bare = await startBare();
  cleanups.push(() => bare.close());
  const browser = await launchChromium();
  cleanups.push(() => browser.close());

  // Circle: the therapist already in the room, publishing.
  const session = await createSession(circle, [{ name: 'Joining therapist', role: 'therapist' }], 'Join benchmark');
  const publisher = await openAs(browser, 'publisher', session.therapistUrl);
  cleanups.unshift(() => publisher.context.close());
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
  const runs: { circle: Marks[]; bare: Marks[] } = { circle: [], bare: [] };
  for (let i = 0; i < WARMUP_JOINS + JOINS; i++) {
    const c = await joinOnce(browser, joinerUrl, true);
    await sleep(PAUSE_MS);
    const b = await joinOnce(browser, `${bare.url}/?role=join`, false);
    await sleep(PAUSE_MS);
    if (i < WARMUP_JOINS) continue;
    runs.circle.push(c);
    runs.bare.push(b);
    process.stdout.write(
      `  join ${i + 1 - WARMUP_JOINS}/${JOINS}: Circle ${fmt(c['bench:first-remote-frame']!, 0)} ms · bare ${fmt(b['bench:first-remote-frame']!, 0)} ms\n`,
    );
  }

  const circleStages = stageTable(CIRCLE_STAGES, runs.circle);
  const bareStages = stageTable(BARE_STAGES, runs.bare);
  const waitForClick = rounded(
    summarize(runs.circle.map((m) => (m['bench:join-click'] ?? 0) - (m['bench:join-button'] ?? 0))),
    1,
  );
  const clickToFrame = rounded(
    summarize(runs.circle.map((m) => (m['bench:first-remote-frame'] ?? 0) - (m['bench:join-click'] ?? 0))),
    1,
  );
  /** The last stage alone: a consumer's transport is up → its first frame (the key frame's trip). */
  const lastLeg = (runs: Marks[], from: string) =>
    rounded(summarize(runs.map((m) => (m['bench:first-remote-frame'] ?? 0) - (m[from] ?? 0))), 1);
  const keyFrame = {
    circle: lastLeg(runs.circle, 'circle:recv-transport-connected'),
    bare: lastLeg(runs.bare, 'bare:recv-transport-connected'),
  };
  const withoutClickWait = rounded(
    summarize(
      runs.circle.map(
        (m) => (m['bench:first-remote-frame'] ?? 0) - ((m['bench:join-click'] ?? 0) - (m['bench:join-button'] ?? 0)),
      ),
    ),
    1,
  );
  const circleTotal = circleStages[circleStages.length - 1]!;
  const bareTotal = bareStages[bareStages.length - 1]!;
  const print = (title: string, rows: ReturnType<typeof stageTable>) => {
    console.log(`\n${title} (ms since navigation start)`);
    console.log(
      table(
        ['stage', 'p50', 'p95', 'max'],
        rows.map((r) => [r.stage, fmt(r.p50, 0), fmt(r.p95, 0), fmt(r.max, 0)]),
      ),
    );
  };
  print('Circle', circleStages);
  console.log(`  wait for the click (button shown → clicked by the bench): p50 ${fmt(waitForClick.p50, 0)} ms`);
  console.log(`  click → first remote frame: p50 ${fmt(clickToFrame.p50, 0)} ms · p95 ${fmt(clickToFrame.p95, 0)} ms`);
  console.log(
    `  first remote frame without the click wait: p50 ${fmt(withoutClickWait.p50, 0)} ms · p95 ${fmt(withoutClickWait.p95, 0)} ms`,
  );
  print('Bare mediasoup-client page', bareStages);
  console.log(
    `\nrecv transport connected → first remote frame: Circle p50 ${fmt(keyFrame.circle.p50, 0)} / p95 ${fmt(keyFrame.circle.p95, 0)} ms · ` +
      `bare p50 ${fmt(keyFrame.bare.p50, 0)} / p95 ${fmt(keyFrame.bare.p95, 0)} ms`,
  );
  const ratio = circleTotal.p50 / bareTotal.p50;
  const ratioNoClick = withoutClickWait.p50 / bareTotal.p50;
  console.log(
    `\nCircle / bare, first remote frame p50: ${fmt(ratio * 100, 0)}% (without the click wait ${fmt(ratioNoClick * 100, 0)}%); ` +
      `goal ≤ ${Math.round(GOAL_RATIO * 100)}%; anchor: bare ≈ ${ANCHOR_MS} ms`,
  );
  const file = writeResult('join', {
    joins: JOINS,
    anchor: { bareFirstFrameMs: ANCHOR_MS, goal: `Circle within ${Math.round((GOAL_RATIO - 1) * 100)}% of bare` },
    circle: {
      stages: circleStages,
      waitForClickMs: waitForClick,
      clickToFrameMs: clickToFrame,
      withoutClickWaitMs: withoutClickWait,
    },
    bare: { stages: bareStages },
    recvConnectedToFirstFrameMs: keyFrame,
    pauseBetweenJoinsMs: PAUSE_MS,
    ratio: { firstFrameP50: Number(ratio.toFixed(3)), withoutClickWaitP50: Number(ratioNoClick.toFixed(3)) },
    raw: runs,
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
