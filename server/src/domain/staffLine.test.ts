import { describe, expect, test } from 'vitest';
import { AGREEMENT_VERSION, type Role } from '@circle/shared';
import { type Command, type RoomConfig, type RoomState, createRoom, decide } from './room.js';
import { sendStaffMessage, staffRecipients } from './staffLine.js';

const T0 = 1_800_000_000_000;
const CONFIG: RoomConfig = { reconnectGraceMs: 120_000, crisisEscalateMs: 60_000 };

function accept(state: RoomState, command: Command): RoomState {
  const d = decide(state, command, T0, CONFIG);
  if (!d.ok) throw new Error(`${command.type} refused: ${d.code}`);
  return d.state;
}

/** Through the room's own rules: invite, connect, and for members check in and be admitted. */
function join(state: RoomState, id: string, role: Role): RoomState {
  let s = accept(state, {
    type: 'addInvite',
    invite: { id, role, displayName: id, createdAt: T0, expiresAt: T0 + 3_600_000, revoked: false },
  });
  s = accept(s, { type: 'connect', inviteId: id });
  if (role !== 'member') return s;
  s = accept(s, {
    type: 'checkIn',
    actor: id,
    checkIn: { agreementVersion: AGREEMENT_VERSION, location: 'Portland, OR', privateSafePlace: true },
  });
  return accept(s, { type: 'admit', actor: 'theo', target: id });
}

let busy = createRoom({ sessionId: 's1', title: 'Tuesday group', now: T0 });
for (const [id, role] of [
  ['theo', 'therapist'],
  ['tess', 'therapist'],
  ['sue', 'supervisor'],
  ['offline-sup', 'supervisor'],
  ['ana', 'member'],
  ['ben', 'member'],
] as const) {
  busy = join(busy, id, role);
}
busy = accept(busy, { type: 'disconnect', participantId: 'offline-sup' });

describe('the staff line', () => {
  test.each([
    ['a therapist', 'theo', ['sue', 'tess']],
    ['a supervisor', 'sue', ['tess', 'theo']],
  ])('%s writes: every other connected therapist and supervisor receives it, no member', (_who, from, to) => {
    const d = sendStaffMessage(busy, from, 'Ana looks unsettled', T0, 'm1');
    expect(d.ok && d.recipients.sort()).toEqual(to);
    expect(d.ok && d.message).toEqual({
      id: 'm1',
      fromId: from,
      fromRole: from === 'sue' ? 'supervisor' : 'therapist',
      text: 'Ana looks unsettled',
      at: T0,
    });
  });

  test.each([
    ['a member', 'ana', 'FORBIDDEN'],
    ['someone unknown', 'nobody', 'NOT_FOUND'],
  ])('%s may not write on it', (_who, from, code) => {
    expect(sendStaffMessage(busy, from, 'hello', T0, 'm1')).toEqual({ ok: false, code });
  });

  test('members are never recipients, whatever their state', () => {
    const everyone = staffRecipients(busy);
    expect(everyone.sort()).toEqual(['sue', 'tess', 'theo']);
  });
});
