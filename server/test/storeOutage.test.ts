/**
 * Redis stops for 10 s under a live two-node session (the process killed, then started again on the
 * same port from the same data folder): both nodes stay up, the people connected stay connected and
 * their media keeps flowing, changes that need the store are refused with UNAVAILABLE and leave no
 * trace, and once Redis is back the owner still owns its room and commands work again.
 */
import { describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { waitFor, waitForAsync, type TestCircle } from './support/harness.js';
import { AGREEMENT_VERSION } from '@circle/shared';
import { Bot, BotConnectError } from '@circle/testkit/bot';
import { clusterServersAvailable, useTestCluster } from './support/cluster.js';
import { RedisRoomStore } from '../src/adapters/store/RedisRoomStore.js';

const haveServers = clusterServersAvailable();
if (!haveServers)
  console.warn('storeOutage.test: redis-server or PostgreSQL is not installed here; the outage test is SKIPPED');

const OUTAGE_MS = 10_000;

describe.skipIf(!haveServers)('a Redis outage under a live two-node session', () => {
  const cluster = useTestCluster({ HEALTH_SAMPLE_SECONDS: '1' });
  const startNode = (nodeId: string) => cluster.startNode(nodeId);
  const follow = async (entry: TestCircle[], token: string, name: string) =>
    (await cluster.follow(entry, token, name)).bot;

  test('both nodes stay up, the room goes on, nothing refused is stored, the owner keeps its room', async () => {
    const a = await startNode('a');
    const b = await startNode('b');
    const session = await a.createSession();
    const therapist = await follow([b, a], session.therapistInvite.token, 'therapist');
    const memberInvite = await session.invite('member', 'Alex');
    const member = await follow([a], memberInvite.token, 'Alex');
    await member.call('session:checkIn', {
      agreementVersion: AGREEMENT_VERSION,
      location: 'home',
      privateSafePlace: true,
    });
    await therapist.call('lobby:admit', { participantId: member.participantId! });
    await member.when(() => member.view?.you.status === 'admitted', 5_000, 'admitted');
    // A late joiner's link, issued before the outage.
    const lateInvite = await session.invite('member', 'Sam');

    // Live media: the therapist's microphone reaches the member.
    await therapist.joinMedia();
    const mic = await therapist.produce('mic', { paused: false });
    mic.stream.start({ maxDurationMs: 60_000 });
    await member.joinMedia();
    await member.consume(mic.stream.producerId);
    const heard = () => member.receivedFrom(mic.stream.producerId).packets;
    await waitFor(() => heard() > 10, 5_000, 'audio at the member');

    await therapist.call('chat:send', { text: 'before the outage' });

    // ---- Redis goes away.
    await cluster.redis.kill();
    const outageStarted = Date.now();

    // A change that needs the store is refused as retryable, and nobody is told about it.
    const since = member.events.length;
    const refused = await therapist.request('chat:send', { text: 'during the outage' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    const raised = await member.request('hand:raise', {});
    expect(raised).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    // Someone connecting now is told to try again (retryable), not that something broke.
    const late = await Bot.connect(a.url, lateInvite.token, { name: 'Sam' }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(BotConnectError);
    expect((late as BotConnectError).code).toBe('UNAVAILABLE');

    // Media carries on through the outage, and the people connected stay connected.
    const heardBefore = heard();
    await waitFor(() => heard() > heardBefore + 100, 5_000, 'audio keeps flowing during the outage');
    await waitFor(() => Date.now() - outageStarted >= OUTAGE_MS, OUTAGE_MS + 1_000, 'the outage to last');
    expect(therapist.connected && member.connected).toBe(true);

    // ---- Redis comes back from its own data.
    await cluster.redis.restart();

    // Commands work again (clients retry; here: until the first one is accepted).
    await waitForAsync(
      async () => (await therapist.request('chat:send', { text: 'after the outage' })).ok,
      10_000,
      'chat accepted again',
    );
    await member.nextEvent('chat:message', (m) => m.text === 'after the outage', { since, timeoutMs: 5_000 });
    expect(member.received('chat:message', since).map((m) => m.text)).toEqual(['after the outage']);

    // The refused changes left no trace in the stored room.
    const reader = new Redis(cluster.redis.url);
    try {
      const stored = await new RedisRoomStore(reader).load(session.id);
      expect(stored?.chat.group.map((m) => m.text)).toEqual(['before the outage', 'after the outage']);
      expect(Object.values(stored?.participants ?? {}).filter((p) => p.handRaisedAt !== null)).toEqual([]);
      // The owner still owns its room: its lease lapsed while Redis was away, nobody else took it, and
      // it takes it back at its next renewal once its own connection is back (never another node).
      await waitForAsync(
        async () => {
          const owner = await reader.get(`circle:lease:${session.id}`);
          expect(owner === null || owner === 'a').toBe(true);
          return owner === 'a';
        },
        10_000,
        'node a to hold its room again',
      );
    } finally {
      reader.disconnect();
    }
    expect(a.circle.sessions.live().map((r) => r.sessionId)).toEqual([session.id]);
    expect(b.circle.sessions.live()).toEqual([]);
    expect(therapist.connected && member.connected).toBe(true);
    const heardAfter = heard();
    await waitFor(() => heard() > heardAfter + 50, 5_000, 'audio after the outage');

    // The late joiner gets in now.
    const sam = await Bot.connect(a.url, lateInvite.token, { name: 'Sam' });
    cluster.track(sam);
    await sam.nextEvent('room:state', () => true, { timeoutMs: 5_000 });

    // Both nodes answer, and nothing escaped to the process.
    for (const n of [a, b]) expect((await fetch(`${n.url}/healthz`)).status).toBe(200);
    expect(cluster.escaped()).toEqual([]);
  }, 60_000);
});
