import { Redis } from 'ioredis';
import type { RoomState } from '../../domain/room.js';
import { LeaseLostError, type RoomStore, storeFault } from './RoomStore.js';

export { LeaseLostError } from './RoomStore.js';

export interface RedisStoreOptions {
  /** Key prefix, so several deployments (or test runs) can share one Redis. */
  prefix?: string;
  /**
   * Replicas that must have a write before it counts as saved (Redis WAIT); 0 relies on the
   * server's own fsync (`appendonly yes`, `appendfsync always`).
   */
  waitReplicas?: number;
  waitTimeoutMs?: number;
  /**
   * This node's id: a save is refused (LeaseLostError) when another node holds the room's lease,
   * so a node that lost a room (a long pause, a partition) cannot overwrite its new owner's state.
   */
  fenceNodeId?: string;
}

/**
 * KEYS: room, lease, index, writer. ARGV: json, fence node id ('' for none), session id. The writer
 * key names the node that saved the room last: a node may take back its own lapsed lease only if no
 * other node has written the room since (RedisLeases.renew).
 */
const SAVE_SCRIPT = `
local owner = redis.call('GET', KEYS[2])
if ARGV[2] ~= '' and owner and owner ~= ARGV[2] then return redis.error_reply('LEASE_LOST') end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[3])
if ARGV[2] ~= '' then redis.call('SET', KEYS[4], ARGV[2]) end
return 1
`;

export const roomKey = (prefix: string, sessionId: string) => `${prefix}room:${sessionId}`;
export const leaseKey = (prefix: string, sessionId: string) => `${prefix}lease:${sessionId}`;
/** The node that saved the room last (with fencing on). */
export const writerKey = (prefix: string, sessionId: string) => `${prefix}writer:${sessionId}`;
const indexKey = (prefix: string) => `${prefix}rooms`;

/**
 * Room state as one JSON string per room, plus a set of all room ids. A save resolves after Redis
 * has it (and, with `waitReplicas`, after that many replicas have it): with `appendfsync always`,
 * after it is on disk.
 */
export class RedisRoomStore implements RoomStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'circle:';
  }

  static connect(url: string, options: RedisStoreOptions = {}): RedisRoomStore {
    return new RedisRoomStore(new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true }), options);
  }

  async load(sessionId: string): Promise<RoomState | undefined> {
    const raw = await this.redis.get(roomKey(this.prefix, sessionId)).catch((err: unknown) => {
      throw storeFault(err);
    });
    return raw === null ? undefined : (JSON.parse(raw) as RoomState);
  }

  async save(state: RoomState): Promise<void> {
    try {
      await this.redis.eval(
        SAVE_SCRIPT,
        4,
        roomKey(this.prefix, state.sessionId),
        leaseKey(this.prefix, state.sessionId),
        indexKey(this.prefix),
        writerKey(this.prefix, state.sessionId),
        JSON.stringify(state),
        this.options.fenceNodeId ?? '',
        state.sessionId,
      );
    } catch (err) {
      if (err instanceof Error && err.message.includes('LEASE_LOST')) throw new LeaseLostError(state.sessionId);
      throw storeFault(err);
    }
    const replicas = this.options.waitReplicas ?? 0;
    if (replicas > 0) {
      const acked = Number(
        await this.redis.wait(replicas, this.options.waitTimeoutMs ?? 1_000).catch((err: unknown) => {
          throw storeFault(err);
        }),
      );
      if (acked < replicas) {
        throw storeFault(new Error(`only ${acked} of ${replicas} Redis replicas confirmed the write`));
      }
    }
  }

  async list(): Promise<string[]> {
    return this.redis.smembers(indexKey(this.prefix)).catch((err: unknown) => {
      throw storeFault(err);
    });
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
