/**
 * A browser-less participant ("bot") for integration tests and load benchmarks.
 *
 * It speaks the wire contract over socket.io (typed `request`), records every server→client event
 * it receives (for privacy assertions), and does media over plain RTP transports: synthetic Opus
 * and VP8 packets out of a UDP socket, and per-producer packet counts in. Plain RTP transports
 * exist only when the server allows them (ALLOW_PLAIN_RTP=true).
 */
import dgram from 'node:dgram';
import { randomBytes, randomInt } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  type Ack,
  type ClientEventName,
  type ClientEventResults,
  type ClientPayload,
  type ConsumerInfo,
  type MediaSource,
  type ProducerInfo,
  type RoomView,
  type ServerToClientEvents,
  ErrorCode,
  PROTOCOL_VERSION,
} from '@circle/shared';

// ---------------------------------------------------------------- events and errors

export type ServerEventName = keyof ServerToClientEvents;
/** The first argument of a server→client event (undefined for events without one). */
export type ServerPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

export interface ReceivedEvent {
  /** Position in this bot's log, from 0. */
  index: number;
  name: string;
  /** The first argument as received; `args` has all of them. */
  payload: unknown;
  args: unknown[];
  at: number;
}

/** The server refused the connection (`connect_error`), with the error code it sent, if any. */
export class BotConnectError extends Error {
  constructor(
    readonly code: ErrorCode | undefined,
    message: string,
    /** For WRONG_NODE: the node that owns the room. */
    readonly nodeUrl?: string,
  ) {
    super(message);
    this.name = 'BotConnectError';
  }
}

/** A request the server answered with `{ ok: false }`. */
export class BotRequestError extends Error {
  constructor(
    readonly event: string,
    readonly code: ErrorCode,
    readonly field: string | undefined,
  ) {
    super(`${event} failed: ${code}${field === undefined ? '' : ` (${field})`}`);
    this.name = 'BotRequestError';
  }
}

/** A request the server never acknowledged. */
export class BotTimeoutError extends Error {
  constructor(
    readonly event: string,
    timeoutMs: number,
  ) {
    super(`${event}: no ack within ${timeoutMs} ms`);
    this.name = 'BotTimeoutError';
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && Object.hasOwn(ErrorCode, v);
}

/** The code in a socket.io `connect_error`'s `data`, as the server's middleware sends it. */
function errorCodeOf(err: Error): ErrorCode | undefined {
  const data: unknown = 'data' in err ? err.data : undefined;
  return isRecord(data) && isErrorCode(data.code) ? data.code : undefined;
}

// ---------------------------------------------------------------- RTP

/** Payload types and clock rates the bot uses; they match the server's router codecs. */
export const BOT_CODECS = {
  opus: { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2 },
  vp8: { mimeType: 'video/VP8', payloadType: 101, clockRate: 90_000 },
} as const;

const RTP_HEADER_BYTES = 12;
const OPUS_FRAME_MS = 20;
const OPUS_PAYLOAD_BYTES = 160;
const VIDEO_FPS = 30;
const VIDEO_MAX_PAYLOAD_BYTES = 1_150;
const VIDEO_KEYFRAME_INTERVAL_MS = 2_000;
const DEFAULT_VIDEO_KBPS = 800;
const MIN_VIDEO_FRAME_BYTES = 64;
/** Frames sent at once to catch up after a late timer, at most. */
const MAX_CATCH_UP_FRAMES = 5;
/** A stream stops by itself after this long unless told otherwise: sending is always bounded. */
const DEFAULT_MAX_SEND_MS = 60_000;

function rtpHeader(payloadType: number, marker: boolean, seq: number, timestamp: number, ssrc: number): Buffer {
  const h = Buffer.alloc(RTP_HEADER_BYTES);
  h[0] = 0x80; // version 2, no padding, no extension, no CSRCs
  h[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
  h.writeUInt16BE(seq & 0xffff, 2);
  h.writeUInt32BE(timestamp >>> 0, 4);
  h.writeUInt32BE(ssrc >>> 0, 8);
  return h;
}

/** RTCP packet types share the second byte's range 192–223 with RTP (RFC 5761). */
function isRtcp(packet: Buffer): boolean {
  const b = packet[1] ?? 0;
  return b >= 192 && b <= 223;
}

/** Media SSRCs that a compound RTCP packet asks a key frame for (PLI or FIR). */
function keyFrameRequests(packet: Buffer): number[] {
  const out: number[] = [];
  let offset = 0;
  while (offset + 4 <= packet.length) {
    const first = packet[offset] ?? 0;
    const type = packet[offset + 1] ?? 0;
    const length = (packet.readUInt16BE(offset + 2) + 1) * 4;
    if (first >> 6 !== 2 || offset + length > packet.length) break;
    const fmt = first & 0x1f;
    if (type === 206 && fmt === 1 && length >= 12) out.push(packet.readUInt32BE(offset + 8)); // PLI
    if (type === 206 && fmt === 4 && length >= 20) out.push(packet.readUInt32BE(offset + 12)); // FIR
    offset += length;
  }
  return out;
}

function newSsrc(): number {
  return randomInt(1, 0xffff_fff0);
}

/** Bind a UDP socket on loopback to an ephemeral port. */
function bindUdp(): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const udp = dgram.createSocket('udp4');
    udp.once('error', reject);
    udp.bind(0, '127.0.0.1', () => {
      udp.off('error', reject);
      // Late ICMP errors (the SFU closed its port) must not crash the process.
      udp.on('error', () => undefined);
      resolve(udp);
    });
  });
}

function closeUdp(udp: dgram.Socket): void {
  try {
    udp.close();
  } catch {
    // already closed
  }
}

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
const SENDER_REPORT_INTERVAL_MS = 500;

/** An RTCP Sender Report (RFC 3550 6.4.1) with no report blocks. */
function senderReport(ssrc: number, wallclockMs: number, rtpTimestamp: number, packets: number, bytes: number): Buffer {
  const b = Buffer.alloc(28);
  b[0] = 0x80;
  b[1] = 200;
  b.writeUInt16BE(6, 2);
  b.writeUInt32BE(ssrc >>> 0, 4);
  const seconds = Math.floor(wallclockMs / 1000);
  b.writeUInt32BE((seconds + NTP_UNIX_OFFSET_S) >>> 0, 8);
  b.writeUInt32BE(Math.floor(((wallclockMs % 1000) / 1000) * 2 ** 32) >>> 0, 12);
  b.writeUInt32BE(rtpTimestamp >>> 0, 16);
  b.writeUInt32BE(packets >>> 0, 20);
  b.writeUInt32BE(bytes >>> 0, 24);
  return b;
}

/** One synthetic media source sending RTP to a plain send transport. */
export class OutboundStream {
  packetsSent = 0;
  bytesSent = 0;
  private seq = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fff_ffff);
  private timer: NodeJS.Timeout | null = null;
  private stopTimer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private framesSent = 0;
  private lastKeyFrameAt = -Infinity;
  private keyFrameWanted = true;
  private pictureId = randomInt(0, 0x7fff);
  private readonly filler: Buffer;
  private reportTimer: NodeJS.Timeout | null = null;
  private lastFrameAt = 0;
  private lastFrameTimestamp = 0;
  /** Key frames sent (the first frame and every PLI/FIR answer count). */
  keyFramesSent = 0;

  constructor(
    readonly producerId: string,
    readonly kind: 'audio' | 'video',
    readonly source: MediaSource,
    readonly ssrc: number,
    private readonly transport: PlainSendTransport,
    /** Video only: the target bitrate. */
    private readonly kbps: number,
    /**
     * Send RTCP Sender Reports: simulcast needs them, since the SFU maps each layer's RTP clock to
     * wall-clock time before it switches a consumer between layers.
     */
    private readonly senderReports = false,
  ) {
    this.filler = randomBytes(kind === 'audio' ? OPUS_PAYLOAD_BYTES : VIDEO_MAX_PAYLOAD_BYTES);
  }

  get sending(): boolean {
    return this.timer !== null;
  }

  private get frameMs(): number {
    return this.kind === 'audio' ? OPUS_FRAME_MS : 1000 / VIDEO_FPS;
  }

  /** Send in real time until `stop()`, `close()` or `maxDurationMs` (60 s by default). */
  start(options: { maxDurationMs?: number } = {}): void {
    if (this.timer || this.transport.closed) return;
    this.startedAt = performance.now();
    this.framesSent = 0;
    this.sendFrame();
    this.timer = setInterval(() => this.tick(), Math.max(5, Math.floor(this.frameMs / 2)));
    this.stopTimer = setTimeout(() => this.stop(), options.maxDurationMs ?? DEFAULT_MAX_SEND_MS);
    if (this.senderReports) this.reportTimer = setInterval(() => this.sendReport(), SENDER_REPORT_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.stopTimer) clearTimeout(this.stopTimer);
    if (this.reportTimer) clearInterval(this.reportTimer);
    this.timer = null;
    this.stopTimer = null;
    this.reportTimer = null;
  }

  private sendReport(): void {
    if (this.transport.closed) return this.stop();
    const clockRate = this.kind === 'audio' ? BOT_CODECS.opus.clockRate : BOT_CODECS.vp8.clockRate;
    const rtp = this.lastFrameTimestamp + Math.round(((performance.now() - this.lastFrameAt) * clockRate) / 1000);
    this.transport.send(senderReport(this.ssrc, Date.now(), rtp, this.packetsSent, this.bytesSent));
  }

  /** The SFU asked for a key frame (PLI/FIR): the next video frame is one. */
  requestKeyFrame(): void {
    this.keyFrameWanted = true;
  }

  private tick(): void {
    if (this.transport.closed) return this.stop();
    const due = Math.floor((performance.now() - this.startedAt) / this.frameMs) + 1 - this.framesSent;
    for (let i = 0; i < Math.min(due, MAX_CATCH_UP_FRAMES); i++) this.sendFrame();
    // Hopelessly behind (a stalled event loop): skip ahead rather than burst.
    if (due > MAX_CATCH_UP_FRAMES) this.framesSent += due - MAX_CATCH_UP_FRAMES;
  }

  private sendFrame(): void {
    this.framesSent++;
    this.lastFrameAt = performance.now();
    this.lastFrameTimestamp = this.timestamp;
    if (this.kind === 'audio') {
      this.sendOpusFrame();
      this.timestamp += (BOT_CODECS.opus.clockRate * OPUS_FRAME_MS) / 1000;
    } else {
      this.sendVp8Frame();
      this.timestamp += Math.round(BOT_CODECS.vp8.clockRate / VIDEO_FPS);
    }
  }

  private sendOpusFrame(): void {
    // TOC byte: config 15 (hybrid, fullband, 20 ms), mono frame, one frame per packet.
    this.filler[0] = 0x78;
    this.sendPacket(BOT_CODECS.opus.payloadType, true, this.filler);
  }

  private sendVp8Frame(): void {
    const now = performance.now();
    const key = this.keyFrameWanted || now - this.lastKeyFrameAt >= VIDEO_KEYFRAME_INTERVAL_MS;
    if (key) {
      this.keyFrameWanted = false;
      this.lastKeyFrameAt = now;
      this.keyFramesSent++;
    }
    const frameBytes = Math.max(MIN_VIDEO_FRAME_BYTES, Math.round((this.kbps * 1000) / 8 / VIDEO_FPS)) * (key ? 3 : 1);
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    const packets = Math.max(1, Math.ceil(frameBytes / VIDEO_MAX_PAYLOAD_BYTES));
    const perPacket = Math.ceil(frameBytes / packets);
    for (let i = 0; i < packets; i++) {
      const first = i === 0;
      // VP8 payload descriptor (RFC 7741): X=1, S on the first packet, partition 0; I=1 with a
      // 15-bit picture id. mediasoup only forwards VP8 whose descriptor it can parse.
      const descriptor = Buffer.from([first ? 0x90 : 0x80, 0x80, 0x80 | (this.pictureId >> 8), this.pictureId & 0xff]);
      const body = this.filler.subarray(0, Math.min(perPacket, VIDEO_MAX_PAYLOAD_BYTES) - descriptor.length);
      if (first) {
        // VP8 frame tag: bit 0 (P) is 0 for a key frame; key frames carry the start code and size.
        body[0] = key ? 0x10 : 0x11;
        if (key) {
          body[3] = 0x9d;
          body[4] = 0x01;
          body[5] = 0x2a;
          body.writeUInt16LE(640, 6);
          body.writeUInt16LE(360, 8);
        }
      }
      this.sendPacket(BOT_CODECS.vp8.payloadType, i === packets - 1, descriptor, body);
    }
  }

  private sendPacket(payloadType: number, marker: boolean, ...payload: Buffer[]): void {
    const header = rtpHeader(payloadType, marker, this.seq, this.timestamp, this.ssrc);
    this.seq = (this.seq + 1) & 0xffff;
    const packet = Buffer.concat([header, ...payload]);
    this.transport.send(packet);
    this.packetsSent++;
    this.bytesSent += packet.length;
  }
}

/** A plain send transport: one UDP socket, so the SFU learns one address (comedia) for all streams. */
export class PlainSendTransport {
  closed = false;
  readonly streams = new Map<number, OutboundStream>();

  constructor(
    readonly id: string,
    readonly tuple: { ip: string; port: number },
    private readonly udp: dgram.Socket,
  ) {
    udp.on('message', (msg) => {
      if (!isRtcp(msg)) return;
      for (const ssrc of keyFrameRequests(msg)) this.streams.get(ssrc)?.requestKeyFrame();
    });
  }

  send(packet: Buffer): void {
    if (this.closed) return;
    this.udp.send(packet, this.tuple.port, this.tuple.ip);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) s.stop();
    closeUdp(this.udp);
  }
}

export interface ReceivedCounts {
  packets: number;
  bytes: number;
}

/** A plain receive transport: counts RTP packets per SSRC, and so per consumed producer. */
export class PlainRecvTransport {
  closed = false;
  private readonly bySsrc = new Map<number, ReceivedCounts>();
  private readonly ssrcOfProducer = new Map<string, number>();
  /** Packets from SSRCs no consumer announced (probation, RTX). */
  unknown: ReceivedCounts = { packets: 0, bytes: 0 };

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly udp: dgram.Socket,
  ) {
    udp.on('message', (msg) => {
      if (msg.length < RTP_HEADER_BYTES || (msg[0] ?? 0) >> 6 !== 2 || isRtcp(msg)) return;
      const counts = this.bySsrc.get(msg.readUInt32BE(8)) ?? this.unknown;
      counts.packets++;
      counts.bytes += msg.length;
    });
  }

  track(producerId: string, ssrc: number): void {
    this.ssrcOfProducer.set(producerId, ssrc);
    if (!this.bySsrc.has(ssrc)) this.bySsrc.set(ssrc, { packets: 0, bytes: 0 });
  }

  received(producerId: string): ReceivedCounts {
    const ssrc = this.ssrcOfProducer.get(producerId);
    const counts = ssrc === undefined ? undefined : this.bySsrc.get(ssrc);
    return counts ? { ...counts } : { packets: 0, bytes: 0 };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeUdp(this.udp);
  }
}

function consumerSsrc(consumer: ConsumerInfo): number | undefined {
  const rtp = consumer.rtpParameters;
  if (!isRecord(rtp) || !Array.isArray(rtp.encodings)) return undefined;
  const first: unknown = rtp.encodings[0];
  return isRecord(first) && typeof first.ssrc === 'number' ? first.ssrc : undefined;
}

// ---------------------------------------------------------------- the bot

export interface BotOptions {
  /** Defaults to this build's PROTOCOL_VERSION. */
  protocolVersion?: number;
  /** A label for logs and benchmark output. */
  name?: string;
  connectTimeoutMs?: number;
  /** Default ack timeout for `request`. */
  requestTimeoutMs?: number;
}

export interface ProduceOptions {
  /** Ask to start paused (muted). The server may force audio paused regardless. */
  paused?: boolean;
  /** Video only. Default 800. */
  kbps?: number;
  /** Video only: simulcast, one encoding (SSRC) per entry, lowest first, each at this many kbps. */
  simulcastKbps?: readonly number[];
}

export interface Produced {
  /** The stream (with simulcast: the lowest layer's); its producerId is the producer's. */
  stream: OutboundStream;
  /** Every layer's stream, lowest first (one entry without simulcast). Start each to send. */
  layers: OutboundStream[];
  /** Whether the server created the producer paused. */
  paused: boolean;
}

/** A participant without a browser: typed requests, an event log, and plain-RTP media. */
export class Bot {
  readonly events: ReceivedEvent[] = [];
  readonly name: string;
  /** Untyped on purpose: hostile tests emit outside the contract; `request` is the typed way in. */
  private readonly socket: Socket;
  private readonly requestTimeoutMs: number;
  private readonly listeners = new Set<(e: ReceivedEvent) => void>();
  /** Pending `nextEvent` waits, rejected when the bot closes. */
  private readonly waits = new Set<(reason: Error) => void>();
  private sendTransport: PlainSendTransport | null = null;
  private recvTransport: PlainRecvTransport | null = null;
  private readonly streams: OutboundStream[] = [];
  /** Producers of others this bot knows about (media:join answer + producerAdded − producerClosed). */
  readonly remoteProducers = new Map<string, ProducerInfo>();
  private readonly consumed = new Set<string>();
  disconnectReason: string | null = null;
  private closedByUs = false;

  private constructor(url: string, token: string, options: BotOptions) {
    this.name = options.name ?? 'bot';
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.socket = io(url, {
      auth: { protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION, token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      autoConnect: false,
      timeout: options.connectTimeoutMs ?? 10_000,
    });
    this.socket.onAny((name: string, ...args: unknown[]) => this.record(name, args));
    this.socket.on('disconnect', (reason: string) => {
      this.disconnectReason = reason;
    });
  }

  /** Connect with an invite token; rejects with BotConnectError when the server refuses. */
  static connect(url: string, token: string, options: BotOptions = {}): Promise<Bot> {
    const bot = new Bot(url, token, options);
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        bot.socket.off('connect_error', onError);
        resolve(bot);
      };
      const onError = (err: Error) => {
        bot.socket.off('connect', onConnect);
        bot.close();
        const data: unknown = 'data' in err ? err.data : undefined;
        const nodeUrl = isRecord(data) && typeof data.nodeUrl === 'string' ? data.nodeUrl : undefined;
        reject(new BotConnectError(errorCodeOf(err), err.message, nodeUrl));
      };
      bot.socket.once('connect', onConnect);
      bot.socket.once('connect_error', onError);
      bot.socket.connect();
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** This participant's id, from the latest room view. */
  get participantId(): string | undefined {
    return this.view?.you.id;
  }

  /** The latest room:state this bot received. */
  get view(): RoomView | undefined {
    return this.latest('room:state');
  }

  private record(name: string, args: unknown[]): void {
    const e: ReceivedEvent = { index: this.events.length, name, payload: args[0], args, at: Date.now() };
    this.events.push(e);
    if (name === 'media:producerAdded') {
      const p = this.payloadOf('media:producerAdded', e);
      this.remoteProducers.set(p.producerId, p);
    } else if (name === 'media:producerClosed') {
      this.remoteProducers.delete(this.payloadOf('media:producerClosed', e).producerId);
    }
    for (const l of this.listeners) l(e);
  }

  /** A recorded event's payload, typed by its name (the server's side of the contract). */
  payloadOf<E extends ServerEventName>(name: E, e: ReceivedEvent): ServerPayload<E> {
    if (e.name !== name) throw new Error(`event ${e.index} is ${e.name}, not ${name}`);
    return e.payload as ServerPayload<E>;
  }

  /** Payloads of every recorded event with this name, optionally only after log index `since`. */
  received<E extends ServerEventName>(name: E, since = 0): ServerPayload<E>[] {
    return this.events.filter((e) => e.name === name && e.index >= since).map((e) => this.payloadOf(name, e));
  }

  latest<E extends ServerEventName>(name: E): ServerPayload<E> | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.name === name) return this.payloadOf(name, e);
    }
    return undefined;
  }

  /** Resolve with the first event (already recorded since `since`, or arriving) that matches. */
  nextEvent<E extends ServerEventName>(
    name: E,
    predicate: (payload: ServerPayload<E>) => boolean = () => true,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<ServerPayload<E>> {
    const since = options.since ?? 0;
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const seen = this.events.find((e) => e.index >= since && e.name === name && predicate(this.payloadOf(name, e)));
    if (seen) return Promise.resolve(this.payloadOf(name, seen));
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.waits.delete(cancel);
      };
      const cancel = (reason: Error) => {
        finish();
        reject(reason);
      };
      const timer = setTimeout(() => cancel(new Error(`${this.name}: no ${name} within ${timeoutMs} ms`)), timeoutMs);
      const listener = (e: ReceivedEvent) => {
        if (e.name !== name) return;
        const payload = this.payloadOf(name, e);
        if (!predicate(payload)) return;
        finish();
        resolve(payload);
      };
      this.listeners.add(listener);
      this.waits.add(cancel);
    });
  }

  /** Send a client event and resolve with its ack. Rejects with BotTimeoutError if none comes. */
  request<E extends ClientEventName>(
    event: E,
    payload: ClientPayload<E>,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<Ack<ClientEventResults[E]>> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, res: Ack<ClientEventResults[E]>) => {
        if (err) reject(new BotTimeoutError(event, timeoutMs));
        else resolve(res);
      });
    });
  }

  /** `request`, unwrapped: the ack's data, or a BotRequestError with the server's code. */
  async call<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientEventResults[E]> {
    const res = await this.request(event, payload);
    if (!res.ok) throw new BotRequestError(event, res.error.code, res.error.field);
    return res.data;
  }

  /** Emit anything, outside the contract (hostile-client tests). No ack is awaited. */
  emitRaw(event: string, ...args: unknown[]): void {
    this.socket.emit(event, ...args);
  }

  /** Emit anything with an ack callback appended; resolves with the ack's first argument, or 'timeout'. */
  requestRaw(event: string, args: unknown[], timeoutMs = 2_000): Promise<unknown> {
    return new Promise((resolve) => {
      this.socket.timeout(timeoutMs).emit(event, ...args, (err: Error | null, res: unknown) => {
        resolve(err ? 'timeout' : res);
      });
    });
  }

  /** Resolves once the socket is disconnected (by either side). */
  disconnected(timeoutMs = this.requestTimeoutMs): Promise<string> {
    if (!this.socket.connected) return Promise.resolve(this.disconnectReason ?? 'not connected');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: still connected after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.socket.once('disconnect', (reason: string) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
  }

  // ------------------------------------------------------------ media over plain RTP

  /** media:capabilities, then media:join with the router's capabilities as this bot's. */
  async joinMedia(): Promise<ProducerInfo[]> {
    const { routerRtpCapabilities } = await this.call('media:capabilities', {});
    if (!isRecord(routerRtpCapabilities)) throw new Error('router capabilities are not an object');
    const { producers } = await this.call('media:join', { rtpCapabilities: routerRtpCapabilities });
    for (const p of producers) this.remoteProducers.set(p.producerId, p);
    return producers;
  }

  private async ensureSendTransport(): Promise<PlainSendTransport> {
    if (this.sendTransport && !this.sendTransport.closed) return this.sendTransport;
    const info = await this.call('transport:create', { direction: 'send', plain: true });
    if (!info.tuple) throw new Error('the server did not return a plain RTP tuple');
    const udp = await bindUdp();
    this.sendTransport = new PlainSendTransport(info.id, info.tuple, udp);
    return this.sendTransport;
  }

  /** Create a producer on a plain send transport. Call `stream.start()` to send packets. */
  async produce(source: MediaSource, options: ProduceOptions = {}): Promise<Produced> {
    const transport = await this.ensureSendTransport();
    const kind = source === 'mic' ? 'audio' : 'video';
    const layerKbps = kind === 'video' && options.simulcastKbps?.length ? options.simulcastKbps : null;
    const ssrcs = (layerKbps ?? [options.kbps ?? DEFAULT_VIDEO_KBPS]).map(() => newSsrc());
    const cname = `${this.name}-${randomBytes(4).toString('hex')}`;
    const codec =
      kind === 'audio'
        ? { ...BOT_CODECS.opus, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }
        : {
            ...BOT_CODECS.vp8,
            parameters: {},
            rtcpFeedback: [
              { type: 'nack', parameter: '' },
              { type: 'nack', parameter: 'pli' },
              { type: 'ccm', parameter: 'fir' },
            ],
          };
    const { producerId, paused } = await this.call('producer:create', {
      transportId: transport.id,
      kind,
      source,
      rtpParameters: {
        codecs: [codec],
        headerExtensions: [],
        encodings: ssrcs.map((ssrc) => ({ ssrc })),
        rtcp: { cname, reducedSize: true },
      },
      ...(options.paused === undefined ? {} : { paused: options.paused }),
    });
    const layers = ssrcs.map((ssrc, i) => {
      const kbps = layerKbps?.[i] ?? options.kbps ?? DEFAULT_VIDEO_KBPS;
      const stream = new OutboundStream(producerId, kind, source, ssrc, transport, kbps, layerKbps !== null);
      transport.streams.set(ssrc, stream);
      this.streams.push(stream);
      return stream;
    });
    return { stream: layers[0]!, layers, paused };
  }

  /** A plain receive transport, connected to a UDP socket of this bot on loopback. */
  async receive(): Promise<PlainRecvTransport> {
    if (this.recvTransport && !this.recvTransport.closed) return this.recvTransport;
    const info = await this.call('transport:create', { direction: 'recv', plain: true });
    const udp = await bindUdp();
    const port = udp.address().port;
    this.recvTransport = new PlainRecvTransport(info.id, port, udp);
    await this.call('transport:connectPlain', { transportId: info.id, ip: '127.0.0.1', port });
    return this.recvTransport;
  }

  /** consumer:create and consumer:resume for one producer; its packets count under its id. */
  async consume(producerId: string): Promise<ConsumerInfo> {
    const recv = await this.receive();
    const consumer = await this.call('consumer:create', { producerId });
    const ssrc = consumerSsrc(consumer);
    if (ssrc === undefined) throw new Error('consumer has no SSRC');
    recv.track(producerId, ssrc);
    this.consumed.add(producerId);
    await this.call('consumer:resume', { consumerId: consumer.id });
    return consumer;
  }

  /** Consume every producer of others this bot knows of and has not consumed yet. */
  async consumeAll(): Promise<ConsumerInfo[]> {
    const out: ConsumerInfo[] = [];
    for (const producerId of [...this.remoteProducers.keys()]) {
      if (this.consumed.has(producerId)) continue;
      out.push(await this.consume(producerId));
    }
    return out;
  }

  /** Packets and bytes received so far from one producer. */
  receivedFrom(producerId: string): ReceivedCounts {
    return this.recvTransport?.received(producerId) ?? { packets: 0, bytes: 0 };
  }

  /** Every stream this bot created, for benchmark figures (packets and bytes sent). */
  get outbound(): readonly OutboundStream[] {
    return this.streams;
  }

  stopSending(): void {
    for (const s of this.streams) s.stop();
  }

  /** Stop sending, close UDP sockets, disconnect. Safe to call twice. */
  close(): void {
    this.closedByUs = true;
    this.stopSending();
    this.sendTransport?.close();
    this.recvTransport?.close();
    for (const cancel of [...this.waits]) cancel(new Error(`${this.name}: closed`));
    this.listeners.clear();
    this.socket.offAny();
    this.socket.disconnect();
  }

  get isClosed(): boolean {
    return this.closedByUs;
  }
}
