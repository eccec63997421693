import type { types as ms } from 'mediasoup';
import { type ClientEventResults, type TransportInfo, SOURCE_OF_KIND, mediaClaimProblem } from '@circle/shared';
import { MediaError, withClientParameters } from './MediaError.js';

/** A check never outlives this: its transports close by themselves. */
export const CHECK_MAX_MS = 60_000;

export interface CheckNetwork {
  listenIp: string;
  announcedIp: string | undefined;
}

/**
 * The connection check before entering: a send and a receive transport of one participant's own,
 * on the room's router; they send a short stream and receive it back (loopback). Its producers are
 * known to no one else (they are not in the room's peers), so no other participant ever sees it.
 */
export class ConnectionCheck {
  private readonly producers = new Map<string, ms.Producer>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    readonly participantId: string,
    private readonly send: ms.WebRtcTransport,
    private readonly recv: ms.WebRtcTransport,
    private readonly onClose: () => void,
  ) {
    this.timer = setTimeout(() => this.close(), CHECK_MAX_MS);
    this.timer.unref();
  }

  static async open(
    router: ms.Router,
    network: CheckNetwork,
    participantId: string,
    onClose: () => void,
  ): Promise<ConnectionCheck> {
    const listenIp: ms.TransportListenIp = network.announcedIp
      ? { ip: network.listenIp, announcedIp: network.announcedIp }
      : { ip: network.listenIp };
    const options: ms.WebRtcTransportOptions = {
      listenIps: [listenIp],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { participantId, check: true },
    };
    const send = await router.createWebRtcTransport(options);
    const recv = await router.createWebRtcTransport(options).catch((err: unknown) => {
      send.close();
      throw err;
    });
    return new ConnectionCheck(participantId, send, recv, onClose);
  }

  get transports(): { send: TransportInfo; recv: TransportInfo } {
    return { send: info(this.send), recv: info(this.recv) };
  }

  private transport(transportId: string): ms.WebRtcTransport {
    if (this.send.id === transportId) return this.send;
    if (this.recv.id === transportId) return this.recv;
    throw new MediaError('NOT_FOUND', 'transport');
  }

  async connect(transportId: string, dtlsParameters: ms.DtlsParameters): Promise<void> {
    const transport = this.transport(transportId);
    await withClientParameters('dtlsParameters', () => transport.connect({ dtlsParameters }));
  }

  async produce(transportId: string, kind: ms.MediaKind, rtpParameters: ms.RtpParameters): Promise<string> {
    if (transportId !== this.send.id) throw new MediaError('INVALID_STATE', 'not the check send transport');
    if ([...this.producers.values()].some((p) => p.kind === kind)) {
      throw new MediaError('INVALID_STATE', 'already producing this kind');
    }
    if (mediaClaimProblem(kind, SOURCE_OF_KIND[kind], rtpParameters)) throw new MediaError('INVALID_PAYLOAD', 'codecs');
    const producer = await withClientParameters('rtpParameters', () =>
      this.send.produce({ kind, rtpParameters, appData: { check: true } }),
    );
    this.producers.set(producer.id, producer);
    return producer.id;
  }

  /** Consume one of this check's own producers (and only those) on the check's receive transport. */
  async consume(
    router: ms.Router,
    producerId: string,
    rtpCapabilities: ms.RtpCapabilities,
  ): Promise<ClientEventResults['check:consume']> {
    if (!this.producers.has(producerId)) throw new MediaError('NOT_FOUND', 'producer');
    if (!router.canConsume({ producerId, rtpCapabilities })) throw new MediaError('MEDIA_ERROR', 'cannot consume');
    const consumer = await withClientParameters('rtpCapabilities', () =>
      this.recv.consume({ producerId, rtpCapabilities }),
    );
    return { id: consumer.id, producerId, kind: consumer.kind, rtpParameters: consumer.rtpParameters };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.send.close();
    this.recv.close();
    this.onClose();
  }
}

function info(t: ms.WebRtcTransport): TransportInfo {
  return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
}
