import type { RoomState } from '../../domain/room.js';

/** Where room state lives. In memory by default; a Redis implementation follows the same contract. */
export interface RoomStore {
  load(sessionId: string): Promise<RoomState | undefined>;
  /** Resolves once the write is durable; the actor acknowledges a command only after it. */
  save(state: RoomState): Promise<void>;
  list(): Promise<string[]>;
  ping(): Promise<boolean>;
}

export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, string>();

  async load(sessionId: string): Promise<RoomState | undefined> {
    const raw = this.rooms.get(sessionId);
    return raw === undefined ? undefined : (JSON.parse(raw) as RoomState);
  }

  async save(state: RoomState): Promise<void> {
    // Serialised like a remote store would, so nothing shares references with the actor's state.
    this.rooms.set(state.sessionId, JSON.stringify(state));
  }

  async list(): Promise<string[]> {
    return [...this.rooms.keys()];
  }

  async ping(): Promise<boolean> {
    return true;
  }
}
