/**
 * Rooms have a lifecycle: an ended room whose people are gone, and a room nobody has been connected
 * to for ROOM_IDLE_MINUTES, are unloaded (router closed, timers stopped, state kept in the store) and
 * load again from the store when someone comes back. A room with someone connected stays. And a
 * stopping server tells every connection it is restarting before the connection closes.
 */
import { describe, expect, it } from 'vitest';
import { BotConnectError } from '@circle/testkit/bot';
import { TEST_ADMIN_TOKEN, requireId, startTestCircle, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();
const IDLE_MS = 10 * 60_000;

describe('room lifecycle', () => {
  it('an ended room is unloaded once its people are gone: its router closes, its record stays', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex = await session.joinAsMember('Alex', therapist);
    await therapist.joinMedia();
    await alex.joinMedia();
    const actor = await session.actor();
    const media = actor.mediaRoom;
    expect(media?.isClosed).toBe(false);

    await therapist.call('room:end', {});
    await alex.disconnected();
    // The therapist keeps the connection (for the record links): the room stays while they are here.
    expect(await t.circle.sessions.sweep(IDLE_MS)).not.toContain(session.id);
    therapist.close();
    await waitFor(() => actor.connections === 0, 5_000, 'therapist gone');

    expect(await t.circle.sessions.sweep(IDLE_MS)).toContain(session.id);
    expect(media?.isClosed).toBe(true);
    expect(media?.router.closed).toBe(true);
    expect(actor.isRetired).toBe(true);
    expect(t.circle.sessions.live()).not.toContain(actor);

    // The record can still be exported: the room loads again from the store, ended.
    const res = await fetch(`${t.url}/api/sessions/${session.id}/record`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const again = await session.actor();
    expect(again).not.toBe(actor);
    expect(again.snapshot.endedAt).toBe(actor.snapshot.endedAt);
    expect(again.mediaRoom).toBeNull();
  });

  it('an idle room is unloaded and loads again with its agenda and raised hands when someone connects', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const ann = await session.joinAsMember('Ann', therapist);
    const ben = await session.joinAsMember('Ben', therapist);
    await therapist.joinMedia();
    await therapist.call('speaking:setMode', { mode: 'facilitated' });
    await therapist.call('agenda:set', { items: [{ title: 'Sharing', plannedMinutes: 30, policy: 'facilitated' }] });
    await ben.call('hand:raise', {});
    await ann.call('hand:raise', {});
    const actor = await session.actor();
    const before = actor.snapshot;
    const media = actor.mediaRoom;

    t.closeBots();
    await waitFor(() => actor.connections === 0, 5_000, 'everyone disconnected');
    // Nobody here, but not for long enough yet.
    expect(await t.circle.sessions.sweep(IDLE_MS)).not.toContain(session.id);
    expect(actor.isRetired).toBe(false);

    expect(await t.circle.sessions.sweep(0)).toContain(session.id);
    expect(media?.isClosed).toBe(true);
    expect(t.circle.sessions.live().some((a) => a.sessionId === session.id)).toBe(false);

    // The therapist's link still works: the room loads from the store as a takeover does.
    const back = await session.connectTherapist();
    const view = back.view!;
    expect(view.agenda.items.map((i) => i.title)).toEqual(['Sharing']);
    const again = await session.actor();
    expect(again).not.toBe(actor);
    const hands = (s: typeof before) =>
      Object.values(s.participants)
        .filter((p) => p.handRaisedAt !== null)
        .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
        .map((p) => p.displayName);
    expect(hands(again.snapshot)).toEqual(['Ben', 'Ann']);
    expect(hands(again.snapshot)).toEqual(hands(before));
    expect(again.snapshot.speaking.mode).toBe('facilitated');
  });

  it('a room with someone connected is never unloaded, however long it has been', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const actor = await session.actor();
    expect(await t.circle.sessions.sweep(0)).not.toContain(session.id);
    expect(actor.isRetired).toBe(false);
    expect((await therapist.call('clock:ping', { clientTime: Date.now() })).serverTime).toBeGreaterThan(0);
    expect(await session.actor()).toBe(actor);
  });

  it('a connection queued behind the unload finds the room loaded again', async () => {
    const t = circle();
    const session = await t.createSession();
    const old = await session.actor();
    // Unload and connect at once: whichever the room's queue takes first, the therapist gets in.
    const [unloaded, therapist] = await Promise.all([t.circle.sessions.sweep(0), session.connectTherapist()]);
    expect(therapist.view?.you.role).toBe('therapist');
    const live = await session.actor();
    expect(live.isRetired).toBe(false);
    expect(live.snapshot.participants[requireId(therapist)]?.connected).toBe(true);
    if (unloaded.includes(session.id)) expect(live).not.toBe(old);
    else expect(live).toBe(old);
  });
});

describe('shutdown', () => {
  it('tells every connection the server is restarting before the connection closes', async () => {
    const t = await startTestCircle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex = await session.joinAsMember('Alex', therapist);
    const toldBeforeClose = Promise.all(
      [therapist, alex].map((bot) =>
        bot.disconnected(10_000).then((reason) => ({ reason, told: bot.received('server:restarting').length })),
      ),
    );
    await t.circle.close();
    const seen = await toldBeforeClose;
    t.closeBots();
    for (const { reason, told } of seen) {
      expect(told).toBe(1);
      // A dropped transport, which clients reconnect after (not a server-side "you are out").
      expect(reason).toBe('transport close');
    }
  });

  it('a connection attempt while stopping is told to come back, not that its link is bad', async () => {
    const t = await startTestCircle();
    const session = await t.createSession();
    const invite = await session.invite('member', 'Alex');
    // The rooms are drained first, while sockets still answer.
    await t.circle.sessions.shutdown();
    const refused = await t.tryConnect(invite.token).catch((e: unknown) => e);
    await t.close();
    expect(refused).toBeInstanceOf(BotConnectError);
    expect((refused as BotConnectError).code).toBe('RESTARTING');
  });
});
