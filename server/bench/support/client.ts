/**
 * A lean signaling client for benchmarks: the shared wire contract over socket.io, as a browser
 * would speak it, keeping only what a benchmark needs (the latest room view, the producers it
 * may consume, counts and bytes of what the server pushes) so hundreds of them stay cheap.
 * server/src/tools/bot.ts is the full test bot; this one keeps no event log.
 */
import { io, type Socket } from 'socket.io-client';
import {
  type Ack,
  type ClientEventName,
  type ClientEventResults,
  type ClientPayload,
  type ProducerInfo,
  type RoomView,
  PROTOCOL_VERSION,
} from '@circle/shared';

const REQUEST_TIMEOUT_MS = 15_000;
const RATE_LIMIT_RETRIES = 20;

export class RequestError extends Error {
  constructor(
    readonly event: string,
    readonly code: string,
  ) {
    super(`${event} failed: ${code}`);
  }
}

/** Latency samples by event name, in ms (ack time minus emit time). */
export type LatencySink = Map<string, number[]>;

export function record(sink: LatencySink, name: string, ms: number): void {
  let list = sink.get(name);
  if (!list) sink.set(name, (list = []));
  list.push(ms);
}

export class BenchClient {
  /** The latest room:state. */
  view: RoomView | undefined;
  /** Others' producers known from media:join and media:producerAdded (minus closed ones). */
  readonly producers = new Map<string, ProducerInfo>();
  /** Server→client events received, by name. */
  readonly eventCounts = new Map<string, number>();
  /** Bytes of socket.io messages received (after the handshake). */
  inboundBytes = 0;
  inboundMessages = 0;
  /** When set, every ack latency is recorded here under its event name. */
  latency: LatencySink | null = null;
  /** performance.now() timings of the connection: connect → socket up → first room:state. */
  readonly timing = { start: 0, connected: 0, firstState: 0 };
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly name: string,
    private readonly socket: Socket,
  ) {
    socket.onAny((event: string, payload: unknown) => {
      this.eventCounts.set(event, (this.eventCounts.get(event) ?? 0) + 1);
      if (event === 'room:state') {
        this.view = payload as RoomView;
        if (this.timing.firstState === 0) this.timing.firstState = performance.now();
      } else if (event === 'media:producerAdded') {
        const p = payload as ProducerInfo;
        this.producers.set(p.producerId, p);
      } else if (event === 'media:producerClosed') {
        this.producers.delete((payload as { producerId: string }).producerId);
      }
      if (this.waiters.size > 0) for (const w of [...this.waiters]) w();
    });
  }

  /** Connect with an invite token and wait for the first room view. */
  static connect(url: string, token: string, name: string, timeoutMs = 15_000): Promise<BenchClient> {
    const socket = io(url, {
      auth: { protocolVersion: PROTOCOL_VERSION, token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      autoConnect: false,
      timeout: timeoutMs,
    });
    const client = new BenchClient(name, socket);
    socket.io.on('open', () => {
      socket.io.engine.on('data', (d: unknown) => {
        client.inboundMessages++;
        client.inboundBytes += typeof d === 'string' ? Buffer.byteLength(d) : ((d as ArrayBuffer).byteLength ?? 0);
      });
    });
    client.timing.start = performance.now();
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        client.timing.connected = performance.now();
        client.when(() => client.view !== undefined, timeoutMs, 'first room:state').then(() => resolve(client), reject);
      });
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
        socket.close();
        reject(new RequestError('connect', err.data?.code ?? err.message));
      });
      socket.connect();
    });
  }

  get id(): string {
    const id = this.view?.you.id;
    if (!id) throw new Error(`${this.name} has no room view`);
    return id;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Resolve once `predicate` holds, re-checked on every event this client receives. */
  when(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Emit one event and resolve with its ack. */
  request<E extends ClientEventName>(
    event: E,
    payload: ClientPayload<E>,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<Ack<ClientEventResults[E]>> {
    const sent = performance.now();
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, res: Ack<ClientEventResults[E]>) => {
        if (err) return reject(new RequestError(event, 'TIMEOUT'));
        if (this.latency && res.ok) record(this.latency, event, performance.now() - sent);
        resolve(res);
      });
    });
  }

  /** `request`, unwrapped; waits and retries when the server's rate limit says so. */
  async call<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientEventResults[E]> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.request(event, payload);
      if (res.ok) return res.data;
      if (res.error.code !== 'RATE_LIMITED' || attempt >= RATE_LIMIT_RETRIES) {
        throw new RequestError(event, res.error.code);
      }
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }

  close(): void {
    this.waiters.clear();
    this.socket.offAny();
    this.socket.disconnect();
  }
}

// ---------------------------------------------------------------- the admin HTTP API

export interface BenchSession {
  id: string;
  therapistToken: string;
}

function tokenOf(url: string): string {
  const token = url.split('#')[1];
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

async function post<T>(url: string, adminToken: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A session through the admin API, as an operator would create one. */
export async function createSession(
  baseUrl: string,
  adminToken: string,
  title: string,
  maxMembers = 10,
): Promise<BenchSession> {
  const s = await post<{ id: string; therapistUrl: string }>(`${baseUrl}/api/sessions`, adminToken, {
    title,
    maxMembers,
  });
  return { id: s.id, therapistToken: tokenOf(s.therapistUrl) };
}

export async function invite(
  baseUrl: string,
  adminToken: string,
  sessionId: string,
  role: 'member' | 'therapist' | 'supervisor',
  displayName: string,
): Promise<string> {
  const r = await post<{ url: string }>(`${baseUrl}/api/sessions/${sessionId}/invites`, adminToken, {
    role,
    displayName,
  });
  return tokenOf(r.url);
}

/** The check-in a member sends before the lobby (no real person's details). */
export function benchCheckIn(agreementVersion: string): ClientPayload<'session:checkIn'> {
  return { agreementVersion, location: 'Benchmark City', privateSafePlace: true };
}
