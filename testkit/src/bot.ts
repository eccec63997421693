/**
 * A browser-less participant ("bot"): the one signalling client of the integration tests and the
 * benchmarks.
 *
 * It speaks the wire contract over socket.io (typed `request`), records every server→client event
 * it receives (for privacy assertions; benchmarks turn the log off and keep only the latest of each),
 * and does the media steps of client/src/net/RoomClient.ts over plain RTP transports, which exist
 * only when the server allows them (ALLOW_PLAIN_RTP=true). The packets themselves come from the one
 * RTP packetiser in ./rtp.ts: in this process (`produce`, `consume`), or in a benchmark's media
 * thread (`openPlainSend`, `createProducer`, `openPlainRecv`, `createConsumer`).
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  type Ack,
  type ClientEventName,
  type ClientEventResults,
  type ClientPayload,
  type ConsumerInfo,
  type MediaSource,
  type ProducerInfo,
  type RoomPatch,
  type RoomView,
  type ServerToClientEvents,
  ErrorCode,
  PROTOCOL_VERSION,
  RoomReplica,
} from '@circle/shared';
import { DEFAULT_VIDEO_KBPS, MediaPeer, newSsrc, producerRtpParameters, type Kind, type OutStream } from './rtp.js';

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
  /**
   * Not a wire message: the room view after this bot applied a `room:patch` (recorded as a
   * `room:state` right after the patch itself), so tests wait on the room as a client holds it.
   */
  applied?: true;
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

function isRecord(v: unknown): v is Record<string, unknown> {
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

function consumerSsrc(consumer: ConsumerInfo): number | undefined {
  const rtp = consumer.rtpParameters;
  if (!isRecord(rtp) || !Array.isArray(rtp.encodings)) return undefined;
  const first: unknown = rtp.encodings[0];
  return isRecord(first) && typeof first.ssrc === 'number' ? first.ssrc : undefined;
}

/** Latency samples by event name, in ms (ack time minus emit time). */
export type LatencySink = Map<string, number[]>;

export function recordLatency(sink: LatencySink, name: string, ms: number): void {
  let list = sink.get(name);
  if (!list) sink.set(name, (list = []));
  list.push(ms);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the bot

export interface BotOptions {
  /** Defaults to this build's PROTOCOL_VERSION. */
  protocolVersion?: number;
  /** A label for logs and benchmark output. */
  name?: string;
  connectTimeoutMs?: number;
  /** Default ack timeout for `request`. */
  requestTimeoutMs?: number;
  /**
   * Keep every received event in `events` (default). Benchmarks with hundreds of bots turn it off:
   * then only the latest event of each name is kept (`latest`, `view`, `when`).
   */
  keepEventLog?: boolean;
  /** `call` waits and retries this many times when the server answers RATE_LIMITED (default 0). */
  rateLimitRetries?: number;
  /** A Cookie header sent with the handshake (a signed-in staff browser's `circle_staff`). */
  cookie?: string;
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
  stream: OutStream;
  /** Every layer's stream, lowest first (one entry without simulcast). Start each to send. */
  layers: OutStream[];
  /** Whether the server created the producer paused. */
  paused: boolean;
}

/** A participant without a browser: typed requests, an event log, and plain-RTP media. */
export class Bot {
  /** Every event received, in order (empty when `keepEventLog` is false). */
  readonly events: ReceivedEvent[] = [];
  readonly name: string;
  /** When set, the ack latency of every successful request is recorded here under its event name. */
  latency: LatencySink | null = null;
  /** performance.now() of the connection's steps: connect called → socket up → first room:state. */
  readonly timing = { start: 0, connected: 0, firstState: 0 };
  /** Untyped on purpose: hostile tests emit outside the contract; `request` is the typed way in. */
  private readonly socket: Socket;
  private readonly requestTimeoutMs: number;
  private readonly keepEventLog: boolean;
  private readonly rateLimitRetries: number;
  private eventsSeen = 0;
  private readonly latestByName = new Map<string, ReceivedEvent>();
  private readonly listeners = new Set<(e: ReceivedEvent) => void>();
  /** Pending `nextEvent` and `when` waits, rejected when the bot closes. */
  private readonly waits = new Set<(reason: Error) => void>();
  /** This bot's own RTP (one UDP socket for both plain transports), once it produces or receives. */
  private media: MediaPeer | null = null;
  private sendTransportId: string | null = null;
  private recvTransportId: string | null = null;
  /** Producers of others this bot knows about (media:join answer + producerAdded − producerClosed). */
  readonly remoteProducers = new Map<string, ProducerInfo>();
  private readonly consumed = new Set<string>();
  disconnectReason: string | null = null;
  private closedByUs = false;
  /** The room as this bot holds it: full states and patches applied in order (as RoomClient does). */
  private readonly replica = new RoomReplica();
  /** Patches to lose on purpose (a test of the gap): each one is recorded but not applied. */
  private patchesToDrop = 0;

  private constructor(url: string, token: string, options: BotOptions) {
    this.name = options.name ?? 'bot';
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.keepEventLog = options.keepEventLog ?? true;
    this.rateLimitRetries = options.rateLimitRetries ?? 0;
    this.timing.start = performance.now();
    this.socket = io(url, {
      auth: { protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION, token },
      transports: ['websocket'],
      ...(options.cookie === undefined ? {} : { extraHeaders: { cookie: options.cookie } }),
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
        bot.timing.connected = performance.now();
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

  /** The room as this bot holds it: the latest full state with every patch since applied. */
  get view(): RoomView | undefined {
    return this.replica.view ?? undefined;
  }

  /** The room version this bot's view is at (null before the first full state). */
  get roomVersion(): number | null {
    return this.replica.version;
  }

  /** Lose the next `n` room patches (recorded, never applied): the bot must notice the gap and resync. */
  dropPatches(n = 1): void {
    this.patchesToDrop += n;
  }

  private record(name: string, args: unknown[]): void {
    if (name === 'room:state') this.replica.receiveState(args[0] as RoomView, args[1] as number);
    this.log(name, args);
    if (name !== 'room:patch') return;
    if (this.patchesToDrop > 0) {
      this.patchesToDrop--;
      return;
    }
    const outcome = this.replica.receivePatch(args[0] as RoomPatch);
    if (outcome === 'applied') this.log('room:state', [this.replica.view, this.replica.version], true);
    else if (outcome === 'gap') {
      // As RoomClient does: ask for the whole room; it arrives as a room:state before the ack.
      void this.request('room:resync', {}).then(
        (r) => r.ok || this.replica.resyncFailed(),
        () => this.replica.resyncFailed(),
      );
    }
  }

  private log(name: string, args: unknown[], applied?: true): void {
    const e: ReceivedEvent = {
      index: this.eventsSeen++,
      name,
      payload: args[0],
      args,
      at: Date.now(),
      ...(applied ? { applied } : {}),
    };
    if (this.keepEventLog) this.events.push(e);
    this.latestByName.set(name, e);
    if (name === 'room:state' && this.timing.firstState === 0) this.timing.firstState = performance.now();
    if (name === 'media:producerAdded') {
      const p = this.payloadOf('media:producerAdded', e);
      this.remoteProducers.set(p.producerId, p);
    } else if (name === 'media:producerClosed') {
      this.remoteProducers.delete(this.payloadOf('media:producerClosed', e).producerId);
    }
    for (const l of [...this.listeners]) l(e);
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
    const e = this.latestByName.get(name);
    return e ? this.payloadOf(name, e) : undefined;
  }

  /** Waits for `listener` to return true for an arriving event; rejects after `timeoutMs` or on close. */
  private waitForEvent(listener: (e: ReceivedEvent) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
        this.waits.delete(cancel);
      };
      const cancel = (reason: Error) => {
        finish();
        reject(reason);
      };
      const check = (e: ReceivedEvent) => {
        if (!listener(e)) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => cancel(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      this.listeners.add(check);
      this.waits.add(cancel);
    });
  }

  /** Resolve once `predicate` holds, checked now and again after every event this bot receives. */
  when(predicate: () => boolean, timeoutMs = this.requestTimeoutMs, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return this.waitForEvent(() => predicate(), timeoutMs, what);
  }

  /** Resolve with the first event (already recorded since `since`, or arriving) that matches. */
  nextEvent<E extends ServerEventName>(
    name: E,
    predicate: (payload: ServerPayload<E>) => boolean = () => true,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<ServerPayload<E>> {
    const since = options.since ?? 0;
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const matches = (e: ReceivedEvent) => e.index >= since && e.name === name && predicate(this.payloadOf(name, e));
    const latest = this.latestByName.get(name);
    const seen = this.keepEventLog ? this.events.find(matches) : latest && matches(latest) ? latest : undefined;
    if (seen) return Promise.resolve(this.payloadOf(name, seen));
    let found: ReceivedEvent | undefined;
    return this.waitForEvent(
      (e) => {
        if (!matches(e)) return false;
        found = e;
        return true;
      },
      timeoutMs,
      name,
    ).then(() => this.payloadOf(name, found!));
  }

  /** Send a client event and resolve with its ack. Rejects with BotTimeoutError if none comes. */
  request<E extends ClientEventName>(
    event: E,
    payload: ClientPayload<E>,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<Ack<ClientEventResults[E]>> {
    const sent = performance.now();
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, res: Ack<ClientEventResults[E]>) => {
        if (err) return reject(new BotTimeoutError(event, timeoutMs));
        if (this.latency && res.ok) recordLatency(this.latency, event, performance.now() - sent);
        resolve(res);
      });
    });
  }

  /**
   * `request`, unwrapped: the ack's data, or a BotRequestError with the server's code. With
   * `rateLimitRetries`, a RATE_LIMITED answer is retried after a growing pause (benchmarks only).
   */
  async call<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientEventResults[E]> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.request(event, payload);
      if (res.ok) return res.data;
      if (res.error.code !== ErrorCode.RATE_LIMITED || attempt >= this.rateLimitRetries) {
        throw new BotRequestError(event, res.error.code, res.error.field);
      }
      await sleep(100 * (attempt + 1));
    }
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

  // The signalling steps alone, for benchmarks whose packets live elsewhere (a media thread).

  /** A plain send transport (comedia: the SFU learns the sender's address from its first packet). */
  async openPlainSend(): Promise<{ id: string; tuple: { ip: string; port: number } }> {
    const info = await this.call('transport:create', { direction: 'send', plain: true });
    if (!info.tuple) throw new Error('the server did not return a plain RTP tuple: is ALLOW_PLAIN_RTP on?');
    return { id: info.id, tuple: info.tuple };
  }

  /** A plain receive transport that sends to `port` on loopback; resolves with its id. */
  async openPlainRecv(port: number): Promise<string> {
    const info = await this.call('transport:create', { direction: 'recv', plain: true });
    await this.call('transport:connectPlain', { transportId: info.id, ip: '127.0.0.1', port });
    return info.id;
  }

  /** producer:create for synthetic streams: one SSRC, or one per simulcast layer (lowest first). */
  createProducer(args: {
    transportId: string;
    kind: Kind;
    source: MediaSource;
    ssrcs: readonly number[];
    cname: string;
    paused?: boolean;
  }): Promise<ClientEventResults['producer:create']> {
    return this.call('producer:create', {
      transportId: args.transportId,
      kind: args.kind,
      source: args.source,
      rtpParameters: producerRtpParameters(args.kind, args.ssrcs, args.cname),
      ...(args.paused === undefined ? {} : { paused: args.paused }),
    });
  }

  /**
   * consumer:create then consumer:resume for one producer; `beforeResume` hears the SSRC its packets
   * will carry before the first one can arrive.
   */
  async createConsumer(
    producerId: string,
    beforeResume: (ssrc: number) => void = () => undefined,
  ): Promise<{ consumer: ConsumerInfo; ssrc: number }> {
    const consumer = await this.call('consumer:create', { producerId });
    const ssrc = consumerSsrc(consumer);
    if (ssrc === undefined) throw new Error('consumer has no SSRC');
    beforeResume(ssrc);
    this.consumed.add(producerId);
    await this.call('consumer:resume', { consumerId: consumer.id });
    return { consumer, ssrc };
  }

  // Media in this process: the packets of ./rtp.ts through this bot's own UDP socket.

  private async ownMedia(): Promise<MediaPeer> {
    this.media ??= await MediaPeer.open(this.name);
    return this.media;
  }

  private async ensureSendTransport(): Promise<string> {
    if (this.sendTransportId) return this.sendTransportId;
    const media = await this.ownMedia();
    const { id, tuple } = await this.openPlainSend();
    media.sendTo(tuple);
    this.sendTransportId = id;
    return id;
  }

  /** Create a producer on a plain send transport. Call `stream.start()` to send packets. */
  async produce(source: MediaSource, options: ProduceOptions = {}): Promise<Produced> {
    const transportId = await this.ensureSendTransport();
    const media = await this.ownMedia();
    const kind = source === 'mic' ? 'audio' : 'video';
    const layerKbps = kind === 'video' && options.simulcastKbps?.length ? options.simulcastKbps : null;
    const ssrcs = (layerKbps ?? [options.kbps ?? DEFAULT_VIDEO_KBPS]).map(() => newSsrc());
    const cname = `${this.name}-${randomBytes(4).toString('hex')}`;
    const { producerId, paused } = await this.createProducer({
      transportId,
      kind,
      source,
      ssrcs,
      cname,
      ...(options.paused === undefined ? {} : { paused: options.paused }),
    });
    const layers = ssrcs.map((ssrc, i) => {
      const kbps = layerKbps?.[i] ?? options.kbps ?? DEFAULT_VIDEO_KBPS;
      const stream = media.addStream(kind, ssrc, { kbps, senderReports: layerKbps !== null });
      stream.producerId = producerId;
      return stream;
    });
    return { stream: layers[0]!, layers, paused };
  }

  /** A plain receive transport, connected to this bot's UDP socket on loopback. */
  async receive(): Promise<void> {
    if (this.recvTransportId) return;
    const media = await this.ownMedia();
    this.recvTransportId = await this.openPlainRecv(media.port);
  }

  /** consumer:create and consumer:resume for one producer; its packets count under its id. */
  async consume(producerId: string): Promise<ConsumerInfo> {
    await this.receive();
    const media = await this.ownMedia();
    const { consumer } = await this.createConsumer(producerId, (ssrc) => media.track(ssrc, producerId));
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
  receivedFrom(producerId: string): { packets: number; bytes: number } {
    return this.media?.received(producerId) ?? { packets: 0, bytes: 0 };
  }

  /** Every stream this bot created, for benchmark figures (packets and bytes sent). */
  get outbound(): readonly OutStream[] {
    return this.media?.out ?? [];
  }

  stopSending(): void {
    for (const s of this.outbound) s.stop();
  }

  /** Stop sending, close UDP sockets, disconnect. Safe to call twice. */
  close(): void {
    this.closedByUs = true;
    this.stopSending();
    this.media?.close();
    for (const cancel of [...this.waits]) cancel(new Error(`${this.name}: closed`));
    this.listeners.clear();
    this.socket.offAny();
    this.socket.disconnect();
  }

  get isClosed(): boolean {
    return this.closedByUs;
  }
}
