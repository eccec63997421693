/**
 * Facilitation over a whole session: a round robin is an order members can pass in, a break stands the
 * clocks still and ends with its cause, a member who left can change their mind, and each space says
 * truthfully who is in it.
 */
import { describe, expect, test } from 'vitest';
import { type Command, type DomainEvent, type RoomState, mayUnmute } from './room.js';
import { viewFor } from './views.js';
import { sessionRecord } from './record.js';
import {
  CONFIG,
  MINUTE,
  SECOND,
  T0,
  THERAPIST,
  accept,
  apply,
  join,
  person,
  refusal,
  roomWith,
  at,
  agendaItem as item,
  setAgenda,
  startAgenda as start,
} from '../../test/support/roomFixture.js';

const pass = (actor: string): Command => ({ type: 'passTurn', actor });
const listenOnly = (actor: string, on = true): Command => ({ type: 'setListenOnly', actor, on });
const setBreak = (on: boolean): Command => ({ type: 'setBreak', actor: THERAPIST, on });
const floorHolder = (s: RoomState) => s.speaking.floor?.participantId ?? null;
const orderOf = (s: RoomState, viewer = 'ana') =>
  viewFor(s, viewer, T0)?.speaking.roundRobin?.order.map((o) => `${o.participantId}:${o.state}`);
const staffNotices = (events: DomainEvent[]) =>
  events.flatMap((e) => (e.type === 'staffNotice' ? [{ kind: e.kind, text: e.text }] : []));
const schedules = (events: DomainEvent[], key: string) =>
  events.flatMap((e) => (e.type === 'schedule' && e.key === key ? [e.at] : []));

/** Ana, Ben and Cy in a 9-minute round robin (180 s turns); Ana has the floor. */
const roundRobin = (listening: string[] = []) =>
  accept(
    apply(roomWith({ admitted: ['ana', 'ben', 'cy'] }), [
      ...listening.map((id) => listenOnly(id)),
      setAgenda(item('Check-in', 9, 'round-robin'), item('Sharing', 30, 'open')),
    ]),
    start,
    T0,
  ).state;

describe('round robin: an order, with a pass', () => {
  test('the order is visible to members and raises nobody’s hand', () => {
    const s = roundRobin();
    expect(orderOf(s)).toEqual(['ana:speaking', 'ben:next', 'cy:waiting']);
    expect(Object.values(s.participants).every((p) => p.handRaisedAt === null)).toBe(true);
    expect(viewFor(s, 'ben', T0)?.speaking.mode).toBe('facilitated');
  });

  test('a member who chose to listen only is passed over, not given the floor', () => {
    const s = roundRobin(['ana']);
    expect(floorHolder(s)).toBe('ben');
    expect(orderOf(s)).toEqual(['ana:passed', 'ben:speaking', 'cy:next']);
    // Two speakers share the 9 minutes.
    expect(s.speaking.turnSeconds).toBe(270);
  });

  test('passing before one’s turn skips it; the therapists are told, the member reassured', () => {
    const d = accept(roundRobin(), pass('ben'), at(1));
    expect(orderOf(d.state)).toEqual(['ana:speaking', 'ben:passed', 'cy:next']);
    expect(staffNotices(d.events)).toEqual([{ kind: 'turn-passed', text: 'Ben passed (Not now).' }]);
    expect(d.events).toContainEqual(expect.objectContaining({ type: 'notice', to: 'ben', kind: 'turn-passed' }));
    const next = accept(d.state, { type: 'endTurn', actor: 'ana' }, at(2));
    expect(floorHolder(next.state)).toBe('cy');
  });

  test('passing during one’s turn ends it, mutes, and hands on to the next', () => {
    let s = accept(roundRobin(), { type: 'mediaState', actor: 'ana', micOn: true }, at(1)).state;
    const d = accept(s, pass('ana'), at(1));
    s = d.state;
    expect(floorHolder(s)).toBe('ben');
    expect(person(s, 'ana').micOn).toBe(false);
    expect(d.events).toContainEqual({ type: 'muteAudio', participantId: 'ana' });
    expect(orderOf(s)).toEqual(['ana:passed', 'ben:speaking', 'cy:next']);
  });

  test('“I’m done” hands on to the next in the order; the last one ends the round', () => {
    let s = roundRobin();
    s = accept(s, { type: 'endTurn', actor: 'ana' }, at(1)).state;
    expect(floorHolder(s)).toBe('ben');
    s = accept(s, { type: 'endTurn', actor: 'ben' }, at(2)).state;
    s = accept(s, { type: 'endTurn', actor: 'cy' }, at(3)).state;
    expect(floorHolder(s)).toBeNull();
    expect(orderOf(s)).toEqual(['ana:done', 'ben:done', 'cy:done']);
  });

  test.each([
    ['outside a round robin', () => roomWith({ admitted: ['ana'] }), 'ana'],
    ['twice', () => accept(roundRobin(), pass('ben'), at(1)).state, 'ben'],
    ['after one’s turn', () => accept(roundRobin(), { type: 'endTurn', actor: 'ana' }, at(1)).state, 'ana'],
  ])('passing %s is refused and changes nothing', (_when, build, who) => {
    expect(refusal(build(), pass(who), at(4))).toBe('INVALID_STATE');
  });

  test('a therapist cannot pass for a member', () => {
    expect(refusal(roundRobin(), pass(THERAPIST), at(1))).toBe('FORBIDDEN');
  });

  test('a latecomer joins the end of the order; leaving the item ends the round robin', () => {
    // Dee arrives late: admitted through the lobby, she is last in the order.
    const s = join(roundRobin(), 'dee', 'member', 'admitted', at(1));
    expect(orderOf(s)).toEqual(['ana:speaking', 'ben:next', 'cy:waiting', 'dee:waiting']);
    expect(person(s, 'dee').handRaisedAt).toBeNull();
    const next = accept(s, { type: 'agendaNext', actor: THERAPIST }, at(9));
    expect(next.state.speaking.roundRobin).toBeNull();
    expect(next.state.speaking.expiry).toBe('soft');
    expect(viewFor(next.state, 'ana', at(9))?.speaking.roundRobin).toBeNull();
  });
});

describe('a break stands the clocks still and ends with its cause', () => {
  /** Ana has a 180 s turn from T0 in a 30-minute facilitated item. */
  const speaking = () =>
    apply(roomWith({ admitted: ['ana', 'ben'] }), [
      setAgenda(item('Sharing', 30, 'facilitated')),
      start,
      { type: 'giveFloor', actor: THERAPIST, target: 'ana' },
    ]);

  test('the turn and the agenda do not run during the break, and resume after it', () => {
    const onBreak = accept(speaking(), setBreak(true), at(1));
    expect(onBreak.events).toContainEqual({ type: 'cancel', key: 'turn' });
    expect(onBreak.state.agenda.status).toBe('paused');
    expect(viewFor(onBreak.state, 'ana', at(1))?.speaking.floor?.pausedAt).toBe(at(1));
    // A late timer during the break does nothing.
    const late = accept(onBreak.state, { type: 'turnTick' }, at(3));
    expect(late.state).toBe(onBreak.state);
    const back = accept(onBreak.state, setBreak(false), at(11));
    const floor = back.state.speaking.floor!;
    // Ten minutes of break: the turn still has its two minutes left.
    expect(floor.endsAt).toBe(T0 + 180 * SECOND + 10 * MINUTE);
    expect(floor.pausedAt).toBeNull();
    expect(schedules(back.events, 'turn')).toEqual([floor.endsAt - 30 * SECOND]);
    expect(back.state.agenda.status).toBe('running');
    expect(viewFor(back.state, 'ana', at(11))?.agenda.itemRemainingMs).toBe(29 * MINUTE);
    expect(schedules(back.events, 'agenda').length).toBe(1);
  });

  test('a break with the agenda paused by the therapist leaves it paused', () => {
    const s = apply(speaking(), [{ type: 'agendaPause', actor: THERAPIST }], at(1));
    const back = apply(s, [setBreak(true), setBreak(false)], at(2));
    expect(back.agenda.status).toBe('paused');
  });

  test('everyone sees why the group is on a break', () => {
    const s = accept(speaking(), setBreak(true), at(1)).state;
    expect(viewFor(s, 'ben', at(1))?.breakCause).toBe('therapist');
    expect(viewFor(s, THERAPIST, at(1))?.breakCause).toBe('therapist');
    expect(mayUnmute(s, 'ana')).toBe(false);
  });
});

describe('the session record keeps passes and breaks', () => {
  test('who passed and how, and each break with its cause and length', () => {
    let s = roundRobin(['cy']);
    s = accept(s, pass('ben'), at(1)).state;
    s = accept(s, setBreak(true), at(2)).state;
    s = accept(s, setBreak(false), at(7)).state;
    const r = sessionRecord(s, at(8));
    expect(r.passes.map((p) => [p.displayName, p.how])).toEqual([
      ['Cy', 'listening-only'],
      ['Ben', 'not-now'],
    ]);
    expect(r.breaks).toEqual([
      {
        startedAt: new Date(at(2)).toISOString(),
        endedAt: new Date(at(7)).toISOString(),
        minutes: 5,
        cause: 'therapist',
      },
    ]);
  });
});

describe('leave, then rejoin', () => {
  const left = () => accept(roomWith({ admitted: ['ana'] }), { type: 'leave', actor: 'ana' }, at(1)).state;

  test('within the reconnect grace the member goes straight back into the room', () => {
    const d = accept(left(), { type: 'connect', inviteId: 'ana' }, at(1) + CONFIG.reconnectGraceMs);
    const ana = person(d.state, 'ana');
    expect(ana.status).toBe('admitted');
    expect(ana.space).toBe('main');
    // Attendance: the first stint closed when she left, a new one opens now.
    expect(ana.attendance.map((s) => s.leftAt)).toEqual([at(1), null]);
  });

  test('after the grace the member goes through the agreement and the lobby again', () => {
    const d = accept(left(), { type: 'connect', inviteId: 'ana' }, at(1) + CONFIG.reconnectGraceMs + 1);
    expect(person(d.state, 'ana').status).toBe('arriving');
  });

  test('someone who left from the waiting room cannot rejoin past the therapist', () => {
    const s = accept(roomWith({ waiting: ['ana'] }), { type: 'leave', actor: 'ana' }, at(1)).state;
    expect(person(accept(s, { type: 'connect', inviteId: 'ana' }, at(2)).state, 'ana').status).toBe('arriving');
  });
});

describe('each space says who is in it', () => {
  test('a pair names the partners, never a therapist who is not there', () => {
    const s = accept(
      roomWith({ admitted: ['ana', 'ben', 'cy', 'dee'] }),
      {
        type: 'pairsStart',
        actor: THERAPIST,
        minutes: 5,
        groups: [
          ['ana', 'ben'],
          ['cy', 'dee'],
        ],
      },
      T0,
    ).state;
    expect(viewFor(s, 'ana', T0)?.you.space).toEqual({ kind: 'pair', pairId: 'p1', withIds: ['ben'] });
    const visited = accept(s, { type: 'pairsVisit', actor: THERAPIST, pairId: 'p1' }, T0).state;
    expect(viewFor(visited, 'ana', T0)?.you.space).toEqual({ kind: 'pair', pairId: 'p1', withIds: ['ben', THERAPIST] });
    expect(viewFor(visited, 'cy', T0)?.you.space).toEqual({ kind: 'pair', pairId: 'p2', withIds: ['dee'] });
    expect(viewFor(visited, 'cy', T0)?.you.space.kind).not.toBe('side-room');
  });
});
