/**
 * bench:load: how many participants one mediasoup worker carries under Circle, against the same
 * rooms through bare mediasoup, in one command.
 *
 * Rooms of 10 (1 therapist, 9 members, all sending Opus and 800 kbps VP8 as synthetic RTP, each
 * receiving the other nine) are added one at a time until the worker uses 80% of a core. Circle
 * rooms are built the way browsers build them: invite → connect → session:checkIn → the therapist's
 * lobby:admitAll → media:capabilities/join → plain transports → producers → a consumer per remote
 * producer. During each measurement window members raise and lower their hands (an ordinary event)
 * and the speaker rotates every 3 s (so the audio level observer and speaking:levels are live).
 *
 * The server (Circle, or bare mediasoup) runs in a child process; the bots run here, their RTP in a
 * worker thread (support/media-thread.ts) and their signaling on the main thread. CPU is read from
 * /proc for the worker, the server's Node process, the bots and everything else on the machine
 * (other people's tests: a step they disturbed shows it). Loopback only; every stream stops by
 * itself; the whole run is capped at 280 s. Writes .bench/load.json.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Child, Thread } from './support/ipc.js';
import { CpuMeter, MachineMeter, rssMB } from './support/proc.js';
import { packetsPerSecond } from '@circle/testkit/rtp';
import type { Bot, LatencySink } from '@circle/testkit/bot';
import type {
  BareParticipantResult,
  MediaCounters,
  ServerInfo,
  ServerStats,
  ThreadParticipant,
  ThreadParticipantSetup,
} from './support/protocol.js';
import { joinRoom } from './support/room.js';
import { fmt, hardDeadline, line, rounded, sleep, summarize, table, writeResult } from './support/stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER_FILE = path.join(here, 'support', 'server-process.ts');
const MEDIA_FILE = path.join(here, 'support', 'media-thread.ts');

const ROOM_SIZE = 10;
const TARGET_CPU = 80;
const MAX_ROOMS = Number(process.env.BENCH_MAX_ROOMS ?? 12);
const WARMUP_MS = 2_500;
const WINDOW_MS = 5_000;
/** Each phase (bare, Circle) stops adding rooms after this long. */
const PHASE_BUDGET_MS = 120_000;
const TOTAL_BUDGET_MS = 280_000;
/** A stream stops by itself after this long whatever happens. */
const MAX_SEND_MS = 150_000;
const HAND_EVERY_MS = 3_000;
/** Steps with more CPU than this used by other processes are left out of the capacity fit. */
const MAX_OTHERS_CPU = 25;
/** Stop adding rooms past this loss: the worker is overloaded. */
const MAX_LOSS = 0.05;

const ANCHOR = {
  what: 'raw mediasoup 3.8.4, one worker, rooms of 10 sending Opus + 800 kbps VP8 as synthetic RTP on loopback',
  consumers: 900,
  packetsPerSecond: 63_000,
  loss: 0,
  workerCpuPercent: 78.5,
  goal: 'Circle ≥ 90% of raw mediasoup capacity',
};

interface LoadRoom {
  id: number;
  /** Circle only: the therapist first, then the members. */
  clients: Bot[];
  chatter: NodeJS.Timeout[];
}

interface Step {
  rooms: number;
  consumers: number;
  setupMs: number;
  workerCpu: number;
  serverCpu: number;
  botsCpu: number;
  /** CPU used by every other process on the machine (other people's tests), share of one core. */
  othersCpu: number;
  forwardedPps: number;
  sentPps: number;
  /** Sent packets / what the rooms should send: below ~0.97 the bots fell behind (starved). */
  sentRatio: number;
  /** The bots' main thread (signaling) event-loop delay p99, ms: high values inflate latencies. */
  botsLoopP99: number;
  outMbps: number;
  inMbps: number;
  /** From RTP sequence gaps per consumer: what a receiver sees (also catches drops at the SFU's input). */
  lossSeq: number;
  /** 1 − received / (sent × consumers per stream); signed, slightly noisy at the window's edges. */
  lossEndToEnd: number;
  workerRssMB: number;
  serverRssMB: number;
  serverHeapMB: number;
  eventLoopP99: number;
  join?: { p50: number; p99: number; count: number };
  event?: { p50: number; p99: number; count: number };
  outbound?: ServerStats['outbound'];
}

interface Phase {
  name: 'bare' | 'circle';
  steps: Step[];
  /** Steps in the capacity fit: those the machine's other load left alone. */
  fitSteps: number[];
  baseline: { workerRssMB: number; serverRssMB: number };
  capacity: Capacity;
  stoppedBecause: string;
}

interface Capacity {
  /** Consumers at 80% of a core, from a line through the origin fitted to every step. */
  consumersAt80: number;
  /** Worker CPU per 100 consumers (the fitted slope), % of a core. */
  cpuPer100Consumers: number;
  /** Where the measured steps crossed 80%, interpolated between the two around it (if they did). */
  crossedAt: number | null;
}

const children = new Set<Child>();
const rooms: LoadRoom[] = [];
let media: Thread | null = null;
const botsLoop = monitorEventLoopDelay({ resolution: 10 });
botsLoop.enable();

function stopRooms(): void {
  for (const r of rooms) {
    stopChatter(r);
    for (const c of r.clients) c.close();
  }
  rooms.length = 0;
}

hardDeadline(TOTAL_BUDGET_MS, () => {
  stopRooms();
  void media?.stop();
  for (const c of children) c.process.kill('SIGKILL');
});

async function startServer(mode: 'circle' | 'bare'): Promise<{ child: Child; info: ServerInfo }> {
  const child = Child.start(SERVER_FILE, [mode]);
  children.add(child);
  await child.ready;
  return { child, info: await child.call<ServerInfo>('info') };
}

async function stopServer(child: Child): Promise<void> {
  await child.stop();
  children.delete(child);
}

function thread(): Thread {
  if (!media) throw new Error('media thread not started');
  return media;
}

function openRoomMedia(id: number, names: string[]): Promise<ThreadParticipant[]> {
  return thread().call<ThreadParticipant[]>('openRoom', { room: id, names });
}

function setupMedia(id: number, index: number, setup: ThreadParticipantSetup): Promise<null> {
  return thread().call<null>('setup', { room: id, index, setup });
}

// ---------------------------------------------------------------- a room through bare mediasoup

async function addBareRoom(child: Child, n: number): Promise<LoadRoom> {
  const names = Array.from({ length: ROOM_SIZE }, (_, i) => `bare${n}-${i}`);
  const peers = await openRoomMedia(n, names);
  const results = await child.call<BareParticipantResult[]>('addRoom', {
    participants: peers.map((p) => ({
      port: p.port,
      streams: [
        { kind: 'audio', ssrc: p.audioSsrc, cname: p.cname },
        { kind: 'video', ssrc: p.videoSsrc, cname: p.cname },
      ],
    })),
  });
  await Promise.all(results.map((r, i) => setupMedia(n, i, { sendTo: r.sendTuple, consumers: r.consumers })));
  await thread().call('start', { room: n, maxMs: MAX_SEND_MS });
  return { id: n, clients: [], chatter: [] };
}

// ---------------------------------------------------------------- a room through Circle

async function addCircleRoom(url: string, n: number, joins: number[]): Promise<LoadRoom> {
  const names = Array.from({ length: ROOM_SIZE - 1 }, (_, i) => `Member ${i + 1}`);
  const joined = await joinRoom(url, `Load room ${n}`, names, {
    onJoin: (c) => joins.push(c.timing.firstState - c.timing.start),
  });
  const clients = [joined.therapist, ...joined.members];
  const room: LoadRoom = { id: n, clients, chatter: [] };
  const peers = await openRoomMedia(
    n,
    clients.map((c) => c.name),
  );

  // Join media, open transports and produce, as a browser's RoomClient does; members' audio is
  // live (open mode), so the server must not keep it paused.
  await Promise.all(
    clients.map(async (c, i) => {
      const peer = peers[i]!;
      await c.joinMedia();
      const send = await c.openPlainSend();
      await setupMedia(n, i, { sendTo: send.tuple });
      await c.openPlainRecv(peer.port);
      for (const [kind, source, ssrc] of [
        ['audio', 'mic', peer.audioSsrc],
        ['video', 'camera', peer.videoSsrc],
      ] as const) {
        const r = await c.createProducer({
          transportId: send.id,
          kind,
          source,
          ssrcs: [ssrc],
          cname: peer.cname,
          paused: false,
        });
        if (r.paused) throw new Error(`${c.name}: the server kept its ${kind} paused`);
      }
    }),
  );
  await thread().call('start', { room: n, maxMs: MAX_SEND_MS });

  // Consume every other participant's producers.
  const others = 2 * (ROOM_SIZE - 1);
  await Promise.all(
    clients.map(async (c, i) => {
      await c.when(() => c.remoteProducers.size >= others, 10_000, `${others} producers`);
      const consumers: { ssrc: number; producerId: string }[] = [];
      for (const producerId of c.remoteProducers.keys()) {
        consumers.push({ ssrc: (await c.createConsumer(producerId)).ssrc, producerId });
      }
      await setupMedia(n, i, { consumers });
    }),
  );
  return room;
}

/** Members raise and lower their hands, each every HAND_EVERY_MS, at random phases. */
function startChatter(room: LoadRoom): void {
  for (const c of room.clients.slice(1)) {
    let raised = false;
    const toggle = () => {
      raised = !raised;
      void c.request(raised ? 'hand:raise' : 'hand:lower', {}).catch(() => undefined);
    };
    const start = setTimeout(() => {
      toggle();
      room.chatter.push(setInterval(toggle, HAND_EVERY_MS));
    }, Math.random() * HAND_EVERY_MS);
    room.chatter.push(start);
  }
}

function stopChatter(room: LoadRoom): void {
  for (const t of room.chatter) {
    clearTimeout(t);
    clearInterval(t);
  }
  room.chatter = [];
}

// ---------------------------------------------------------------- measuring

/**
 * Capacity at 80% of a core. One worker's CPU grows in proportion to the packets it forwards, so a
 * line through the origin is fitted to all steps (least squares): steadier than the two steps
 * around 80%, which the machine's other load can push either way.
 */
function capacity(all: Step[], steps: Step[]): Capacity {
  const sxy = steps.reduce((a, s) => a + s.consumers * s.workerCpu, 0);
  const sxx = steps.reduce((a, s) => a + s.consumers ** 2, 0);
  const slope = sxx > 0 ? sxy / sxx : Number.NaN;
  const over = all.findIndex((s) => s.workerCpu >= TARGET_CPU);
  let crossedAt: number | null = null;
  if (over > 0) {
    const a = all[over - 1]!;
    const b = all[over]!;
    crossedAt = Math.round(
      a.consumers + ((TARGET_CPU - a.workerCpu) / (b.workerCpu - a.workerCpu)) * (b.consumers - a.consumers),
    );
  }
  return {
    consumersAt80: Math.round(TARGET_CPU / slope),
    cpuPer100Consumers: Number((slope * 100).toFixed(2)),
    crossedAt,
  };
}

/** What the rooms should send per second. */
function expectedSentPps(roomsCount: number): number {
  return roomsCount * ROOM_SIZE * (packetsPerSecond('audio') + packetsPerSecond('video'));
}

const HEADER = [
  'rooms',
  'consumers',
  'worker%',
  'node%',
  'bots%',
  'others%',
  'fwd pkt/s',
  'out Mbps',
  'loss%',
  'wkr MB',
  'node MB',
  'loop p99',
  'bots loop',
  'join p50/p99',
  'event p50/p99',
];

function row(s: Step): (string | number)[] {
  return [
    s.rooms,
    s.consumers,
    fmt(s.workerCpu),
    fmt(s.serverCpu),
    fmt(s.botsCpu),
    fmt(s.othersCpu),
    `${Math.round(s.forwardedPps)}${s.sentRatio < 0.97 ? '*' : ''}`,
    fmt(s.outMbps),
    fmt(s.lossSeq * 100, 2),
    fmt(s.workerRssMB, 0),
    fmt(s.serverRssMB, 0),
    fmt(s.eventLoopP99),
    fmt(s.botsLoopP99),
    s.join ? `${fmt(s.join.p50)}/${fmt(s.join.p99)}` : '–',
    s.event ? `${fmt(s.event.p50)}/${fmt(s.event.p99)}` : '–',
  ];
}

async function runPhase(mode: 'bare' | 'circle', joinsAll: number[], eventsAll: number[]): Promise<Phase> {
  const { child, info } = await startServer(mode);
  const phaseStart = performance.now();
  const worker = new CpuMeter(info.workerPid);
  const server = new CpuMeter(info.pid);
  const bots = new CpuMeter(process.pid);
  const machine = new MachineMeter();
  const baseline = { workerRssMB: rssMB(info.workerPid), serverRssMB: rssMB(info.pid) };
  const steps: Step[] = [];
  let stoppedBecause = `reached ${MAX_ROOMS} rooms (BENCH_MAX_ROOMS)`;
  console.log(
    `\n[${mode}] ${mode === 'bare' ? 'bare mediasoup (no Circle)' : `Circle at ${info.url}`}; worker pid ${info.workerPid}`,
  );
  console.log(table(HEADER, []));
  try {
    for (let n = 1; n <= MAX_ROOMS; n++) {
      const joins: number[] = [];
      const setupStart = performance.now();
      let room: LoadRoom;
      try {
        room = mode === 'bare' ? await addBareRoom(child, n) : await addCircleRoom(info.url, n, joins);
      } catch (err) {
        stoppedBecause = `room ${n} could not be set up: ${(err as Error).message}`;
        console.log(`  ${stoppedBecause}`);
        break;
      }
      rooms.push(room);
      const setupMs = performance.now() - setupStart;
      joinsAll.push(...joins);
      await sleep(WARMUP_MS);

      const latency: LatencySink = new Map();
      if (mode === 'circle') {
        for (const r of rooms) {
          for (const c of r.clients) c.latency = latency;
          startChatter(r);
        }
      }
      await child.call('reset');
      botsLoop.reset();
      const before = await thread().call<MediaCounters>('counters');
      worker.start();
      server.start();
      bots.start();
      machine.start();
      const t0 = performance.now();
      await sleep(WINDOW_MS);
      const seconds = (performance.now() - t0) / 1000;
      const workerCpu = worker.read();
      const serverCpu = server.read();
      const botsCpu = bots.read();
      const othersCpu = Math.max(0, machine.read() - workerCpu - serverCpu - botsCpu);
      const after = await thread().call<MediaCounters>('counters');
      const botsLoopP99 = Math.max(0, botsLoop.percentile(99) / 1e6 - 10);
      const stats = await child.call<ServerStats>('stats');
      for (const r of rooms) {
        stopChatter(r);
        for (const c of r.clients) c.latency = null;
      }
      const events = [...(latency.get('hand:raise') ?? []), ...(latency.get('hand:lower') ?? [])];
      eventsAll.push(...events);
      const received = after.received - before.received;
      const step: Step = {
        rooms: n,
        consumers: stats.consumers,
        setupMs,
        workerCpu,
        serverCpu,
        botsCpu,
        othersCpu,
        forwardedPps: received / seconds,
        sentPps: (after.sent - before.sent) / seconds,
        sentRatio: (after.sent - before.sent) / seconds / expectedSentPps(n),
        botsLoopP99,
        outMbps: ((after.receivedBytes - before.receivedBytes) * 8) / seconds / 1e6,
        inMbps: ((after.sentBytes - before.sentBytes) * 8) / seconds / 1e6,
        lossSeq: Math.max(0, 1 - received / Math.max(1, after.expectedSeq - before.expectedSeq)),
        // Signed: packets in flight at the window's edges make it slightly noisy either way.
        lossEndToEnd: 1 - received / Math.max(1, after.fanout - before.fanout),
        workerRssMB: rssMB(info.workerPid),
        serverRssMB: stats.rssMB,
        serverHeapMB: stats.heapUsedMB,
        eventLoopP99: stats.eventLoop.p99,
      };
      if (mode === 'circle') {
        const j = summarize(joins);
        const e = summarize(events);
        step.join = { p50: j.p50, p99: j.p99, count: j.count };
        step.event = { p50: e.p50, p99: e.p99, count: e.count };
        step.outbound = stats.outbound;
      }
      steps.push(step);
      console.log(table(HEADER, [row(step)]).split('\n')[1]);
      if (workerCpu >= TARGET_CPU) {
        stoppedBecause = `worker at ${fmt(workerCpu)}% of a core`;
        break;
      }
      if (step.lossSeq > MAX_LOSS) {
        stoppedBecause = `loss ${fmt(step.lossSeq * 100)}% (overloaded)`;
        break;
      }
      if (performance.now() - phaseStart > PHASE_BUDGET_MS) {
        stoppedBecause = `phase time budget (${PHASE_BUDGET_MS / 1000} s)`;
        break;
      }
    }
  } finally {
    stopRooms();
    await thread().call('closeAll');
    await stopServer(child);
  }
  // The capacity fit leaves out steps that other processes disturbed (or that starved the bots).
  const clean = steps.filter((s) => s.othersCpu <= MAX_OTHERS_CPU && s.sentRatio >= 0.97);
  const fit = clean.length >= 3 ? clean : steps;
  return {
    name: mode,
    steps,
    fitSteps: fit.map((s) => s.rooms),
    baseline,
    capacity: capacity(steps, fit),
    stoppedBecause,
  };
}

function perRoomMB(phase: Phase): { worker: number; server: number } {
  const last = phase.steps[phase.steps.length - 1];
  if (!last) return { worker: Number.NaN, server: Number.NaN };
  return {
    worker: (last.workerRssMB - phase.baseline.workerRssMB) / last.rooms,
    server: (last.serverRssMB - phase.baseline.serverRssMB) / last.rooms,
  };
}

function roundStep(s: Step): Step {
  const r = (v: number, d = 2) => Number(v.toFixed(d));
  return {
    ...s,
    setupMs: r(s.setupMs, 0),
    workerCpu: r(s.workerCpu, 1),
    serverCpu: r(s.serverCpu, 1),
    botsCpu: r(s.botsCpu, 1),
    othersCpu: r(s.othersCpu, 1),
    sentRatio: r(s.sentRatio, 3),
    botsLoopP99: r(s.botsLoopP99, 1),
    forwardedPps: Math.round(s.forwardedPps),
    sentPps: Math.round(s.sentPps),
    outMbps: r(s.outMbps, 1),
    inMbps: r(s.inMbps, 1),
    lossSeq: r(s.lossSeq, 5),
    lossEndToEnd: r(s.lossEndToEnd, 5),
    workerRssMB: r(s.workerRssMB, 1),
    serverRssMB: r(s.serverRssMB, 1),
    serverHeapMB: r(s.serverHeapMB, 1),
  };
}

async function main(): Promise<void> {
  console.log(
    `bench:load: rooms of ${ROOM_SIZE} (Opus + 800 kbps VP8 each), one worker, added until ${TARGET_CPU}% of a core; ` +
      `${WARMUP_MS / 1000} s warm-up + ${WINDOW_MS / 1000} s window per step`,
  );
  const joins: number[] = [];
  const events: number[] = [];
  media = Thread.start(MEDIA_FILE);
  await media.ready;
  const bare = await runPhase('bare', [], []);
  const circle = await runPhase('circle', joins, events);
  await media.stop();
  media = null;

  const ratio = circle.capacity.consumersAt80 / bare.capacity.consumersAt80;
  const joinSummary = rounded(summarize(joins));
  const eventSummary = rounded(summarize(events));
  const lastCircle = circle.steps[circle.steps.length - 1];
  const lastBare = bare.steps[bare.steps.length - 1];
  const mem = { bare: perRoomMB(bare), circle: perRoomMB(circle) };

  console.log('\nsummary');
  console.log(
    table(
      [
        '',
        'CPU/100 cons.',
        'consumers@80% (fit)',
        'crossed 80% at',
        'last step',
        'fwd pkt/s',
        'out Mbps',
        'loss%',
        'wkr MB/room',
        'node MB/room',
      ],
      [bare, circle].map((p) => {
        const last = p.steps[p.steps.length - 1];
        const m = perRoomMB(p);
        return [
          p.name,
          `${fmt(p.capacity.cpuPer100Consumers, 2)}%`,
          p.capacity.consumersAt80,
          p.capacity.crossedAt ?? '–',
          last ? `${last.consumers} @ ${fmt(last.workerCpu)}%` : '–',
          last ? Math.round(last.forwardedPps) : '–',
          last ? fmt(last.outMbps) : '–',
          last ? fmt(last.lossSeq * 100, 2) : '–',
          fmt(m.worker, 1),
          fmt(m.server, 1),
        ];
      }),
    ),
  );
  console.log(`stopped: bare: ${bare.stoppedBecause}; Circle: ${circle.stoppedBecause}`);
  console.log(`Circle / bare capacity: ${fmt(ratio * 100)}% (goal ≥ 90%)`);
  const matched = circle.steps
    .map((c) => {
      const b = bare.steps.find((s) => s.rooms === c.rooms);
      return b ? `${c.rooms} rooms ${fmt(c.workerCpu)}/${fmt(b.workerCpu)}%` : null;
    })
    .filter(Boolean);
  console.log(`worker CPU Circle/bare at the same rooms: ${matched.join(' · ')}`);
  const at900 = (p: Phase) => p.steps.find((st) => st.consumers === ANCHOR.consumers);
  const a900 = { bare: at900(bare), circle: at900(circle) };
  console.log(
    `at ${ANCHOR.consumers} consumers: bare ${a900.bare ? `${fmt(a900.bare.workerCpu)}% (${Math.round(a900.bare.forwardedPps)} pkt/s)` : '–'}, ` +
      `Circle ${a900.circle ? `${fmt(a900.circle.workerCpu)}% (${Math.round(a900.circle.forwardedPps)} pkt/s)` : '–'}; ` +
      `anchor ${ANCHOR.workerCpuPercent}% (${ANCHOR.packetsPerSecond} pkt/s)`,
  );
  if ([...bare.steps, ...circle.steps].some((st) => st.sentRatio < 0.97)) {
    console.log('* the bots sent less than they should in that window (starved of CPU): treat that step with care');
  }
  console.log(`join (connect → first room:state), under load: ${line(joinSummary, 'ms', 1, ['p50', 'p99', 'max'])}`);
  console.log(
    `ordinary event (hand:raise/lower ack), under load: ${line(eventSummary, 'ms', 1, ['p50', 'p99', 'max'])}`,
  );
  if (lastCircle?.outbound) {
    const rows = Object.entries(lastCircle.outbound)
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(([name, v]) => [name, fmt(v.messages / (WINDOW_MS / 1000)), fmt(v.bytes / 1024 / (WINDOW_MS / 1000))]);
    console.log(`\nserver → sockets at ${lastCircle.rooms} rooms (per second, measurement window):`);
    console.log(table(['event', 'msgs/s', 'KB/s'], rows));
  }
  console.log(
    `anchor: ${ANCHOR.what}: ${ANCHOR.consumers} consumers, ${ANCHOR.packetsPerSecond} pkt/s, no loss, ${ANCHOR.workerCpuPercent}% of a core`,
  );

  const file = writeResult('load', {
    settings: {
      roomSize: ROOM_SIZE,
      targetCpuPercent: TARGET_CPU,
      maxRooms: MAX_ROOMS,
      warmupMs: WARMUP_MS,
      windowMs: WINDOW_MS,
      handEveryMs: HAND_EVERY_MS,
      speakerEveryMs: 3_000,
      videoKbps: 800,
      workers: 1,
    },
    anchor: ANCHOR,
    bare: { ...bare, steps: bare.steps.map(roundStep) },
    circle: { ...circle, steps: circle.steps.map(roundStep) },
    ratio: Number(ratio.toFixed(3)),
    memoryPerRoomMB: {
      bare: { worker: Number(mem.bare.worker.toFixed(2)), node: Number(mem.bare.server.toFixed(2)) },
      circle: { worker: Number(mem.circle.worker.toFixed(2)), node: Number(mem.circle.server.toFixed(2)) },
    },
    signaling: { joinMs: joinSummary, eventMs: eventSummary },
    last: { bare: lastBare ? roundStep(lastBare) : null, circle: lastCircle ? roundStep(lastCircle) : null },
  });
  console.log(`\nwrote ${file}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    stopRooms();
    for (const c of children) c.process.kill('SIGKILL');
    process.exit(1);
  },
);
