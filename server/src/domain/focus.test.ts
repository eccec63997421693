/** Focus mode: members see only the therapists; the SFU gives a member no other member's video. */
import { describe, test, expect } from 'vitest';
import { type Command, type RoomState, createRoom, decide, receives } from './room.js';
import { CONFIG, T0, DAY, THERAPIST, SUPERVISOR, accept, apply, join } from '../../test/support/roomFixture.js';
import { viewFor } from './views.js';

/** Therapist, supervisor, Ana and Ben in the room. */
function room(init: { focusMode?: boolean } = {}): RoomState {
  let s = createRoom({ sessionId: 'session-1', title: 'Tuesday evening group', now: T0 - DAY, ...init });
  s = join(s, THERAPIST, 'therapist', 'admitted');
  s = join(s, SUPERVISOR, 'supervisor', 'admitted');
  s = join(s, 'ana', 'member', 'admitted');
  return join(s, 'ben', 'member', 'admitted');
}

const focus = (on: boolean, actor = THERAPIST): Command => ({ type: 'setFocusMode', actor, on });
/** The participants a viewer is given a tile (video) for. */
const tilesOf = (s: RoomState, viewer: string) =>
  viewFor(s, viewer, T0)!
    .participants.filter((p) => p.tile !== false)
    .map((p) => p.id)
    .sort();

describe('focus mode', () => {
  test('is off unless the group sets it', () => {
    expect(room().focusMode).toBeUndefined();
    expect(room({ focusMode: true }).focusMode).toBe(true);
    expect(viewFor(room({ focusMode: true }), 'ana', T0)?.focusMode).toBe(true);
  });

  test('turning it on asks the SFU to re-check who receives whom; the same value again changes nothing', () => {
    const d = accept(room(), focus(true));
    expect(d.state.focusMode).toBe(true);
    expect(d.events).toEqual([{ type: 'spacesChanged' }]);
    expect(accept(d.state, focus(true)).events).toEqual([]);
  });

  test.each([
    ['a member', 'ana', 'FORBIDDEN'],
    ['the supervisor', SUPERVISOR, 'FORBIDDEN'],
    ['the therapist', THERAPIST, null],
  ] as const)('%s turning it on gets %s (null: accepted)', (_who, actor, code) => {
    const d = decide(room(), focus(true, actor), T0, CONFIG);
    expect(d.ok ? null : d.code).toBe(code);
  });

  test('a member gets no other member’s tile, only the staff and themself; names stay for the floor and hands', () => {
    const s = apply(room(), [focus(true)]);
    expect(tilesOf(s, 'ana')).toEqual(['ana', SUPERVISOR, THERAPIST].sort());
    const ben = viewFor(s, 'ana', T0)!.participants.find((p) => p.id === 'ben');
    expect(ben).toMatchObject({ displayName: expect.any(String), cameraOn: false, tile: false });
  });

  test('a therapist and a supervisor still see every member', () => {
    const s = apply(room(), [focus(true)]);
    const everyone = ['ana', 'ben', SUPERVISOR, THERAPIST].sort();
    expect(tilesOf(s, THERAPIST)).toEqual(everyone);
    expect(tilesOf(s, SUPERVISOR)).toEqual(everyone);
  });

  test.each([
    ['a member, another member’s video', 'ana', 'ben', 'video', false],
    ['a member, another member’s audio (the group still hears who speaks)', 'ana', 'ben', 'audio', true],
    ['a member, the therapist’s video', 'ana', THERAPIST, 'video', true],
    ['the therapist, a member’s video', THERAPIST, 'ana', 'video', true],
    ['the supervisor, a member’s video', SUPERVISOR, 'ben', 'video', true],
  ] as const)('at the SFU, on: %s → %s', (_what, receiver, owner, kind, expected) => {
    const s = apply(room(), [focus(true)]);
    expect(receives(s, receiver, owner, kind)).toBe(expected);
  });

  test('off again: members receive each other’s video', () => {
    const s = apply(room(), [focus(true), focus(false)]);
    expect(receives(s, 'ana', 'ben', 'video')).toBe(true);
    expect(tilesOf(s, 'ana')).toEqual(['ana', 'ben', SUPERVISOR, THERAPIST].sort());
  });
});
