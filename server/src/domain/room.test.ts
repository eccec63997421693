import { describe, test, expect } from 'vitest';
import { AGREEMENT_VERSION, type AgendaItemInput, type SpeakingMode } from '@circle/shared';
import { type Command, type DomainEvent, type RoomState, decide, mayUnmute } from './room.js';
import { sessionRecord } from './record.js';
import {
  CONFIG,
  T0,
  SECOND,
  DAY,
  THERAPIST,
  SUPERVISOR,
  accept,
  refusal,
  apply,
  nameOf,
  locationOf,
  contactOf,
  inviteFor,
  checkInFor,
  join,
  roomWith,
  person,
  at,
  agendaItem as item,
  setAgenda,
  startAgenda as start,
} from '../../test/support/roomFixture.js';
import { viewFor } from './views.js';

// ------------------------------------------------------------------ helpers

const TURN_MS = 180 * SECOND;
const iso = (ms: number) => new Date(ms).toISOString();

const statusOf = (state: RoomState, id: string) => person(state, id).status;
const floorHolder = (state: RoomState) => state.speaking.floor?.participantId ?? null;
const queueOf = (state: RoomState) => viewFor(state, THERAPIST, T0)?.speaking.queue.map((q) => q.participantId);
const noticesIn = (events: DomainEvent[]) =>
  events.flatMap((e) => (e.type === 'notice' ? [{ to: e.to, kind: e.kind }] : []));
const mutedIn = (events: DomainEvent[]) => events.flatMap((e) => (e.type === 'muteAudio' ? [e.participantId] : []));

const micOn = (actor: string): Command => ({ type: 'mediaState', actor, micOn: true });
const raise = (actor: string): Command => ({ type: 'raiseHand', actor });
const setMode = (mode: SpeakingMode): Command => ({ type: 'setMode', actor: THERAPIST, mode });
const giveFloor = (target: string, actor = THERAPIST): Command => ({ type: 'giveFloor', actor, target });

// ------------------------------------------------------------------ lobby

describe('lobby', () => {
  test.each([
    ['therapist', 'admitted'],
    ['supervisor', 'admitted'],
    ['member', 'arriving'],
  ] as const)('a %s who connects is %s (staff skip the lobby)', (role, status) => {
    const s = join(roomWith(), 'newcomer', role, 'arriving');
    expect(statusOf(s, 'newcomer')).toBe(status);
  });

  test('a member who checks in with the current agreement waits in the lobby', () => {
    const s = roomWith({ arriving: ['ana'] });
    const d = accept(s, { type: 'checkIn', actor: 'ana', checkIn: checkInFor('ana') }, T0 + SECOND);
    expect(d.result).toEqual({ status: 'waiting' });
    expect(statusOf(d.state, 'ana')).toBe('waiting');
    // The acceptance records the agreement's language (the room's default when the check-in names none).
    expect(person(d.state, 'ana').checkIn).toEqual({ ...checkInFor('ana'), language: 'en', at: T0 + SECOND });
  });

  test.each(['2025-1', '', `${AGREEMENT_VERSION}-draft`])(
    'a check-in with agreement version %j is refused with AGREEMENT_REQUIRED',
    (agreementVersion) => {
      const s = roomWith({ arriving: ['ana'] });
      const checkIn = { ...checkInFor('ana'), agreementVersion };
      expect(refusal(s, { type: 'checkIn', actor: 'ana', checkIn })).toBe('AGREEMENT_REQUIRED');
    },
  );

  test.each([
    ['raise a hand', raise('ana')],
    ['turn the microphone on', micOn('ana')],
    ['end a turn', { type: 'endTurn', actor: 'ana' }],
  ] satisfies [string, Command][])('a member still in the lobby cannot %s (NOT_ADMITTED)', (_what, command) => {
    const s = roomWith({ waiting: ['ana'] });
    expect(refusal(s, command)).toBe('NOT_ADMITTED');
  });

  test('the therapist admits a waiting member', () => {
    const d = accept(roomWith({ waiting: ['ana'] }), { type: 'admit', actor: THERAPIST, target: 'ana' });
    expect(statusOf(d.state, 'ana')).toBe('admitted');
    expect(d.events).toContainEqual({ type: 'admitted', participantId: 'ana' });
  });

  test('a member who has not checked in cannot be admitted (INVALID_STATE)', () => {
    expect(refusal(roomWith({ arriving: ['ana'] }), { type: 'admit', actor: THERAPIST, target: 'ana' })).toBe(
      'INVALID_STATE',
    );
  });

  test('admit all admits every waiting member and reports how many', () => {
    const d = accept(roomWith({ waiting: ['ana', 'ben'], arriving: ['cy'] }), { type: 'admitAll', actor: THERAPIST });
    expect(d.result).toEqual({ admitted: 2 });
    expect([statusOf(d.state, 'ana'), statusOf(d.state, 'ben'), statusOf(d.state, 'cy')]).toEqual([
      'admitted',
      'admitted',
      'arriving',
    ]);
  });

  test('admit all fills the free seats in check-in order', () => {
    let s = roomWith({ admitted: ['ana'] }, { maxMembers: 2 });
    s = join(s, 'dee', 'member', 'waiting', T0 + 3 * SECOND);
    s = join(s, 'ben', 'member', 'waiting', T0 + 1 * SECOND);
    s = join(s, 'cy', 'member', 'waiting', T0 + 2 * SECOND);
    const d = accept(s, { type: 'admitAll', actor: THERAPIST }, T0 + 4 * SECOND);
    expect(d.result).toEqual({ admitted: 1 });
    expect(['ben', 'cy', 'dee'].map((id) => statusOf(d.state, id))).toEqual(['admitted', 'waiting', 'waiting']);
  });

  describe('a browser that cannot encrypt (E2EE rooms)', () => {
    const cannot = (s: RoomState, id: string) => accept(s, { type: 'cannotEncrypt', actor: id }).state;

    test('waits for the therapist’s own decision: not by plain admit, not by admit all', () => {
      const s = cannot(roomWith({ waiting: ['ana', 'ben'] }), 'ana');
      expect(viewFor(s, THERAPIST, T0)?.participants.find((p) => p.id === 'ana')).toMatchObject({
        cannotEncrypt: true,
      });
      expect(refusal(s, { type: 'admit', actor: THERAPIST, target: 'ana' })).toBe('INVALID_STATE');
      const all = accept(s, { type: 'admitAll', actor: THERAPIST });
      expect(all.result).toEqual({ admitted: 1 });
      expect(statusOf(all.state, 'ana')).toBe('waiting');
      expect(all.state.participants['ana']).toEqual(s.participants['ana']);
    });

    test('admitted without encryption: every screen is told whom the room is in the clear for, until they leave', () => {
      let s = cannot(roomWith({ admitted: ['ben'], waiting: ['ana'] }), 'ana');
      expect(viewFor(s, 'ben', T0)?.unencrypted).toEqual([]);
      s = accept(s, { type: 'admit', actor: THERAPIST, target: 'ana', unencrypted: true }).state;
      expect(statusOf(s, 'ana')).toBe('admitted');
      for (const viewer of ['ben', 'ana', THERAPIST, SUPERVISOR])
        expect(viewFor(s, viewer, T0)?.unencrypted).toEqual(['ana']);
      s = accept(s, { type: 'leave', actor: 'ana' }).state;
      expect(viewFor(s, 'ben', T0)?.unencrypted).toEqual([]);
    });

    test('"without encryption" for a browser that can encrypt changes nothing about the media', () => {
      const s = accept(roomWith({ waiting: ['ana'] }), {
        type: 'admit',
        actor: THERAPIST,
        target: 'ana',
        unencrypted: true,
      }).state;
      expect(statusOf(s, 'ana')).toBe('admitted');
      expect(viewFor(s, 'ana', T0)?.unencrypted).toEqual([]);
    });

    test('already in the room, back on a browser that cannot encrypt: sealed until the therapist lets them in, staff told', () => {
      const before = roomWith({ admitted: ['ana', 'ben'] });
      const r = accept(before, { type: 'cannotEncrypt', actor: 'ana' });
      expect(r.events).toEqual([
        expect.objectContaining({ type: 'staffNotice', kind: 'cannot-encrypt', about: 'ana' }),
      ]);
      expect(viewFor(r.state, 'ben', T0)?.unencrypted).toEqual([]);
      expect(viewFor(r.state, THERAPIST, T0)?.participants.find((p) => p.id === 'ana')).toMatchObject({
        cannotEncrypt: true,
        status: 'admitted',
      });
      // Only the explicit decision changes anything, and it is not a second admission.
      expect(refusal(r.state, { type: 'admit', actor: THERAPIST, target: 'ana' })).toBe('INVALID_STATE');
      const let_ = accept(r.state, { type: 'admit', actor: THERAPIST, target: 'ana', unencrypted: true });
      expect(let_.events).toEqual([]);
      for (const viewer of ['ben', 'ana', THERAPIST])
        expect(viewFor(let_.state, viewer, T0)?.unencrypted).toEqual(['ana']);
      // Said once: a second report tells no one again.
      expect(accept(r.state, { type: 'cannotEncrypt', actor: 'ana' }).events).toEqual([]);
    });

    test('members never see who could not encrypt while waiting (staff detail only)', () => {
      const s = cannot(roomWith({ admitted: ['ben'], waiting: ['ana'] }), 'ana');
      const seen = viewFor(s, 'ben', T0)?.participants ?? [];
      expect(seen.some((p) => 'cannotEncrypt' in p)).toBe(false);
    });
  });

  test('declining a waiting member ends their connection with the therapist’s message', () => {
    const d = accept(roomWith({ waiting: ['ana'] }), {
      type: 'decline',
      actor: THERAPIST,
      target: 'ana',
      message: 'Let us talk one to one first.',
    });
    expect(statusOf(d.state, 'ana')).toBe('declined');
    expect(d.events).toContainEqual({
      type: 'ended',
      participantId: 'ana',
      reason: 'declined',
      message: 'Let us talk one to one first.',
    });
  });

  test('a declined member cannot come back with the same link (REMOVED)', () => {
    const s = apply(roomWith({ waiting: ['ana'] }), [
      { type: 'decline', actor: THERAPIST, target: 'ana' },
      { type: 'disconnect', participantId: 'ana' },
    ]);
    expect(refusal(s, { type: 'connect', inviteId: 'ana' })).toBe('REMOVED');
  });
});

describe('capacity and lock', () => {
  test('a member cannot check in when the room is full (ROOM_FULL)', () => {
    const s = roomWith({ admitted: ['ana', 'ben'], arriving: ['cy'] }, { maxMembers: 2 });
    expect(refusal(s, { type: 'checkIn', actor: 'cy', checkIn: checkInFor('cy') })).toBe('ROOM_FULL');
  });

  test('the last seat goes to the first admitted; the next admit is refused (ROOM_FULL)', () => {
    const s = roomWith({ admitted: ['ana'], waiting: ['ben', 'cy'] }, { maxMembers: 2 });
    const next = accept(s, { type: 'admit', actor: THERAPIST, target: 'ben' }).state;
    expect(refusal(next, { type: 'admit', actor: THERAPIST, target: 'cy' })).toBe('ROOM_FULL');
    expect(refusal(next, { type: 'admitAll', actor: THERAPIST })).toBe('ROOM_FULL');
  });

  test('staff do not take members’ seats', () => {
    const s = join(roomWith({}, { maxMembers: 1 }), 'theo', 'therapist');
    expect(statusOf(join(s, 'ana'), 'ana')).toBe('admitted');
  });

  test('a member cannot check in to a locked room (ROOM_LOCKED), and can once it is unlocked', () => {
    const locked = apply(roomWith({ arriving: ['ana'] }), [{ type: 'lock', actor: THERAPIST, locked: true }]);
    const checkIn: Command = { type: 'checkIn', actor: 'ana', checkIn: checkInFor('ana') };
    expect(refusal(locked, checkIn)).toBe('ROOM_LOCKED');
    const unlocked = apply(locked, [{ type: 'lock', actor: THERAPIST, locked: false }, checkIn]);
    expect(statusOf(unlocked, 'ana')).toBe('waiting');
  });

  test('a locked room still takes back a member who dropped within the grace window', () => {
    let s = apply(roomWith({ admitted: ['ana'] }), [
      { type: 'lock', actor: THERAPIST, locked: true },
      { type: 'disconnect', participantId: 'ana' },
    ]);
    s = accept(s, { type: 'connect', inviteId: 'ana' }, T0 + 10 * SECOND).state;
    expect(statusOf(s, 'ana')).toBe('admitted');
  });
});

describe('invites', () => {
  test.each(['Ana', 'ana', 'ANA', 'aNa'])('a second invite named %j is refused (NAME_TAKEN)', (displayName) => {
    const s = roomWith({ admitted: ['ana'] });
    expect(refusal(s, { type: 'addInvite', invite: inviteFor('ana-2', 'member', { displayName }) })).toBe('NAME_TAKEN');
  });

  test('a revoked invite’s name can be given again', () => {
    const s = apply(roomWith(), [
      { type: 'addInvite', invite: inviteFor('ana', 'member') },
      { type: 'revokeInvite', inviteId: 'ana' },
      { type: 'addInvite', invite: inviteFor('ana-2', 'member', { displayName: 'Ana' }) },
    ]);
    expect(s.invites['ana-2']?.displayName).toBe('Ana');
  });

  test.each([
    ['a revoked', (s: RoomState) => apply(s, [{ type: 'revokeInvite', inviteId: 'ana' }]), T0],
    ['an expired', (s: RoomState) => s, T0 + DAY],
    ['a long expired', (s: RoomState) => s, T0 + 30 * DAY],
  ])('connecting with %s invite is refused (INVITE_INVALID)', (_why, change, now) => {
    const s = change(join(roomWith(), 'ana', 'member', 'invited'));
    expect(refusal(s, { type: 'connect', inviteId: 'ana' }, now)).toBe('INVITE_INVALID');
  });

  test('connecting with an unknown invite is refused (INVITE_INVALID)', () => {
    expect(refusal(roomWith(), { type: 'connect', inviteId: 'nobody' })).toBe('INVITE_INVALID');
  });

  test('revoking the invite of someone in the room ends their connection', () => {
    const d = accept(roomWith({ admitted: ['ana'] }), { type: 'revokeInvite', inviteId: 'ana' });
    expect(statusOf(d.state, 'ana')).toBe('removed');
    expect(d.events).toContainEqual({ type: 'ended', participantId: 'ana', reason: 'removed' });
  });
});

describe('removal', () => {
  test('a removed member is disconnected and told why', () => {
    const d = accept(roomWith({ admitted: ['ana'] }), { type: 'remove', actor: THERAPIST, target: 'ana' });
    expect(statusOf(d.state, 'ana')).toBe('removed');
    expect(d.events).toContainEqual({ type: 'ended', participantId: 'ana', reason: 'removed' });
  });

  test('a removed member cannot reconnect (REMOVED)', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [{ type: 'remove', actor: THERAPIST, target: 'ana' }]);
    expect(refusal(s, { type: 'connect', inviteId: 'ana' }, T0 + SECOND)).toBe('REMOVED');
  });

  test('a removed member holding the floor loses it', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [
      giveFloor('ana'),
      { type: 'remove', actor: THERAPIST, target: 'ana' },
    ]);
    expect(floorHolder(s)).toBeNull();
  });

  test('a therapist cannot be removed (FORBIDDEN)', () => {
    const s = join(roomWith(), 'theo', 'therapist');
    expect(refusal(s, { type: 'remove', actor: THERAPIST, target: 'theo' })).toBe('FORBIDDEN');
  });
});

// ------------------------------------------------------------------ reconnect

describe('reconnecting', () => {
  test('a dropped member keeps their seat for the grace window', () => {
    const d = accept(roomWith({ admitted: ['ana'] }), { type: 'disconnect', participantId: 'ana' }, T0 + SECOND);
    expect(statusOf(d.state, 'ana')).toBe('admitted');
    expect(viewFor(d.state, THERAPIST, T0)?.participants.find((p) => p.id === 'ana')?.reconnecting).toBe(true);
    expect(d.events).toContainEqual({
      type: 'schedule',
      key: expect.any(String),
      at: T0 + SECOND + CONFIG.reconnectGraceMs,
      command: { type: 'graceExpired', participantId: 'ana' },
    });
  });

  test.each([1 * SECOND, 60 * SECOND, CONFIG.reconnectGraceMs])(
    'a member back %i ms after dropping goes straight back in, welcomed, with the mic off',
    (after) => {
      let s = apply(roomWith({ admitted: ['ana'] }), [micOn('ana')]);
      s = accept(s, { type: 'disconnect', participantId: 'ana' }).state;
      const d = accept(s, { type: 'connect', inviteId: 'ana' }, T0 + after);
      expect(statusOf(d.state, 'ana')).toBe('admitted');
      expect(person(d.state, 'ana').micOn).toBe(false);
      expect(noticesIn(d.events)).toContainEqual({ to: 'ana', kind: 'welcome-back' });
      expect(d.events).toContainEqual({ type: 'cancel', key: expect.any(String) });
    },
  );

  test('a member back after the grace window expired goes through the lobby again', () => {
    let s = apply(roomWith({ admitted: ['ana'] }), [{ type: 'disconnect', participantId: 'ana' }]);
    s = accept(s, { type: 'graceExpired', participantId: 'ana' }, T0 + CONFIG.reconnectGraceMs).state;
    expect(statusOf(s, 'ana')).toBe('left');
    const d = accept(s, { type: 'connect', inviteId: 'ana' }, T0 + CONFIG.reconnectGraceMs + SECOND);
    expect(statusOf(d.state, 'ana')).toBe('arriving');
    expect(noticesIn(d.events)).not.toContainEqual({ to: 'ana', kind: 'welcome-back' });
    const back = accept(d.state, { type: 'checkIn', actor: 'ana', checkIn: checkInFor('ana') }).state;
    expect(statusOf(back, 'ana')).toBe('waiting');
  });

  test('a member back after the grace window, before its timer ran, goes through the lobby with their hand down', () => {
    let s = apply(roomWith({ admitted: ['ana', 'ben'] }), [raise('ana'), { type: 'disconnect', participantId: 'ana' }]);
    s = accept(s, { type: 'connect', inviteId: 'ana' }, T0 + CONFIG.reconnectGraceMs + SECOND).state;
    expect(statusOf(s, 'ana')).toBe('arriving');
    // Readmitted later: the hand raised before the drop must not put them back at the head of the queue.
    s = apply(s, [{ type: 'checkIn', actor: 'ana', checkIn: checkInFor('ana') }], T0 + 200 * SECOND);
    s = accept(s, raise('ben'), T0 + 201 * SECOND).state;
    s = accept(s, { type: 'admit', actor: THERAPIST, target: 'ana' }, T0 + 202 * SECOND).state;
    expect(queueOf(s)).toEqual(['ben']);
  });

  test('a member who was waiting in the lobby and dropped must check in again', () => {
    const s = apply(roomWith({ waiting: ['ana'] }), [
      { type: 'disconnect', participantId: 'ana' },
      { type: 'connect', inviteId: 'ana' },
    ]);
    expect(statusOf(s, 'ana')).toBe('arriving');
  });
});

// ------------------------------------------------------------------ speaking

describe('raised hands', () => {
  test('the queue is ordered by the time hands went up, ties by id', () => {
    let s = roomWith({ admitted: ['ana', 'ben', 'cy'] });
    s = accept(s, raise('ana'), T0 + 2 * SECOND).state;
    s = accept(s, raise('cy'), T0 + 1 * SECOND).state;
    s = accept(s, raise('ben'), T0 + 1 * SECOND).state;
    expect(queueOf(s)).toEqual(['ben', 'cy', 'ana']);
  });

  test('raising a hand again keeps its place in the queue', () => {
    let s = roomWith({ admitted: ['ana', 'ben'] });
    s = accept(s, raise('ana'), T0 + 1 * SECOND).state;
    s = accept(s, raise('ben'), T0 + 2 * SECOND).state;
    s = accept(s, raise('ana'), T0 + 3 * SECOND).state;
    expect(queueOf(s)).toEqual(['ana', 'ben']);
  });

  test('a lowered hand leaves the queue', () => {
    const s = apply(roomWith({ admitted: ['ana', 'ben'] }), [
      raise('ana'),
      raise('ben'),
      { type: 'lowerHand', actor: 'ana' },
    ]);
    expect(queueOf(s)).toEqual(['ben']);
  });
});

describe('the floor', () => {
  test('giving the floor starts a timed turn and lowers the hand', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [raise('ana')]);
    const d = accept(s, giveFloor('ana'), T0 + SECOND);
    expect(d.state.speaking.floor).toEqual({
      participantId: 'ana',
      startedAt: T0 + SECOND,
      endsAt: T0 + SECOND + TURN_MS,
      warned: false,
      expired: false,
    });
    expect(queueOf(d.state)).toEqual([]);
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'floor-given' }]);
    expect(d.events).toContainEqual(
      expect.objectContaining({
        type: 'schedule',
        at: T0 + SECOND + TURN_MS - 30 * SECOND,
        command: { type: 'turnTick' },
      }),
    );
  });

  test('next floor goes to the longest-raised hand that is still connected', () => {
    let s = roomWith({ admitted: ['ana', 'ben', 'cy'] });
    s = accept(s, raise('ana'), T0 + 1 * SECOND).state;
    s = accept(s, raise('ben'), T0 + 2 * SECOND).state;
    s = accept(s, raise('cy'), T0 + 3 * SECOND).state;
    s = accept(s, { type: 'disconnect', participantId: 'ana' }, T0 + 4 * SECOND).state;
    s = accept(s, { type: 'nextFloor', actor: THERAPIST }, T0 + 5 * SECOND).state;
    expect(floorHolder(s)).toBe('ben');
    expect(queueOf(s)).toEqual(['ana', 'cy']);
  });

  test('next floor with no raised hand is refused (INVALID_STATE)', () => {
    expect(refusal(roomWith({ admitted: ['ana'] }), { type: 'nextFloor', actor: THERAPIST })).toBe('INVALID_STATE');
  });

  test.each([
    ['a member in the lobby', 'ben'],
    ['the supervisor', SUPERVISOR],
    ['a therapist', THERAPIST],
  ])('the floor cannot be given to %s (INVALID_STATE)', (_who, target) => {
    const s = roomWith({ admitted: ['ana'], waiting: ['ben'] });
    expect(refusal(s, giveFloor(target))).toBe('INVALID_STATE');
  });

  test.each([
    ['the therapist takes the floor back', { type: 'takeBack', actor: THERAPIST }],
    ['the therapist ends the turn', { type: 'endTurn', actor: THERAPIST }],
    ['the speaker ends their own turn', { type: 'endTurn', actor: 'ana' }],
  ] satisfies [string, Command][])('when %s the floor is free and the turn counted', (_what, command) => {
    const s = apply(roomWith({ admitted: ['ana'] }), [giveFloor('ana')]);
    const d = accept(s, command, T0 + 30 * SECOND);
    expect(floorHolder(d.state)).toBeNull();
    expect(person(d.state, 'ana').turns).toBe(1);
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'floor-ended' }]);
    expect(d.events).toContainEqual({ type: 'cancel', key: expect.any(String) });
  });

  test('taking the floor back in facilitated mode mutes the speaker', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [setMode('facilitated'), giveFloor('ana'), micOn('ana')]);
    const d = accept(s, { type: 'takeBack', actor: THERAPIST });
    expect(mutedIn(d.events)).toEqual(['ana']);
    expect(person(d.state, 'ana').micOn).toBe(false);
  });

  test('a member cannot end someone else’s turn (NOT_YOUR_TURN)', () => {
    const s = apply(roomWith({ admitted: ['ana', 'ben'] }), [giveFloor('ana')]);
    expect(refusal(s, { type: 'endTurn', actor: 'ben' })).toBe('NOT_YOUR_TURN');
  });

  test('two therapists giving the floor at once leave one consistent floor', () => {
    let s = join(roomWith({ admitted: ['ana', 'ben'] }), 'theo', 'therapist');
    s = apply(s, [setMode('facilitated'), raise('ana'), raise('ben')]);
    const first = accept(s, giveFloor('ana', THERAPIST), T0 + SECOND);
    const second = accept(first.state, giveFloor('ben', 'theo'), T0 + SECOND);
    expect(floorHolder(second.state)).toBe('ben');
    expect(mayUnmute(second.state, 'ana')).toBe(false);
    expect(mayUnmute(second.state, 'ben')).toBe(true);
    expect(queueOf(second.state)).toEqual([]);
    expect(noticesIn(second.events)).toEqual([
      { to: 'ana', kind: 'floor-ended' },
      { to: 'ben', kind: 'floor-given' },
    ]);
    expect(mutedIn(second.events)).toEqual(['ana']);
    for (const viewer of [THERAPIST, 'theo', 'ana', 'ben']) {
      expect(viewFor(second.state, viewer, T0)?.speaking.floor?.participantId).toBe('ben');
    }
  });

  test('a member who drops while holding the floor returns it and comes back muted', () => {
    let s = apply(roomWith({ admitted: ['ana'] }), [setMode('facilitated'), giveFloor('ana'), micOn('ana')]);
    const dropped = accept(s, { type: 'disconnect', participantId: 'ana' }, T0 + 10 * SECOND);
    expect(floorHolder(dropped.state)).toBeNull();
    expect(dropped.events).toContainEqual({ type: 'cancel', key: expect.any(String) });
    s = accept(dropped.state, { type: 'connect', inviteId: 'ana' }, T0 + 20 * SECOND).state;
    expect(person(s, 'ana').micOn).toBe(false);
    expect(mayUnmute(s, 'ana')).toBe(false);
    expect(refusal(s, micOn('ana'))).toBe('NOT_YOUR_TURN');
  });
});

describe('microphones and cameras', () => {
  test.each([
    ['open', 'a member', true, 'ben'],
    ['open', 'the floor holder', true, 'ana'],
    ['open', 'the therapist', true, THERAPIST],
    ['open', 'the supervisor', false, SUPERVISOR],
    ['open', 'a member in the lobby', false, 'cy'],
    ['facilitated', 'a member without the floor', false, 'ben'],
    ['facilitated', 'the floor holder', true, 'ana'],
    ['facilitated', 'the therapist', true, THERAPIST],
    ['facilitated', 'the supervisor', false, SUPERVISOR],
    ['facilitated', 'a member in the lobby', false, 'cy'],
  ] as const)('in %s mode %s may unmute: %s', (mode, _who, expected, id) => {
    const s = apply(roomWith({ admitted: ['ana', 'ben'], waiting: ['cy'] }), [setMode(mode), giveFloor('ana')]);
    expect(mayUnmute(s, id)).toBe(expected);
  });

  test('a member without the floor cannot turn the mic on in facilitated mode (NOT_YOUR_TURN)', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [setMode('facilitated')]);
    expect(refusal(s, micOn('ana'))).toBe('NOT_YOUR_TURN');
  });

  test('switching to facilitated mutes members with the mic on, except the floor holder', () => {
    const s = apply(roomWith({ admitted: ['ana', 'ben', 'cy'] }), [
      micOn(THERAPIST),
      micOn('ana'),
      micOn('ben'),
      giveFloor('ben'),
    ]);
    const d = accept(s, setMode('facilitated'));
    expect(mutedIn(d.events)).toEqual(['ana']);
    expect(['ana', 'ben', 'cy', THERAPIST].map((id) => person(d.state, id).micOn)).toEqual([false, true, false, true]);
  });

  test('a hand raised during a mode switch stays in the queue', () => {
    let s = roomWith({ admitted: ['ana', 'ben'] });
    s = accept(s, raise('ana'), T0 + 1 * SECOND).state;
    s = accept(s, setMode('facilitated'), T0 + 2 * SECOND).state;
    s = accept(s, raise('ben'), T0 + 2 * SECOND).state;
    s = accept(s, setMode('open'), T0 + 3 * SECOND).state;
    expect(viewFor(s, THERAPIST, T0)?.speaking.queue).toEqual([
      { participantId: 'ana', raisedAt: T0 + 1 * SECOND },
      { participantId: 'ben', raisedAt: T0 + 2 * SECOND },
    ]);
  });

  test('mute all mutes every member with the mic on, not the therapist', () => {
    const s = apply(roomWith({ admitted: ['ana', 'ben', 'cy'] }), [micOn(THERAPIST), micOn('ana'), micOn('cy')]);
    const d = accept(s, { type: 'muteAll', actor: THERAPIST });
    expect(d.result).toEqual({ muted: 2 });
    expect(mutedIn(d.events).sort()).toEqual(['ana', 'cy']);
    expect(noticesIn(d.events).sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { to: 'ana', kind: 'muted-by-therapist' },
      { to: 'cy', kind: 'muted-by-therapist' },
    ]);
    expect(['ana', 'ben', 'cy', THERAPIST].map((id) => person(d.state, id).micOn)).toEqual([false, false, false, true]);
  });

  test('the therapist mutes one member, who is told', () => {
    const s = apply(roomWith({ admitted: ['ana', 'ben'] }), [micOn('ana'), micOn('ben')]);
    const d = accept(s, { type: 'mute', actor: THERAPIST, target: 'ana' });
    expect(mutedIn(d.events)).toEqual(['ana']);
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'muted-by-therapist' }]);
    expect([person(d.state, 'ana').micOn, person(d.state, 'ben').micOn]).toEqual([false, true]);
  });

  test('the therapist stops a member’s camera, who is told', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [{ type: 'mediaState', actor: 'ana', cameraOn: true }]);
    const d = accept(s, { type: 'stopCamera', actor: THERAPIST, target: 'ana' });
    expect(d.events).toContainEqual({ type: 'stopCamera', participantId: 'ana' });
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'camera-stopped' }]);
    expect(person(d.state, 'ana').cameraOn).toBe(false);
  });

  test.each([
    ['open', false, true],
    ['facilitated', true, true],
    ['facilitated', false, false],
  ] as const)('asking a member to unmute in %s mode (holds floor: %s) is allowed: %s', (mode, holdsFloor, allowed) => {
    const s = apply(roomWith({ admitted: ['ana'] }), [setMode(mode), ...(holdsFloor ? [giveFloor('ana')] : [])]);
    const d = decide(s, { type: 'askUnmute', actor: THERAPIST, target: 'ana' }, T0, CONFIG);
    if (allowed) {
      expect(d.ok && noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'asked-to-unmute' }]);
    } else {
      expect(d).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });
    }
  });
});

describe('turn timer', () => {
  const WARN_AT = T0 + TURN_MS - 30 * SECOND;
  const ENDS_AT = T0 + TURN_MS;
  const tick: Command = { type: 'turnTick' };

  function speaking(expiry: 'soft' | 'hard', mode: SpeakingMode = 'open'): RoomState {
    return apply(roomWith({ admitted: ['ana', 'ben', 'cy'] }), [
      setMode(mode),
      { type: 'setTurn', actor: THERAPIST, turnSeconds: TURN_MS / SECOND, expiry },
      giveFloor('ana'),
      micOn('ana'),
    ]);
  }

  test('a tick before the warning changes nothing a person sees', () => {
    const d = accept(speaking('soft'), tick, WARN_AT - SECOND);
    expect(noticesIn(d.events)).toEqual([]);
    expect(d.state.speaking.floor?.warned).toBe(false);
  });

  test('30 seconds before the end the speaker is warned and the next tick is at the end', () => {
    const d = accept(speaking('soft'), tick, WARN_AT);
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'turn-warning' }]);
    expect(d.state.speaking.floor?.warned).toBe(true);
    expect(d.events).toContainEqual(expect.objectContaining({ type: 'schedule', at: ENDS_AT, command: tick }));
  });

  test('a soft expiry marks the turn expired and tells the speaker, who keeps the floor', () => {
    const s = accept(speaking('soft'), tick, WARN_AT).state;
    const d = accept(s, tick, ENDS_AT);
    expect(floorHolder(d.state)).toBe('ana');
    expect(d.state.speaking.floor?.expired).toBe(true);
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'turn-expired' }]);
    expect(person(d.state, 'ana').micOn).toBe(true);
  });

  test('a soft expiry is announced once', () => {
    const s = apply(speaking('soft'), [tick], ENDS_AT);
    expect(noticesIn(accept(s, tick, ENDS_AT + SECOND).events)).toEqual([]);
  });

  test('a hard expiry passes the floor to the next raised hand', () => {
    let s = speaking('hard');
    s = accept(s, raise('cy'), T0 + 1 * SECOND).state;
    s = accept(s, raise('ben'), T0 + 2 * SECOND).state;
    const d = accept(s, tick, ENDS_AT);
    expect(floorHolder(d.state)).toBe('cy');
    expect(d.state.speaking.floor).toMatchObject({ startedAt: ENDS_AT, endsAt: ENDS_AT + TURN_MS });
    expect(noticesIn(d.events)).toEqual([
      { to: 'ana', kind: 'turn-expired' },
      { to: 'cy', kind: 'floor-given' },
    ]);
    expect(person(d.state, 'ana').turns).toBe(1);
    expect(queueOf(d.state)).toEqual(['ben']);
  });

  test('a hard expiry with no raised hand frees the floor', () => {
    const d = accept(speaking('hard'), tick, ENDS_AT);
    expect(floorHolder(d.state)).toBeNull();
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'turn-expired' }]);
  });

  test('a hard expiry in facilitated mode mutes the speaker', () => {
    const d = accept(speaking('hard', 'facilitated'), tick, ENDS_AT);
    expect(mutedIn(d.events)).toEqual(['ana']);
    expect(person(d.state, 'ana').micOn).toBe(false);
  });
});

// ------------------------------------------------------------------ crisis

describe('crisis alerts', () => {
  const alert = (actor: string, alertId: string): Command => ({ type: 'crisisAlert', actor, alertId });

  test.each([
    ['in the room', { admitted: ['ana'] }],
    ['in the lobby', { waiting: ['ana'] }],
    ['before checking in', { arriving: ['ana'] }],
  ])('a member %s can raise an alert; escalation is scheduled', (_where, members) => {
    const d = accept(roomWith(members), alert('ana', 'alert-1'), T0 + SECOND);
    expect(d.result).toEqual({ alertId: 'alert-1' });
    expect(d.events).toContainEqual({ type: 'crisisRaised', alertId: 'alert-1', participantId: 'ana' });
    expect(d.events).toContainEqual({
      type: 'schedule',
      key: expect.any(String),
      at: T0 + SECOND + CONFIG.crisisEscalateMs,
      command: { type: 'crisisEscalate', alertId: 'alert-1' },
    });
  });

  test.each(['raised', 'acknowledged'])('a second alert while one is %s returns the same alert', (state) => {
    let s = apply(roomWith({ admitted: ['ana'] }), [alert('ana', 'alert-1')]);
    if (state === 'acknowledged') s = apply(s, [{ type: 'crisisAck', actor: THERAPIST, alertId: 'alert-1' }]);
    const d = accept(s, alert('ana', 'alert-2'), T0 + SECOND);
    expect(d.result).toEqual({ alertId: 'alert-1' });
    expect(d.state.crisis).toHaveLength(1);
    expect(d.events).toEqual([]);
  });

  test.each([
    ['acknowledge', { type: 'crisisAck', actor: 'ana', alertId: 'alert-1' }],
    ['resolve', { type: 'crisisResolve', actor: 'ana', alertId: 'alert-1', note: 'fine' }],
  ] satisfies [string, Command][])('a member cannot %s an alert (FORBIDDEN)', (_what, command) => {
    const s = apply(roomWith({ admitted: ['ana'] }), [alert('ana', 'alert-1')]);
    const d = decide(s, command, T0, CONFIG);
    expect(d).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      events: [{ type: 'forbidden', actor: 'ana', command: command.type }],
    });
  });

  test('an alert nobody acknowledges escalates and the member is told', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [alert('ana', 'alert-1')]);
    const d = accept(s, { type: 'crisisEscalate', alertId: 'alert-1' }, T0 + CONFIG.crisisEscalateMs);
    expect(d.state.crisis[0]).toMatchObject({ escalated: true, state: 'raised' });
    expect(noticesIn(d.events)).toEqual([{ to: 'ana', kind: 'crisis-escalated' }]);
    expect(d.events).toContainEqual(
      expect.objectContaining({ type: 'staffNotice', kind: 'crisis-escalated', about: 'ana' }),
    );
    expect(viewFor(d.state, 'ana', T0)?.myCrisis).toMatchObject({ id: 'alert-1', escalated: true });
  });

  test.each([
    ['the therapist', THERAPIST],
    ['the supervisor', SUPERVISOR],
  ])('acknowledgement by %s cancels the escalation timer', (_who, staff) => {
    const raised = accept(roomWith({ admitted: ['ana'] }), alert('ana', 'alert-1'));
    const scheduled = raised.events.find((e) => e.type === 'schedule');
    const d = accept(raised.state, { type: 'crisisAck', actor: staff, alertId: 'alert-1' }, T0 + 5 * SECOND);
    expect(d.events).toContainEqual({ type: 'cancel', key: scheduled?.type === 'schedule' ? scheduled.key : 'none' });
    expect(d.state.crisis[0]).toMatchObject({ state: 'acknowledged', acknowledgedBy: staff });
    // A timer that fires anyway does not escalate an acknowledged alert.
    const late = accept(d.state, { type: 'crisisEscalate', alertId: 'alert-1' }, T0 + CONFIG.crisisEscalateMs);
    expect(late.state.crisis[0]?.escalated).toBe(false);
    expect(late.events).toEqual([]);
  });

  test('resolving stores the note, and the member can raise a new alert later', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [alert('ana', 'alert-1')]);
    const d = accept(
      s,
      { type: 'crisisResolve', actor: THERAPIST, alertId: 'alert-1', note: 'Called her; safe at home.' },
      T0 + 90 * SECOND,
    );
    expect(d.state.crisis[0]).toMatchObject({
      state: 'resolved',
      note: 'Called her; safe at home.',
      acknowledgedBy: THERAPIST,
    });
    expect(d.state.crisis[0]?.history.map((h) => h.type)).toEqual(['raised', 'resolved']);
    expect(accept(d.state, alert('ana', 'alert-2')).result).toEqual({ alertId: 'alert-2' });
  });

  test('a resolved alert cannot be acknowledged (INVALID_STATE)', () => {
    const s = apply(roomWith({ admitted: ['ana'] }), [
      alert('ana', 'alert-1'),
      { type: 'crisisResolve', actor: THERAPIST, alertId: 'alert-1' },
    ]);
    expect(refusal(s, { type: 'crisisAck', actor: SUPERVISOR, alertId: 'alert-1' })).toBe('INVALID_STATE');
  });
});

// ------------------------------------------------------------------ views

describe('views', () => {
  /** Ana in the room (talked, raised an alert), Ben in the room, Cy waiting in the lobby. */
  function busyRoom(): RoomState {
    return apply(roomWith({ admitted: ['ana', 'ben'], waiting: ['cy'] }), [
      { type: 'crisisAlert', actor: 'ana', alertId: 'alert-ana' },
      { type: 'speakingSample', speaking: ['ana'], intervalMs: 500 },
    ]);
  }

  test.each([
    ['who raised a crisis alert', 'ana'],
    ['who did not', 'ben'],
  ])('a member’s view (%s) has no check-ins, crisis alerts, talk time or lobby', (_who, viewer) => {
    const view = viewFor(busyRoom(), viewer, T0);
    const json = JSON.stringify(view);
    for (const secret of ['ana', 'ben', 'cy'].flatMap((id) => [locationOf(id), contactOf(id)])) {
      expect(json).not.toContain(secret);
    }
    for (const key of ['checkIn', 'crisisAlerts', 'talkMs']) expect(json).not.toContain(`"${key}"`);
    expect(json).not.toContain(nameOf('cy'));
    expect(view?.participants.map((p) => p.id).sort()).toEqual(['ana', 'ben', SUPERVISOR, THERAPIST].sort());
  });

  test('a member waiting in the lobby sees no participants', () => {
    const view = viewFor(busyRoom(), 'cy', T0);
    expect(view?.you).toMatchObject({ id: 'cy', status: 'waiting' });
    expect(view?.participants).toEqual([]);
    expect(JSON.stringify(view)).not.toContain(nameOf('ana'));
  });

  test.each([
    ['the therapist', THERAPIST],
    ['the supervisor', SUPERVISOR],
  ])('%s sees everyone’s check-in and crisis alerts with location and contact', (_who, viewer) => {
    const view = viewFor(busyRoom(), viewer, T0);
    const cy = view?.participants.find((p) => p.id === 'cy');
    expect(cy && 'checkIn' in cy ? cy.checkIn : null).toMatchObject({
      location: locationOf('cy'),
      emergencyContact: contactOf('cy'),
    });
    const ana = view?.participants.find((p) => p.id === 'ana');
    expect(ana && 'talkMs' in ana ? ana.talkMs : null).toBe(500);
    expect(view?.crisisAlerts).toEqual([
      expect.objectContaining({
        id: 'alert-ana',
        participantId: 'ana',
        displayName: 'Ana',
        location: locationOf('ana'),
        emergencyContact: contactOf('ana'),
        state: 'raised',
      }),
    ]);
  });

  test('a member sees only their own crisis alert', () => {
    const s = apply(busyRoom(), [{ type: 'crisisAlert', actor: 'ben', alertId: 'alert-ben' }]);
    expect(viewFor(s, 'ana', T0)?.myCrisis).toEqual({
      id: 'alert-ana',
      state: 'raised',
      raisedAt: T0,
      escalated: false,
    });
    expect(viewFor(s, 'ben', T0)?.myCrisis?.id).toBe('alert-ben');
    expect(JSON.stringify(viewFor(s, 'ana', T0))).not.toContain('alert-ben');
    expect(JSON.stringify(viewFor(s, 'ben', T0))).not.toContain('alert-ana');
    const cy = viewFor(s, 'cy', T0);
    expect(cy?.myCrisis).toBeNull();
    expect(JSON.stringify(cy)).not.toMatch(/alert-(ana|ben)/);
  });

  test('a stranger gets no view', () => {
    expect(viewFor(busyRoom(), 'nobody', T0)).toBeNull();
  });
});

// ------------------------------------------------------------------ agenda

describe('agenda', () => {
  const MINUTE = 60 * SECOND;

  const pause: Command = { type: 'agendaPause', actor: THERAPIST };
  const resume: Command = { type: 'agendaResume', actor: THERAPIST };
  const next: Command = { type: 'agendaNext', actor: THERAPIST };
  const previous: Command = { type: 'agendaPrevious', actor: THERAPIST };
  const extend = (minutes: 1 | 5): Command => ({ type: 'agendaExtend', actor: THERAPIST, minutes });
  const agendaTick: Command = { type: 'agendaTick' };

  const roomNotices = (events: DomainEvent[]) =>
    events.flatMap((e) => (e.type === 'roomNotice' ? [{ kind: e.kind, text: e.text }] : []));
  /** What a decision did to the agenda timer: 'cancel', or the time it was set for. */
  const agendaTimer = (events: DomainEvent[]) =>
    events.flatMap((e): (string | number)[] =>
      e.type === 'cancel' && e.key === 'agenda'
        ? ['cancel']
        : e.type === 'schedule' && e.key === 'agenda'
          ? [e.command.type === 'agendaTick' ? e.at : e.command.type]
          : [],
    );

  /** Check-in 15 (facilitated), Sharing 40 (open); Ana and Ben in the room, the agenda started at T0. */
  function running(): RoomState {
    const s = apply(roomWith({ admitted: ['ana', 'ben'] }), [
      setAgenda(item('Check-in', 15, 'facilitated'), item('Sharing', 40, 'open')),
    ]);
    return accept(s, start, T0).state;
  }

  /** Apply timed steps in order. */
  const steps = (state: RoomState, timed: readonly (readonly [Command, number])[]) =>
    timed.reduce((s, [c, now]) => accept(s, c, now).state, state);

  describe('who may run it', () => {
    const COMMANDS: [string, (actor: string) => Command][] = [
      ['agendaSet', (actor) => ({ type: 'agendaSet', actor, items: [item('Sharing', 40, 'open')] })],
      ['agendaTemplate', (actor) => ({ type: 'agendaTemplate', actor, templateId: 'support-60' })],
      ['agendaStart', (actor) => ({ type: 'agendaStart', actor })],
      ['agendaPause', (actor) => ({ type: 'agendaPause', actor })],
      ['agendaResume', (actor) => ({ type: 'agendaResume', actor })],
      ['agendaNext', (actor) => ({ type: 'agendaNext', actor })],
      ['agendaPrevious', (actor) => ({ type: 'agendaPrevious', actor })],
      ['agendaExtend', (actor) => ({ type: 'agendaExtend', actor, minutes: 5 })],
    ];

    test.each(
      COMMANDS.flatMap(([name, command]) =>
        [
          ['a member', 'ana'],
          ['the supervisor', SUPERVISOR],
        ].map(([who, actor]): [string, string, string, Command] => [name, who!, actor!, command(actor!)]),
      ),
    )('%s sent by %s is FORBIDDEN', (type, _who, actor, command) => {
      expect(decide(running(), command, at(1), CONFIG)).toEqual({
        ok: false,
        code: 'FORBIDDEN',
        events: [{ type: 'forbidden', actor, command: type }],
      });
    });

    test.each([
      ['agendaTemplate', { type: 'agendaTemplate', actor: THERAPIST, templateId: 'cbt-90' }],
      ['agendaPause', pause],
      ['agendaNext', next],
      ['agendaExtend', extend(1)],
    ] satisfies [string, Command][])('%s by the therapist is accepted', (_type, command) => {
      expect(decide(running(), command, at(1), CONFIG).ok).toBe(true);
    });

    test.each([
      ['start an empty agenda', [], start],
      ['start a running agenda', [setAgenda(item('Check-in', 15, 'open')), start], start],
      ['pause an agenda that has not started', [setAgenda(item('Check-in', 15, 'open'))], pause],
      ['go back from the first item', [setAgenda(item('Check-in', 15, 'open')), start], previous],
    ] satisfies [string, Command[], Command][])('the therapist cannot %s (INVALID_STATE)', (_what, before, command) => {
      expect(refusal(apply(roomWith({ admitted: ['ana'] }), before), command)).toBe('INVALID_STATE');
    });
  });

  describe('speaking policies', () => {
    test.each([
      ['open', 'open', [], [true, false, true, true], null],
      ['facilitated', 'facilitated', ['ana', 'cy'], [false, false, false, true], null],
      ['round-robin', 'facilitated', ['ana', 'cy'], [false, false, false, true], 'ana'],
    ] as const)(
      'starting on a %s item puts the room in %s mode, mutes members %j (not the therapist)',
      (policy, mode, muted, mics, holder) => {
        const s = apply(roomWith({ admitted: ['ana', 'ben', 'cy'] }), [
          micOn(THERAPIST),
          micOn('ana'),
          micOn('cy'),
          setAgenda(item('First', 15, policy), item('Then', 15, 'open')),
        ]);
        const d = accept(s, start, T0);
        expect(d.state.speaking.mode).toBe(mode);
        expect(mutedIn(d.events).sort()).toEqual(muted);
        expect(['ana', 'ben', 'cy', THERAPIST].map((id) => person(d.state, id).micOn)).toEqual(mics);
        expect(floorHolder(d.state)).toBe(holder);
        expect(roomNotices(d.events)).toContainEqual({ kind: 'agenda-item-started', text: 'Now: First.' });
      },
    );

    test('in a facilitated item a member without the floor cannot unmute (NOT_YOUR_TURN)', () => {
      expect(refusal(running(), micOn('ana'), at(1))).toBe('NOT_YOUR_TURN');
      expect(mayUnmute(running(), THERAPIST)).toBe(true);
    });

    test('a round robin queues the members present by name and gives the first the floor, with hard expiry', () => {
      // Joined out of name order; Zed is called Abe; Dee has dropped (inside the grace window); Eve is in the lobby.
      let s = roomWith({ admitted: ['cy', 'ana', 'dee', 'ben'], waiting: ['eve'] });
      s = apply(s, [
        { type: 'addInvite', invite: inviteFor('zed', 'member', { displayName: 'Abe' }) },
        { type: 'connect', inviteId: 'zed' },
        { type: 'checkIn', actor: 'zed', checkIn: checkInFor('zed') },
        { type: 'admit', actor: THERAPIST, target: 'zed' },
        { type: 'disconnect', participantId: 'dee' },
        setAgenda(item('Check-in', 20, 'round-robin'), item('Sharing', 40, 'open')),
      ]);
      const d = accept(s, start, T0);
      // 20 minutes shared by 4 members present: 300 seconds each.
      expect(d.state.speaking).toMatchObject({ mode: 'facilitated', turnSeconds: 300, expiry: 'hard' });
      expect(d.state.speaking.floor).toMatchObject({ participantId: 'zed', startedAt: T0, endsAt: T0 + 300 * SECOND });
      // An order, not raised hands: nobody's hand goes up.
      expect(queueOf(d.state)).toEqual([]);
      expect(viewFor(d.state, 'ana', T0)?.speaking.roundRobin?.order).toEqual([
        { participantId: 'zed', state: 'speaking' },
        { participantId: 'ana', state: 'next' },
        { participantId: 'ben', state: 'waiting' },
        { participantId: 'cy', state: 'waiting' },
      ]);
      expect(noticesIn(d.events)).toEqual([{ to: 'zed', kind: 'floor-given' }]);
      expect(d.state.turnLog).toEqual([{ participantId: 'zed', startedAt: T0, endedAt: null }]);
      expect(d.events).toContainEqual({
        type: 'schedule',
        key: expect.any(String),
        at: T0 + 270 * SECOND,
        command: { type: 'turnTick' },
      });
      // When Abe's time is up the floor passes to Ana, and so on down the list.
      const after = accept(d.state, { type: 'turnTick' }, T0 + 300 * SECOND);
      expect(floorHolder(after.state)).toBe('ana');
      expect(viewFor(after.state, 'ana', T0)?.speaking.roundRobin?.order.map((o) => o.state)).toEqual([
        'done',
        'speaking',
        'next',
        'waiting',
      ]);
    });

    test.each([
      [15, 3, 300],
      [10, 3, 200],
      [7, 2, 210],
      [1, 1, 60],
      [1, 3, 30],
      [2, 5, 30],
    ])('a %i-minute round robin of %i members gives turns of %i seconds (at least 30)', (minutes, count, seconds) => {
      const members = ['ana', 'ben', 'cy', 'dee', 'eve'].slice(0, count);
      const s = apply(roomWith({ admitted: members }), [setAgenda(item('Check-in', minutes, 'round-robin'))]);
      const d = accept(s, start, T0);
      expect(d.state.speaking).toMatchObject({ turnSeconds: seconds, expiry: 'hard' });
      expect(d.state.speaking.floor?.endsAt).toBe(T0 + seconds * SECOND);
    });

    test('a round robin with no member present gives no one the floor', () => {
      const s = apply(roomWith({ waiting: ['ana'] }), [setAgenda(item('Check-in', 10, 'round-robin'))]);
      const d = accept(s, start, T0);
      expect(floorHolder(d.state)).toBeNull();
      expect(d.state.speaking.mode).toBe('facilitated');
    });

    test('moving on from a round robin to an open item ends the turn, logs it, and opens the room', () => {
      let s = apply(roomWith({ admitted: ['ana', 'ben'] }), [
        setAgenda(item('Check-in', 10, 'round-robin'), item('Practice', 20, 'open')),
      ]);
      s = accept(s, start, T0).state;
      s = accept(s, micOn('ana'), T0 + 10 * SECOND).state;
      const d = accept(s, next, T0 + 60 * SECOND);
      expect(floorHolder(d.state)).toBeNull();
      expect(d.state.speaking.mode).toBe('open');
      expect(d.state.turnLog).toEqual([{ participantId: 'ana', startedAt: T0, endedAt: T0 + 60 * SECOND }]);
      expect(person(d.state, 'ana').turns).toBe(1);
      expect(mayUnmute(d.state, 'ben')).toBe(true);
      expect(roomNotices(d.events)).toContainEqual({ kind: 'agenda-item-started', text: 'Now: Practice.' });
      // Ana's turn timer was cancelled: if it fires anyway, nothing happens.
      const late = accept(d.state, { type: 'turnTick' }, T0 + 300 * SECOND);
      expect(noticesIn(late.events)).toEqual([]);
      expect(floorHolder(late.state)).toBeNull();
    });

    test('moving between items applies each item’s policy in turn', () => {
      let s = apply(roomWith({ admitted: ['ana', 'ben'] }), [
        setAgenda(
          item('Practice', 20, 'open'),
          item('Teaching', 20, 'facilitated'),
          item('Check-out', 10, 'round-robin'),
        ),
      ]);
      s = accept(s, start, T0).state;
      s = accept(s, micOn('ben'), at(1)).state;
      const teaching = accept(s, next, at(20));
      expect(teaching.state.speaking.mode).toBe('facilitated');
      expect(mutedIn(teaching.events)).toEqual(['ben']);
      const checkOut = accept(teaching.state, next, at(40));
      expect(floorHolder(checkOut.state)).toBe('ana');
      const back = accept(checkOut.state, previous, at(41));
      expect(floorHolder(back.state)).toBeNull();
      expect(back.state.speaking.mode).toBe('facilitated');
      expect(back.state.turnLog).toEqual([{ participantId: 'ana', startedAt: at(40), endedAt: at(41) }]);
    });
  });

  describe('warnings and the agenda timer', () => {
    test.each([
      ['before the 2-minute mark: nothing yet', at(12), [], [at(13)]],
      [
        'at the 2-minute mark: "2 minutes left in Check-in."',
        at(13),
        [{ kind: 'agenda-warning', text: '2 minutes left in Check-in.' }],
        [at(15)],
      ],
      [
        'at the end: "Time is up for Check-in."',
        at(15),
        [{ kind: 'agenda-item-ended', text: 'Time is up for Check-in.' }],
        [],
      ],
    ] as const)('an agenda tick %s', (_rule, now, notices, timer) => {
      const d = accept(running(), agendaTick, now);
      expect(roomNotices(d.events)).toEqual(notices);
      expect(agendaTimer(d.events)).toEqual(timer);
    });

    test('each warning is given once, at its time', () => {
      let s = running();
      const given = [13, 13.5, 15, 16].map((m) => {
        const d = accept(s, agendaTick, at(m));
        s = d.state;
        return roomNotices(d.events).map((n) => n.kind);
      });
      expect(given).toEqual([['agenda-warning'], [], ['agenda-item-ended'], []]);
    });

    test('a timer that fires while the agenda is paused does nothing', () => {
      const s = steps(running(), [[pause, at(5)]]);
      const d = accept(s, agendaTick, at(13));
      expect(d.events).toEqual([]);
    });

    test.each([
      ['pause: cancelled', [], pause, at(5), ['cancel']],
      ['resume: later by the pause', [[pause, at(5)]], resume, at(10), ['cancel', at(18)]],
      ['extend +5: 5 minutes later', [], extend(5), at(5), ['cancel', at(18)]],
      [
        'extend +1 after the end warning: the new end',
        [
          [agendaTick, at(13)],
          [agendaTick, at(15)],
        ],
        extend(1),
        at(15),
        ['cancel', at(16)],
      ],
      ['next: 2 minutes before the next item ends', [], next, at(12), ['cancel', at(50)]],
      ['previous: 2 minutes before the reopened item ends', [[next, at(12)]], previous, at(14), ['cancel', at(15)]],
      [
        'an edit of the later items: unchanged',
        [],
        setAgenda(item('Role play', 20, 'open')),
        at(5),
        ['cancel', at(13)],
      ],
      ['next after the last item: cancelled', [[next, at(12)]], next, at(30), ['cancel']],
    ] satisfies [string, (readonly [Command, number])[], Command, number, (string | number)[]][])(
      'the agenda timer after %s',
      (_rule, before, command, now, timer) => {
        const s = before.length > 0 ? steps(running(), before) : running();
        expect(agendaTimer(accept(s, command, now).events)).toEqual(timer);
      },
    );

    test('starting sets the agenda timer for 2 minutes before the first item ends', () => {
      const s = apply(roomWith({ admitted: ['ana'] }), [setAgenda(item('Check-in', 15, 'open'))]);
      const d = accept(s, start, T0);
      expect(agendaTimer(d.events)).toEqual(['cancel', at(13)]);
      expect(d.events).toContainEqual({ type: 'schedule', key: 'agenda', at: at(13), command: { type: 'agendaTick' } });
    });
  });

  test('the room view shows the agenda as of the time it is drawn', () => {
    expect(viewFor(running(), 'ana', at(5))?.agenda).toMatchObject({
      status: 'running',
      currentIndex: 0,
      itemRemainingMs: 10 * MINUTE,
      itemEndsAt: at(15),
      sessionRemainingMs: 50 * MINUTE,
      asOf: at(5),
    });
    expect(viewFor(running(), 'ana', at(17))?.agenda.itemRemainingMs).toBe(-2 * MINUTE);
  });
});

describe('turn log', () => {
  const takeBack: Command = { type: 'takeBack', actor: THERAPIST };

  test.each([
    ['the therapist takes the floor back', takeBack],
    ['the speaker ends the turn', { type: 'endTurn', actor: 'ana' }],
    ['the speaker drops', { type: 'disconnect', participantId: 'ana' }],
    ['the speaker leaves', { type: 'leave', actor: 'ana' }],
    ['the speaker is removed', { type: 'remove', actor: THERAPIST, target: 'ana' }],
  ] satisfies [string, Command][])('a turn is logged from the floor given to when %s', (_when, command) => {
    let s = accept(roomWith({ admitted: ['ana'] }), giveFloor('ana'), T0).state;
    expect(s.turnLog).toEqual([{ participantId: 'ana', startedAt: T0, endedAt: null }]);
    s = accept(s, command, T0 + 90 * SECOND).state;
    expect(s.turnLog).toEqual([{ participantId: 'ana', startedAt: T0, endedAt: T0 + 90 * SECOND }]);
  });

  test('passing the floor closes one turn and opens the next', () => {
    let s = accept(roomWith({ admitted: ['ana', 'ben'] }), giveFloor('ana'), T0).state;
    s = accept(s, giveFloor('ben'), T0 + 60 * SECOND).state;
    expect(s.turnLog).toEqual([
      { participantId: 'ana', startedAt: T0, endedAt: T0 + 60 * SECOND },
      { participantId: 'ben', startedAt: T0 + 60 * SECOND, endedAt: null },
    ]);
  });

  test('giving the floor again to the speaker leaves one open turn and logs the time once', () => {
    let s = accept(roomWith({ admitted: ['ana'] }), giveFloor('ana'), T0).state;
    s = accept(s, giveFloor('ana'), T0 + 60 * SECOND).state;
    expect(s.turnLog.filter((t) => t.endedAt === null)).toHaveLength(1);
    s = accept(s, takeBack, T0 + 120 * SECOND).state;
    const logged = s.turnLog.reduce((sum, t) => sum + (t.endedAt ?? t.startedAt) - t.startedAt, 0);
    expect(logged).toBe(120 * SECOND);
  });
});

// ------------------------------------------------------------------ ending the session

describe('ending the session', () => {
  const MINUTE = 60 * SECOND;
  const END_AT = T0 + 30 * MINUTE;
  const end: Command = { type: 'end', actor: THERAPIST };
  const agendaItem = (title: string): AgendaItemInput => ({ title, plannedMinutes: 20, policy: 'open' });

  /**
   * Therapist, co-therapist Theo and the supervisor; Ana in the room holding the floor; Ben dropped 10 seconds
   * before the end (inside the grace window); Cy waiting in the lobby; Dee connected, not checked in;
   * Eve invited, never connected. A three-item agenda running on its first item.
   */
  function session(): RoomState {
    let s = join(roomWith({ admitted: ['ana', 'ben'], waiting: ['cy'], arriving: ['dee'] }), 'theo', 'therapist');
    s = join(s, 'eve', 'member', 'invited');
    s = apply(s, [
      {
        type: 'agendaSet',
        actor: THERAPIST,
        items: [agendaItem('Check-in'), agendaItem('Sharing'), agendaItem('Check-out')],
      },
      { type: 'agendaStart', actor: THERAPIST },
      giveFloor('ana'),
    ]);
    return accept(s, { type: 'disconnect', participantId: 'ben' }, END_AT - 10 * SECOND).state;
  }

  const endedIn = (events: DomainEvent[]) =>
    events
      .flatMap((e) => (e.type === 'ended' ? [e] : []))
      .sort((a, b) => a.participantId.localeCompare(b.participantId));

  test('everyone connected gets an ended event; the therapist who ended it keeps the connection for the ack', () => {
    const d = accept(session(), end, END_AT);
    expect(endedIn(d.events)).toEqual([
      { type: 'ended', participantId: 'ana', reason: 'ended' },
      { type: 'ended', participantId: 'cy', reason: 'ended' },
      { type: 'ended', participantId: 'dee', reason: 'ended' },
      { type: 'ended', participantId: SUPERVISOR, reason: 'ended' },
      { type: 'ended', participantId: 'theo', reason: 'ended' },
      { type: 'ended', participantId: THERAPIST, reason: 'ended', keepConnection: true },
    ]);
    expect(d.state.endedAt).toBe(END_AT);
    expect(Object.values(d.state.participants).filter((p) => p.connected)).toEqual([]);
  });

  test('attendance is closed for everyone who was in the room, at the end', () => {
    const d = accept(session(), end, END_AT);
    for (const id of ['ana', THERAPIST, 'theo', SUPERVISOR]) {
      expect(person(d.state, id).attendance.at(-1)).toEqual({ joinedAt: T0, leftAt: END_AT });
    }
    expect(Object.values(d.state.participants).flatMap((p) => p.attendance.filter((s) => s.leftAt === null))).toEqual(
      [],
    );
    expect(['ana', 'cy', THERAPIST].map((id) => statusOf(d.state, id))).toEqual(['left', 'left', 'left']);
  });

  // Bug: `end` closes every stint at the end time, while graceExpired and a late reconnect close it when the
  // member dropped. A member who dropped just before the end is recorded as present until the end.
  test('a member who dropped before the end is recorded as leaving when they dropped', () => {
    const d = accept(session(), end, END_AT);
    expect(person(d.state, 'ben').attendance).toEqual([{ joinedAt: T0, leftAt: END_AT - 10 * SECOND }]);
  });

  test('the agenda is finished, the turn is logged, and the turn and agenda timers are cancelled', () => {
    const d = accept(session(), end, END_AT);
    expect(d.state.agenda.status).toBe('finished');
    expect(floorHolder(d.state)).toBeNull();
    expect(d.state.turnLog).toEqual([{ participantId: 'ana', startedAt: T0, endedAt: END_AT }]);
    expect(d.events).toContainEqual({ type: 'cancel', key: 'turn' });
    expect(d.events).toContainEqual({ type: 'cancel', key: 'agenda' });
  });

  // Bug: `end` finishes the agenda by stepping through every later item, which stamps items the group never
  // reached as started and ended at the end time (0 minutes) instead of leaving them unstarted.
  test('agenda items the session never reached stay "not run" in the record', () => {
    const d = accept(session(), end, END_AT);
    expect(sessionRecord(d.state, END_AT).agenda).toEqual([
      { title: 'Check-in', plannedMinutes: 20, actualMinutes: 30, startedAt: iso(T0), endedAt: iso(END_AT) },
      { title: 'Sharing', plannedMinutes: 20, actualMinutes: null, startedAt: null, endedAt: null },
      { title: 'Check-out', plannedMinutes: 20, actualMinutes: null, startedAt: null, endedAt: null },
    ]);
  });

  test('a paused agenda is finished too', () => {
    const s = apply(session(), [{ type: 'agendaPause', actor: THERAPIST }], T0 + 5 * MINUTE);
    expect(accept(s, end, END_AT).state.agenda.status).toBe('finished');
  });

  test('side rooms, pairs and the break end with the session: everyone back in main', () => {
    let s = apply(roomWith({ admitted: ['ana', 'ben', 'cy'] }), [
      { type: 'pairsStart', actor: THERAPIST, minutes: 10, groups: [['ben', 'cy']] },
      { type: 'crisisAlert', actor: 'ana', alertId: 'alert-1' },
      { type: 'crisisSideRoom', actor: THERAPIST, alertId: 'alert-1' },
    ]);
    expect(s.onBreak).toBe(true);
    s = accept(s, end, END_AT).state;
    expect(s.pairs).toBeNull();
    expect(s.onBreak).toBe(false);
    expect(Object.values(s.participants).filter((p) => p.space !== 'main')).toEqual([]);
  });

  test.each([
    ['a member who was in the room', 'ana'],
    ['a member who dropped just before the end', 'ben'],
    ['a member who was in the lobby', 'cy'],
    ['an invited member who never came', 'eve'],
    ['the therapist', THERAPIST],
    ['the supervisor', SUPERVISOR],
  ])('afterwards %s cannot connect (SESSION_ENDED)', (_who, id) => {
    const s = accept(session(), end, END_AT).state;
    expect(refusal(s, { type: 'connect', inviteId: id }, END_AT + SECOND)).toBe('SESSION_ENDED');
  });
});
