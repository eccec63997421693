/**
 * A socket.io client that speaks the wire format by hand (engine.io v4 over a WebSocket), so tests can
 * send what no real client would: non-string event names, broken packets, binary attachments in
 * odd places, payloads nested thousands deep.
 */
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@circle/shared';

export type AckOutcome = { ack: unknown } | 'closed' | 'timeout';

export class RawSocket {
  private readonly acks = new Map<number, (outcome: AckOutcome) => void>();
  private readonly closeWaiters = new Set<() => void>();
  private closedFlag = false;
  /** Text frames the server sent (engine.io packets, pings excluded). */
  readonly received: string[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = String(data as Buffer);
      if (frame === '2') {
        ws.send('3'); // engine.io heartbeat
        return;
      }
      this.received.push(frame);
      const m = /^43(\d+)(.*)$/s.exec(frame);
      if (m?.[1] !== undefined) {
        const waiter = this.acks.get(Number(m[1]));
        if (waiter) {
          this.acks.delete(Number(m[1]));
          const args = JSON.parse(m[2] ?? '[]') as unknown[];
          waiter({ ack: args[0] });
        }
      }
    });
    ws.on('close', () => {
      this.closedFlag = true;
      for (const w of this.acks.values()) w('closed');
      this.acks.clear();
      for (const w of this.closeWaiters) w();
      this.closeWaiters.clear();
    });
    ws.on('error', () => undefined);
  }

  /** Open a WebSocket, then join the default namespace with `token`; rejects with the refusal. */
  static async connect(url: string, token: string): Promise<RawSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const raw = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answer = new Promise<string>((resolve, reject) => {
      const onMessage = (data: Buffer) => {
        const frame = String(data);
        if (frame.startsWith('40') || frame.startsWith('44')) {
          ws.off('message', onMessage);
          resolve(frame);
        }
      };
      ws.on('message', onMessage);
      ws.once('close', () => reject(new Error('closed while connecting')));
    });
    ws.send(`40${JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION })}`);
    const frame = await answer;
    if (frame.startsWith('44')) {
      ws.close();
      throw new Error(`refused: ${frame.slice(2)}`);
    }
    return raw;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** One engine.io text frame, exactly as given (`42[...]` is a socket.io event). */
  sendText(frame: string): void {
    if (!this.closedFlag) this.ws.send(frame);
  }

  /** One engine.io binary frame (a socket.io attachment). */
  sendBinary(data: Buffer): void {
    if (!this.closedFlag) this.ws.send(data, { binary: true });
  }

  /** What the server answers to the event with ack `id`: its ack, a closed connection, or nothing in time. */
  outcome(id: number, timeoutMs = 3_000): Promise<AckOutcome> {
    if (this.closedFlag) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve('timeout');
      }, timeoutMs);
      this.acks.set(id, (o) => {
        clearTimeout(timer);
        resolve(o);
      });
    });
  }

  /** Send an event with an ack id and wait for what becomes of it. */
  request(id: number, args: unknown[], timeoutMs?: number): Promise<AckOutcome> {
    const outcome = this.outcome(id, timeoutMs);
    this.sendText(`42${id}${JSON.stringify(args)}`);
    return outcome;
  }

  whenClosed(): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => this.closeWaiters.add(resolve));
  }

  close(): void {
    this.ws.close();
  }
}

/** `depth` nested arrays around `inner`, built without recursion, as JSON text. */
export function nestedJson(depth: number, inner = '0'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}
