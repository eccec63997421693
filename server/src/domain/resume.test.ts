import { describe, expect, test } from 'vitest';
import { AGREEMENT_VERSION, type Role } from '@circle/shared';
import { type Command, type RoomConfig, type RoomState, createRoom, decide, handQueue } from './room.js';
import { resumeRoom, timersFor } from './resume.js';

const CONFIG: RoomConfig = { reconnectGraceMs: 120_000, crisisEscalateMs: 60_000 };
const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
const SECOND = 1000;

function apply(state: RoomState, commands: Command[], now = T0): RoomState {
  return commands.reduce((s, c) => {
    const d = decide(s, c, now, CONFIG);
    if (!d.ok) throw new Error(`${c.type} was refused: ${d.code}`);
    return d.state;
  }, state);
}

function join(state: RoomState, id: string, role: Role = 'member'): RoomState {
  const invite = { id, role, displayName: id, createdAt: T0, expiresAt: T0 + 86_400_000, revoked: false };
  let s = apply(state, [
    { type: 'addInvite', invite },
    { type: 'connect', inviteId: id },
  ]);
  if (role !== 'member') return s;
  s = apply(s, [
    {
      type: 'checkIn',
      actor: id,
      checkIn: { agreementVersion: AGREEMENT_VERSION, location: 'Portland, OR', privateSafePlace: true },
    },
    { type: 'admit', actor: 'thera', target: id },
  ]);
  return s;
}

/** A running group: therapist, three members, facilitated speaking, two hands up, Ann at the floor. */
function runningGroup(): RoomState {
  let s = createRoom({ sessionId: 's1', title: 'Group', now: T0 });
  s = join(s, 'thera', 'therapist');
  for (const id of ['ann', 'ben', 'cat']) s = join(s, id);
  return apply(s, [
    { type: 'agendaSet', actor: 'thera', items: [{ title: 'Sharing', plannedMinutes: 30, policy: 'facilitated' }] },
    { type: 'agendaStart', actor: 'thera' },
    { type: 'setMode', actor: 'thera', mode: 'facilitated' },
    { type: 'raiseHand', actor: 'ben' },
    { type: 'raiseHand', actor: 'cat' },
    { type: 'giveFloor', actor: 'thera', target: 'ann' },
    { type: 'crisisAlert', actor: 'cat', alertId: 'a1' },
  ]);
}

describe('resumeRoom: a room taken over by another node', () => {
  test('everyone connected becomes reconnecting, muted, keeping role, queue and floor', () => {
    const before = runningGroup();
    const { state } = resumeRoom(before, T0 + 5 * SECOND, CONFIG);
    for (const p of Object.values(state.participants)) {
      expect(p.connected).toBe(false);
      expect(p.micOn).toBe(false);
      expect(p.role).toBe(before.participants[p.id]?.role);
      expect(p.status).toBe('admitted');
    }
    expect(handQueue(state).map((p) => p.id)).toEqual(handQueue(before).map((p) => p.id));
    expect(state.speaking.floor).toEqual(before.speaking.floor);
    expect(state.agenda).toEqual(before.agenda);
    expect(state.crisis).toEqual(before.crisis);
  });

  test('a member still in the lobby goes back to arriving', () => {
    let s = join(createRoom({ sessionId: 's1', title: 'Group', now: T0 }), 'thera', 'therapist');
    s = apply(s, [
      {
        type: 'addInvite',
        invite: { id: 'dan', role: 'member', displayName: 'dan', createdAt: T0, expiresAt: T0 + 1e9, revoked: false },
      },
      { type: 'connect', inviteId: 'dan' },
      {
        type: 'checkIn',
        actor: 'dan',
        checkIn: { agreementVersion: AGREEMENT_VERSION, location: 'Portland, OR', privateSafePlace: true },
      },
    ]);
    expect(resumeRoom(s, T0, CONFIG).state.participants.dan?.status).toBe('arriving');
  });

  test('every timer the state implies is armed again', () => {
    const now = T0 + 5 * SECOND;
    const { events } = resumeRoom(runningGroup(), now, CONFIG);
    const byKey = Object.fromEntries(events.map((e) => [e.key, e]));
    for (const id of ['thera', 'ann', 'ben', 'cat']) {
      expect(byKey[`grace:${id}`]).toMatchObject({
        at: now + CONFIG.reconnectGraceMs,
        command: { type: 'graceExpired' },
      });
    }
    expect(byKey.turn).toMatchObject({ at: T0 + 150 * SECOND, command: { type: 'turnTick' } });
    expect(byKey.agenda?.command).toEqual({ type: 'agendaTick' });
    expect(byKey['crisis:a1']).toMatchObject({ at: T0 + CONFIG.crisisEscalateMs, command: { type: 'crisisEscalate' } });
  });

  test.each([
    ['turn warning passed while nobody owned the room: warned at once', T0 + 160 * SECOND, T0 + 160 * SECOND],
    ['turn over while nobody owned the room: ends at once', T0 + 200 * SECOND, T0 + 200 * SECOND],
  ])('%s', (_name, now, at) => {
    expect(timersFor(runningGroup(), now, CONFIG).find((e) => e.key === 'turn')?.at).toBe(at);
  });

  test('an escalation that fell due while nobody owned the room fires at once', () => {
    const now = T0 + 90 * SECOND;
    expect(timersFor(runningGroup(), now, CONFIG).find((e) => e.key === 'crisis:a1')?.at).toBe(now);
  });

  test('an acknowledged alert and a finished turn arm nothing', () => {
    const s = apply(runningGroup(), [
      { type: 'crisisAck', actor: 'thera', alertId: 'a1' },
      { type: 'takeBack', actor: 'thera' },
    ]);
    const keys = timersFor(s, T0, CONFIG).map((e) => e.key);
    expect(keys).not.toContain('crisis:a1');
    expect(keys).not.toContain('turn');
  });
});
