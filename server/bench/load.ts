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
 * The server (Circle, or bare mediasoup) runs in a child process; the bots run here. CPU is read
 * from /proc for the worker, the server's Node process and the bots. Loopback only; every stream
 * stops by itself; the whole run is capped at 280 s. Writes .bench/load.json.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child } from './support/ipc.js';
import { CpuMeter, rssMB } from './support/proc.js';
import { MediaPeer, RoomTicker, type OutStream } from './support/rtp.js';
import type { BenchClient, LatencySink } from './support/client.js';
import type { BareParticipantResult, ServerInfo, ServerStats } from './support/protocol.js';
import { consume, joinMedia, joinRoom, openRecv, openSend, produce } from './support/room.js';
import { fmt, hardDeadline, line, rounded, sleep, summarize, table, writeResult } from './support/stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER_FILE = path.join(here, 'support', 'server-process.ts');

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
const SPEAKER_EVERY_MS = 3_000;
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

interface Participant {
  media: MediaPeer;
  audio: OutStream;
  video: OutStream;
  client: BenchClient | null;
}

interface LoadRoom {
  participants: Participant[];
  ticker: RoomTicker;
  chatter: NodeJS.Timeout[];
}

interface Step {
  rooms: number;
  consumers: number;
  setupMs: number;
  workerCpu: number;
  serverCpu: number;
  botsCpu: number;
  forwardedPps: number;
  sentPps: number;
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
  baseline: { workerRssMB: number; serverRssMB: number };
  capacity: Capacity;
  stoppedBecause: string;
}

interface Capacity {
  consumersAt80: number;
  how: 'interpolated' | 'extrapolated' | 'unknown';
}

const children = new Set<Child>();
const rooms: LoadRoom[] = [];

function stopRooms(): void {
  for (const r of rooms) {
    r.ticker.stop();
    for (const t of r.chatter) clearInterval(t);
    for (const p of r.participants) {
      p.client?.close();
      p.media.close();
    }
  }
  rooms.length = 0;
}

hardDeadline(TOTAL_BUDGET_MS, () => {
  stopRooms();
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

// ---------------------------------------------------------------- media per participant

async function openParticipant(name: string): Promise<Participant> {
  const media = await MediaPeer.open(name);
  return { media, audio: media.addStream('audio'), video: media.addStream('video'), client: null };
}

function speakerRotation(room: LoadRoom): (now: number) => void {
  let current = -1;
  return (now) => {
    const speaker = Math.floor(now / SPEAKER_EVERY_MS) % room.participants.length;
    if (speaker === current) return;
    current = speaker;
    room.participants.forEach((p, i) => {
      p.audio.level = i === speaker ? 25 : 127;
    });
  };
}

// ---------------------------------------------------------------- a room through bare mediasoup

async function addBareRoom(child: Child, n: number): Promise<LoadRoom> {
  const participants = await Promise.all(Array.from({ length: ROOM_SIZE }, (_, i) => openParticipant(`bare${n}-${i}`)));
  const results = await child.call<BareParticipantResult[]>('addRoom', {
    participants: participants.map((p, i) => ({
      port: p.media.port,
      streams: [p.audio, p.video].map((s) => ({ kind: s.kind, ssrc: s.ssrc, cname: `bare${n}-${i}` })),
    })),
  });
  results.forEach((r, i) => {
    const p = participants[i]!;
    p.media.sendTo(r.sendTuple);
    p.audio.producerId = r.producers[0]!.producerId;
    p.video.producerId = r.producers[1]!.producerId;
    for (const c of r.consumers) p.media.track(c.ssrc, c.producerId);
  });
  const room: LoadRoom = { participants, ticker: new RoomTicker(), chatter: [] };
  room.ticker.add(...participants.flatMap((p) => [p.audio, p.video]));
  room.ticker.onTick = speakerRotation(room);
  room.ticker.start(MAX_SEND_MS);
  return room;
}

// ---------------------------------------------------------------- a room through Circle

async function addCircleRoom(url: string, n: number, joins: number[]): Promise<LoadRoom> {
  const names = Array.from({ length: ROOM_SIZE - 1 }, (_, i) => `Member ${i + 1}`);
  const joined = await joinRoom(url, `Load room ${n}`, names, {
    onJoin: (c) => joins.push(c.timing.firstState - c.timing.start),
  });
  const clients = [joined.therapist, ...joined.members];
  const participants = await Promise.all(clients.map((c) => openParticipant(c.name)));
  participants.forEach((p, i) => (p.client = clients[i]!));
  const room: LoadRoom = { participants, ticker: new RoomTicker(), chatter: [] };
  room.ticker.onTick = speakerRotation(room);

  // Join media, open transports and produce, as a browser's RoomClient does; members' audio is
  // live (open mode), so the server must not keep it paused.
  await Promise.all(
    participants.map(async (p) => {
      const c = p.client!;
      await joinMedia(c);
      const sendId = await openSend(c, p.media);
      await openRecv(c, p.media);
      for (const s of [p.audio, p.video]) {
        if (await produce(c, p.media, s, sendId)) throw new Error(`${c.name}: the server kept its ${s.kind} paused`);
      }
      room.ticker.add(p.audio, p.video);
    }),
  );
  room.ticker.start(MAX_SEND_MS);

  // Consume every other participant's producers.
  const others = 2 * (ROOM_SIZE - 1);
  await Promise.all(
    participants.map(async (p) => {
      const c = p.client!;
      await c.when(() => c.producers.size >= others, 10_000, `${others} producers`);
      for (const producerId of c.producers.keys()) await consume(c, p.media, producerId);
    }),
  );
  return room;
}

/** Members raise and lower their hands, each every HAND_EVERY_MS, at random phases. */
function startChatter(room: LoadRoom): void {
  for (const p of room.participants.slice(1)) {
    const c = p.client!;
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

interface Counters {
  sent: number;
  sentBytes: number;
  /** Σ packets sent × consumers of that stream: what should arrive. */
  fanout: number;
  received: number;
  receivedBytes: number;
  expectedSeq: number;
}

function counters(): Counters {
  const c: Counters = { sent: 0, sentBytes: 0, fanout: 0, received: 0, receivedBytes: 0, expectedSeq: 0 };
  for (const room of rooms) {
    const consumersPerStream = room.participants.length - 1;
    for (const p of room.participants) {
      for (const s of [p.audio, p.video]) {
        c.sent += s.packets;
        c.sentBytes += s.bytes;
        c.fanout += s.packets * consumersPerStream;
      }
      for (const s of p.media.in.values()) {
        c.received += s.packets;
        c.receivedBytes += s.bytes;
        c.expectedSeq += s.expected;
      }
    }
  }
  return c;
}

function capacity(steps: Step[]): Capacity {
  const over = steps.findIndex((s) => s.workerCpu >= TARGET_CPU);
  if (over > 0) {
    const a = steps[over - 1]!;
    const b = steps[over]!;
    const x = a.consumers + ((TARGET_CPU - a.workerCpu) / (b.workerCpu - a.workerCpu)) * (b.consumers - a.consumers);
    return { consumersAt80: Math.round(x), how: 'interpolated' };
  }
  if (over === 0) {
    const s = steps[0]!;
    return { consumersAt80: Math.round((s.consumers * TARGET_CPU) / s.workerCpu), how: 'interpolated' };
  }
  if (steps.length < 2) return { consumersAt80: Number.NaN, how: 'unknown' };
  // Least squares cpu = a + b·consumers over the steps, solved for 80%.
  const xs = steps.map((s) => s.consumers);
  const ys = steps.map((s) => s.workerCpu);
  const mx = xs.reduce((p, v) => p + v, 0) / xs.length;
  const my = ys.reduce((p, v) => p + v, 0) / ys.length;
  const b = xs.reduce((p, x, i) => p + (x - mx) * (ys[i]! - my), 0) / xs.reduce((p, x) => p + (x - mx) ** 2, 0);
  const a = my - b * mx;
  return { consumersAt80: Math.round((TARGET_CPU - a) / b), how: 'extrapolated' };
}

const HEADER = [
  'rooms',
  'consumers',
  'worker%',
  'node%',
  'bots%',
  'fwd pkt/s',
  'out Mbps',
  'loss%',
  'wkr MB',
  'node MB',
  'loop p99',
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
    Math.round(s.forwardedPps),
    fmt(s.outMbps),
    fmt(s.lossSeq * 100, 2),
    fmt(s.workerRssMB, 0),
    fmt(s.serverRssMB, 0),
    fmt(s.eventLoopP99),
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
      const room = mode === 'bare' ? await addBareRoom(child, n) : await addCircleRoom(info.url, n, joins);
      rooms.push(room);
      const setupMs = performance.now() - setupStart;
      joinsAll.push(...joins);
      await sleep(WARMUP_MS);

      const latency: LatencySink = new Map();
      if (mode === 'circle') {
        for (const r of rooms) {
          for (const p of r.participants) p.client!.latency = latency;
          startChatter(r);
        }
      }
      await child.call('reset');
      const before = counters();
      worker.start();
      server.start();
      bots.start();
      const t0 = performance.now();
      await sleep(WINDOW_MS);
      const seconds = (performance.now() - t0) / 1000;
      const workerCpu = worker.read();
      const serverCpu = server.read();
      const botsCpu = bots.read();
      const after = counters();
      const stats = await child.call<ServerStats>('stats');
      for (const r of rooms) {
        stopChatter(r);
        for (const p of r.participants) if (p.client) p.client.latency = null;
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
        forwardedPps: received / seconds,
        sentPps: (after.sent - before.sent) / seconds,
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
    await stopServer(child);
  }
  return { name: mode, steps, baseline, capacity: capacity(steps), stoppedBecause };
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
  const bare = await runPhase('bare', [], []);
  const circle = await runPhase('circle', joins, events);

  const ratio = circle.capacity.consumersAt80 / bare.capacity.consumersAt80;
  const joinSummary = rounded(summarize(joins));
  const eventSummary = rounded(summarize(events));
  const lastCircle = circle.steps[circle.steps.length - 1];
  const lastBare = bare.steps[bare.steps.length - 1];
  const mem = { bare: perRoomMB(bare), circle: perRoomMB(circle) };

  console.log('\nsummary');
  console.log(
    table(
      ['', 'consumers@80%', 'how', 'last step', 'fwd pkt/s', 'out Mbps', 'loss%', 'wkr MB/room', 'node MB/room'],
      [bare, circle].map((p) => {
        const last = p.steps[p.steps.length - 1];
        const m = perRoomMB(p);
        return [
          p.name,
          p.capacity.consumersAt80,
          p.capacity.how,
          last ? `${last.consumers} @ ${fmt(last.workerCpu)}%` : '–',
          last ? Math.round(last.forwardedPps) : '–',
          last ? fmt(last.outMbps) : '–',
          last ? fmt(last.lossSeq * 100, 2) : '–',
          fmt(m.worker, 2),
          fmt(m.server, 2),
        ];
      }),
    ),
  );
  console.log(`Circle / bare capacity: ${fmt(ratio * 100)}% (goal ≥ 90%)`);
  const matched = circle.steps
    .map((c) => {
      const b = bare.steps.find((s) => s.rooms === c.rooms);
      return b ? `${c.rooms} rooms ${fmt(c.workerCpu)}/${fmt(b.workerCpu)}%` : null;
    })
    .filter(Boolean);
  console.log(`worker CPU Circle/bare at the same rooms: ${matched.join(' · ')}`);
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
      speakerEveryMs: SPEAKER_EVERY_MS,
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
