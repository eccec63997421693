/** What the benchmarks and their server process (server-process.ts) share: constants and IPC shapes. */
import type { Kind } from '@circle/testkit/rtp';
import type { Summary } from './stats.js';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token';
/** A port range of its own, away from the tests' default range and from ephemeral ports. */
export const BENCH_RTC_PORTS = { min: 20_000, max: 29_999 };

/** Where the Circle under test keeps its rooms (server-process.ts `circle <store> [DATABASE_URL]`). */
export type BenchStore = 'memory' | 'pglite' | 'postgres';

export interface ServerInfo {
  pid: number;
  workerPid: number;
  url: string;
}

export interface ServerStats {
  rssMB: number;
  heapUsedMB: number;
  rooms: number;
  transports: number;
  producers: number;
  consumers: number;
  /** Event-loop delay (beyond the sampling interval) since the last `reset`, in ms. */
  eventLoop: { p50: number; p99: number; max: number; mean: number };
  /** What the server sent to sockets since the last `reset`, by event name. */
  outbound: Record<string, { messages: number; bytes: number }>;
  /** Each room-store save since the last `reset`, in ms (Circle only). */
  saveMs?: Summary;
}

export interface BareParticipant {
  port: number;
  streams: { kind: Kind; ssrc: number; cname: string }[];
}
export interface BareParticipantResult {
  sendTuple: { ip: string; port: number };
  producers: { producerId: string; ssrc: number }[];
  consumers: { ssrc: number; producerId: string }[];
}

/** One participant's media in the bots' media thread (media-thread.ts). */
export interface ThreadParticipant {
  port: number;
  cname: string;
  audioSsrc: number;
  videoSsrc: number;
}

/** What the signaling side tells the media thread about one participant once the SFU answered. */
export interface ThreadParticipantSetup {
  sendTo?: { ip: string; port: number };
  consumers?: { ssrc: number; producerId: string }[];
}

/** Running totals over every room of the media thread. */
export interface MediaCounters {
  sent: number;
  sentBytes: number;
  /** Σ packets sent × consumers of that stream: what should arrive. */
  fanout: number;
  received: number;
  receivedBytes: number;
  /** Σ over consumers of the packets their RTP sequence numbers say were sent. */
  expectedSeq: number;
}
