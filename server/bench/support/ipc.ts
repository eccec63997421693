/**
 * A tiny request/response protocol between a benchmark and the helpers it runs beside it: a child
 * process (the server, Circle or bare mediasoup, away from the bots' CPU use) over Node's IPC
 * channel, or a worker thread (the bots' RTP, away from their signaling) over its message port.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { parentPort, Worker } from 'node:worker_threads';

interface Request {
  id: number;
  op: string;
  args: unknown;
}
interface Response {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

type Handlers = Record<string, (args: never) => unknown>;

/** Both ends of a channel: messages in, messages out. */
interface Endpoint {
  on(event: 'message', listener: (msg: unknown) => void): unknown;
  post(msg: Request | Response): void;
}

/** Answer requests with `handlers[op](args)`; id 0 announces readiness. */
function serveOn(endpoint: Endpoint, handlers: Handlers): void {
  endpoint.on('message', (raw) => {
    const msg = raw as Request;
    const handler = handlers[msg.op] as ((args: unknown) => unknown) | undefined;
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown op ${msg.op}`);
        endpoint.post({ id: msg.id, ok: true, result: await handler(msg.args) });
      } catch (err) {
        endpoint.post({ id: msg.id, ok: false, error: (err as Error).message });
      }
    })();
  });
}

/** In a child process: serve requests from the parent. */
export function serve(handlers: Handlers): void {
  serveOn({ on: (e, l) => process.on(e, l), post: (m) => process.send?.(m) }, handlers);
  // The parent going away ends the child: no orphan keeps a worker or ports.
  process.on('disconnect', () => process.exit(0));
}

/** Tell the parent (process or thread) that this side is ready. */
export function announceReady(): void {
  const msg: Response = { id: 0, ok: true, result: 'ready' };
  if (parentPort) parentPort.postMessage(msg);
  else process.send?.(msg);
}

/** In a worker thread: serve requests from the thread that started it. */
export function serveThread(handlers: Handlers): void {
  const port = parentPort;
  if (!port) throw new Error('not in a worker thread');
  serveOn({ on: (e, l) => port.on(e, l), post: (m) => port.postMessage(m) }, handlers);
}

/** The calling side of a channel. */
class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Resolves when the other side says it is ready (the message with id 0). */
  readonly ready: Promise<void>;

  constructor(
    private readonly label: string,
    private readonly endpoint: Endpoint,
    onExit: (listener: (code: number | null) => void) => void,
  ) {
    let readyResolve: () => void = () => undefined;
    let readyReject: (e: Error) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    endpoint.on('message', (raw) => {
      const msg = raw as Response;
      if (msg.id === 0) return readyResolve();
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    });
    onExit((code) => {
      const err = new Error(`${label} exited (${code})`);
      readyReject(err);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  call<T>(op: string, args: unknown = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: ${op} timed out`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.endpoint.post({ id, op, args });
    });
  }
}

/** A forked child process (TypeScript, run through the same tsx loader as this process). */
export class Child extends Rpc {
  private constructor(readonly process: ChildProcess) {
    super('server process', { on: (e, l) => process.on(e, l), post: (m) => process.send(m) }, (l) =>
      process.on('exit', l),
    );
  }

  static start(file: string, args: string[]): Child {
    return new Child(fork(file, args, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Ask the child to close, then make sure it is gone. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.process.once('exit', () => r()));
    await this.call('close', {}, 10_000).catch(() => undefined);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** A worker thread running a TypeScript module (tsx is registered in the thread first). */
export class Thread extends Rpc {
  private constructor(readonly worker: Worker) {
    super('worker thread', { on: (e, l) => worker.on(e, l), post: (m) => worker.postMessage(m) }, (l) =>
      worker.on('exit', l),
    );
  }

  static start(file: string): Thread {
    const api = import.meta.resolve('tsx/esm/api');
    const entry = new URL(`file://${file}`).href;
    const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Thread(new Worker(boot, { eval: true }));
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
