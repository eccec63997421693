import { describe, expect, it } from 'vitest';
import type { Bot } from '@circle/testkit/bot';
import { ManualClock } from './support/ManualClock.js';
import { checkInFor, requireId, useTestCircle, waitFor } from './support/harness.js';

const clock = new ManualClock();
const circle = useTestCircle({ overrides: { clock }, env: { CRISIS_ESCALATE_SECONDS: '60' } });

/**
 * Everything a bot received, as text, without the two parts of a member's view that mention
 * crisis by design: the agreement's fixed text and the member's own (empty) `myCrisis`.
 */
function receivedText(bot: Bot): string {
  return JSON.stringify(
    bot.events.map((e) => ({ name: e.name, args: e.args })),
    (key, value: unknown) => (key === 'agreement' || key === 'agreements' || key === 'myCrisis' ? undefined : value),
  );
}

async function crisisRoom() {
  const t = circle();
  const session = await t.createSession();
  const therapist = await session.connectTherapist();
  const supervisor = await session.join('supervisor', 'Dr. Okafor');
  const alexCheckIn = checkInFor('Alex');
  const alex = await session.joinAsMember('Alex', therapist, alexCheckIn);
  const sam = await session.joinAsMember('Sam', therapist);
  return { therapist, supervisor, alex, alexCheckIn, sam };
}

describe('crisis alerts reach staff only', () => {
  it('staff see the alert with location and emergency contact; other members see nothing of it', async () => {
    const { therapist, supervisor, alex, alexCheckIn, sam } = await crisisRoom();
    const { alertId } = await alex.call('crisis:alert', {});

    for (const staff of [therapist, supervisor]) {
      await waitFor(
        () => staff.view?.crisisAlerts?.some((a) => a.id === alertId) === true,
        5_000,
        `${staff.name} sees the alert`,
      );
      expect(staff.view?.crisisAlerts?.find((a) => a.id === alertId)).toMatchObject({
        participantId: requireId(alex),
        displayName: 'Alex',
        location: alexCheckIn.location,
        emergencyContact: alexCheckIn.emergencyContact,
        state: 'raised',
        escalated: false,
      });
    }
    await waitFor(() => alex.view?.myCrisis?.id === alertId, 5_000, 'Alex sees their own alert');
    expect(alex.view?.myCrisis).toMatchObject({ state: 'raised', escalated: false });

    // Sam has had views since (the alert's broadcast, and one more change to be sure).
    const samBefore = sam.events.length;
    await therapist.call('room:lock', { locked: true });
    await waitFor(() => sam.view?.locked === true, 5_000, 'Sam sees the lock');
    expect(sam.events.length).toBeGreaterThan(samBefore);
    expect(sam.received('room:state').every((v) => v.myCrisis === null && v.crisisAlerts === undefined)).toBe(true);
    expect(sam.events.some((e) => /crisis/i.test(e.name))).toBe(false);
    const samSaw = receivedText(sam);
    expect(samSaw).not.toContain(alertId);
    expect(samSaw).not.toContain(alexCheckIn.location);
    expect(samSaw).not.toMatch(/crisis/i);
  });

  it('a member cannot acknowledge an alert; the therapist can, and the member sees it acknowledged', async () => {
    const { therapist, alex, sam } = await crisisRoom();
    const { alertId } = await alex.call('crisis:alert', {});
    const samBefore = sam.events.length;

    expect(await sam.request('crisis:acknowledge', { alertId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await alex.request('crisis:acknowledge', { alertId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await sam.request('crisis:resolve', { alertId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(therapist.view?.crisisAlerts?.find((a) => a.id === alertId)?.state).toBe('raised');

    await therapist.call('crisis:acknowledge', { alertId });
    await waitFor(() => alex.view?.myCrisis?.state === 'acknowledged', 5_000, 'Alex sees it acknowledged');
    const alert = therapist.view?.crisisAlerts?.find((a) => a.id === alertId);
    expect(alert).toMatchObject({ state: 'acknowledged', acknowledgedBy: requireId(therapist) });
    expect(receivedText(sam)).not.toContain(alertId);
    expect(sam.events.slice(samBefore).every((e) => e.name === 'room:state' || e.name === 'room:patch')).toBe(true);
  });

  it('an alert nobody acknowledges escalates after the escalation time: staff and the member are told', async () => {
    const { therapist, supervisor, alex, sam } = await crisisRoom();
    const { alertId } = await alex.call('crisis:alert', {});
    await waitFor(() => therapist.view?.crisisAlerts?.some((a) => a.id === alertId) === true, 5_000, 'alert shown');
    const since = {
      alex: alex.events.length,
      therapist: therapist.events.length,
      supervisor: supervisor.events.length,
    };

    clock.advance(59_000);
    await therapist.call('clock:ping', { clientTime: 0 }); // a round trip: anything due would have been broadcast
    expect(therapist.view?.crisisAlerts?.find((a) => a.id === alertId)?.escalated).toBe(false);

    clock.advance(1_000);
    const notice = await alex.nextEvent('notice', (n) => n.kind === 'crisis-escalated', { since: since.alex });
    expect(notice.text).toMatch(/988/);
    expect(notice.message).toEqual({ key: 'crisisEscalatedMember', params: {} });
    await therapist.nextEvent('notice', (n) => n.kind === 'crisis-escalated', { since: since.therapist });
    await supervisor.nextEvent('notice', (n) => n.kind === 'crisis-escalated', { since: since.supervisor });
    await waitFor(
      () => therapist.view?.crisisAlerts?.find((a) => a.id === alertId)?.escalated === true,
      5_000,
      'the alert shows escalated',
    );
    const alert = therapist.view?.crisisAlerts?.find((a) => a.id === alertId);
    expect(alert?.history.map((h) => h.type)).toEqual(['raised', 'escalated']);
    await waitFor(() => alex.view?.myCrisis?.escalated === true, 5_000, 'Alex sees it escalated');
    expect(receivedText(sam)).not.toMatch(/crisis/i);
  });

  it('an acknowledged alert does not escalate', async () => {
    const { therapist, alex } = await crisisRoom();
    const { alertId } = await alex.call('crisis:alert', {});
    await therapist.call('crisis:acknowledge', { alertId });
    const since = alex.events.length;
    clock.advance(120_000);
    await therapist.call('clock:ping', { clientTime: 0 });
    await alex.call('clock:ping', { clientTime: 0 });
    expect(alex.received('notice', since)).toEqual([]);
    expect(therapist.view?.crisisAlerts?.find((a) => a.id === alertId)).toMatchObject({
      state: 'acknowledged',
      escalated: false,
    });
  });
});
