import { describe, expect, it } from 'vitest';
import { LIMITS, PROTOCOL_VERSION } from '@circle/shared';
import { signInvite } from '../src/app/invites.js';
import { Bot, BotConnectError } from '@circle/testkit/bot';
import {
  TEST_ADMIN_TOKEN,
  checkInFor,
  requireId,
  settle,
  useTestCircle,
  waitFor,
  waitForAsync,
} from './support/harness.js';

const INVITE_SECRET = 'hostile-test-invite-secret-0123456789';
const circle = useTestCircle({ env: { INVITE_SECRET } });

async function roomWithHostileMember() {
  const t = circle();
  const session = await t.createSession();
  const therapist = await session.connectTherapist();
  const mallory = await session.joinAsMember('Mallory', therapist);
  const sam = await session.joinAsMember('Sam', therapist);
  const actor = await session.actor();
  return { t, session, therapist, mallory, sam, actor };
}

async function connectRefusal(
  url: string,
  token: string,
  protocolVersion = PROTOCOL_VERSION,
): Promise<string | undefined> {
  const result = await Bot.connect(url, token, { protocolVersion }).then(
    (bot) => {
      bot.close();
      return 'connected';
    },
    (err: unknown) => err,
  );
  if (!(result instanceof BotConnectError)) throw new Error(`expected a refusal, got ${String(result)}`);
  return result.code;
}

describe('a hostile client cannot break or change the room', () => {
  it('malformed payloads are refused with INVALID_PAYLOAD or UNKNOWN_EVENT, and nothing is broadcast or changed', async () => {
    const { therapist, mallory, sam, actor } = await roomWithHostileMember();
    await settle(therapist, sam);
    const stateBefore = JSON.stringify(actor.snapshot);
    const samBefore = sam.events.length;
    const therapistBefore = therapist.events.length;

    const invalid: [event: string, args: unknown[], field: string][] = [
      ['hand:raise', [{ extra: true }], 'extra'],
      ['crisis:alert', [{ note: 'not part of the contract' }], 'note'],
      ['room:leave', [{ now: 1 }], 'now'],
      ['session:checkIn', [{ ...checkInFor('Mallory'), location: 'x'.repeat(LIMITS.LOCATION_CHARS * 10) }], 'location'],
      ['session:checkIn', [{ ...checkInFor('Mallory'), privateSafePlace: 'yes' }], 'privateSafePlace'],
      ['clock:ping', [{ clientTime: 'now' }], 'clientTime'],
      ['clock:ping', [{ clientTime: Number.POSITIVE_INFINITY }], 'clientTime'],
      ['producer:setPaused', [{ producerId: 42, paused: 'no' }], 'producerId'],
      ['consumer:create', [{ producerId: '../../etc/passwd' }], 'producerId'],
      ['participant:mute', [{ participantId: 'x'.repeat(LIMITS.ID_CHARS + 1) }], 'participantId'],
      ['transport:create', [{ direction: 'sideways' }], 'direction'],
      ['transport:connectPlain', [{ transportId: 'abc', ip: '10.0.0.1', port: 5000 }], 'ip'],
      ['media:join', [{ rtpCapabilities: { codecs: 'x'.repeat(LIMITS.MEDIA_BLOB_BYTES + 1) } }], 'rtpCapabilities'],
      ['hand:raise', ['raise it'], '(root)'],
      ['hand:raise', [null], '(root)'],
      ['hand:raise', [42], '(root)'],
      ['hand:raise', [[]], '(root)'],
      ['hand:raise', [], '(root)'],
      ['hand:raise', [{}, 'an extra argument'], '(root)'],
      ['crisis:alert', [{}, {}, {}], '(root)'],
    ];
    for (const [event, args, field] of invalid) {
      const ack = await mallory.requestRaw(event, args);
      expect({ event, ack }).toMatchObject({ event, ack: { ok: false, error: { code: 'INVALID_PAYLOAD', field } } });
    }

    for (const event of [
      'admin:deleteEverything',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'x'.repeat(2000),
    ]) {
      const ack = await mallory.requestRaw(event, [{}]);
      expect({ event: event.slice(0, 40), ack }).toMatchObject({
        ack: { ok: false, error: { code: 'UNKNOWN_EVENT' } },
      });
    }

    // Valid payloads without an ack callback are dropped, not acted on.
    mallory.emitRaw('hand:raise', {});
    mallory.emitRaw('crisis:alert', {});
    mallory.emitRaw('room:leave', {});
    mallory.emitRaw('no:such-event');

    await settle(mallory, therapist, sam);
    expect(sam.events.slice(samBefore)).toEqual([]);
    expect(therapist.events.slice(therapistBefore)).toEqual([]);
    expect(JSON.stringify(actor.snapshot)).toBe(stateBefore);
    expect(mallory.connected).toBe(true);
  });

  it('a message over 64 KB drops the sender; the server and everyone else carry on', async () => {
    const { t, therapist, mallory, sam, actor } = await roomWithHostileMember();
    await settle(therapist, sam);
    const samBefore = sam.events.length;

    const huge = { padding: 'x'.repeat(LIMITS.SOCKET_MESSAGE_BYTES + 1024) };
    const ack = await mallory.requestRaw('hand:raise', [huge], 2_000);
    expect(ack).toBe('timeout');
    await mallory.disconnected();

    // The only thing the others learn is that Mallory's connection dropped.
    await waitFor(
      () => sam.view?.participants.find((p) => p.id === requireId(mallory))?.reconnecting === true,
      5_000,
      'Sam sees Mallory reconnecting',
    );
    expect(sam.events.slice(samBefore).every((e) => e.name === 'room:state' || e.name === 'room:patch')).toBe(true);
    expect(actor.snapshot.participants[requireId(mallory)]?.handRaisedAt).toBeNull();
    expect(await sam.call('clock:ping', { clientTime: 1 })).toMatchObject({ clientTime: 1 });
    expect(await therapist.call('room:lock', { locked: false })).toBeNull();
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it.each([
    ['lobby:admit', (ids: Ids) => ({ participantId: ids.waiting })],
    ['lobby:admitAll', () => ({})],
    ['lobby:decline', (ids: Ids) => ({ participantId: ids.waiting })],
    ['participant:mute', (ids: Ids) => ({ participantId: ids.sam })],
    ['participant:muteAll', () => ({})],
    ['participant:stopCamera', (ids: Ids) => ({ participantId: ids.sam })],
    ['participant:remove', (ids: Ids) => ({ participantId: ids.sam })],
    ['speaking:setMode', () => ({ mode: 'facilitated' })],
    ['speaking:setTurn', () => ({ turnSeconds: 60, expiry: 'hard' })],
    ['floor:give', (ids: Ids) => ({ participantId: ids.mallory })],
    ['floor:next', () => ({})],
    ['room:lock', () => ({ locked: true })],
  ] as const)(
    'a member sending the therapist command %s gets FORBIDDEN and nothing changes',
    async (event, payload) => {
      const { session, therapist, mallory, sam, actor } = await roomWithHostileMember();
      const jordan = await session.join('member', 'Jordan');
      await jordan.call('session:checkIn', checkInFor('Jordan'));
      await waitFor(
        () => therapist.view?.participants.some((p) => p.id === requireId(jordan) && p.status === 'waiting') === true,
        5_000,
        'Jordan waiting',
      );
      await settle(therapist, sam, jordan);
      const stateBefore = JSON.stringify(actor.snapshot);
      const before = [therapist, sam, jordan].map((b) => b.events.length);

      const ids: Ids = { waiting: requireId(jordan), sam: requireId(sam), mallory: requireId(mallory) };
      const ack = await mallory.requestRaw(event, [payload(ids)]);
      expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      await settle(mallory, therapist, sam, jordan);
      expect([therapist, sam, jordan].map((b, i) => b.events.length - (before[i] ?? 0))).toEqual([0, 0, 0]);
      expect(JSON.stringify(actor.snapshot)).toBe(stateBefore);
    },
  );

  it('a supervisor cannot run the room or publish media', async () => {
    const { session, sam, actor } = await roomWithHostileMember();
    const supervisor = await session.join('supervisor', 'Dr. Okafor');
    const stateBefore = JSON.stringify(actor.snapshot);
    for (const [event, payload] of [
      ['participant:remove', { participantId: requireId(sam) }],
      ['room:lock', { locked: true }],
      [
        'producer:create',
        {
          transportId: 'abc',
          kind: 'audio',
          source: 'mic',
          rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] },
        },
      ],
    ] as const) {
      expect(await supervisor.requestRaw(event, [payload])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(JSON.stringify(actor.snapshot)).toBe(stateBefore);
  });

  it('connections with a wrong protocol version or a bad, expired or revoked invite are refused', async () => {
    const t = circle();
    const session = await t.createSession();
    const valid = await session.invite('member', 'Alex');

    expect(await connectRefusal(t.url, valid.token, PROTOCOL_VERSION + 1)).toBe('PROTOCOL_MISMATCH');
    expect(await connectRefusal(t.url, '')).toBe('UNAUTHORIZED');

    const dot = valid.token.indexOf('.');
    const i = dot + 5;
    const flipped = valid.token[i] === 'A' ? 'B' : 'A';
    const tampered = valid.token.slice(0, i) + flipped + valid.token.slice(i + 1);
    expect(await connectRefusal(t.url, tampered)).toBe('INVITE_INVALID');
    expect(await connectRefusal(t.url, `${valid.token.slice(0, dot)}.`)).toBe('INVITE_INVALID');
    expect(await connectRefusal(t.url, 'not-a-token')).toBe('INVITE_INVALID');

    const expired = signInvite(INVITE_SECRET, {
      sessionId: session.id,
      inviteId: valid.inviteId,
      expiresAt: Date.now() - 60_000,
    });
    expect(await connectRefusal(t.url, expired)).toBe('INVITE_INVALID');
    const forged = signInvite('some-other-secret', {
      sessionId: session.id,
      inviteId: valid.inviteId,
      expiresAt: Date.now() + 60_000,
    });
    expect(await connectRefusal(t.url, forged)).toBe('INVITE_INVALID');

    const revoked = await session.invite('member', 'Sam');
    const res = await fetch(`${t.url}/api/sessions/${session.id}/invites/${revoked.inviteId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(204);
    expect(await connectRefusal(t.url, revoked.token)).toBe('INVITE_INVALID');

    // The untouched invite still works.
    const alex = await t.connect(valid.token, { name: 'Alex' });
    expect(alex.view?.you.status).toBe('arriving');
  });

  it('a burst of more than 60 events is rate limited, and the connection recovers', async () => {
    const { mallory } = await roomWithHostileMember();
    const acks = await Promise.all(
      Array.from({ length: 90 }, (_, i) => mallory.request('clock:ping', { clientTime: i })),
    );
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED').length;
    const served = acks.filter((a) => a.ok).length;
    expect(limited + served).toBe(90);
    // A burst of 60 (less what joining used, plus a trickle of refill), then refusals.
    expect(served).toBeGreaterThanOrEqual(55);
    expect(served).toBeLessThanOrEqual(65);
    expect(limited).toBeGreaterThanOrEqual(25);

    // Tokens refill at 20 per second.
    await waitForAsync(
      async () => (await mallory.request('clock:ping', { clientTime: 0 })).ok,
      3_000,
      'rate limit lifted',
    );
  });
});

interface Ids {
  waiting: string;
  sam: string;
  mallory: string;
}
