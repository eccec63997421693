/**
 * One contract for every RoomStore: in memory, PostgreSQL through PGlite (the embedded default)
 * and through a real PostgreSQL server (Debian's, on its own port), and Redis (a real redis-server
 * on its own port, append-only with fsync on every write). The server runs are skipped, saying
 * so, only when the server is not installed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { createRoom, type RoomState } from '../src/domain/room.js';
import { MemoryRoomStore, type RoomStore } from '../src/adapters/store/RoomStore.js';
import { LeaseLostError, RedisRoomStore } from '../src/adapters/store/RedisRoomStore.js';
import { RedisLeases } from '../src/adapters/store/RedisLeases.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '@circle/testkit/redisServer';
import { postgresServerAvailable, startPostgresServer, type PostgresServer } from '@circle/testkit/postgresServer';
import { type Db, openDatabase } from '../src/adapters/db/Db.js';
import { migrate } from '../src/adapters/db/migrations.js';
import { PgRoomStore } from '../src/adapters/db/PgRoomStore.js';

const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
let seq = 0;
const room = (title = 'Tuesday group'): RoomState =>
  createRoom({ sessionId: `s${++seq}-${Date.now()}`, title, now: T0 });

interface Subject {
  store: RoomStore;
  /** A second store over the same data, as another node would have (the same object for memory). */
  peer: RoomStore;
}

function contract(name: string, make: () => Subject): void {
  describe(`RoomStore contract: ${name}`, () => {
    test('a room that was never saved loads as undefined', async () => {
      expect(await make().store.load('no-such-room')).toBeUndefined();
    });

    test('what was saved loads back equal, from another node too', async () => {
      const { store, peer } = make();
      const s = { ...room(), locked: true };
      await store.save(s);
      expect(await store.load(s.sessionId)).toEqual(s);
      expect(await peer.load(s.sessionId)).toEqual(s);
    });

    test('the latest save wins', async () => {
      const { store } = make();
      const s = room();
      await store.save(s);
      await store.save({ ...s, title: 'Renamed' });
      expect((await store.load(s.sessionId))?.title).toBe('Renamed');
    });

    test('a loaded room shares nothing with the saved object', async () => {
      const { store } = make();
      const s = room();
      await store.save(s);
      s.title = 'changed after saving';
      const loaded = await store.load(s.sessionId);
      expect(loaded?.title).toBe('Tuesday group');
      expect(loaded).not.toBe(s);
    });

    test('list has every saved room once', async () => {
      const { store } = make();
      const a = room();
      const b = room();
      await store.save(a);
      await store.save(b);
      await store.save(a);
      const ids = await store.list();
      expect(ids).toEqual(expect.arrayContaining([a.sessionId, b.sessionId]));
      expect(ids.filter((id) => id === a.sessionId)).toHaveLength(1);
    });

    test('ping answers true while the store is reachable', async () => {
      expect(await make().store.ping()).toBe(true);
    });
  });
}

const memory = new MemoryRoomStore();
contract('in memory', () => ({ store: memory, peer: memory }));

describe('PGlite (embedded)', () => {
  let db: Db | undefined;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  contract('PGlite', () => {
    if (!db) throw new Error('PGlite not open');
    return { store: new PgRoomStore(db), peer: new PgRoomStore(db) };
  });
});

const havePostgres = postgresServerAvailable();
if (!havePostgres) {
  console.warn('store.contract: PostgreSQL is not installed here; the PostgreSQL store run is SKIPPED');
}

describe.skipIf(!havePostgres)('PostgreSQL', () => {
  let server: PostgresServer | undefined;
  const dbs: Db[] = [];
  beforeAll(async () => {
    server = await startPostgresServer();
    for (let i = 0; i < 2; i++) dbs.push(await openDatabase({ kind: 'postgres', url: server.url }));
    await migrate(dbs[0]!);
  });
  afterAll(async () => {
    for (const d of dbs) await d.close();
    await server?.close();
  });
  contract('PostgreSQL', () => ({ store: new PgRoomStore(dbs[0]!), peer: new PgRoomStore(dbs[1]!) }));
});

const haveRedis = redisServerAvailable();
if (!haveRedis) {
  console.warn('store.contract: redis-server is not installed here; the Redis store run is SKIPPED');
}

describe.skipIf(!haveRedis)('Redis', () => {
  let server: RedisServer | undefined;
  const clients: Redis[] = [];
  const client = () => {
    if (!server) throw new Error('redis-server not started');
    const c = new Redis(server.url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.stop();
  });

  contract('Redis', () => ({ store: new RedisRoomStore(client()), peer: new RedisRoomStore(client()) }));

  test('the server runs with appendfsync always: a save is on disk when it resolves', async () => {
    const c = client();
    expect(await c.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
    expect(await c.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
  });

  test('a lease is held by one node at a time, renewed by it, and free once released', async () => {
    const a = new RedisLeases(client(), { nodeId: 'a', url: 'http://a', internalUrl: 'http://a:1' }, { leaseMs: 500 });
    const b = new RedisLeases(client(), { nodeId: 'b', url: 'http://b', internalUrl: 'http://b:1' }, { leaseMs: 500 });
    await a.renew([]);
    const id = room().sessionId;
    expect((await a.acquire(id)).nodeId).toBe('a');
    expect(await b.acquire(id)).toEqual(a.self);
    expect(await a.renew([id])).toEqual([]);
    expect(await b.renew([id])).toEqual([id]);
    await a.release(id);
    expect((await b.acquire(id)).nodeId).toBe('b');
    expect(await a.renew([id])).toEqual([id]);
  });

  test('a lease that is not renewed lapses, and another node takes the room', async () => {
    const a = new RedisLeases(client(), { nodeId: 'a', url: '', internalUrl: '' }, { leaseMs: 200 });
    const b = new RedisLeases(client(), { nodeId: 'b', url: '', internalUrl: '' }, { leaseMs: 200 });
    const id = room().sessionId;
    await a.acquire(id);
    await new Promise((r) => setTimeout(r, 300));
    expect((await b.acquire(id)).nodeId).toBe('b');
  });

  test('a node that lost the lease cannot overwrite the new owner’s state', async () => {
    const leasesB = new RedisLeases(client(), { nodeId: 'b', url: '', internalUrl: '' }, { leaseMs: 5_000 });
    const storeA = new RedisRoomStore(client(), { fenceNodeId: 'a' });
    const storeB = new RedisRoomStore(client(), { fenceNodeId: 'b' });
    const s = room();
    await leasesB.acquire(s.sessionId);
    await storeB.save(s);
    await expect(storeA.save({ ...s, title: 'stale' })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await storeB.load(s.sessionId))?.title).toBe('Tuesday group');
  });
});
