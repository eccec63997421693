import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import type { Logger } from 'pino';

export interface WorkerPoolOptions {
  size: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  logger: Logger;
}

interface Slot {
  worker: ms.Worker;
  rooms: number;
}

/**
 * One mediasoup worker per core. A worker that dies is replaced, and whoever holds a router on
 * it is told through `onWorkerDied` so the rooms can be rebuilt and clients reconnect their media.
 */
export class WorkerPool {
  private slots: Slot[] = [];
  private closed = false;
  private readonly diedListeners = new Set<(worker: ms.Worker) => void>();

  constructor(private readonly options: WorkerPoolOptions) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.options.size; i++) this.slots.push({ worker: await this.spawn(), rooms: 0 });
  }

  get workers(): ms.Worker[] {
    return this.slots.map((s) => s.worker);
  }

  onWorkerDied(listener: (worker: ms.Worker) => void): () => void {
    this.diedListeners.add(listener);
    return () => this.diedListeners.delete(listener);
  }

  /** The least loaded worker; the caller must `release` it when its router closes. */
  acquire(): ms.Worker {
    const slot = [...this.slots].sort((a, b) => a.rooms - b.rooms)[0];
    if (!slot) throw new Error('worker pool not started');
    slot.rooms++;
    return slot.worker;
  }

  release(worker: ms.Worker): void {
    const slot = this.slots.find((s) => s.worker === worker);
    if (slot) slot.rooms = Math.max(0, slot.rooms - 1);
  }

  close(): void {
    this.closed = true;
    for (const s of this.slots) s.worker.close();
    this.slots = [];
  }

  private async spawn(): Promise<ms.Worker> {
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      rtcMinPort: this.options.rtcMinPort,
      rtcMaxPort: this.options.rtcMaxPort,
    });
    worker.on('died', (error: Error) => {
      this.options.logger.error({ workerPid: worker.pid, err: error.message }, 'mediasoup worker died');
      this.replace(worker).catch((err: unknown) =>
        this.options.logger.error(
          { err: err instanceof Error ? err.message : typeof err },
          'worker replacement failed',
        ),
      );
    });
    this.options.logger.info({ workerPid: worker.pid }, 'mediasoup worker started');
    return worker;
  }

  private async replace(dead: ms.Worker): Promise<void> {
    if (this.closed) return;
    const slot = this.slots.find((s) => s.worker === dead);
    if (!slot) return;
    slot.worker = await this.spawn();
    slot.rooms = 0;
    for (const listener of this.diedListeners) listener(dead);
  }
}
