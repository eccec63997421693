/**
 * Ids that every JavaScript object already "has" (`__proto__`, `constructor`, `toString`…) reach no
 * inherited property anywhere in the room's rules: the domain answers as for any unknown id and the
 * state is unchanged, even when a command gets past the wire's id schema.
 */
import { describe, expect, test } from 'vitest';
import { type Command, decide } from '../src/domain/room.js';
import { viewFor } from '../src/domain/views.js';
import { sessionRecord } from '../src/domain/record.js';
import { CONFIG, T0, THERAPIST, roomWith } from './support/roomFixture.js';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

const COMMANDS: [string, (id: string) => Command][] = [
  ['connect', (id) => ({ type: 'connect', inviteId: id })],
  ['disconnect', (id) => ({ type: 'disconnect', participantId: id })],
  ['revokeInvite', (id) => ({ type: 'revokeInvite', inviteId: id })],
  ['admit', (id) => ({ type: 'admit', actor: THERAPIST, target: id })],
  ['remove', (id) => ({ type: 'remove', actor: THERAPIST, target: id })],
  ['giveFloor', (id) => ({ type: 'giveFloor', actor: THERAPIST, target: id })],
  ['mute', (id) => ({ type: 'mute', actor: THERAPIST, target: id })],
  ['raiseHand by', (id) => ({ type: 'raiseHand', actor: id })],
  ['crisisAck', (id) => ({ type: 'crisisAck', actor: THERAPIST, alertId: id })],
  ['chatPrivate to', (id) => ({ type: 'chatPrivate', actor: THERAPIST, messageId: 'm1', memberId: id, text: 'hi' })],
];

describe('ids named like Object.prototype properties', () => {
  test.each(
    COMMANDS.flatMap(([what, make]) => NAMES.map((name): [string, string, Command] => [what, name, make(name)])),
  )('%s %s is refused or changes nothing', (_what, _name, command) => {
    const state = roomWith({ admitted: ['alex'] });
    const before = JSON.stringify(state);
    const d = decide(state, command, T0 + 1_000, CONFIG);
    if (d.ok) expect(JSON.stringify(d.state)).toBe(before);
    else expect(['NOT_FOUND', 'INVITE_INVALID', 'INVALID_STATE']).toContain(d.code);
    expect(JSON.stringify(state)).toBe(before);
  });

  test.each(NAMES)('a view or record asked for %s is nothing, not a crash', (name) => {
    const state = roomWith({ admitted: ['alex'] });
    expect(viewFor(state, name, T0)).toBeNull();
    expect(() => sessionRecord(state, T0)).not.toThrow();
  });
});
