/**
 * The one RTP packetiser for tests and benchmarks: synthetic Opus and VP8 for plain-RTP transports,
 * built to stay cheap on the bots' side so that the SFU, not the bots, is what a benchmark measures:
 * - one UDP socket per participant, both for sending to its plain send transport (comedia) and for
 *   receiving from its plain receive transport;
 * - one timer per room (`RoomTicker`) drives every stream of that room, not a timer per packet
 *   (a test's stream can also drive itself: `start()` gives it a ticker of its own);
 * - packets are written into a small ring of preallocated buffers (no allocation per packet).
 *
 * Sizes and rates follow what a browser sends: Opus every 20 ms (160-byte payload) with the
 * ssrc-audio-level header extension (so the SFU's audio level observer has real work), and VP8 at
 * 30 fps at a target bitrate (800 kbps by default), frames split into ≤1,150-byte packets, a key
 * frame (3× the size) every 2 s or when the SFU asks (PLI/FIR). Simulcast layers are streams of
 * one producer that also send RTCP Sender Reports.
 */
import dgram from 'node:dgram';
import { randomBytes, randomInt } from 'node:crypto';

export const CODECS = {
  opus: { mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000, channels: 2 },
  vp8: { mimeType: 'video/VP8', payloadType: 101, clockRate: 90_000 },
} as const;

const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
const AUDIO_LEVEL_EXT_ID = 1;

const RTP_HEADER_BYTES = 12;
/** One-byte header extension block carrying the audio level: 4 bytes of header + 4 of element. */
const AUDIO_EXT_BYTES = 8;
const OPUS_FRAME_MS = 20;
const OPUS_PAYLOAD_BYTES = 160;
const VIDEO_FPS = 30;
const VIDEO_MAX_PAYLOAD_BYTES = 1_150;
const VP8_DESCRIPTOR_BYTES = 4;
const VIDEO_KEYFRAME_INTERVAL_MS = 2_000;
export const DEFAULT_VIDEO_KBPS = 800;
/** Frames sent at once to catch up after a late tick, at most; further behind, skip ahead. */
const MAX_CATCH_UP_FRAMES = 3;
/** Buffers per stream: a packet's buffer is reused only after this many later packets. */
const RING_SIZE = 32;
/** Send times kept per stream, indexed by the packet counter written into each payload. */
const SENT_AT_SLOTS = 4096;
/** A stream that drives itself (`start()`) stops after this long unless told otherwise: sending is bounded. */
const DEFAULT_MAX_SEND_MS = 60_000;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;
const SENDER_REPORT_INTERVAL_MS = 500;

export type Kind = 'audio' | 'video';

/**
 * RTP parameters for a producer of synthetic streams (the same for Circle and bare mediasoup): one
 * encoding per SSRC, lowest simulcast layer first.
 */
export function producerRtpParameters(
  kind: Kind,
  ssrcs: number | readonly number[],
  cname: string,
): Record<string, unknown> {
  const codec =
    kind === 'audio'
      ? { ...CODECS.opus, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }
      : {
          ...CODECS.vp8,
          parameters: {},
          rtcpFeedback: [
            { type: 'nack', parameter: '' },
            { type: 'nack', parameter: 'pli' },
            { type: 'ccm', parameter: 'fir' },
          ],
        };
  return {
    codecs: [codec],
    headerExtensions: kind === 'audio' ? [{ uri: AUDIO_LEVEL_URI, id: AUDIO_LEVEL_EXT_ID }] : [],
    encodings: (typeof ssrcs === 'number' ? [ssrcs] : ssrcs).map((ssrc) => ({ ssrc })),
    rtcp: { cname, reducedSize: true },
  };
}

export function newSsrc(): number {
  return randomInt(1, 0xffff_fff0);
}

function isRtcp(packet: Buffer): boolean {
  const b = packet[1] ?? 0;
  return b >= 192 && b <= 223;
}

/** Media SSRCs a compound RTCP packet asks a key frame for (PLI or FIR). */
function keyFrameRequests(packet: Buffer, out: (ssrc: number) => void): void {
  let offset = 0;
  while (offset + 4 <= packet.length) {
    const first = packet[offset]!;
    const type = packet[offset + 1]!;
    const length = (packet.readUInt16BE(offset + 2) + 1) * 4;
    if (first >> 6 !== 2 || offset + length > packet.length) return;
    const fmt = first & 0x1f;
    if (type === 206 && fmt === 1 && length >= 12) out(packet.readUInt32BE(offset + 8)); // PLI
    if (type === 206 && fmt === 4 && length >= 20) out(packet.readUInt32BE(offset + 12)); // FIR
    offset += length;
  }
}

/** Where an RTP packet's payload starts (after CSRCs and header extensions), or -1. */
export function payloadOffset(packet: Buffer): number {
  const b0 = packet[0]!;
  let offset = RTP_HEADER_BYTES + (b0 & 0x0f) * 4;
  if (b0 & 0x10) {
    if (packet.length < offset + 4) return -1;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  return offset <= packet.length ? offset : -1;
}

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

/** Packets per second one stream sends on average (VP8: a key frame of 3× the size every 2 s). */
export function packetsPerSecond(kind: Kind, kbps = DEFAULT_VIDEO_KBPS): number {
  if (kind === 'audio') return 1000 / OPUS_FRAME_MS;
  const frameBytes = Math.round((kbps * 1000) / 8 / VIDEO_FPS);
  const body = VIDEO_MAX_PAYLOAD_BYTES - VP8_DESCRIPTOR_BYTES;
  const perFrame = Math.ceil(frameBytes / body);
  const perKeyFrame = Math.ceil((3 * frameBytes) / body);
  return VIDEO_FPS * perFrame + ((perKeyFrame - perFrame) * 1000) / VIDEO_KEYFRAME_INTERVAL_MS;
}

export interface OutStreamOptions {
  /** Video only: the target bitrate. Default 800. */
  kbps?: number;
  /**
   * Send RTCP Sender Reports every 500 ms: simulcast needs them, since the SFU maps each layer's RTP
   * clock to wall-clock time before it switches a consumer between layers.
   */
  senderReports?: boolean;
}

/** One synthetic source (a microphone or a camera) sending RTP through its peer's socket. */
export class OutStream {
  packets = 0;
  bytes = 0;
  /** Key frames sent (the first frame and every PLI/FIR answer count). */
  keyFrames = 0;
  /** Audio only: the level written into each packet, in -dBov (0 loud … 127 silent). */
  level = 127;
  /** A running packet counter written into each audio payload (bytes 1–4), for latency probes. */
  counter = 0;
  /** performance.now() of the send of counter c, at index c % SENT_AT_SLOTS. */
  readonly sentAt = new Float64Array(SENT_AT_SLOTS);
  producerId = '';
  private seq = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0x7fff_ffff);
  private readonly ring: Buffer[] = [];
  private ringIndex = 0;
  private startedAt = -1;
  private framesSent = 0;
  private lastKeyFrameAt = -Infinity;
  private keyFrameWanted = true;
  private pictureId = randomInt(0, 0x7fff);
  private readonly frameMs: number;
  private readonly frameBytes: number;
  private readonly senderReports: boolean;
  private lastReportAt = -Infinity;
  private lastFrameAt = 0;
  private lastFrameTimestamp = 0;
  /** The ticker of a stream that drives itself (`start()`). */
  private ownTicker: RoomTicker | null = null;

  constructor(
    readonly kind: Kind,
    readonly ssrc: number,
    private readonly peer: MediaPeer,
    options: OutStreamOptions = {},
  ) {
    const kbps = options.kbps ?? DEFAULT_VIDEO_KBPS;
    this.senderReports = options.senderReports ?? false;
    this.frameMs = kind === 'audio' ? OPUS_FRAME_MS : 1000 / VIDEO_FPS;
    this.frameBytes = Math.round((kbps * 1000) / 8 / VIDEO_FPS);
    const size = RTP_HEADER_BYTES + (kind === 'audio' ? AUDIO_EXT_BYTES + OPUS_PAYLOAD_BYTES : VIDEO_MAX_PAYLOAD_BYTES);
    for (let i = 0; i < RING_SIZE; i++) {
      const b = Buffer.allocUnsafe(size);
      randomBytes(size).copy(b);
      this.ring.push(b);
    }
  }

  get started(): boolean {
    return this.startedAt >= 0;
  }

  /** Whether this stream is driving itself (`start()` until `stop()` or its time is up). */
  get sending(): boolean {
    return this.ownTicker?.running ?? false;
  }

  /**
   * Send in real time on a ticker of this stream's own until `stop()`, the peer's `close()` or
   * `maxDurationMs` (60 s by default). Benchmarks drive many streams from one `RoomTicker` instead.
   */
  start(options: { maxDurationMs?: number } = {}): void {
    if (this.sending || this.peer.closed) return;
    this.reset();
    this.ownTicker = new RoomTicker(Math.max(5, Math.floor(this.frameMs / 2)));
    this.ownTicker.add(this);
    this.ownTicker.start(options.maxDurationMs ?? DEFAULT_MAX_SEND_MS);
  }

  stop(): void {
    this.ownTicker?.stop();
    this.ownTicker = null;
  }

  /** The SFU asked for a key frame: the next video frame is one. */
  requestKeyFrame(): void {
    this.keyFrameWanted = true;
  }

  /** Send every frame due by `now` (called by the room's ticker). */
  pump(now: number): void {
    if (this.peer.closed) return this.stop();
    if (this.startedAt < 0) {
      this.startedAt = now;
      this.framesSent = 0;
    }
    const due = Math.floor((now - this.startedAt) / this.frameMs) + 1 - this.framesSent;
    if (due <= 0) return;
    const n = Math.min(due, MAX_CATCH_UP_FRAMES);
    for (let i = 0; i < n; i++) this.sendFrame(now);
    // Far behind (a stalled event loop): skip ahead rather than burst.
    if (due > n) this.framesSent += due - n;
    if (this.senderReports && now - this.lastReportAt >= SENDER_REPORT_INTERVAL_MS) this.sendReport(now);
  }

  private sendReport(now: number): void {
    this.lastReportAt = now;
    const clockRate = this.kind === 'audio' ? CODECS.opus.clockRate : CODECS.vp8.clockRate;
    const rtp = this.lastFrameTimestamp + Math.round(((now - this.lastFrameAt) * clockRate) / 1000);
    this.peer.send(senderReport(this.ssrc, Date.now(), rtp, this.packets, this.bytes));
  }

  /** Forget the schedule: the next `pump` starts afresh (after a pause in sending). */
  reset(): void {
    this.startedAt = -1;
  }

  private sendFrame(now: number): void {
    this.framesSent++;
    this.lastFrameAt = now;
    this.lastFrameTimestamp = this.timestamp;
    if (this.kind === 'audio') {
      this.sendOpus(now);
      this.timestamp = (this.timestamp + (CODECS.opus.clockRate * OPUS_FRAME_MS) / 1000) >>> 0;
    } else {
      this.sendVp8(now);
      this.timestamp = (this.timestamp + CODECS.vp8.clockRate / VIDEO_FPS) >>> 0;
    }
  }

  private nextBuffer(): Buffer {
    const b = this.ring[this.ringIndex]!;
    this.ringIndex = (this.ringIndex + 1) % RING_SIZE;
    return b;
  }

  private header(b: Buffer, payloadType: number, marker: boolean, extension: boolean): void {
    b[0] = extension ? 0x90 : 0x80;
    b[1] = (marker ? 0x80 : 0) | payloadType;
    b.writeUInt16BE(this.seq, 2);
    b.writeUInt32BE(this.timestamp, 4);
    b.writeUInt32BE(this.ssrc, 8);
    this.seq = (this.seq + 1) & 0xffff;
  }

  private sendOpus(now: number): void {
    const b = this.nextBuffer();
    this.header(b, CODECS.opus.payloadType, true, true);
    // One-byte header extensions (RFC 8285): 0xBEDE, one word; element id/len, V bit + level, padding.
    b.writeUInt16BE(0xbede, 12);
    b.writeUInt16BE(1, 14);
    b[16] = (AUDIO_LEVEL_EXT_ID << 4) | 0;
    b[17] = (this.level < 127 ? 0x80 : 0) | this.level;
    b[18] = 0;
    b[19] = 0;
    // Opus TOC: config 15 (hybrid, fullband, 20 ms), one frame; then the probe counter.
    b[20] = 0x78;
    b.writeUInt32BE(this.counter >>> 0, 21);
    this.sentAt[this.counter % SENT_AT_SLOTS] = now;
    this.counter++;
    this.emit(b);
  }

  private sendVp8(now: number): void {
    const key = this.keyFrameWanted || now - this.lastKeyFrameAt >= VIDEO_KEYFRAME_INTERVAL_MS;
    if (key) {
      this.keyFrameWanted = false;
      this.lastKeyFrameAt = now;
      this.keyFrames++;
    }
    const frameBytes = this.frameBytes * (key ? 3 : 1);
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    const maxBody = VIDEO_MAX_PAYLOAD_BYTES - VP8_DESCRIPTOR_BYTES;
    const count = Math.max(1, Math.ceil(frameBytes / maxBody));
    const body = Math.min(maxBody, Math.ceil(frameBytes / count));
    for (let i = 0; i < count; i++) {
      const b = this.nextBuffer();
      this.header(b, CODECS.vp8.payloadType, i === count - 1, false);
      // VP8 payload descriptor (RFC 7741): X=1, S on the first packet; I=1 with a 15-bit picture id.
      b[12] = i === 0 ? 0x90 : 0x80;
      b[13] = 0x80;
      b[14] = 0x80 | (this.pictureId >> 8);
      b[15] = this.pictureId & 0xff;
      if (i === 0) {
        // VP8 frame tag: P bit 0 on a key frame, which also carries the start code and size.
        b[16] = key ? 0x10 : 0x11;
        if (key) {
          b[19] = 0x9d;
          b[20] = 0x01;
          b[21] = 0x2a;
          b.writeUInt16LE(640, 22);
          b.writeUInt16LE(360, 24);
        }
      }
      this.emit(b.subarray(0, RTP_HEADER_BYTES + VP8_DESCRIPTOR_BYTES + body));
    }
  }

  private emit(packet: Buffer): void {
    if (!this.peer.send(packet)) return;
    this.packets++;
    this.bytes += packet.length;
  }
}

/** What one receiving SSRC (one consumer) got, with RTP sequence tracking for loss. */
export class InStream {
  packets = 0;
  bytes = 0;
  private base = -1;
  private maxExt = -1;

  constructor(
    readonly ssrc: number,
    /** The producer this consumer forwards. */
    readonly producerId: string,
  ) {}

  note(seq: number, size: number): void {
    this.packets++;
    this.bytes += size;
    if (this.base < 0) {
      this.base = seq;
      this.maxExt = seq;
      return;
    }
    const delta = (seq - (this.maxExt & 0xffff)) & 0xffff;
    if (delta !== 0 && delta < 0x8000) this.maxExt += delta;
  }

  /** Packets the sequence numbers say were sent to this consumer so far. */
  get expected(): number {
    return this.base < 0 ? 0 : this.maxExt - this.base + 1;
  }
}

/** One participant's media: a single UDP socket on loopback, its outgoing streams, its consumers. */
export class MediaPeer {
  readonly out: OutStream[] = [];
  private readonly outBySsrc = new Map<number, OutStream>();
  readonly in = new Map<number, InStream>();
  private readonly inByProducer = new Map<string, InStream>();
  /** Packets from SSRCs no consumer announced (probation, RTX). */
  unknownPackets = 0;
  rtcpPackets = 0;
  /** Called for every RTP packet of a known consumer (latency probes); unset under load. */
  onPacket: ((s: InStream, packet: Buffer, now: number) => void) | null = null;
  private target: { ip: string; port: number } | null = null;
  closed = false;

  private constructor(
    readonly name: string,
    private readonly udp: dgram.Socket,
  ) {
    udp.on('message', (msg) => this.receive(msg));
  }

  static open(name: string): Promise<MediaPeer> {
    return new Promise((resolve, reject) => {
      const udp = dgram.createSocket({ type: 'udp4', recvBufferSize: 1 << 20, sendBufferSize: 1 << 20 });
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => {
        udp.off('error', reject);
        // Late ICMP errors (the SFU closed a port) must not crash the process.
        udp.on('error', () => undefined);
        resolve(new MediaPeer(name, udp));
      });
    });
  }

  get port(): number {
    return this.udp.address().port;
  }

  /** The plain send transport's address (comedia: the SFU learns ours from the first packet). */
  sendTo(tuple: { ip: string; port: number }): void {
    this.target = tuple;
  }

  addStream(kind: Kind, ssrc = newSsrc(), options: OutStreamOptions = {}): OutStream {
    const s = new OutStream(kind, ssrc, this, options);
    this.out.push(s);
    this.outBySsrc.set(ssrc, s);
    return s;
  }

  /** Count packets of this consumer SSRC under `producerId`. */
  track(ssrc: number, producerId: string): InStream {
    const known = this.in.get(ssrc);
    const s = known?.producerId === producerId ? known : new InStream(ssrc, producerId);
    this.in.set(ssrc, s);
    this.inByProducer.set(producerId, s);
    return s;
  }

  /** Packets and bytes received so far from one producer (its latest consumer here). */
  received(producerId: string): { packets: number; bytes: number } {
    const s = this.inByProducer.get(producerId);
    return { packets: s?.packets ?? 0, bytes: s?.bytes ?? 0 };
  }

  /** Send one packet to the send transport; false before `sendTo` or after `close`. */
  send(packet: Buffer): boolean {
    if (this.closed || !this.target) return false;
    this.udp.send(packet, this.target.port, this.target.ip);
    return true;
  }

  private receive(msg: Buffer): void {
    if (msg.length < RTP_HEADER_BYTES || msg[0]! >> 6 !== 2) return;
    if (isRtcp(msg)) {
      this.rtcpPackets++;
      keyFrameRequests(msg, (ssrc) => this.outBySsrc.get(ssrc)?.requestKeyFrame());
      return;
    }
    const s = this.in.get(msg.readUInt32BE(8));
    if (!s) {
      this.unknownPackets++;
      return;
    }
    s.note(msg.readUInt16BE(2), msg.length);
    if (this.onPacket) this.onPacket(s, msg, performance.now());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.out) s.stop();
    try {
      this.udp.close();
    } catch {
      // already closed
    }
  }
}

/**
 * One timer for all the streams of a room. Sending is bounded: the ticker stops by itself after
 * `maxMs`.
 */
export class RoomTicker {
  private readonly streams: OutStream[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopTimer: NodeJS.Timeout | null = null;
  /** Called on every tick before the streams are pumped (speaker rotation, for example). */
  onTick: ((now: number) => void) | null = null;

  constructor(private readonly tickMs = 10) {}

  add(...streams: OutStream[]): void {
    this.streams.push(...streams);
  }

  start(maxMs: number): void {
    if (this.timer) return;
    const tick = () => {
      const now = performance.now();
      this.onTick?.(now);
      for (const s of this.streams) s.pump(now);
    };
    tick();
    this.timer = setInterval(tick, this.tickMs);
    this.stopTimer = setTimeout(() => this.stop(), maxMs);
    this.stopTimer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.timer = null;
    this.stopTimer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }
}
