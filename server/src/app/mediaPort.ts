/**
 * The room actor's port to the SFU: what it asks of a room's media, in the wire contract's own types.
 * The mediasoup adapter (adapters/media/MediaRoom.ts) implements it; actor tests use a fake.
 */
import type {
  ClientEventResults,
  ConsumerInfo,
  MediaSource,
  ParsedPayload,
  ProducerInfo,
  TransportInfo,
} from '@circle/shared';
import type { TileView } from '../domain/layers.js';

/** A mediasoup parameter object as the client sent it (bounded by its schema; mediasoup validates it). */
export type MediaBlob = Record<string, unknown>;
export type DtlsParameters = ParsedPayload<'transport:connect'>['dtlsParameters'];
export type MediaKind = 'audio' | 'video';

/** A producer as the actor needs to know it. */
export interface ProducerState {
  readonly id: string;
  readonly kind: MediaKind;
  readonly paused: boolean;
}

/** A refusal from the media layer, answered to the caller with its code. */
export class MediaError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID_STATE' | 'MEDIA_ERROR' | 'INVALID_PAYLOAD',
    message: string,
  ) {
    super(message);
  }
}

/** What the media room tells the rest of the server. */
export interface MediaRoomListener {
  producerAdded(info: ProducerInfo): void;
  producerClosed(participantId: string, producerId: string): void;
  producerPaused(participantId: string, producerId: string, paused: boolean): void;
  consumerClosed(participantId: string, consumerId: string): void;
  speaking(participantIds: string[]): void;
  /** This participant's camera uplink stayed weak: they should fall back to audio-only. */
  uplinkWeak(participantId: string): void;
}

/** One room's media in the SFU. Every method refuses with a `MediaError` what it cannot do. */
export interface RoomMedia {
  readonly isClosed: boolean;
  /** The router's capabilities, as the client's device loads them. */
  readonly rtpCapabilities: MediaBlob;
  /** Whether this room's media runs on `worker` (a worker that died takes its rooms' media with it). */
  runsOn(worker: unknown): boolean;

  join(participantId: string, rtpCapabilities: MediaBlob): ProducerInfo[];
  createTransport(participantId: string, direction: 'send' | 'recv', plain: boolean): Promise<TransportInfo>;
  connectTransport(participantId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void>;
  connectPlain(participantId: string, transportId: string, ip: string, port: number): Promise<void>;
  restartIce(
    participantId: string,
    transportId: string,
  ): Promise<ClientEventResults['transport:restartIce']['iceParameters']>;

  produce(
    participantId: string,
    transportId: string,
    kind: MediaKind,
    source: MediaSource,
    rtpParameters: MediaBlob,
    paused: boolean,
  ): Promise<ProducerState>;
  producer(participantId: string, producerId: string): ProducerState;
  setProducerPaused(participantId: string, producerId: string, paused: boolean): Promise<void>;
  /** Pause every producer of one kind a participant has (mute: all audio; camera stop: all video). */
  pauseKind(participantId: string, kind: MediaKind): Promise<number>;
  closeProducer(participantId: string, producerId: string): void;

  consume(participantId: string, producerId: string): Promise<ConsumerInfo>;
  resumeConsumer(participantId: string, consumerId: string): Promise<void>;
  setView(participantId: string, consumerId: string, view: TileView): Promise<void>;
  setAudioOnly(participantId: string, audioOnly: boolean): Promise<void>;
  /** After spaces changed: close what crosses spaces; the producers each participant should now consume. */
  reconcileSpaces(): Map<string, ProducerInfo[]>;

  startCheck(participantId: string): Promise<{ send: TransportInfo; recv: TransportInfo }>;
  connectCheck(participantId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void>;
  produceCheck(participantId: string, transportId: string, kind: MediaKind, rtpParameters: MediaBlob): Promise<string>;
  consumeCheck(
    participantId: string,
    producerId: string,
    rtpCapabilities: MediaBlob,
  ): Promise<ClientEventResults['check:consume']>;
  endCheck(participantId: string): void;

  closePeer(participantId: string): void;
  /** Close the room's media and give its worker back. */
  close(): void;
}

export type Receives = (receiverId: string, ownerId: string, kind: MediaKind) => boolean;

/** Opens a room's media (on the least loaded worker, for the mediasoup adapter). */
export interface MediaFactory<M extends RoomMedia = RoomMedia> {
  /**
   * `receives(receiver, owner, kind)`: may this participant receive that participant's media of this
   * kind (same space; focus mode keeps members' video from other members)?
   */
  open(listener: MediaRoomListener, receives: Receives): Promise<M>;
}
