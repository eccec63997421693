/**
 * Room patches, the pure part: a patch from one view to the next rebuilds the next view exactly,
 * carries only what changed, and a replica applies patches only in order (anything else is a gap).
 */
import { describe, expect, test } from 'vitest';
import { RoomReplica, applyPatch, diffViews } from './roomPatch.js';
import type { ParticipantView, RoomView } from './views.js';

const person = (id: string, over: Partial<ParticipantView> = {}): ParticipantView => ({
  id,
  role: 'member',
  displayName: id,
  status: 'admitted',
  connected: true,
  reconnecting: false,
  micOn: false,
  cameraOn: true,
  handRaisedAt: null,
  speaking: false,
  away: false,
  audioOnly: false,
  ...over,
});

const base: RoomView = {
  sessionId: 's1',
  title: 'Tuesday group',
  startsAt: 0,
  durationMinutes: 90,
  locked: false,
  maxMembers: 10,
  you: {
    id: 'ana',
    role: 'member',
    status: 'admitted',
    displayName: 'ana',
    inSideRoom: false,
    space: { kind: 'main' },
  },
  onBreak: false,
  breakCause: null,
  chatEnabled: true,
  reactionsEnabled: true,
  unencrypted: [],
  backgrounds: 'blur-or-replace',
  pairs: null,
  participants: [person('thera', { role: 'therapist' }), person('ana'), person('ben')],
  speaking: { mode: 'open', turnSeconds: 120, expiry: 'soft', queue: [], floor: null, roundRobin: null },
  agenda: {
    items: [],
    status: 'not-started',
    currentIndex: null,
    itemEndsAt: null,
    itemRemainingMs: null,
    sessionRemainingMs: 0,
    asOf: 1,
    totalPlannedMinutes: 0,
    warning: null,
  },
  myCrisis: null,
};

const withPeople = (view: RoomView, participants: ParticipantView[]): RoomView => ({ ...view, participants });
const raised = withPeople({ ...base, speaking: { ...base.speaking, queue: [{ participantId: 'ben', raisedAt: 5 }] } }, [
  base.participants[0]!,
  base.participants[1]!,
  person('ben', { handRaisedAt: 5 }),
]);

describe('a patch rebuilds the next view', () => {
  test.each<[string, RoomView]>([
    ['a raised hand: one entry and the queue', raised],
    ['someone new', withPeople(base, [...base.participants, person('cy')])],
    ['someone gone', withPeople(base, [base.participants[0]!, base.participants[2]!])],
    ['a new order', withPeople(base, [...base.participants].reverse())],
    [
      'an optional part appears',
      { ...base, focusMode: true, agreement: { version: '1', language: 'en', points: ['Be kind'] } },
    ],
    ['the room is locked and renamed', { ...base, locked: true, title: 'Thursday group' }],
  ])('%s', (_, next) => {
    const patch = diffViews(base, next, 1, 2);
    expect(patch).not.toBeNull();
    // Over the wire, as JSON.
    const wire = JSON.parse(JSON.stringify(patch)) as NonNullable<typeof patch>;
    expect(applyPatch(base, wire)).toEqual(next);
  });

  test('an optional part that disappears is removed', () => {
    const before = { ...base, focusMode: true } as RoomView;
    const patch = diffViews(before, base, 1, 2)!;
    expect(patch.unset).toEqual(['focusMode']);
    expect(applyPatch(before, patch)).toEqual(base);
  });

  test('a raised hand sends that one participant and the queue, nothing else', () => {
    const patch = diffViews(base, raised, 1, 2)!;
    expect(Object.keys(patch.set ?? {})).toEqual(['speaking']);
    expect(patch.people?.map((p) => p.id)).toEqual(['ben']);
    expect(patch.order).toBeUndefined();
  });

  test('unchanged participants keep their identity after a patch', () => {
    const next = applyPatch(base, diffViews(base, raised, 1, 2)!);
    expect(next.participants[0]).toBe(base.participants[0]);
    expect(next.participants[2]).not.toBe(base.participants[2]);
  });

  test('the same view is no patch; the agenda’s clock stamp alone is no change', () => {
    expect(diffViews(base, { ...base }, 1, 2)).toBeNull();
    expect(diffViews(base, { ...base, agenda: { ...base.agenda, asOf: 99 } }, 1, 2)).toBeNull();
    expect(diffViews(base, { ...base, agenda: { ...base.agenda, status: 'running', asOf: 99 } }, 1, 2)?.set).toEqual({
      agenda: { ...base.agenda, status: 'running', asOf: 99 },
    });
  });
});

describe('a replica applies patches in order only', () => {
  test('patches before the first full state are ignored', () => {
    const r = new RoomReplica();
    expect(r.receivePatch(diffViews(base, raised, 1, 2)!)).toBe('ignored');
    expect(r.view).toBeNull();
  });

  test('a patch on its own version applies; one that skips a version is a gap, then waits for a full state', () => {
    const r = new RoomReplica();
    r.receiveState(base, 1);
    expect(r.receivePatch(diffViews(base, raised, 1, 2)!)).toBe('applied');
    expect(r.view).toEqual(raised);
    expect(r.version).toBe(2);
    const locked = { ...raised, locked: true };
    const unlocked = { ...raised, locked: false, title: 'x' };
    // Version 3 is lost: version 4 names 3 as its base.
    expect(r.receivePatch(diffViews(locked, unlocked, 3, 4)!)).toBe('gap');
    expect(r.receivePatch(diffViews(unlocked, base, 4, 5)!)).toBe('ignored');
    expect(r.view).toEqual(raised);
    r.receiveState(unlocked, 4);
    expect(r.receivePatch(diffViews(unlocked, base, 4, 5)!)).toBe('applied');
    expect(r.view).toEqual(base);
  });

  test('a patch naming a participant it does not carry is a gap, not a broken view', () => {
    const r = new RoomReplica();
    r.receiveState(base, 1);
    expect(r.receivePatch({ v: 2, base: 1, order: ['thera', 'zed'] })).toBe('gap');
    expect(r.view).toEqual(base);
  });

  test('a resync that failed lets the next patch ask again', () => {
    const r = new RoomReplica();
    r.receiveState(base, 1);
    expect(r.receivePatch({ v: 3, base: 2, set: { locked: true } })).toBe('gap');
    r.resyncFailed();
    expect(r.receivePatch({ v: 4, base: 3, set: { locked: false } })).toBe('gap');
  });
});
