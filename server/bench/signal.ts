/**
 * bench:signal: the signaling path alone under many connections. 50 rooms of 1 therapist and 10
 * admitted members (550 sockets) do ordinary room actions at a steady rate: members raise and lower
 * their hands (each a room command, acked, then a room:patch to everyone whose view it changed) and every
 * socket sends clock:ping (acked, no broadcast). Three rates, one after the other. The server runs in
 * its own process and reports its event-loop delay (perf_hooks.monitorEventLoopDelay) and what it
 * pushed to sockets; the clients run here and time each ack. Loopback; writes .bench/signal.json.
 *
 * The whole run is repeated with the rooms kept in memory (no database write: the baseline), in
 * PGlite in a data folder (the embedded default) and in a PostgreSQL server the bench starts (the
 * test kit's), and the server times every room-store save: each accepted hand event is one save
 * before its ack. The "Database writes" table prints the three side by side.
 *
 * Last, the floor: a bare socket.io server (server-process.ts `bare-signal`, the same server options)
 * that acks the same events and sends each hand event's message to as many sockets, of the same size,
 * as Circle did in its first run (BENCH_BARE=0 leaves it out). "Per hand event" prints them side by side.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child } from './support/ipc.js';
import { CpuMeter, MachineMeter } from './support/proc.js';
import type { BenchStore, ServerInfo, ServerStats } from './support/protocol.js';
import type { LatencySink } from '@circle/testkit/bot';
import { BareSignalClient, type SignalClient } from './support/bareSignalClient.js';
import { joinRoom } from './support/room.js';
import { postgresServerAvailable, startPostgresServer, type PostgresServer } from '@circle/testkit/postgresServer';
import { fmt, hardDeadline, rounded, sleep, summarize, table, writeResult, type Summary } from './support/stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The room view on the wire: full states (connect, resync) and patches (every change since). */
const ROOM_EVENTS = ['room:state', 'room:patch'];
function roomTraffic(outbound: ServerStats['outbound']): { messages: number; bytes: number } {
  let messages = 0;
  let bytes = 0;
  for (const name of ROOM_EVENTS) {
    messages += outbound[name]?.messages ?? 0;
    bytes += outbound[name]?.bytes ?? 0;
  }
  return { messages, bytes };
}
const ROOMS = Number(process.env.BENCH_ROOMS ?? 50);
const MEMBERS_PER_ROOM = 10;
/**
 * Hand events and clock pings per second over the whole server, for each level. The first is
 * idle (connections only), the second has pings only (acked, nothing broadcast), so the next ones
 * show what the hand events add.
 */
const LEVELS: { hands: number; pings: number }[] = [
  { hands: 0, pings: 0 },
  { hands: 0, pings: 200 },
  { hands: 50, pings: 50 },
  { hands: 100, pings: 100 },
  { hands: 200, pings: 200 },
];
const WARMUP_MS = 2_000;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 12_000);
const TICK_MS = 10;
/**
 * Where the server keeps its rooms, one run each (BENCH_STORES): the in-memory store (the baseline:
 * no database write), PGlite in a folder (the embedded default), a PostgreSQL server (the test kit's).
 */
const STORES = (process.env.BENCH_STORES ?? 'memory,pglite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is BenchStore => s === 'memory' || s === 'pglite' || s === 'postgres');
/** A Circle store, or the bare socket.io floor. */
type Target = BenchStore | 'bare';
const STORE_LABEL: Record<Target, string> = {
  bare: 'a bare socket.io server (the floor: acks and the same fan-out, nothing else)',
  memory: 'memory (no database write)',
  pglite: 'PGlite in a data folder (the embedded default)',
  postgres: 'a PostgreSQL server (DATABASE_URL)',
};
const TOTAL_BUDGET_MS = 240_000 * Math.max(1, STORES.length);

let child: Child | null = null;
let postgres: PostgresServer | null = null;
const clients: SignalClient[] = [];

hardDeadline(TOTAL_BUDGET_MS, () => {
  for (const c of clients) c.close();
  child?.process.kill('SIGKILL');
  void postgres?.close();
});

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

interface Level {
  handsPerSecond: number;
  pingsPerSecond: number;
  handEvents: number;
  pings: number;
  errors: number;
  serverCpu: number;
  clientCpu: number;
  /** CPU of every other process on the machine (other people's tests), share of one core. */
  othersCpu: number;
  eventLoop: ServerStats['eventLoop'];
  handAckMs: Summary;
  pingAckMs: Summary;
  outbound: ServerStats['outbound'];
  /** Room-store saves during the window (one per accepted hand event). */
  saveMs: Summary;
}

/** Drive both kinds of event at their rates per second for `ms`; acks are timed into `sink`. */
async function drive(
  members: SignalClient[],
  everyone: SignalClient[],
  rate: { hands: number; pings: number },
  ms: number,
  sink: LatencySink,
) {
  const raised = new Map<SignalClient, boolean>();
  const handOrder = shuffle(members);
  const pingOrder = shuffle(everyone);
  let hands = 0;
  let pings = 0;
  let errors = 0;
  const start = performance.now();
  for (const c of everyone) c.latency = sink;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      const seconds = Math.min(elapsed, ms) / 1000;
      for (const due = Math.floor(seconds * rate.hands); hands < due; hands++) {
        const c = handOrder[hands % handOrder.length]!;
        const up = !raised.get(c);
        raised.set(c, up);
        void c.request(up ? 'hand:raise' : 'hand:lower', {}).then(
          (r) => void (r.ok || errors++),
          () => void errors++,
        );
      }
      for (const due = Math.floor(seconds * rate.pings); pings < due; pings++) {
        const c = pingOrder[pings % pingOrder.length]!;
        void c.request('clock:ping', { clientTime: Date.now() }).then(
          (r) => void (r.ok || errors++),
          () => void errors++,
        );
      }
      if (elapsed >= ms) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  // Let the last acks arrive before reading the figures.
  await sleep(500);
  for (const c of everyone) c.latency = null;
  return { hands, pings, errors };
}

/** One store's run: the levels, and what they cost. */
interface StoreRun {
  store: Target;
  setupSeconds: number;
  joinMs: Summary;
  levels: Level[];
  perEvent: {
    idleCpuMsPerSecond: number;
    pingCostMs: number;
    hands: { handsPerSecond: number; handCostMs: number; roomMessagesPerHand: number; roomMessageBytes: number }[];
  };
}

/** The rooms of the bare run: a therapist and the members per room, plain sockets. */
async function bareRooms(url: string, joins: number[]): Promise<SignalClient[]> {
  const members: SignalClient[] = [];
  for (let r = 0; r < ROOMS; r++) {
    for (let i = 0; i <= MEMBERS_PER_ROOM; i++) {
      const start = performance.now();
      const c = await BareSignalClient.connect(url, `room-${r}`);
      joins.push(performance.now() - start);
      clients.push(c);
      if (i > 0) members.push(c);
    }
  }
  return members;
}

/** The same rooms and levels against Circle with its rooms in `store`, or against the bare floor. */
async function measure(
  store: Target,
  databaseUrl: string | undefined,
  bare = { fanout: MEMBERS_PER_ROOM + 1, bytes: 750 },
): Promise<StoreRun> {
  console.log(`\n--- rooms in ${STORE_LABEL[store]}`);
  child = Child.start(
    path.join(here, 'support', 'server-process.ts'),
    store === 'bare'
      ? ['bare-signal', String(bare.fanout), String(bare.bytes)]
      : ['circle', store, ...(databaseUrl ? [databaseUrl] : [])],
  );
  await child.ready;
  const info = await child.call<ServerInfo>('info');
  const setupStart = performance.now();
  const names = Array.from({ length: MEMBERS_PER_ROOM }, (_, i) => `Member ${i + 1}`);
  const members: SignalClient[] = [];
  const joins: number[] = [];
  if (store === 'bare') members.push(...(await bareRooms(info.url, joins)));
  // Rooms join five at a time: quick, without a thundering herd of 550 handshakes.
  for (let r = 0; store !== 'bare' && r < ROOMS; r += 5) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(5, ROOMS - r) }, (_, i) =>
        joinRoom(info.url, `Signal room ${r + i + 1}`, names, {
          onJoin: (c) => {
            clients.push(c);
            joins.push(c.timing.firstState - c.timing.start);
          },
        }),
      ),
    );
    for (const room of batch) members.push(...room.members);
  }
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const joinMs = rounded(summarize(joins));
  console.log(
    `bench:signal: ${clients.length} sockets in ${ROOMS} rooms connected, checked in and admitted in ${fmt(setupSeconds)} s ` +
      `(join p50 ${fmt(joinMs.p50)} ms, p99 ${fmt(joinMs.p99)} ms)`,
  );

  const server = new CpuMeter(info.pid);
  const self = new CpuMeter(process.pid);
  const machine = new MachineMeter();
  const levels: Level[] = [];
  for (const rate of LEVELS) {
    await drive(members, clients, rate, WARMUP_MS, new Map());
    await child.call('reset');
    server.start();
    self.start();
    machine.start();
    const sink: LatencySink = new Map();
    const { hands, pings, errors } = await drive(members, clients, rate, WINDOW_MS, sink);
    const serverCpu = server.read();
    const clientCpu = self.read();
    const othersCpu = Math.max(0, machine.read() - serverCpu - clientCpu);
    const stats = await child.call<ServerStats>('stats');
    levels.push({
      handsPerSecond: rate.hands,
      pingsPerSecond: rate.pings,
      handEvents: hands,
      pings,
      errors,
      serverCpu: Number(serverCpu.toFixed(1)),
      clientCpu: Number(clientCpu.toFixed(1)),
      othersCpu: Number(othersCpu.toFixed(1)),
      eventLoop: stats.eventLoop,
      handAckMs: rounded(summarize([...(sink.get('hand:raise') ?? []), ...(sink.get('hand:lower') ?? [])])),
      pingAckMs: rounded(summarize(sink.get('clock:ping') ?? [])),
      outbound: stats.outbound,
      saveMs: stats.saveMs ?? rounded(summarize([])),
    });
  }

  const seconds = WINDOW_MS / 1000 + 0.5;
  console.log(
    table(
      [
        'hands/s',
        'pings/s',
        'server%',
        'clients%',
        'others%',
        'loop p50',
        'loop p99',
        'loop max',
        'hand ack p50/p99',
        'ping ack p50/p99',
        'save p50/p99',
        'room msgs/s',
        'KB/s out',
        'errors',
      ],
      levels.map((l) => {
        const room = roomTraffic(l.outbound);
        const bytes = Object.values(l.outbound).reduce((a, v) => a + v.bytes, 0);
        return [
          l.handsPerSecond,
          l.pingsPerSecond,
          fmt(l.serverCpu),
          fmt(l.clientCpu),
          fmt(l.othersCpu),
          fmt(l.eventLoop.p50),
          fmt(l.eventLoop.p99),
          fmt(l.eventLoop.max),
          `${fmt(l.handAckMs.p50)}/${fmt(l.handAckMs.p99)}`,
          `${fmt(l.pingAckMs.p50)}/${fmt(l.pingAckMs.p99)}`,
          `${fmt(l.saveMs.p50, 2)}/${fmt(l.saveMs.p99, 2)}`,
          fmt(room.messages / seconds, 0),
          fmt(bytes / 1024 / seconds, 0),
          l.errors,
        ];
      }),
    ),
  );
  console.log(
    '(ms; server% and clients% are shares of one core; loop = server event-loop delay beyond its 10 ms tick)',
  );
  // What one event costs the server's Node process, above the idle level (550 open connections):
  // the pings-only level prices a ping; the rest of each level's CPU is the hand events'.
  const idle = levels.find((l) => l.handsPerSecond === 0 && l.pingsPerSecond === 0);
  const idleMsPerS = (idle?.serverCpu ?? 0) * 10;
  const pingOnly = levels.find((l) => l.handsPerSecond === 0 && l.pingsPerSecond > 0);
  const pingCostMs = pingOnly ? (pingOnly.serverCpu * 10 - idleMsPerS) / pingOnly.pingsPerSecond : 0;
  const costs = levels
    .filter((l) => l.handsPerSecond > 0)
    .map((l) => {
      const handCostMs = (l.serverCpu * 10 - idleMsPerS - l.pingsPerSecond * pingCostMs) / l.handsPerSecond;
      const room = roomTraffic(l.outbound);
      return {
        handsPerSecond: l.handsPerSecond,
        handCostMs: Number(handCostMs.toFixed(3)),
        roomMessagesPerHand: room.messages ? Number((room.messages / l.handEvents).toFixed(1)) : 0,
        roomMessageBytes: room.messages ? Math.round(room.bytes / room.messages) : 0,
      };
    });
  for (const c of costs) {
    console.log(
      `at ${c.handsPerSecond} hand events/s: ≈ ${fmt(c.handCostMs, 2)} ms of server CPU per hand event ` +
        `(each one sent ${fmt(c.roomMessagesPerHand)} room messages (room:state or room:patch) of ${c.roomMessageBytes} bytes); ` +
        `a clock:ping ≈ ${fmt(pingCostMs, 2)} ms`,
    );
  }
  for (const c of clients.splice(0)) c.close();
  const done = child;
  child = null;
  await done.stop();
  return {
    store,
    setupSeconds: Number(setupSeconds.toFixed(1)),
    joinMs,
    levels,
    perEvent: { idleCpuMsPerSecond: idleMsPerS, pingCostMs: Number(pingCostMs.toFixed(3)), hands: costs },
  };
}

async function main(): Promise<void> {
  const stores = STORES.filter((s) => s !== 'postgres' || postgresServerAvailable());
  if (stores.length < STORES.length) console.warn('bench:signal: PostgreSQL is not installed here; it is left out');
  postgres = stores.includes('postgres') ? await startPostgresServer() : null;
  const runs: StoreRun[] = [];
  for (const store of stores) runs.push(await measure(store, store === 'postgres' ? postgres?.url : undefined));
  // The floor, with the fan-out and message size Circle had at its highest rate in its first run.
  const busiest = runs[0]?.perEvent.hands.at(-1);
  if (process.env.BENCH_BARE !== '0' && busiest) {
    const bare = {
      fanout: Math.max(1, Math.round(busiest.roomMessagesPerHand)),
      bytes: busiest.roomMessageBytes || 750,
    };
    runs.push(await measure('bare', undefined, bare));
    console.log(
      `\nPer hand event: server CPU (ms), Circle against a bare socket.io server doing only the acks and ` +
        `${bare.fanout} messages of ${bare.bytes} bytes per hand event (the same run)`,
    );
    const floor = runs.at(-1)!;
    console.log(
      table(
        ['hands/s', ...runs.map((r) => r.store), 'Circle (first) / bare'],
        floor.perEvent.hands.map((b, i) => {
          const first = runs[0]?.perEvent.hands[i]?.handCostMs ?? 0;
          return [
            b.handsPerSecond,
            ...runs.map((r) => fmt(r.perEvent.hands[i]?.handCostMs ?? 0, 2)),
            b.handCostMs > 0 ? `${fmt((first / b.handCostMs) * 100, 0)}%` : '–',
          ];
        }),
      ),
    );
    console.log(`a clock:ping: ${runs.map((r) => `${r.store} ${fmt(r.perEvent.pingCostMs, 2)} ms`).join(', ')}`);
  }

  // Database writes, side by side: each accepted hand event is one save before its ack.
  const dbRuns = runs.filter((r) => r.store !== 'bare');
  console.log('\nDatabase writes: room-store save latency (ms, p50/p99) and hand ack, by where the rooms are kept');
  console.log(
    table(
      ['hands/s', 'pings/s', ...dbRuns.flatMap((r) => [`${r.store} save`, `${r.store} hand ack`])],
      (dbRuns[0]?.levels ?? [])
        .map((l, i) => ({ l, i }))
        .filter(({ l }) => l.handsPerSecond > 0)
        .map(({ l, i }) => [
          l.handsPerSecond,
          l.pingsPerSecond,
          ...dbRuns.flatMap((r) => {
            const x = r.levels[i];
            return x
              ? [`${fmt(x.saveMs.p50, 2)}/${fmt(x.saveMs.p99, 2)}`, `${fmt(x.handAckMs.p50)}/${fmt(x.handAckMs.p99)}`]
              : ['–', '–'];
          }),
        ]),
    ),
  );
  const file = writeResult('signal', {
    rooms: ROOMS,
    membersPerRoom: MEMBERS_PER_ROOM,
    windowMs: WINDOW_MS,
    stores: runs,
  });
  console.log(`wrote ${file}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of clients) c.close();
    const c = child;
    child = null;
    void (c ? c.stop() : Promise.resolve()).then(() => postgres?.close()).then(() => process.exit());
  });
