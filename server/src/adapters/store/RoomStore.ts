import type { RoomState } from '../../domain/room.js';

/** Thrown by `save` when another node owns the room now (a store with leases: Redis). */
export class LeaseLostError extends Error {
  constructor(readonly sessionId: string) {
    super(`room ${sessionId} is owned by another node`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Thrown by a store (or lease) adapter whose server cannot be reached or did not answer: nothing was
 * changed, and the same request may be tried again after a short wait (the client's UNAVAILABLE).
 */
export class StoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message.slice(0, 200) : typeof cause}`);
    this.name = 'StoreUnavailableError';
  }
}

/** A store adapter's failure as the port's: LeaseLostError as it is, anything else StoreUnavailableError. */
export function storeFault(err: unknown): Error {
  return err instanceof LeaseLostError || err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err);
}

/** Where room state lives. In memory by default; a Redis implementation follows the same contract. */
export interface RoomStore {
  load(sessionId: string): Promise<RoomState | undefined>;
  /** Resolves once the write is durable; the actor acknowledges a command only after it. */
  save(state: RoomState): Promise<void>;
  list(): Promise<string[]>;
  ping(): Promise<boolean>;
  /** The room was unloaded here: drop anything kept about it in memory (it is read again on load). */
  forget?(sessionId: string): void;
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
