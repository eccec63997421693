import type { Logger } from 'pino';
import type { RoomState } from '../../domain/room.js';
import { type RoomStore, storeFault } from '../store/RoomStore.js';
import type { Db } from './Db.js';
import { metaKey, writeRecord, writeSession } from './projection.js';
import { errorText, storeFaultLog } from '../../app/sampledLog.js';

/**
 * Several nodes: live rooms stay in Redis (`inner`), the clinic's records go to PostgreSQL.
 * A new session or invitation (or a revocation) is written to PostgreSQL before Redis, so it is
 * acknowledged only once the system of record has it: with PostgreSQL down it is refused and Redis
 * is not touched. A finished session's record is written after Redis; if PostgreSQL is down then,
 * the room ends anyway (its state is in Redis) and the record is written when it returns.
 */
export class RecordingStore implements RoomStore {
  private readonly written = new Map<string, string>();
  /** Finished rooms whose record still has to reach PostgreSQL, newest state each. */
  private readonly pending = new Map<string, RoomState>();
  private retry: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly inner: RoomStore,
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly retryMs = 2_000,
  ) {}

  load(sessionId: string): Promise<RoomState | undefined> {
    return this.inner.load(sessionId);
  }

  async save(state: RoomState): Promise<void> {
    const meta = metaKey(state);
    const changed = this.written.get(state.sessionId) !== meta;
    const finished = state.endedAt !== null;
    if (changed && !finished)
      await writeSession(this.db, state).catch((err: unknown) => Promise.reject(storeFault(err)));
    await this.inner.save(state);
    if (changed) this.written.set(state.sessionId, meta);
    if (finished && (changed || this.pending.has(state.sessionId))) {
      this.pending.set(state.sessionId, state);
      await this.flush();
    }
  }

  /** Write every finished record still pending; those that fail stay pending and are retried. */
  async flush(): Promise<void> {
    for (const [id, state] of [...this.pending]) {
      try {
        await this.db.transaction(async (tx) => {
          await writeSession(tx, state);
          await writeRecord(tx, state);
        });
        if (this.pending.get(id) === state) this.pending.delete(id);
      } catch (err) {
        // Once a minute at most (with a count), like every store fault: an outage is not one line per room.
        storeFaultLog.error(
          this.logger,
          { err: errorText(err), pending: this.pending.size },
          'database unreachable: session records wait to be written',
        );
        this.armRetry();
        return;
      }
    }
    if (this.pending.size === 0 && this.retry) {
      clearInterval(this.retry);
      this.retry = null;
    }
  }

  get pendingRecords(): number {
    return this.pending.size;
  }

  private armRetry(): void {
    if (this.retry) return;
    this.retry = setInterval(() => void this.flush(), this.retryMs);
    this.retry.unref();
  }

  list(): Promise<string[]> {
    return this.inner.list();
  }

  forget(sessionId: string): void {
    this.written.delete(sessionId);
    this.inner.forget?.(sessionId);
  }

  async ping(): Promise<boolean> {
    const [a, b] = await Promise.all([this.inner.ping(), this.db.ping()]);
    return a && b;
  }

  close(): void {
    if (this.retry) clearInterval(this.retry);
    this.retry = null;
  }
}
