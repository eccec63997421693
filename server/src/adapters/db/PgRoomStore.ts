import type { RoomState } from '../../domain/room.js';
import { type RoomStore, storeFault } from '../store/RoomStore.js';
import type { Db } from './Db.js';
import { metaKey, writeRecord, writeSession } from './projection.js';

/**
 * Live rooms in PostgreSQL (the embedded default, and one node with DATABASE_URL): every accepted
 * change is checkpointed in one transaction with what it means for the clinic's tables (the session
 * row, invitations, a finished record), so a restart resumes the room and nothing acknowledged is
 * missing from the records.
 */
export class PgRoomStore implements RoomStore {
  /** What the session and invite rows last said, per room: unchanged rows are not rewritten. */
  private readonly written = new Map<string, string>();

  constructor(private readonly db: Db) {}

  async load(sessionId: string): Promise<RoomState | undefined> {
    try {
      const [row] = await this.db.query<{ state: RoomState }>('select state from room_state where session_id = $1', [
        sessionId,
      ]);
      return row?.state;
    } catch (err) {
      throw storeFault(err);
    }
  }

  async save(state: RoomState): Promise<void> {
    const meta = metaKey(state);
    const metaChanged = this.written.get(state.sessionId) !== meta;
    try {
      await this.db.transaction(async (tx) => {
        if (metaChanged) {
          await writeSession(tx, state);
          await writeRecord(tx, state);
        }
        await tx.query(
          `insert into room_state (session_id, state, saved_at) values ($1, $2, now())
           on conflict (session_id) do update set state = excluded.state, saved_at = excluded.saved_at`,
          [state.sessionId, JSON.stringify(state)],
        );
      });
    } catch (err) {
      throw storeFault(err);
    }
    this.written.set(state.sessionId, meta);
  }

  async list(): Promise<string[]> {
    try {
      const rows = await this.db.query<{ session_id: string }>('select session_id from room_state');
      return rows.map((r) => r.session_id);
    } catch (err) {
      throw storeFault(err);
    }
  }

  /** The room was unloaded: forget what its rows said (it is read again on load). */
  forget(sessionId: string): void {
    this.written.delete(sessionId);
  }

  ping(): Promise<boolean> {
    return this.db.ping();
  }
}
