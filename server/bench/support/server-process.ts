/**
 * The server side of a benchmark, in its own process (forked by the benchmark, answering over
 * IPC). `circle`: the whole of Circle (startCircle) on loopback with one mediasoup worker and plain
 * RTP allowed for the bots. `bare`: the same mediasoup worker, routers, plain transports, producers
 * and consumers made directly, with no Circle around them, for the ratio. `bare-signal <fanout>
 * <bytes>`: a bare socket.io server answering bench:signal's events (its floor).
 *
 * Besides starting the server, this file only observes: event-loop delay, memory, mediasoup
 * object counts, and what the server pushes to sockets (messages and bytes per event name).
 */
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as mediasoup from 'mediasoup';
import { Server } from 'socket.io';
import { LIMITS } from '@circle/shared';
import type { types as ms } from 'mediasoup';
import { startCircle, type Circle } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { MEDIA_CODECS } from '../../src/adapters/media/MediaRoom.js';
import { announceReady, serve } from './ipc.js';
import { rounded, summarize } from './stats.js';
import { MemoryRoomStore, type RoomStore } from '../../src/adapters/store/RoomStore.js';
import { openDatabase } from '../../src/adapters/db/Db.js';
import { migrate } from '../../src/adapters/db/migrations.js';
import { PgRoomStore } from '../../src/adapters/db/PgRoomStore.js';
import type { RoomState } from '../../src/domain/room.js';
import { producerRtpParameters } from '@circle/testkit/rtp';
import {
  BENCH_ADMIN_TOKEN,
  BENCH_RTC_PORTS,
  type BareParticipant,
  type BareParticipantResult,
  type BenchStore,
  type ServerInfo,
  type ServerStats,
} from './protocol.js';

/** monitorEventLoopDelay samples every RESOLUTION_MS; each sample includes that interval. */
const ELD_RESOLUTION_MS = 10;
const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
eld.enable();

/** Event-loop delay beyond the sampling interval: how late a timer callback ran, in ms. */
function eventLoop(): ServerStats['eventLoop'] {
  const ms = (ns: number) => Number(Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS).toFixed(3));
  return { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), mean: ms(eld.mean) };
}

function memory(): { rssMB: number; heapUsedMB: number } {
  const m = process.memoryUsage();
  return { rssMB: m.rss / 2 ** 20, heapUsedMB: m.heapUsed / 2 ** 20 };
}

// ---------------------------------------------------------------- outbound socket.io traffic

let outbound = new Map<string, { messages: number; bytes: number }>();

/** The event name in an encoded socket.io packet (`42["room:state",…]`, `43[…]` for acks). */
function eventName(data: unknown): string {
  if (typeof data !== 'string') return '(binary)';
  // data is the socket.io packet: type digit (2 event, 3 ack), optional ack id, then the JSON array.
  if (data[0] === '3') return '(ack)';
  const start = data.indexOf('["');
  if (data[0] !== '2' || start < 0) return '(other)';
  return data.slice(start + 2, data.indexOf('"', start + 2));
}

interface EnginePacket {
  type: string;
  data?: unknown;
}
interface EngineSocketLike {
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
}
interface EngineLike {
  on(event: 'connection', listener: (socket: EngineSocketLike) => void): void;
}

function countOutbound(engine: EngineLike): void {
  engine.on('connection', (socket) => {
    socket.on('packetCreate', (packet) => {
      if (packet.type !== 'message') return;
      const name = eventName(packet.data);
      let entry = outbound.get(name);
      if (!entry) outbound.set(name, (entry = { messages: 0, bytes: 0 }));
      entry.messages++;
      entry.bytes += typeof packet.data === 'string' ? Buffer.byteLength(packet.data) : 0;
    });
  });
}

// ---------------------------------------------------------------- Circle

/** Every save's duration (ms) since the last `reset`: what a command waits for before its ack. */
let saveMs: number[] = [];

/** The store Circle would use, with each save timed. Nothing else about it changes. */
class TimedStore implements RoomStore {
  constructor(private readonly inner: RoomStore) {}
  load(sessionId: string) {
    return this.inner.load(sessionId);
  }
  async save(state: RoomState): Promise<void> {
    const start = performance.now();
    await this.inner.save(state);
    saveMs.push(performance.now() - start);
  }
  list() {
    return this.inner.list();
  }
  ping() {
    return this.inner.ping();
  }
  forget(sessionId: string): void {
    this.inner.forget?.(sessionId);
  }
}

async function runCircle(store: BenchStore, databaseUrl: string | undefined): Promise<void> {
  // The embedded default keeps PGlite in a folder on disk: a fresh one, removed at exit.
  const dataDir = store === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'circle-bench-data-')) : ':memory:';
  if (store === 'pglite') process.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    // The figures in BENCHMARKS.md before E2EE became the default were taken without it: kept so.
    E2EE: 'false',
    DEMO_SESSION: 'false',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'silent',
    ALLOW_PLAIN_RTP: 'true',
    RTC_MIN_PORT: String(BENCH_RTC_PORTS.min),
    RTC_MAX_PORT: String(BENCH_RTC_PORTS.max),
    ...(store === 'postgres' && databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
  });
  const db = await openDatabase(config.database);
  await migrate(db);
  const circle: Circle = await startCircle(config, {
    db,
    store: new TimedStore(store === 'memory' ? new MemoryRoomStore() : new PgRoomStore(db)),
  });
  countOutbound(circle.io.engine as unknown as EngineLike);
  const worker = circle.pool.workers[0];
  if (!worker) throw new Error('no mediasoup worker');
  serve({
    info: (): ServerInfo => ({ pid: process.pid, workerPid: worker.pid, url: circle.url }),
    stats: (): ServerStats => {
      let rooms = 0;
      let transports = 0;
      let producers = 0;
      let consumers = 0;
      for (const actor of circle.sessions.live()) {
        const media = actor.mediaRoom;
        if (!media || media.isClosed) continue;
        const c = media.counts();
        rooms++;
        transports += c.transports;
        producers += c.producers;
        consumers += c.consumers;
      }
      return {
        ...memory(),
        rooms,
        transports,
        producers,
        consumers,
        eventLoop: eventLoop(),
        outbound: Object.fromEntries(outbound),
        saveMs: rounded(summarize(saveMs), 3),
      };
    },
    reset: () => {
      eld.reset();
      outbound = new Map();
      saveMs = [];
      return null;
    },
    close: async () => {
      await circle.close();
      await db.close();
      setTimeout(() => process.exit(0), 50);
      return null;
    },
  });
}

// ---------------------------------------------------------------- bare mediasoup

async function runBare(): Promise<void> {
  const worker = await mediasoup.createWorker({
    logLevel: 'warn',
    rtcMinPort: BENCH_RTC_PORTS.min,
    rtcMaxPort: BENCH_RTC_PORTS.max,
  });
  const routers: ms.Router[] = [];
  let transports = 0;
  let producers = 0;
  let consumers = 0;

  /** One room: a router; per participant a plain send (comedia) and receive transport, its producers; then every consumer. */
  async function addRoom(args: { participants: BareParticipant[] }): Promise<BareParticipantResult[]> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    routers.push(router);
    const peers = [];
    for (const p of args.participants) {
      const send = await router.createPlainTransport({ listenIp: { ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
      const recv = await router.createPlainTransport({ listenIp: { ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
      await recv.connect({ ip: '127.0.0.1', port: p.port });
      transports += 2;
      const made: { producer: ms.Producer; ssrc: number }[] = [];
      for (const s of p.streams) {
        const producer = await send.produce({
          kind: s.kind,
          rtpParameters: producerRtpParameters(s.kind, s.ssrc, s.cname) as unknown as ms.RtpParameters,
        });
        producers++;
        made.push({ producer, ssrc: s.ssrc });
      }
      peers.push({ send, recv, made });
    }
    const out: BareParticipantResult[] = [];
    for (const [i, peer] of peers.entries()) {
      const result: BareParticipantResult = {
        sendTuple: { ip: peer.send.tuple.localIp, port: peer.send.tuple.localPort },
        producers: peer.made.map((m) => ({ producerId: m.producer.id, ssrc: m.ssrc })),
        consumers: [],
      };
      for (const [j, other] of peers.entries()) {
        if (i === j) continue;
        for (const m of other.made) {
          const consumer = await peer.recv.consume({
            producerId: m.producer.id,
            rtpCapabilities: router.rtpCapabilities,
            paused: true,
          });
          await consumer.resume();
          consumers++;
          const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
          if (ssrc === undefined) throw new Error('consumer without SSRC');
          result.consumers.push({ ssrc, producerId: m.producer.id });
        }
      }
      out.push(result);
    }
    return out;
  }

  serve({
    info: (): ServerInfo => ({ pid: process.pid, workerPid: worker.pid, url: '' }),
    addRoom,
    stats: (): ServerStats => ({
      ...memory(),
      rooms: routers.length,
      transports,
      producers,
      consumers,
      eventLoop: eventLoop(),
      outbound: {},
    }),
    reset: () => {
      eld.reset();
      return null;
    },
    close: () => {
      worker.close();
      setTimeout(() => process.exit(0), 50);
      return null;
    },
  });
}

// ---------------------------------------------------------------- bare socket.io (bench:signal's floor)

/**
 * The least a socket.io server can do for bench:signal's events: the same server options as
 * Circle's, and nothing else. A hand event is acked and then one message of `bytes` (a fresh object,
 * encoded once by socket.io) goes to `fanout` sockets of the room, as many as Circle sent per hand
 * event in the same run; a ping is acked. No validation, permissions, state, views or store.
 */
async function runBareSignal(fanout: number, bytes: number): Promise<void> {
  const http = createServer();
  const io = new Server(http, {
    maxHttpBufferSize: LIMITS.SOCKET_MESSAGE_BYTES,
    serveClient: false,
    cors: { origin: false },
    pingInterval: 5000,
    pingTimeout: 5000,
  });
  countOutbound(io.engine as unknown as EngineLike);
  const seats = new Map<string, number>();
  let version = 0;
  // An entry is ≈ 86 bytes of JSON: the message comes out at about `bytes`.
  const entries = Math.max(1, Math.round((bytes - 60) / 86));
  io.on('connection', (socket) => {
    const auth = socket.handshake.auth as { room?: unknown };
    const room = typeof auth.room === 'string' ? auth.room : '';
    const seat = seats.get(room) ?? 0;
    seats.set(room, seat + 1);
    void socket.join(`r:${room}`);
    if (seat < fanout) void socket.join(`v:${room}`);
    const hand = (_payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      ack({ ok: true, data: {} });
      version++;
      const hands = Array.from({ length: entries }, (_, i) => ({
        participantId: `p${String(i).padStart(11, '0')}`,
        displayName: `Member ${i}`,
        raisedAt: Date.now() + i,
      }));
      io.to(`v:${room}`).emit('room:patch', { from: version - 1, to: version, set: { hands } });
    };
    socket.on('hand:raise', hand);
    socket.on('hand:lower', hand);
    socket.on('clock:ping', (_payload: unknown, ack: unknown) => {
      if (typeof ack === 'function') ack({ ok: true, data: { serverTime: Date.now() } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  serve({
    info: (): ServerInfo => ({ pid: process.pid, workerPid: 0, url }),
    stats: (): ServerStats => ({
      ...memory(),
      rooms: seats.size,
      transports: 0,
      producers: 0,
      consumers: 0,
      eventLoop: eventLoop(),
      outbound: Object.fromEntries(outbound),
    }),
    reset: () => {
      eld.reset();
      outbound = new Map();
      return null;
    },
    close: () => {
      void io.close();
      setTimeout(() => process.exit(0), 50);
      return null;
    },
  });
}

const mode = process.argv[2];
// The embedded default unless the benchmark asks for another.
const store = (process.argv[3] ?? 'pglite') as BenchStore;
(mode === 'bare'
  ? runBare()
  : mode === 'bare-signal'
    ? runBareSignal(Number(process.argv[3] ?? 11), Number(process.argv[4] ?? 750))
    : runCircle(store, process.argv[4])
).then(
  () => announceReady(),
  (err: unknown) => {
    process.stderr.write(`bench server failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
