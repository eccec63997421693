/**
 * bench:signal's client for the bare socket.io server (server-process.ts `bare-signal`): a socket that
 * sends the same events as the bot and times their acks the same way, with nothing else.
 */
import { io, type Socket } from 'socket.io-client';
import { recordLatency, type Bot, type LatencySink } from '@circle/testkit/bot';

/** What bench:signal drives: the bot's request, its latency sink and close. */
export type SignalClient = Pick<Bot, 'request' | 'close'> & { latency: LatencySink | null };

export class BareSignalClient implements SignalClient {
  latency: LatencySink | null = null;
  private constructor(private readonly socket: Socket) {}

  /** A connected socket in `room` (its place in the room decides whether it gets the room's messages). */
  static connect(url: string, room: string): Promise<BareSignalClient> {
    const socket = io(url, { auth: { room }, transports: ['websocket'], forceNew: true, reconnection: false });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new BareSignalClient(socket)));
      socket.once('connect_error', reject);
    });
  }

  request: Bot['request'] = (event, payload, timeoutMs = 10_000) => {
    const sent = performance.now();
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, res: { ok: boolean }) => {
        if (err) return reject(err);
        if (this.latency && res.ok) recordLatency(this.latency, event, performance.now() - sent);
        resolve(res as never);
      });
    });
  };

  close(): void {
    this.socket.close();
  }
}
