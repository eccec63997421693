/**
 * Room lifecycle with several nodes over one real redis-server: a node that unloads an idle room lets
 * its lease go at once (and renews it no more), so the next link opened on any node loads the room
 * there from the store, with its state.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestCircle, waitFor, type TestCircle } from './support/harness.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '@circle/testkit/redisServer';
import { startPostgresServer, type PostgresServer } from '@circle/testkit/postgresServer';

const haveRedis = redisServerAvailable();
if (!haveRedis) console.warn('cluster-lifecycle.test: redis-server is not installed here; these tests are SKIPPED');

describe.skipIf(!haveRedis)('room lifecycle on several nodes', () => {
  let redis: RedisServer;
  /** The clinic's records, shared by the nodes (several nodes need PostgreSQL). */
  let postgres: PostgresServer;
  const nodes: TestCircle[] = [];

  const startNode = async (nodeId: string) => {
    const node = await startTestCircle(
      {},
      {
        REDIS_URL: redis.url,
        DATABASE_URL: postgres.url,
        NODE_ID: nodeId,
        INVITE_SECRET: 'shared-invite-secret-for-the-cluster-test',
        // Long enough that only a released lease lets the other node in within the test.
        LEASE_MS: '30000',
        LEASE_RENEW_MS: '400',
      },
    );
    nodes.push(node);
    return node;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    postgres = await startPostgresServer();
  });
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.close().catch(() => undefined);
  });
  afterAll(async () => {
    await redis?.stop();
    await postgres?.close();
  });

  test('an unloaded room’s lease is released: another node loads it at once, with its state', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const session = await a.createSession();
    const therapist = await a.connect(session.therapistInvite.token, { name: 'therapist' });
    await therapist.call('agenda:set', { items: [{ title: 'Check-in', plannedMinutes: 10, policy: 'open' }] });
    const actor = await session.actor();
    therapist.close();
    await waitFor(() => actor.connections === 0, 5_000, 'therapist gone');

    expect(await a.circle.sessions.sweep(0)).toEqual([session.id]);
    expect(a.circle.sessions.live()).toEqual([]);

    const back = await b.connect(session.therapistInvite.token, { name: 'therapist' });
    expect(back.view?.agenda.items.map((i) => i.title)).toEqual(['Check-in']);
    expect(b.circle.sessions.live().map((r) => r.sessionId)).toEqual([session.id]);
    // Node a does not take it back: it is b's now.
    const where = await a.circle.sessions.locate(session.id);
    expect(where && 'owner' in where ? where.owner.nodeId : 'a').toBe('b');
  });
});
