/**
 * Quiet reactions: who may send one, the therapist's switch, one per person per second, and the
 * space a reaction is shown in. Nothing about a reaction is kept in the room.
 */
import { describe, test, expect } from 'vitest';
import { REACTION_INTERVAL_MS, type ReactionKind, type Role } from '@circle/shared';
import { type Command, type RoomState, pairSpace, sideRoomSpace, MAIN_SPACE } from './room.js';
import { viewFor } from './views.js';
import {
  T0,
  THERAPIST,
  SUPERVISOR,
  accept,
  refusal,
  apply,
  roomWith,
  person,
  join,
} from '../../test/support/roomFixture.js';

const react = (actor: string, kind: ReactionKind = 'heart', previousAt: number | null = null): Command => ({
  type: 'react',
  actor,
  kind,
  previousAt,
});
const setEnabled = (enabled: boolean, actor = THERAPIST): Command => ({ type: 'reactionsSetEnabled', actor, enabled });

const room = (): RoomState => roomWith({ admitted: ['ana', 'ben', 'cy', 'dee'], waiting: ['eli'] });

describe('who may react', () => {
  test.each([
    ['member', 'ana', null],
    ['therapist', THERAPIST, null],
    ['supervisor', SUPERVISOR, 'FORBIDDEN'],
    ['member still in the waiting room', 'eli', 'NOT_ADMITTED'],
  ] as const)('a %s: %s', (_who, actor, code) => {
    if (code === null) expect(accept(room(), react(actor)).ok).toBe(true);
    else expect(refusal(room(), react(actor))).toBe(code);
  });

  test.each(['member', 'supervisor'] as const)('a %s may not turn reactions off: FORBIDDEN', (role: Role) => {
    expect(refusal(room(), setEnabled(false, role === 'member' ? 'ana' : SUPERVISOR))).toBe('FORBIDDEN');
  });
});

describe('a reaction is shown, not kept', () => {
  test('it is one event with the sender, the kind and the sender’s space; the room is unchanged and nothing is stored', () => {
    const before = room();
    const d = accept(before, react('ana', 'nod'), T0 + 5);
    expect(d.events).toEqual([{ type: 'reaction', participantId: 'ana', kind: 'nod', space: MAIN_SPACE, at: T0 + 5 }]);
    expect(d.state).toBe(before);
    // Quiet: the actor neither writes the room nor sends everyone the room again.
    expect(d.quiet).toBe(true);
  });
});

describe('the therapist’s switch', () => {
  test('off: every reaction is refused with REACTIONS_OFF, the therapist’s own too', () => {
    const off = apply(room(), [setEnabled(false)]);
    expect(refusal(off, react('ana'))).toBe('REACTIONS_OFF');
    expect(refusal(off, react(THERAPIST))).toBe('REACTIONS_OFF');
  });

  test('on again: reactions are shown again', () => {
    const again = apply(room(), [setEnabled(false), setEnabled(true)]);
    expect(accept(again, react('ana')).events).toHaveLength(1);
  });

  test('every viewer’s room says whether reactions are on (a new room: on)', () => {
    expect(viewFor(room(), 'ana', T0)?.reactionsEnabled).toBe(true);
    const off = apply(room(), [setEnabled(false)]);
    expect(viewFor(off, 'ana', T0)?.reactionsEnabled).toBe(false);
    expect(viewFor(off, THERAPIST, T0)?.reactionsEnabled).toBe(false);
  });

  test('a room stored before reactions existed has them on', () => {
    const { reactionsEnabled: _, ...old } = apply(room(), [setEnabled(false)]);
    expect(accept(old, react('ana')).ok).toBe(true);
  });
});

describe('one reaction per person per second', () => {
  test.each([
    [0, 'RATE_LIMITED'],
    [REACTION_INTERVAL_MS - 1, 'RATE_LIMITED'],
    [REACTION_INTERVAL_MS, null],
    [10 * REACTION_INTERVAL_MS, null],
  ] as const)('%i ms after the previous one: %s', (gap, code) => {
    const command = react('ana', 'heart', T0);
    if (code === null) expect(accept(room(), command, T0 + gap).ok).toBe(true);
    else expect(refusal(room(), command, T0 + gap)).toBe(code);
  });

  test('each person has their own limit: Ben may react right after Ana', () => {
    expect(accept(room(), react('ben', 'heart', null), T0).ok).toBe(true);
  });
});

describe('a reaction stays in the sender’s space', () => {
  test('in practice pairs it is shown to the sender’s pair only', () => {
    const s = apply(room(), [
      {
        type: 'pairsStart',
        actor: THERAPIST,
        minutes: 5,
        groups: [
          ['ana', 'ben'],
          ['cy', 'dee'],
        ],
      },
    ]);
    const space = person(s, 'ana').space;
    expect(space).toBe(person(s, 'ben').space);
    expect(space).not.toBe(person(s, 'cy').space);
    expect(space.startsWith(pairSpace(''))).toBe(true);
    expect(accept(s, react('ana')).events).toEqual([
      expect.objectContaining({ type: 'reaction', participantId: 'ana', space }),
    ]);
  });

  test('in a crisis side room it is shown in the side room only', () => {
    let s = apply(room(), [{ type: 'crisisAlert', actor: 'ana', alertId: 'alert-1' }]);
    s = apply(s, [{ type: 'crisisSideRoom', actor: THERAPIST, alertId: 'alert-1' }]);
    expect(accept(s, react(THERAPIST)).events).toEqual([
      expect.objectContaining({ participantId: THERAPIST, space: sideRoomSpace('alert-1') }),
    ]);
    expect(accept(s, react('ben')).events).toEqual([expect.objectContaining({ space: MAIN_SPACE })]);
  });

  test('a member who joins later reacts in the main room', () => {
    const s = join(room(), 'fay');
    expect(accept(s, react('fay')).events).toEqual([expect.objectContaining({ space: MAIN_SPACE })]);
  });
});
