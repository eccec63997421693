/**
 * Two real nodes in this process over one real redis-server on loopback: a room lives on the node
 * that owns its lease; a client reaching the other node is sent there; when the owner dies without
 * a word, the other node takes the room over with everything that was acknowledged.
 */
import { describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { waitFor, type TestCircle, type TestSession } from './support/harness.js';
import { BotConnectError, Bot } from '@circle/testkit/bot';
import { clusterServersAvailable, useTestCluster } from './support/cluster.js';

const haveServers = clusterServersAvailable();
if (!haveServers)
  console.warn('cluster.test: redis-server or PostgreSQL is not installed here; the several-nodes tests are SKIPPED');

describe.skipIf(!haveServers)('several nodes over one Redis', () => {
  const cluster = useTestCluster();
  const startNode = (nodeId: string) => cluster.startNode(nodeId);
  const follow = cluster.follow;

  /** On node A: a therapist, two members with hands up in order, an agenda running, a crisis alert. */
  async function busyRoom(a: TestCircle): Promise<{ session: TestSession; tokens: Record<string, string> }> {
    const session = await a.createSession();
    const therapist = await session.connectTherapist();
    const ann = await session.joinAsMember('Ann', therapist);
    const ben = await session.joinAsMember('Ben', therapist);
    await therapist.call('speaking:setMode', { mode: 'facilitated' });
    await therapist.call('agenda:set', { items: [{ title: 'Sharing', plannedMinutes: 30, policy: 'facilitated' }] });
    await therapist.call('agenda:start', {});
    await ben.call('hand:raise', {});
    await ann.call('hand:raise', {});
    await ann.call('crisis:alert', {});
    const tokens = {
      therapist: session.therapistInvite.token,
      ann: (await session.invite('member', 'Ann2')).token,
    };
    return { session, tokens };
  }

  test('a client that reaches a node that does not own the room is sent to the owner', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const session = await a.createSession();
    const refused = await Bot.connect(b.url, session.therapistInvite.token).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BotConnectError);
    expect((refused as BotConnectError).code).toBe('WRONG_NODE');
    expect((refused as BotConnectError).nodeUrl).toBe(a.url);

    const { url, redirects } = await follow([b], session.therapistInvite.token, 'therapist');
    expect(redirects).toBe(1);
    expect(url).toBe((refused as BotConnectError).nodeUrl);
  });

  test('any node answers the room’s HTTP API: the other node forwards to the owner', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const session = await a.createSession();
    const res = await fetch(`${b.url}/api/sessions/${session.id}`, {
      headers: { authorization: 'Bearer test-admin-token' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { title: string }).title).toBe('Tuesday group');
    const listed = (await (await fetch(`${b.url}/api/nodes`)).json()) as { nodes: { nodeId: string }[] };
    expect(listed.nodes.map((n) => n.nodeId).sort()).toEqual(['a', 'b']);

    // Live sessions across nodes, through the socket.io Redis adapter: the therapist is on A, asked on B.
    await follow([a], session.therapistInvite.token, 'therapist');
    const live = await fetch(`${b.url}/api/live`, { headers: { authorization: 'Bearer test-admin-token' } });
    expect(await live.json()).toEqual({ sessions: [{ sessionId: session.id, connected: 1 }] });
    expect((await fetch(`${b.url}/api/live`)).status).toBe(401);
  });

  test('after the owner dies without releasing, the other node takes the room over intact', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const { session } = await busyRoom(a);
    const before = (await session.actor()).snapshot;

    await a.circle.crash();
    cluster.closeBots();

    const { bot: therapist, url } = await follow([a, b], session.therapistInvite.token, 'therapist');
    expect(url).toBe(b.url);
    const after = (await b.circle.sessions.get(session.id))!.snapshot;
    expect(after.agenda).toEqual(before.agenda);
    expect(after.crisis).toEqual(before.crisis);
    expect(after.speaking).toEqual(before.speaking);
    const view = therapist.view!;
    expect(view.agenda.items.map((i) => i.title)).toEqual(['Sharing']);
    expect(view.agenda.status).toBe('running');
    const nameOf = (id: string) => view.participants.find((p) => p.id === id)?.displayName;
    expect(view.speaking.queue.map((q) => nameOf(q.participantId))).toEqual(['Ben', 'Ann']);
    // Members have not reached the new node yet: the others see them reconnecting.
    expect(
      view.participants
        .filter((p) => p.reconnecting)
        .map((p) => p.displayName)
        .sort(),
    ).toEqual(['Ann', 'Ben']);
    expect(view.crisisAlerts?.length).toBe(1);
  });

  test('a node whose lease was taken drops the room; its clients end up on the new owner', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const session = await a.createSession();
    const { bot } = await follow([a], session.therapistInvite.token, 'therapist');
    // As after a long pause of A: its lease lapsed and B took the room.
    const redisClient = new Redis(cluster.redis.url);
    await redisClient.set(`circle:lease:${session.id}`, 'b', 'PX', 5_000);
    redisClient.disconnect();
    await waitFor(() => a.circle.sessions.live().length === 0, 3_000, 'a drops the room');
    await bot.disconnected(3_000);
    const { url } = await follow([a], session.therapistInvite.token, 'therapist');
    expect(url).toBe(b.url);
  });

  test('a clean shutdown releases the lease: another node takes over at once', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const session = await a.createSession();
    await follow([a], session.therapistInvite.token, 'therapist');
    await a.close();
    const started = Date.now();
    const { url } = await follow([b], session.therapistInvite.token, 'therapist');
    expect(url).toBe(b.url);
    // Well under the 1.5 s lease: it was released, not left to expire.
    expect(Date.now() - started).toBeLessThan(1_000);
    await waitFor(() => (b.circle.sessions.live().length ?? 0) === 1, 1_000, 'room on b');
  });
});
