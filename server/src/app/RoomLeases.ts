/**
 * Which server node owns which room. One node at a time runs a room's actor (its timers, its
 * mediasoup router); the others send its participants there. The embedded default has one node
 * that owns everything; with Redis, ownership is a lease that the owner keeps renewing.
 */

/** A server process, as the others and the browsers reach it. */
export interface NodeInfo {
  nodeId: string;
  /** Where browsers reach this node's socket.io (NODE_URL; under PUBLIC_URL's origin). */
  url: string;
  /** Where other nodes reach its HTTP API directly (http://host:port). */
  internalUrl: string;
}

export interface RoomLeases {
  readonly self: NodeInfo;
  /** Take the room's lease if it is free (or already ours); resolves to the owner afterwards. */
  acquire(sessionId: string): Promise<NodeInfo>;
  /** Renew the leases of these rooms; resolves to the ones this node no longer holds. */
  renew(sessionIds: readonly string[]): Promise<string[]>;
  /** Let go of a room at once, so another node can take it over without waiting for expiry. */
  release(sessionId: string): Promise<void>;
  /** Nodes that have announced themselves recently, this one included. */
  nodes(): Promise<NodeInfo[]>;
  /** Stop and disconnect; a no-op for the embedded default. */
  close(): Promise<void>;
}

/** A single node: every room is this node's. */
export class LocalLeases implements RoomLeases {
  constructor(readonly self: NodeInfo) {}

  async acquire(): Promise<NodeInfo> {
    return this.self;
  }

  async renew(): Promise<string[]> {
    return [];
  }

  async release(): Promise<void> {}

  async nodes(): Promise<NodeInfo[]> {
    return [this.self];
  }

  async close(): Promise<void> {}
}
