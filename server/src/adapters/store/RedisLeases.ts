import { Redis } from 'ioredis';
import type { NodeInfo, RoomLeases } from '../../app/RoomLeases.js';
import { leaseKey, writerKey } from './RedisRoomStore.js';
import { storeFault } from './RoomStore.js';

export interface RedisLeasesOptions {
  prefix?: string;
  /** How long a lease lasts without renewal: how long a dead node's rooms wait for another node. */
  leaseMs: number;
}

/**
 * KEYS: lease, writer. ARGV: node id, lease ms. Extend the lease if ours. If it lapsed (Redis was
 * away longer than a lease) and nobody holds it, take it back, but only if this node was the last to
 * save the room: no other node has run it since. 1: ours; 0: another node's.
 */
const RENEW_SCRIPT = `
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not owner then
  local writer = redis.call('GET', KEYS[2])
  if writer == ARGV[1] or not writer then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1
  end
end
return 0
`;
/** KEYS: lease. ARGV: node id. Delete only if ours. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Room leases in Redis: `lease:<room>` holds the owner's node id (SET NX PX), renewed by the
 * owner's heartbeat and deleted on a clean shutdown. Nodes announce themselves in a hash with
 * the time they were last seen, so any node can say where another one is.
 */
export class RedisLeases implements RoomLeases {
  private readonly prefix: string;
  private readonly nodesKey: string;
  private me: NodeInfo;

  constructor(
    private readonly redis: Redis,
    self: NodeInfo,
    private readonly options: RedisLeasesOptions,
  ) {
    this.prefix = options.prefix ?? 'circle:';
    this.nodesKey = `${this.prefix}nodes`;
    this.me = self;
  }

  get self(): NodeInfo {
    return this.me;
  }

  /** Where this node can be reached, once it listens (its port may have been chosen by the OS). */
  setAddress(url: string, internalUrl: string): void {
    this.me = { ...this.me, url, internalUrl };
  }

  static connect(url: string, self: NodeInfo, options: RedisLeasesOptions): RedisLeases {
    return new RedisLeases(new Redis(url, { maxRetriesPerRequest: 2 }), self, options);
  }

  private async announce(): Promise<void> {
    await this.redis.hset(this.nodesKey, this.self.nodeId, JSON.stringify({ ...this.self, seenAt: Date.now() }));
  }

  private async node(nodeId: string): Promise<NodeInfo> {
    const raw = await this.redis.hget(this.nodesKey, nodeId);
    if (raw) {
      const n = JSON.parse(raw) as NodeInfo;
      return { nodeId: n.nodeId, url: n.url, internalUrl: n.internalUrl };
    }
    // Its owner has never announced itself: treat as unreachable; the lease will lapse.
    return { nodeId, url: '', internalUrl: '' };
  }

  async acquire(sessionId: string): Promise<NodeInfo> {
    return this.acquireOrThrow(sessionId).catch((err: unknown) => {
      throw storeFault(err);
    });
  }

  private async acquireOrThrow(sessionId: string): Promise<NodeInfo> {
    const key = leaseKey(this.prefix, sessionId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const set = await this.redis.set(key, this.self.nodeId, 'PX', this.options.leaseMs, 'NX');
      if (set === 'OK') return this.self;
      const owner = await this.redis.get(key);
      if (owner === this.self.nodeId) {
        await this.redis.pexpire(key, this.options.leaseMs);
        return this.self;
      }
      if (owner !== null) return this.node(owner);
      // Expired between SET and GET: try again.
    }
    throw new Error(`could not settle the lease of ${sessionId}`);
  }

  /**
   * The rooms another node holds now. A Redis that cannot be reached (or any command that failed)
   * is not a lost lease: it rejects (StoreUnavailableError) and the caller keeps its rooms.
   */
  async renew(sessionIds: readonly string[]): Promise<string[]> {
    try {
      await this.announce();
      if (sessionIds.length === 0) return [];
      const pipeline = this.redis.pipeline();
      for (const id of sessionIds) {
        pipeline.eval(
          RENEW_SCRIPT,
          2,
          leaseKey(this.prefix, id),
          writerKey(this.prefix, id),
          this.self.nodeId,
          this.options.leaseMs,
        );
      }
      const results = await pipeline.exec();
      if (!results) throw new Error('lease renewal not answered');
      for (const [err] of results) if (err) throw err;
      return sessionIds.filter((_, i) => Number(results[i]?.[1]) !== 1);
    } catch (err) {
      throw storeFault(err);
    }
  }

  async release(sessionId: string): Promise<void> {
    await this.redis
      .eval(RELEASE_SCRIPT, 1, leaseKey(this.prefix, sessionId), this.self.nodeId)
      .catch((err: unknown) => {
        throw storeFault(err);
      });
  }

  async nodes(): Promise<NodeInfo[]> {
    const all = await this.redis.hgetall(this.nodesKey).catch((err: unknown) => {
      throw storeFault(err);
    });
    const fresh = Date.now() - this.options.leaseMs;
    const out: NodeInfo[] = [];
    for (const raw of Object.values(all)) {
      const n = JSON.parse(raw) as NodeInfo & { seenAt: number };
      if (n.seenAt >= fresh) out.push({ nodeId: n.nodeId, url: n.url, internalUrl: n.internalUrl });
    }
    return out;
  }

  /** Say this node is gone (a clean shutdown), then disconnect. */
  async close(): Promise<void> {
    await this.redis.hdel(this.nodesKey, this.self.nodeId).catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Disconnect without a word, as a crashed node would (tests). */
  abandon(): void {
    this.redis.disconnect();
  }
}
