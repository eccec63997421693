/**
 * Room patches over real sockets: after the first full state a change reaches each client as a
 * `room:patch` (not a whole room), a member's patches carry nothing only staff may see, and a client
 * that lost a patch asks for the room (`room:resync`) and is whole again.
 */
import { describe, expect, it } from 'vitest';
import type { RoomPatch } from '@circle/shared';
import { viewFor } from '../src/domain/views.js';
import { checkInFor, requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle();

describe('room patches over the socket', () => {
  it('a raised hand reaches everyone as a patch; a member’s patches never carry check-ins or staff details', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const sam = await session.joinAsMember('Sam', therapist);
    const alex = await session.joinAsMember('Alex', therapist);
    const alexId = requireId(alex);
    // Everyone has had Alex's admission before counting.
    await waitFor(() => sam.view?.participants.some((p) => p.id === alexId) === true, 5_000, 'Sam sees Alex');
    await waitFor(
      () => therapist.view?.participants.some((p) => p.id === alexId && p.status === 'admitted') === true,
      5_000,
      'the therapist sees Alex admitted',
    );
    const samBefore = sam.events.length;
    const therapistBefore = therapist.events.length;

    await alex.call('hand:raise', {});
    await waitFor(() => sam.view?.speaking.queue.length === 1, 5_000, 'Sam sees the hand');
    await waitFor(() => therapist.view?.speaking.queue.length === 1, 5_000, 'the therapist sees the hand');
    // The room's own messages (staff also get health samples every few seconds).
    const roomWire = (e: { name: string; applied?: true }) => !e.applied && e.name.startsWith('room:');
    const samWire = sam.events.slice(samBefore).filter(roomWire);
    expect(samWire.map((e) => e.name)).toEqual(['room:patch']);
    const patch = samWire[0]!.payload as RoomPatch;
    expect(patch.people?.map((p) => p.id)).toEqual([alexId]);
    expect(Object.keys(patch.set ?? {})).toEqual(['speaking']);
    expect(
      therapist.events
        .slice(therapistBefore)
        .filter(roomWire)
        .map((e) => e.name),
    ).toEqual(['room:patch']);

    // A check-in, a crisis alert: the therapist's patches carry them, Sam's never do.
    const lee = await session.join('member', 'Lee');
    await lee.call('session:checkIn', checkInFor('Lee'));
    await alex.call('crisis:alert', {});
    await waitFor(() => (therapist.view?.crisisAlerts?.length ?? 0) === 1, 5_000, 'the therapist sees the alert');
    await therapist.call('room:lock', { locked: true });
    await waitFor(() => sam.view?.locked === true, 5_000, 'Sam sees the lock');
    const samText = JSON.stringify(sam.events.filter((e) => e.name === 'room:patch').map((e) => e.args));
    const therapistText = JSON.stringify(therapist.events.filter((e) => e.name === 'room:patch').map((e) => e.args));
    for (const secret of [checkInFor('Lee').location, checkInFor('Alex').location, '"crisisAlerts"', '"checkIn"']) {
      expect(therapistText).toContain(secret);
      expect(samText).not.toContain(secret);
    }
  });

  it('a client that lost a patch notices at the next one, asks for the room and has it whole again', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const sam = await session.joinAsMember('Sam', therapist);
    const alex = await session.joinAsMember('Alex', therapist);

    sam.dropPatches(1);
    await alex.call('hand:raise', {});
    await waitFor(() => therapist.view?.speaking.queue.length === 1, 5_000, 'the therapist sees the hand');
    await therapist.call('room:lock', { locked: true });
    // Sam never applied the hand, yet ends with the room as it is: the full state after the gap.
    await waitFor(() => sam.view?.locked === true, 5_000, 'Sam has the room again');
    expect(sam.view?.speaking.queue.map((q) => q.participantId)).toEqual([requireId(alex)]);
    const states = sam.events.filter((e) => e.name === 'room:state' && !e.applied);
    expect(states.length).toBeGreaterThanOrEqual(2);
    const actor = await session.actor();
    const full = viewFor(actor.snapshot, requireId(sam), 0);
    expect({ ...sam.view, agenda: null }).toEqual(JSON.parse(JSON.stringify({ ...full, agenda: null })));

    // Patches apply again after it.
    await alex.call('hand:lower', {});
    await waitFor(() => sam.view?.speaking.queue.length === 0, 5_000, 'Sam sees the hand lowered');
  });
});
