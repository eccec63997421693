import type { types as ms } from 'mediasoup';
import {
  type ClientEventResults,
  type ConsumerInfo,
  type MediaSource,
  type ProducerInfo,
  type TransportInfo,
  mediaClaimProblem,
} from '@circle/shared';
import {
  type LayerChoice,
  type LayerShape,
  type TileView,
  type ReceiverTile,
  type UplinkState,
  downlinkBudget,
  layersForReceiver,
  nextUplink,
} from '../../domain/layers.js';
import { MediaError, withClientParameters } from './MediaError.js';
import { ConnectionCheck } from './ConnectionCheck.js';
import type { WorkerPool } from './WorkerPool.js';
import type { Clock } from '../../app/clock.js';
import type {
  DtlsParameters,
  MediaBlob,
  MediaFactory,
  MediaRoomListener,
  Receives,
  RoomMedia,
} from '../../app/mediaPort.js';

export { MediaError };
export type { MediaRoomListener };

/**
 * The client's parameters as mediasoup's types. Their schemas bound them; mediasoup validates them
 * (its refusals become INVALID_PAYLOAD through `withClientParameters`).
 */
const asRtpParameters = (blob: MediaBlob) => blob as unknown as ms.RtpParameters;
const asRtpCapabilities = (blob: MediaBlob) => blob as unknown as ms.RtpCapabilities;
const asDtlsParameters = (dtls: DtlsParameters) => dtls as ms.DtlsParameters;

/** Media rooms on the pool's least loaded worker; closing a room gives its worker back. */
export function mediaRoomFactory(pool: WorkerPool, network: MediaNetwork, clock: Clock): MediaFactory<MediaRoom> {
  return {
    async open(listener, receives) {
      const worker = pool.acquire();
      try {
        return await MediaRoom.create(
          worker,
          network,
          listener,
          receives,
          () => pool.release(worker),
          () => clock.now(),
        );
      } catch (err) {
        pool.release(worker);
        throw err;
      }
    },
  };
}

export const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];

export interface MediaNetwork {
  listenIp: string;
  announcedIp: string | undefined;
  /** Allow plain RTP transports on loopback (load bots and tests only). */
  allowPlainRtp: boolean;
  /** Operator bitrate caps; absent or 0: no cap. */
  limits?: BitrateLimits;
}

/** Bits per second; 0 means no cap. */
export interface BitrateLimits {
  maxIncomingBpsPerParticipant: number;
  maxOutgoingBpsPerParticipant: number;
  roomMaxIncomingBps: number;
  roomMaxOutgoingBps: number;
}

/** Audio is forwarded before any video when a receiver's downlink is short (mediasoup: 1–255). */
const AUDIO_CONSUMER_PRIORITY = 255;
/** How often uplinks are checked for the audio-only fallback and downlinks re-fitted. */
const MEDIA_HEALTH_INTERVAL_MS = 2_000;
/** A consumer score (0–10) below this means the receiver is losing packets. */
const CONSUMER_LOSSY_SCORE = 5;
/** After loss, the lowered budget holds this long before layers may rise again. */
const LOSSY_HOLD_MS = 10_000;

export type AnyTransport = ms.WebRtcTransport | ms.PlainTransport;

/** One participant's media objects in the SFU. */
export interface PeerMedia {
  participantId: string;
  transports: readonly AnyTransport[];
  producers: readonly ms.Producer[];
  consumers: readonly ms.Consumer[];
}

interface Peer {
  rtpCapabilities: ms.RtpCapabilities | null;
  transports: Map<string, AnyTransport>;
  producers: Map<string, ms.Producer>;
  consumers: Map<string, ms.Consumer>;
  /** Tile sizes the receiver reported, per consumer. */
  views: Map<string, TileView>;
  /** Consumers the client asked to resume (it is ready to play them). */
  resumed: Set<string>;
  /** Layers last applied, per consumer. */
  applied: Map<string, LayerChoice>;
  /** Simulcast video consumers that have not forwarded their first frame yet: they start on the lowest layer. */
  starting: Set<string>;
  audioOnly: boolean;
  /** The SFU's estimate towards this receiver (transport-cc), from the bwe trace. */
  downlinkBps: number | null;
  lossyUntil: number;
  uplink: UplinkState;
}

/** A consumer as the layer logic and tests see it. */
export interface ConsumerLayersView {
  consumerId: string;
  producerId: string;
  owner: string;
  kind: 'audio' | 'video';
  type: string;
  paused: boolean;
  preferredLayers: { spatialLayer: number; temporalLayer?: number } | undefined;
  currentLayers: { spatialLayer: number; temporalLayer?: number } | undefined;
  priority: number;
}

/** One mediasoup router per session, with each participant's transports, producers and consumers. */
export class MediaRoom implements RoomMedia {
  private readonly peers = new Map<string, Peer>();
  private readonly checks = new Map<string, ConnectionCheck>();
  private closed = false;
  private readonly healthTimer: NodeJS.Timeout;

  private constructor(
    /** The worker this room's router lives on (its CPU is what the room costs). */
    readonly worker: ms.Worker,
    readonly router: ms.Router,
    private readonly audioObserver: ms.AudioLevelObserver,
    private readonly network: MediaNetwork,
    private readonly listener: MediaRoomListener,
    /** Who may receive whom: the same space only, and no member's video for members in focus mode. */
    private readonly receives: Receives,
    private readonly onClose: () => void,
    /** The injected clock's time (loss holds, uplink checks). */
    private readonly now: () => number,
  ) {
    audioObserver.on('volumes', (volumes: ms.AudioLevelObserverVolume[]) => {
      listener.speaking(volumes.map((v) => String((v.producer.appData as { participantId: string }).participantId)));
    });
    audioObserver.on('silence', () => listener.speaking([]));
    this.healthTimer = setInterval(() => void this.checkHealth().catch(() => undefined), MEDIA_HEALTH_INTERVAL_MS);
    this.healthTimer.unref();
  }

  static async create(
    worker: ms.Worker,
    network: MediaNetwork,
    listener: MediaRoomListener,
    receives: Receives,
    onClose: () => void = () => undefined,
    now: () => number = () => Date.now(),
  ): Promise<MediaRoom> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const audioObserver = await router.createAudioLevelObserver({ maxEntries: 4, threshold: -55, interval: 500 });
    return new MediaRoom(worker, router, audioObserver, network, listener, receives, onClose, now);
  }

  get rtpCapabilities(): MediaBlob {
    return this.router.rtpCapabilities as unknown as MediaBlob;
  }

  runsOn(worker: unknown): boolean {
    return this.worker === worker;
  }

  get isClosed(): boolean {
    return this.closed || this.router.closed;
  }

  private peer(participantId: string): Peer {
    let peer = this.peers.get(participantId);
    if (!peer) {
      peer = {
        rtpCapabilities: null,
        transports: new Map(),
        producers: new Map(),
        consumers: new Map(),
        views: new Map(),
        resumed: new Set(),
        applied: new Map(),
        starting: new Set(),
        audioOnly: false,
        downlinkBps: null,
        lossyUntil: 0,
        uplink: { weakSince: null },
      };
      this.peers.set(participantId, peer);
    }
    return peer;
  }

  join(participantId: string, rtpCapabilities: MediaBlob): ProducerInfo[] {
    this.peer(participantId).rtpCapabilities = asRtpCapabilities(rtpCapabilities);
    return this.producersExcept(participantId);
  }

  producersExcept(participantId: string): ProducerInfo[] {
    const out: ProducerInfo[] = [];
    for (const [pid, peer] of this.peers) {
      if (pid === participantId) continue;
      for (const p of peer.producers.values())
        if (this.receives(participantId, pid, p.kind)) out.push(producerInfo(pid, p));
    }
    return out;
  }

  async createTransport(participantId: string, direction: 'send' | 'recv', plain = false): Promise<TransportInfo> {
    const peer = this.peer(participantId);
    if (peer.transports.size >= 4) throw new MediaError('INVALID_STATE', 'too many transports');
    if (plain) {
      if (!this.network.allowPlainRtp) throw new MediaError('INVALID_STATE', 'plain RTP is disabled');
      const t = await this.router.createPlainTransport({
        listenIp: { ip: '127.0.0.1' },
        rtcpMux: true,
        comedia: direction === 'send',
        appData: { participantId, direction, plain: true },
      });
      peer.transports.set(t.id, t);
      t.observer.on('close', () => peer.transports.delete(t.id));
      return {
        id: t.id,
        iceParameters: null,
        iceCandidates: [],
        dtlsParameters: null,
        tuple: { ip: t.tuple.localIp, port: t.tuple.localPort },
      };
    }
    const listenIp: ms.TransportListenIp = this.network.announcedIp
      ? { ip: this.network.listenIp, announcedIp: this.network.announcedIp }
      : { ip: this.network.listenIp };
    const transport = await this.router.createWebRtcTransport({
      listenIps: [listenIp],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { participantId, direction },
    });
    peer.transports.set(transport.id, transport);
    transport.on('dtlsstatechange', (state: ms.DtlsState) => {
      if (state === 'failed' || state === 'closed') transport.close();
    });
    transport.observer.on('close', () => peer.transports.delete(transport.id));
    await this.applyTransportLimits(participantId, transport, direction);
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  private transport(participantId: string, transportId: string): AnyTransport {
    const t = this.peers.get(participantId)?.transports.get(transportId);
    if (!t) throw new MediaError('NOT_FOUND', 'transport');
    return t;
  }

  private webRtc(participantId: string, transportId: string): ms.WebRtcTransport {
    const t = this.transport(participantId, transportId);
    if (isPlain(t)) throw new MediaError('INVALID_STATE', 'not a WebRTC transport');
    return t as ms.WebRtcTransport;
  }

  async connectTransport(participantId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const transport = this.webRtc(participantId, transportId);
    await withClientParameters('dtlsParameters', () =>
      transport.connect({ dtlsParameters: asDtlsParameters(dtlsParameters) }),
    );
  }

  async connectPlain(participantId: string, transportId: string, ip: string, port: number): Promise<void> {
    const t = this.transport(participantId, transportId);
    if (!isPlain(t)) throw new MediaError('INVALID_STATE', 'not a plain transport');
    await (t as ms.PlainTransport).connect({ ip, port });
  }

  async restartIce(participantId: string, transportId: string): Promise<ms.IceParameters> {
    return this.webRtc(participantId, transportId).restartIce();
  }

  async produce(
    participantId: string,
    transportId: string,
    kind: ms.MediaKind,
    source: MediaSource,
    blob: MediaBlob,
    paused: boolean,
  ): Promise<ms.Producer> {
    const rtpParameters = asRtpParameters(blob);
    const peer = this.peer(participantId);
    const transport = this.transport(participantId, transportId);
    // The SFU itself holds every producer to what it claims: a "camera" carrying Opus would be audio
    // that the floor and mute never reach (mediasoup matches codecs without looking at the kind).
    if (mediaClaimProblem(kind, source, rtpParameters)) throw new MediaError('INVALID_PAYLOAD', 'codecs');
    if ([...peer.producers.values()].some((p) => (p.appData as { source: string }).source === source)) {
      throw new MediaError('INVALID_STATE', 'already producing this source');
    }
    const producer = await withClientParameters('rtpParameters', () =>
      transport.produce({ kind, rtpParameters, paused, appData: { participantId, source } }),
    );
    peer.producers.set(producer.id, producer);
    producer.observer.on('close', () => {
      peer.producers.delete(producer.id);
      if (!this.closed) this.listener.producerClosed(participantId, producer.id);
    });
    if (kind === 'audio') await this.audioObserver.addProducer({ producerId: producer.id }).catch(() => undefined);
    this.listener.producerAdded(producerInfo(participantId, producer));
    return producer;
  }

  producer(participantId: string, producerId: string): ms.Producer {
    const p = this.peers.get(participantId)?.producers.get(producerId);
    if (!p) throw new MediaError('NOT_FOUND', 'producer');
    return p;
  }

  setProducerPaused(participantId: string, producerId: string, paused: boolean): Promise<void> {
    return this.pauseProducer(this.producer(participantId, producerId), paused);
  }

  private async pauseProducer(producer: ms.Producer, paused: boolean): Promise<void> {
    if (producer.paused === paused) return;
    if (paused) await producer.pause();
    else await producer.resume();
    this.listener.producerPaused((producer.appData as { participantId: string }).participantId, producer.id, paused);
  }

  /**
   * Pause every producer of one kind for a participant (server-side mute: all audio; camera stop: all
   * video), by what the producer carries rather than by its name.
   */
  async pauseKind(participantId: string, kind: ms.MediaKind): Promise<number> {
    let count = 0;
    for (const p of this.peers.get(participantId)?.producers.values() ?? []) {
      if (p.kind === kind && !p.paused) {
        await this.pauseProducer(p, true);
        count++;
      }
    }
    return count;
  }

  closeProducer(participantId: string, producerId: string): void {
    this.producer(participantId, producerId).close();
  }

  async consume(participantId: string, producerId: string): Promise<ConsumerInfo> {
    const peer = this.peers.get(participantId);
    if (!peer?.rtpCapabilities) throw new MediaError('INVALID_STATE', 'join media first');
    let owner: string | undefined;
    let producer: ms.Producer | undefined;
    for (const [pid, other] of this.peers) {
      const p = other.producers.get(producerId);
      if (p) {
        owner = pid;
        producer = p;
      }
    }
    // A producer in another space (a private side room, another pair), or a member's video for a member
    // in focus mode, does not exist for this participant.
    if (
      !producer ||
      owner === undefined ||
      owner === participantId ||
      !this.receives(participantId, owner, producer.kind)
    ) {
      throw new MediaError('NOT_FOUND', 'producer');
    }
    if (!this.router.canConsume({ producerId, rtpCapabilities: peer.rtpCapabilities })) {
      throw new MediaError('MEDIA_ERROR', 'cannot consume');
    }
    const recv = [...peer.transports.values()].find((t) => (t.appData as { direction: string }).direction === 'recv');
    if (!recv) throw new MediaError('INVALID_STATE', 'no receive transport');
    const existing = [...peer.consumers.values()].find((c) => c.producerId === producerId);
    if (existing) existing.close();
    const rtpCapabilities = peer.rtpCapabilities;
    const consumer = await withClientParameters('rtpCapabilities', () =>
      recv.consume({ producerId, rtpCapabilities, paused: true, appData: { owner } }),
    );
    peer.consumers.set(consumer.id, consumer);
    const source = (producer.appData as { source: MediaSource }).source;
    consumer.observer.on('close', () => {
      peer.consumers.delete(consumer.id);
      peer.views.delete(consumer.id);
      peer.resumed.delete(consumer.id);
      peer.applied.delete(consumer.id);
      peer.starting.delete(consumer.id);
    });
    if (consumer.kind === 'audio') {
      await consumer.setPriority(AUDIO_CONSUMER_PRIORITY);
    } else {
      if ((consumer.type === 'simulcast' || consumer.type === 'svc') && 'iceParameters' in recv) {
        // The first frame comes from the lowest layer: its key frame is the smallest, that layer is
        // always sent (a busy or short-of-bandwidth sender drops its top layers first) and it fits
        // any downlink estimate, so no layer change can make the start wait for another key frame.
        // Once it flows, the tile's own layer follows (mediasoup keeps forwarding the lowest until the
        // higher layer's key frame arrives). Browsers only (WebRTC transports): climbing back needs the
        // receiver's bandwidth feedback, which a plain-RTP receiver does not send, so it would stay low.
        peer.starting.add(consumer.id);
        consumer.on('layerschange', (layers?: ms.ConsumerLayers) => {
          if (layers && peer.starting.delete(consumer.id)) void this.applyLayers(participantId).catch(() => undefined);
        });
      }
      consumer.on('score', (score: ms.ConsumerScore) => {
        if (score.score < CONSUMER_LOSSY_SCORE && score.producerScore >= CONSUMER_LOSSY_SCORE) {
          // The loss is on this receiver's side: ease their downlink for a while.
          const wasLossy = peer.lossyUntil > this.now();
          peer.lossyUntil = this.now() + LOSSY_HOLD_MS;
          if (!wasLossy) void this.applyLayers(participantId).catch(() => undefined);
        }
      });
      await this.applyLayers(participantId);
    }
    consumer.on('producerclose', () => {
      consumer.close();
      if (!this.closed) this.listener.consumerClosed(participantId, consumer.id);
    });
    consumer.on('transportclose', () => consumer.close());
    return {
      id: consumer.id,
      producerId,
      participantId: owner,
      kind: consumer.kind,
      source,
      rtpParameters: consumer.rtpParameters,
      producerPaused: consumer.producerPaused,
    };
  }

  async resumeConsumer(participantId: string, consumerId: string): Promise<void> {
    const peer = this.peers.get(participantId);
    const c = peer?.consumers.get(consumerId);
    if (!peer || !c) throw new MediaError('NOT_FOUND', 'consumer');
    peer.resumed.add(consumerId);
    // A tile the receiver already reported hidden stays paused until it shows again.
    if (peer.applied.get(consumerId)?.paused) return;
    await c.resume();
  }

  // ------------------------------------------------------------ layers per receiver

  /** The receiver reported how large this consumer's tile is on their screen. */
  async setView(participantId: string, consumerId: string, view: TileView): Promise<void> {
    const peer = this.peers.get(participantId);
    if (!peer?.consumers.has(consumerId)) throw new MediaError('NOT_FOUND', 'consumer');
    peer.views.set(consumerId, view);
    await this.applyLayers(participantId);
  }

  /** Audio-only: pause this participant's camera and give them the lowest incoming layers. */
  async setAudioOnly(participantId: string, audioOnly: boolean): Promise<void> {
    const peer = this.peer(participantId);
    peer.audioOnly = audioOnly;
    peer.uplink = { weakSince: null };
    if (audioOnly) await this.pauseKind(participantId, 'video');
    await this.applyLayers(participantId);
  }

  isAudioOnly(participantId: string): boolean {
    return this.peers.get(participantId)?.audioOnly ?? false;
  }

  /** Derive every video consumer's layers for one receiver and apply what changed. */
  async applyLayers(participantId: string): Promise<void> {
    const peer = this.peers.get(participantId);
    if (!peer) return;
    const tiles: ReceiverTile[] = [];
    for (const consumer of peer.consumers.values()) {
      if (consumer.kind !== 'video' || consumer.closed) continue;
      tiles.push({ consumerId: consumer.id, view: peer.views.get(consumer.id), shape: this.shapeOf(consumer) });
    }
    const lossy = peer.lossyUntil > this.now();
    const budget = downlinkBudget({
      // The estimate lowers layers only under loss: mediasoup already fits layers to it, and
      // lowering the ceiling on a clean link would stop it probing for more.
      estimatedBps: lossy ? peer.downlinkBps : null,
      lossy,
      maxPerParticipantBps: this.limits.maxOutgoingBpsPerParticipant,
      roomShareBps: this.roomShare(this.limits.roomMaxOutgoingBps, 'recv'),
    });
    const fitted = layersForReceiver(tiles, budget, { audioOnly: peer.audioOnly });
    for (const [consumerId, fittedChoice] of fitted) {
      const consumer = peer.consumers.get(consumerId);
      if (!consumer || consumer.closed) continue;
      const choice = peer.starting.has(consumerId) ? { ...fittedChoice, spatialLayer: 0 } : fittedChoice;
      const before = peer.applied.get(consumerId);
      if (before && sameChoice(before, choice)) continue;
      peer.applied.set(consumerId, choice);
      if (choice.paused) {
        if (!consumer.paused) await consumer.pause();
        continue;
      }
      // Resume first: a paused consumer ignores new preferred layers until it runs again.
      if (consumer.paused && peer.resumed.has(consumerId)) await consumer.resume();
      if (consumer.type === 'simulcast' || consumer.type === 'svc') {
        await consumer.setPreferredLayers({ spatialLayer: choice.spatialLayer, temporalLayer: choice.temporalLayer });
        // Larger tiles get their share of a short downlink first (audio is above all video).
        await consumer.setPriority(1 + choice.spatialLayer);
      }
    }
  }

  private shapeOf(consumer: ms.Consumer): LayerShape {
    const encodings = this.producerById(consumer.producerId)?.rtpParameters.encodings ?? [];
    const mode = encodings[0]?.scalabilityMode ?? '';
    const temporal = /T(\d)/.exec(mode);
    return {
      spatialLayers: consumer.type === 'simulcast' ? Math.max(1, encodings.length) : 1,
      temporalLayers: temporal ? Number(temporal[1]) : 1,
    };
  }

  private producerById(producerId: string): ms.Producer | undefined {
    for (const peer of this.peers.values()) {
      const p = peer.producers.get(producerId);
      if (p) return p;
    }
    return undefined;
  }

  private get limits(): BitrateLimits {
    return (
      this.network.limits ?? {
        maxIncomingBpsPerParticipant: 0,
        maxOutgoingBpsPerParticipant: 0,
        roomMaxIncomingBps: 0,
        roomMaxOutgoingBps: 0,
      }
    );
  }

  /** One participant's share of a room-wide cap: split evenly among those with such a transport. */
  private roomShare(roomCapBps: number, direction: 'send' | 'recv'): number {
    if (roomCapBps <= 0) return 0;
    let n = 0;
    for (const peer of this.peers.values()) {
      if ([...peer.transports.values()].some((t) => (t.appData as { direction: string }).direction === direction)) n++;
    }
    return Math.floor(roomCapBps / Math.max(1, n));
  }

  private async applyTransportLimits(
    participantId: string,
    transport: ms.WebRtcTransport,
    direction: 'send' | 'recv',
  ): Promise<void> {
    const { maxIncomingBpsPerParticipant, maxOutgoingBpsPerParticipant, roomMaxIncomingBps } = this.limits;
    if (direction === 'send') {
      const caps = [maxIncomingBpsPerParticipant, this.roomShare(roomMaxIncomingBps, 'send')].filter((n) => n > 0);
      if (caps.length > 0) await transport.setMaxIncomingBitrate(Math.min(...caps));
      return;
    }
    if (maxOutgoingBpsPerParticipant > 0) await transport.setMaxOutgoingBitrate(maxOutgoingBpsPerParticipant);
    // The SFU's bandwidth estimate towards this receiver, for fitting layers under loss.
    await transport.enableTraceEvent(['bwe']);
    transport.on('trace', (trace: ms.TransportTraceEventData) => {
      const info = trace.info as { availableBitrate?: number };
      if (trace.type === 'bwe' && typeof info.availableBitrate === 'number') {
        const peer = this.peers.get(participantId);
        if (peer) peer.downlinkBps = info.availableBitrate;
      }
    });
  }

  /** Periodic: audio-only fallback for weak uplinks; re-fit downlinks whose loss hold ended. */
  private async checkHealth(): Promise<void> {
    if (this.isClosed) return;
    const now = this.now();
    for (const [pid, peer] of this.peers) {
      const camera = [...peer.producers.values()].find((p) => p.kind === 'video' && !p.paused && !p.closed);
      // An uplink is judged only once it is connected: a camera whose send transport never connected
      // (ICE failed) scores 0 for want of any packet, and "you're on audio only" would be untrue — the
      // browser says it cannot connect.
      if (camera && !peer.audioOnly && sendConnected(peer)) {
        const score = Math.max(0, ...camera.score.map((s) => s.score));
        const r = nextUplink(peer.uplink, score, now);
        peer.uplink = r.state;
        if (r.fallback) {
          peer.uplink = { weakSince: null };
          this.listener.uplinkWeak(pid);
        }
      } else {
        peer.uplink = { weakSince: null };
      }
      if (peer.lossyUntil !== 0 && peer.lossyUntil <= now) {
        peer.lossyUntil = 0;
        await this.applyLayers(pid).catch(() => undefined);
      }
    }
  }

  /** For diagnostics and tests: a receiver's consumers with their layers. */
  consumerLayers(participantId: string): ConsumerLayersView[] {
    return [...(this.peers.get(participantId)?.consumers.values() ?? [])].map((c) => ({
      consumerId: c.id,
      producerId: c.producerId,
      owner: (c.appData as { owner: string }).owner,
      kind: c.kind,
      type: c.type,
      paused: c.paused,
      preferredLayers: c.preferredLayers,
      currentLayers: c.currentLayers,
      priority: c.priority,
    }));
  }

  /** For diagnostics and tests: a participant's producers. */
  producersOf(participantId: string): ms.Producer[] {
    return [...(this.peers.get(participantId)?.producers.values() ?? [])];
  }

  // ------------------------------------------------------------ connection check (before admission)

  async startCheck(participantId: string): Promise<{ send: TransportInfo; recv: TransportInfo }> {
    this.checks.get(participantId)?.close();
    const check = await ConnectionCheck.open(this.router, this.network, participantId, () => {
      if (this.checks.get(participantId) === check) this.checks.delete(participantId);
    });
    this.checks.set(participantId, check);
    return check.transports;
  }

  private check(participantId: string): ConnectionCheck {
    const c = this.checks.get(participantId);
    if (!c) throw new MediaError('INVALID_STATE', 'no connection check');
    return c;
  }

  connectCheck(participantId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    return this.check(participantId).connect(transportId, asDtlsParameters(dtlsParameters));
  }

  produceCheck(
    participantId: string,
    transportId: string,
    kind: ms.MediaKind,
    rtpParameters: MediaBlob,
  ): Promise<string> {
    return this.check(participantId).produce(transportId, kind, asRtpParameters(rtpParameters));
  }

  consumeCheck(
    participantId: string,
    producerId: string,
    rtpCapabilities: MediaBlob,
  ): Promise<ClientEventResults['check:consume']> {
    return this.check(participantId).consume(this.router, producerId, asRtpCapabilities(rtpCapabilities));
  }

  endCheck(participantId: string): void {
    this.checks.get(participantId)?.close();
  }

  get checkCount(): number {
    return this.checks.size;
  }

  /**
   * After participants changed space (or focus mode changed): close every consumer this participant may
   * no longer receive, and return, per participant, the producers they should now start receiving.
   */
  reconcileSpaces(): Map<string, ProducerInfo[]> {
    const offers = new Map<string, ProducerInfo[]>();
    for (const [pid, peer] of this.peers) {
      const consuming = new Set<string>();
      for (const consumer of [...peer.consumers.values()]) {
        const owner = (consumer.appData as { owner: string }).owner;
        if (!this.receives(pid, owner, consumer.kind)) {
          consumer.close();
          this.listener.consumerClosed(pid, consumer.id);
        } else {
          consuming.add(consumer.producerId);
        }
      }
      if (!peer.rtpCapabilities) continue;
      const missing = this.producersExcept(pid).filter((p) => !consuming.has(p.producerId));
      if (missing.length > 0) offers.set(pid, missing);
    }
    return offers;
  }

  /** Close everything a participant has in the SFU. */
  closePeer(participantId: string): void {
    this.endCheck(participantId);
    const peer = this.peers.get(participantId);
    if (!peer) return;
    this.peers.delete(participantId);
    for (const t of peer.transports.values()) t.close();
  }

  hasPeer(participantId: string): boolean {
    return this.peers.has(participantId);
  }

  /** Read-only: each participant's live transports, producers and consumers, for stats sampling. */
  peerMedia(): PeerMedia[] {
    return [...this.peers].map(([participantId, p]) => ({
      participantId,
      transports: [...p.transports.values()],
      producers: [...p.producers.values()],
      consumers: [...p.consumers.values()],
    }));
  }

  counts(): { transports: number; producers: number; consumers: number } {
    let transports = 0;
    let producers = 0;
    let consumers = 0;
    for (const p of this.peers.values()) {
      transports += p.transports.size;
      producers += p.producers.size;
      consumers += p.consumers.size;
    }
    return { transports, producers, consumers };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.healthTimer);
    for (const c of [...this.checks.values()]) c.close();
    this.peers.clear();
    this.router.close();
    this.onClose();
  }
}

function sameChoice(a: LayerChoice, b: LayerChoice): boolean {
  return a.paused === b.paused && a.spatialLayer === b.spatialLayer && a.temporalLayer === b.temporalLayer;
}

function isPlain(t: AnyTransport): boolean {
  return (t.appData as { plain?: boolean }).plain === true;
}

/** The peer's send transport carries media: DTLS connected (a plain RTP transport, the bots', always counts). */
function sendConnected(peer: Peer): boolean {
  return [...peer.transports.values()].some(
    (t) =>
      (t.appData as { direction: string }).direction === 'send' &&
      (isPlain(t) || (t as ms.WebRtcTransport).dtlsState === 'connected'),
  );
}

function producerInfo(participantId: string, p: ms.Producer): ProducerInfo {
  return {
    producerId: p.id,
    participantId,
    kind: p.kind,
    source: (p.appData as { source: MediaSource }).source,
    paused: p.paused,
  };
}
