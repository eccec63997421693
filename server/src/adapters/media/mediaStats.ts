/**
 * Reads what the SFU knows about each participant's media: transport bitrates and ICE/DTLS state
 * (transport.getStats), upstream loss and jitter (producer.getStats), and mediasoup's scores
 * (producer.score, consumer.score, kept up to date by the worker's events, so no request). Only
 * active producers and consumers count: a paused microphone is not a bad connection.
 * One request per transport and per active producer; no request per consumer.
 */
import type { types as ms } from 'mediasoup';
import { cpuPercent, type MediaFigures } from '../../domain/health.js';
import type { AnyTransport, MediaRoom, PeerMedia } from './MediaRoom.js';

export interface MediaRoomSample {
  peers: Map<string, MediaFigures>;
  counts: { transports: number; producers: number; consumers: number };
}

export async function sampleMediaRoom(room: MediaRoom): Promise<MediaRoomSample> {
  const peers = new Map<string, MediaFigures>();
  await Promise.all(
    room.peerMedia().map(async (peer) => {
      peers.set(peer.participantId, await samplePeer(peer));
    }),
  );
  return { peers, counts: room.counts() };
}

const kbps = (bps: number | undefined) => (typeof bps === 'number' && Number.isFinite(bps) ? bps / 1000 : 0);

function transportState(t: AnyTransport): { direction: 'send' | 'recv'; ice: string; dtls: string } {
  const direction = (t.appData as { direction?: string }).direction === 'send' ? 'send' : 'recv';
  if ('iceState' in t) return { direction, ice: t.iceState, dtls: t.dtlsState };
  return { direction, ice: 'plain', dtls: 'plain' };
}

async function samplePeer(peer: PeerMedia): Promise<MediaFigures> {
  const transports = peer.transports.filter((t) => !t.closed);
  const producers = peer.producers.filter((p) => !p.closed && !p.paused);
  const consumers = peer.consumers.filter((c) => !c.closed && !c.paused && !c.producerPaused);
  const [transportStats, producerStats] = await Promise.all([
    Promise.all(transports.map((t) => t.getStats().catch(() => []))),
    Promise.all(producers.map((p) => p.getStats().catch((): ms.ProducerStat[] => []))),
  ]);

  let sendKbps: number | null = null;
  let recvKbps: number | null = null;
  for (const [i, t] of transports.entries()) {
    const s = transportStats[i]?.[0];
    if (!s) continue;
    // The participant's send transport is where the SFU receives, and the other way round.
    if (transportState(t).direction === 'send') sendKbps = (sendKbps ?? 0) + kbps(s.recvBitrate);
    else recvKbps = (recvKbps ?? 0) + kbps(s.sendBitrate);
  }

  let upLossPct: number | null = null;
  let jitterMs: number | null = null;
  let rttMs: number | null = null;
  for (const stream of producerStats.flat()) {
    if (stream.type !== 'inbound-rtp') continue;
    // fractionLost is RTCP's 8-bit fraction (lost / expected × 256) over the last report interval.
    upLossPct = Math.max(upLossPct ?? 0, (stream.fractionLost / 256) * 100);
    if (Number.isFinite(stream.jitter)) jitterMs = Math.max(jitterMs ?? 0, stream.jitter);
    if (typeof stream.roundTripTime === 'number' && stream.roundTripTime > 0) {
      rttMs = Math.max(rttMs ?? 0, stream.roundTripTime);
    }
  }

  const producerScores = producers.flatMap((p) => p.score.map((s) => s.score));
  const consumerScores = consumers.map((c) => c.score.score);
  return {
    transports: transports.map(transportState),
    sendKbps,
    recvKbps,
    upLossPct,
    jitterMs,
    rttMs,
    producerScore: producerScores.length > 0 ? Math.min(...producerScores) : null,
    consumerScore: consumerScores.length > 0 ? Math.min(...consumerScores) : null,
  };
}

export interface WorkerLoad {
  pid: number;
  /** Percent of one core since the previous reading; null on the first. */
  cpuPct: number | null;
  /** Maximum resident set size, kB (getrusage's ru_maxrss). */
  maxRssKb: number;
  /** User + system CPU time since the worker started, ms. */
  cpuMs: number;
}

/**
 * CPU of mediasoup workers from worker.getResourceUsage(), as a percentage between readings.
 * A reading younger than `minIntervalMs` is reused, so rooms sharing a worker share one figure.
 */
export class WorkerUsageMeter {
  private readonly last = new Map<ms.Worker, { wallMs: number; load: WorkerLoad }>();

  constructor(
    private readonly minIntervalMs = 500,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  async read(worker: ms.Worker): Promise<WorkerLoad> {
    const previous = this.last.get(worker);
    const now = this.monotonic();
    if (previous && now - previous.wallMs < this.minIntervalMs) return previous.load;
    const usage = await worker.getResourceUsage();
    const cpuMs = usage.ru_utime + usage.ru_stime;
    const wallMs = this.monotonic();
    const load: WorkerLoad = {
      pid: worker.pid,
      cpuPct: previous ? cpuPercent(previous.load.cpuMs, cpuMs, wallMs - previous.wallMs) : null,
      maxRssKb: usage.ru_maxrss,
      cpuMs,
    };
    this.last.set(worker, { wallMs, load });
    return load;
  }

  /** Forget workers that are gone. */
  retain(workers: readonly ms.Worker[]): void {
    for (const w of this.last.keys()) if (!workers.includes(w)) this.last.delete(w);
  }
}
