import type { types as ms } from 'mediasoup';
import type { ConsumerInfo, MediaSource, ProducerInfo, TransportInfo } from '@circle/shared';

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
}

type AnyTransport = ms.WebRtcTransport | ms.PlainTransport;

/** What the media room tells the rest of the server. */
export interface MediaRoomListener {
  producerAdded(info: ProducerInfo): void;
  producerClosed(participantId: string, producerId: string): void;
  producerPaused(producerId: string, paused: boolean): void;
  consumerClosed(participantId: string, consumerId: string): void;
  speaking(participantIds: string[]): void;
}

interface Peer {
  rtpCapabilities: ms.RtpCapabilities | null;
  transports: Map<string, AnyTransport>;
  producers: Map<string, ms.Producer>;
  consumers: Map<string, ms.Consumer>;
}

export class MediaError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID_STATE' | 'MEDIA_ERROR',
    message: string,
  ) {
    super(message);
  }
}

/** One mediasoup router per session, with each participant's transports, producers and consumers. */
export class MediaRoom {
  private readonly peers = new Map<string, Peer>();
  private closed = false;

  private constructor(
    readonly router: ms.Router,
    private readonly audioObserver: ms.AudioLevelObserver,
    private readonly network: MediaNetwork,
    private readonly listener: MediaRoomListener,
    /** Which space a participant is in; only participants in the same space receive each other. */
    private readonly spaceOf: (participantId: string) => string,
  ) {
    audioObserver.on('volumes', (volumes: ms.AudioLevelObserverVolume[]) => {
      listener.speaking(volumes.map((v) => String((v.producer.appData as { participantId: string }).participantId)));
    });
    audioObserver.on('silence', () => listener.speaking([]));
  }

  static async create(
    worker: ms.Worker,
    network: MediaNetwork,
    listener: MediaRoomListener,
    spaceOf: (participantId: string) => string,
  ): Promise<MediaRoom> {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const audioObserver = await router.createAudioLevelObserver({ maxEntries: 4, threshold: -55, interval: 500 });
    return new MediaRoom(router, audioObserver, network, listener, spaceOf);
  }

  get rtpCapabilities(): ms.RtpCapabilities {
    return this.router.rtpCapabilities;
  }

  get isClosed(): boolean {
    return this.closed || this.router.closed;
  }

  private peer(participantId: string): Peer {
    let peer = this.peers.get(participantId);
    if (!peer) {
      peer = { rtpCapabilities: null, transports: new Map(), producers: new Map(), consumers: new Map() };
      this.peers.set(participantId, peer);
    }
    return peer;
  }

  join(participantId: string, rtpCapabilities: ms.RtpCapabilities): ProducerInfo[] {
    this.peer(participantId).rtpCapabilities = rtpCapabilities;
    return this.producersExcept(participantId);
  }

  producersExcept(participantId: string): ProducerInfo[] {
    const out: ProducerInfo[] = [];
    const space = this.spaceOf(participantId);
    for (const [pid, peer] of this.peers) {
      if (pid === participantId || this.spaceOf(pid) !== space) continue;
      for (const p of peer.producers.values()) out.push(producerInfo(pid, p));
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

  async connectTransport(participantId: string, transportId: string, dtlsParameters: ms.DtlsParameters): Promise<void> {
    await this.webRtc(participantId, transportId).connect({ dtlsParameters });
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
    rtpParameters: ms.RtpParameters,
    paused: boolean,
  ): Promise<ms.Producer> {
    const peer = this.peer(participantId);
    const transport = this.transport(participantId, transportId);
    if ([...peer.producers.values()].some((p) => (p.appData as { source: string }).source === source)) {
      throw new MediaError('INVALID_STATE', 'already producing this source');
    }
    const producer = await transport.produce({ kind, rtpParameters, paused, appData: { participantId, source } });
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

  async setProducerPaused(producer: ms.Producer, paused: boolean): Promise<void> {
    if (producer.paused === paused) return;
    if (paused) await producer.pause();
    else await producer.resume();
    this.listener.producerPaused(producer.id, paused);
  }

  /** Pause every producer of one source for a participant (server-side mute / camera stop). */
  async pauseSource(participantId: string, source: MediaSource): Promise<number> {
    let count = 0;
    for (const p of this.peers.get(participantId)?.producers.values() ?? []) {
      if ((p.appData as { source: string }).source === source && !p.paused) {
        await this.setProducerPaused(p, true);
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
    // A producer in another space (a private side room, another pair) does not exist for this participant.
    if (
      !producer ||
      owner === undefined ||
      owner === participantId ||
      this.spaceOf(owner) !== this.spaceOf(participantId)
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
    const consumer = await recv.consume({
      producerId,
      rtpCapabilities: peer.rtpCapabilities,
      paused: true,
      appData: { owner },
    });
    peer.consumers.set(consumer.id, consumer);
    const source = (producer.appData as { source: MediaSource }).source;
    consumer.observer.on('close', () => peer.consumers.delete(consumer.id));
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
    const c = this.peers.get(participantId)?.consumers.get(consumerId);
    if (!c) throw new MediaError('NOT_FOUND', 'consumer');
    await c.resume();
  }

  /**
   * After participants changed space: close every consumer whose producer is now in another space,
   * and return, per participant, the producers they should now start receiving.
   */
  reconcileSpaces(): Map<string, ProducerInfo[]> {
    const offers = new Map<string, ProducerInfo[]>();
    for (const [pid, peer] of this.peers) {
      const space = this.spaceOf(pid);
      const consuming = new Set<string>();
      for (const consumer of [...peer.consumers.values()]) {
        const owner = (consumer.appData as { owner: string }).owner;
        if (this.spaceOf(owner) !== space) {
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
    const peer = this.peers.get(participantId);
    if (!peer) return;
    this.peers.delete(participantId);
    for (const t of peer.transports.values()) t.close();
  }

  hasPeer(participantId: string): boolean {
    return this.peers.has(participantId);
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
    this.closed = true;
    this.peers.clear();
    this.router.close();
  }
}

function isPlain(t: AnyTransport): boolean {
  return (t.appData as { plain?: boolean }).plain === true;
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
