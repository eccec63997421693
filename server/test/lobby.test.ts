import { describe, expect, it } from 'vitest';
import { AGREEMENT_VERSION, type ParticipantDetailView } from '@circle/shared';
import { BotConnectError } from '@circle/testkit/bot';
import { checkInFor, requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle({ env: { RECONNECT_GRACE_SECONDS: '5' } });

function isDetail(p: object): p is ParticipantDetailView {
  return 'checkIn' in p;
}

describe('agreement and check-in gate the room', () => {
  it('a member who has not checked in cannot use media and is invisible to members, until admitted', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const sam = await session.joinAsMember('Sam', therapist);
    const alex = await session.join('member', 'Alex');
    const alexId = requireId(alex);

    expect(alex.view?.you.status).toBe('arriving');
    for (const req of [
      alex.request('media:capabilities', {}),
      alex.request('transport:create', { direction: 'send', plain: true }),
      alex.request('hand:raise', {}),
    ]) {
      expect(await req).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });
    }
    expect(sam.view?.participants.map((p) => p.id)).not.toContain(alexId);
    // The lobby sees no one.
    expect(alex.view?.participants).toEqual([]);

    const wrongVersion = await alex.request('session:checkIn', { ...checkInFor('Alex'), agreementVersion: '1999-1' });
    expect(wrongVersion).toMatchObject({ ok: false, error: { code: 'AGREEMENT_REQUIRED' } });
    const notSafe = await alex.request('session:checkIn', { ...checkInFor('Alex'), privateSafePlace: false } as never);
    expect(notSafe).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'privateSafePlace' } });

    expect(await alex.call('session:checkIn', checkInFor('Alex'))).toEqual({ status: 'waiting' });
    await waitFor(() => alex.view?.you.status === 'waiting', 5_000, 'Alex waiting');
    await waitFor(
      () => therapist.view?.participants.some((p) => p.id === alexId && p.status === 'waiting') === true,
      5_000,
      'the therapist sees Alex waiting',
    );
    expect(await alex.request('media:capabilities', {})).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });
    expect(sam.view?.participants.map((p) => p.id)).not.toContain(alexId);

    await therapist.call('lobby:admit', { participantId: alexId });
    await waitFor(() => alex.view?.you.status === 'admitted', 5_000, 'Alex admitted');
    await waitFor(() => sam.view?.participants.some((p) => p.id === alexId) === true, 5_000, 'Sam sees Alex');
    expect(alex.view?.participants.map((p) => p.id)).toContain(requireId(sam));
    expect(await alex.request('media:capabilities', {})).toMatchObject({ ok: true });
  });

  it('a full group refuses check-in with ROOM_FULL', async () => {
    const t = circle();
    const session = await t.createSession({ maxMembers: 1 });
    const therapist = await session.connectTherapist();
    await session.joinAsMember('Alex', therapist);
    const sam = await session.join('member', 'Sam');
    expect(await sam.request('session:checkIn', checkInFor('Sam'))).toMatchObject({
      ok: false,
      error: { code: 'ROOM_FULL' },
    });
    expect(sam.view?.you.status).toBe('arriving');
  });

  it('a locked room refuses check-in with ROOM_LOCKED', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    await therapist.call('room:lock', { locked: true });
    const alex = await session.join('member', 'Alex');
    await waitFor(() => alex.view?.locked === true, 5_000, 'Alex sees the lock');
    expect(await alex.request('session:checkIn', checkInFor('Alex'))).toMatchObject({
      ok: false,
      error: { code: 'ROOM_LOCKED' },
    });
    await therapist.call('room:lock', { locked: false });
    expect(await alex.call('session:checkIn', checkInFor('Alex'))).toEqual({ status: 'waiting' });
  });

  it('removal ends the member’s connection and their invite stops working', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const invite = await session.invite('member', 'Alex');
    const alex = await t.connect(invite.token, { name: 'Alex' });
    await session.admit(alex, therapist);
    const sam = await session.joinAsMember('Sam', therapist);

    await therapist.call('participant:remove', { participantId: invite.inviteId });
    expect(await alex.nextEvent('session:ended')).toEqual({ reason: 'removed' });
    await alex.disconnected();
    await waitFor(() => !sam.view?.participants.some((p) => p.id === invite.inviteId), 5_000, 'Alex gone for Sam');

    const again = await t.tryConnect(invite.token).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(BotConnectError);
    expect(again).toMatchObject({ code: 'REMOVED' });
  });

  it('a member who reconnects within the grace period is straight back in the room, muted, and welcomed back', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const invite = await session.invite('member', 'Alex');
    const first = await t.connect(invite.token, { name: 'Alex' });
    await session.admit(first, therapist);

    first.close();
    await waitFor(
      () => therapist.view?.participants.some((p) => p.id === invite.inviteId && p.reconnecting) === true,
      5_000,
      'the therapist sees Alex reconnecting',
    );

    const second = await t.connect(invite.token, { name: 'Alex again' });
    await waitFor(() => second.view?.you.status === 'admitted', 5_000, 'Alex admitted again');
    await second.nextEvent('notice', (n) => n.kind === 'welcome-back', { timeoutMs: 2_000 });
    expect(await second.request('media:capabilities', {})).toMatchObject({ ok: true });
    const seen = therapist.view?.participants.find((p) => p.id === invite.inviteId);
    expect(seen).toMatchObject({ status: 'admitted', connected: true, reconnecting: false, micOn: false });
  });

  it('only staff receive a member’s check-in location and emergency contact', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const supervisor = await session.join('supervisor', 'Dr. Okafor');
    const sam = await session.joinAsMember('Sam', therapist);
    const alexCheckIn = checkInFor('Alex');
    const alex = await session.joinAsMember('Alex', therapist, alexCheckIn);
    // Some more room activity after Alex is in, so Sam has received many views.
    await alex.call('hand:raise', {});
    await therapist.call('speaking:setMode', { mode: 'facilitated' });
    await therapist.call('floor:give', { participantId: requireId(alex) });
    await waitFor(() => sam.view?.speaking.floor?.participantId === requireId(alex), 5_000, 'Sam sees the floor');

    const samSaw = JSON.stringify(sam.events);
    expect(samSaw).toContain('Alex');
    expect(samSaw).not.toContain(alexCheckIn.location);
    expect(samSaw).not.toContain(alexCheckIn.emergencyContact);
    expect(samSaw).not.toContain('Springfield');
    expect(samSaw).not.toContain('555-0142');
    expect(samSaw).not.toContain('"checkIn"');
    expect(samSaw).not.toContain('emergencyContact');

    for (const staff of [therapist, supervisor]) {
      const alexSeen = staff.view?.participants.find((p) => p.id === requireId(alex));
      if (!alexSeen || !isDetail(alexSeen)) throw new Error(`${staff.name} has no details of Alex`);
      expect(alexSeen.checkIn).toMatchObject({
        location: alexCheckIn.location,
        emergencyContact: alexCheckIn.emergencyContact,
        privateSafePlace: true,
        agreementVersion: AGREEMENT_VERSION,
      });
    }
  });
});
