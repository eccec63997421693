/**
 * Room lifecycle with several nodes over one real redis-server: a node that unloads an idle room lets
 * its lease go at once (and renews it no more), so the next link opened on any node loads the room
 * there from the store, with its state.
 */
import { describe, expect, test } from 'vitest';
import { waitFor } from './support/harness.js';
import { clusterServersAvailable, useTestCluster } from './support/cluster.js';

const haveServers = clusterServersAvailable();
if (!haveServers)
  console.warn('cluster-lifecycle.test: redis-server or PostgreSQL is not installed here; these tests are SKIPPED');

describe.skipIf(!haveServers)('room lifecycle on several nodes', () => {
  // Long enough that only a released lease lets the other node in within the test.
  const cluster = useTestCluster({ LEASE_MS: '30000' });
  const startNode = (nodeId: string) => cluster.startNode(nodeId);

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
