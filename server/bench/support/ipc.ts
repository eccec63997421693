/**
 * A tiny request/response protocol over Node's child-process IPC channel, so a benchmark can run
 * the server (Circle or bare mediasoup) in its own process, away from the bots' CPU use.
 */
import { fork, type ChildProcess } from 'node:child_process';

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

/** In the child: answer requests with `handlers[op](args)`. */
export function serve(handlers: Handlers): void {
  process.on('message', (msg: Request) => {
    const handler = handlers[msg.op] as ((args: unknown) => unknown) | undefined;
    void (async () => {
      try {
        if (!handler) throw new Error(`unknown op ${msg.op}`);
        const result = await handler(msg.args);
        process.send?.({ id: msg.id, ok: true, result } satisfies Response);
      } catch (err) {
        process.send?.({ id: msg.id, ok: false, error: (err as Error).message } satisfies Response);
      }
    })();
  });
  // The parent going away ends the child: no orphan keeps a worker or ports.
  process.on('disconnect', () => process.exit(0));
}

/** In the parent: a forked child process and a typed way to call it. */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  /** Resolves when the child says it is ready (the message with id 0). */
  readonly ready: Promise<void>;

  private constructor(readonly process: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      process.once('exit', (code) => reject(new Error(`server process exited (${code}) before it was ready`)));
      process.on('message', (msg: Response) => {
        if (msg.id === 0) resolve();
      });
    });
    process.on('message', (msg: Response) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    });
    process.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`server process exited (${code})`));
      this.pending.clear();
    });
  }

  /** Fork `file` (TypeScript, run through the same tsx loader as this process). */
  static start(file: string, args: string[]): Child {
    const cp = fork(file, args, { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Child(cp);
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  call<T>(op: string, args: unknown = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`server process: ${op} timed out`));
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
      this.process.send({ id, op, args } satisfies Request);
    });
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
