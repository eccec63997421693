import { describe, test, expect } from 'vitest';
import {
  AGREEMENT_VERSION,
  type ClientEventName,
  type Role,
  clientEventSchemas,
  isClientEventName,
} from '@circle/shared';
import { HTTP_PERMISSIONS, PERMISSIONS, canCall, can, refusal } from './permissions.js';

const ROLES: readonly Role[] = ['member', 'therapist', 'supervisor'];
import { COMMAND_EVENT, type Command, type RoomConfig, type RoomState, createRoom, decide } from './room.js';

const Y = true;
const N = false;

/** Who may send each client event, written out by hand: a change to PERMISSIONS must be made here too. */
// prettier-ignore
const EXPECTED: Record<ClientEventName, readonly [member: boolean, therapist: boolean, supervisor: boolean]> = {
  //                         M  T  S   (member, therapist, supervisor)
  'session:checkIn':        [Y, N, N],
  'lobby:admit':            [N, Y, N],
  'lobby:admitAll':         [N, Y, N],
  'lobby:decline':          [N, Y, N],
  'participant:remove':     [N, Y, N],
  'room:lock':              [N, Y, N],
  'room:end':               [N, Y, N],
  'room:leave':             [Y, Y, Y],
  'clock:ping':             [Y, Y, Y],
  'room:resync':            [Y, Y, Y],
  'media:capabilities':     [Y, Y, Y],
  'media:join':             [Y, Y, Y],
  'transport:create':       [Y, Y, Y],
  'transport:connect':      [Y, Y, Y],
  'transport:connectPlain': [Y, Y, Y],
  'transport:restartIce':   [Y, Y, Y],
  'producer:create':        [Y, Y, N],
  'producer:setPaused':     [Y, Y, N],
  'producer:close':         [Y, Y, N],
  'consumer:create':        [Y, Y, Y],
  'consumer:resume':        [Y, Y, Y],
  'consumer:setView':       [Y, Y, Y],
  'media:setAudioOnly':     [Y, Y, Y],
  'check:start':            [Y, Y, Y],
  'check:connect':          [Y, Y, Y],
  'check:produce':          [Y, Y, Y],
  'check:consume':          [Y, Y, Y],
  'check:end':              [Y, Y, Y],
  'hand:raise':             [Y, N, N],
  'hand:lower':             [Y, N, N],
  'floor:give':             [N, Y, N],
  'floor:next':             [N, Y, N],
  'floor:takeBack':         [N, Y, N],
  'floor:end':              [Y, Y, N],
  'turn:pass':              [Y, N, N],
  'speaking:listenOnly':    [Y, N, N],
  'speaking:setMode':       [N, Y, N],
  'speaking:setTurn':       [N, Y, N],
  'participant:mute':       [N, Y, N],
  'participant:muteAll':    [N, Y, N],
  'participant:askUnmute':  [N, Y, N],
  'participant:stopCamera': [N, Y, N],
  'agenda:set':             [N, Y, N],
  'agenda:useTemplate':     [N, Y, N],
  'agenda:start':           [N, Y, N],
  'agenda:pause':           [N, Y, N],
  'agenda:resume':          [N, Y, N],
  'agenda:next':            [N, Y, N],
  'agenda:previous':        [N, Y, N],
  'agenda:extend':          [N, Y, N],
  'crisis:alert':           [Y, N, N],
  'crisis:acknowledge':     [N, Y, Y],
  'crisis:resolve':         [N, Y, Y],
  'crisis:sideRoom':        [N, Y, N],
  'crisis:return':          [N, Y, N],
  'room:break':             [N, Y, N],
  'chat:send':              [Y, Y, Y],
  'chat:delete':            [N, Y, N],
  'chat:setEnabled':        [N, Y, N],
  'room:setFocusMode':      [N, Y, N],
  'chat:private':           [Y, Y, Y],
  'chat:history':           [Y, Y, Y],
  'reaction:send':          [Y, Y, N],
  'reactions:setEnabled':   [N, Y, N],
  'pairs:start':            [N, Y, N],
  'pairs:end':              [N, Y, N],
  'pairs:visit':            [N, Y, N],
  'pairs:broadcast':        [N, Y, N],
  'stats:report':           [Y, Y, N],
  'health:history':         [N, Y, Y],
  'health:sessions':        [N, N, Y],
  'staff:message':          [N, Y, Y],
  'e2ee:announce':          [Y, Y, Y],
  'e2ee:key':               [Y, Y, Y],
  'e2ee:cannotEncrypt':     [Y, Y, Y],
};
const COLUMN: Record<Role, 0 | 1 | 2> = { member: 0, therapist: 1, supervisor: 2 };

const EVENT_NAMES = Object.keys(clientEventSchemas).filter(isClientEventName);

describe('permission table', () => {
  test('every client event has a row in the expected table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(EVENT_NAMES.sort());
    expect(Object.keys(PERMISSIONS).sort()).toEqual(EVENT_NAMES.sort());
  });

  const rows = EVENT_NAMES.flatMap((event) =>
    ROLES.map((role): [ClientEventName, Role, boolean] => [event, role, EXPECTED[event][COLUMN[role]]]),
  );
  test.each(rows)('%s sent by a %s is allowed: %s', (event, role, allowed) => {
    expect(can(role, event)).toBe(allowed);
    expect(PERMISSIONS[event].roles.includes(role)).toBe(allowed);
    if (!allowed) expect(refusal({ role, status: 'admitted' }, event)).toBe('FORBIDDEN');
  });

  test('before admission a member may only check in, leave, ping the clock, ask for the room again, raise a crisis alert, check the connection, write privately to the therapists and say their browser cannot encrypt', () => {
    const open = EVENT_NAMES.filter(
      (e) => can('member', e) && refusal({ role: 'member', status: 'waiting' }, e) === null,
    );
    expect(open.sort()).toEqual([
      'chat:history',
      'chat:private',
      'check:connect',
      'check:consume',
      'check:end',
      'check:produce',
      'check:start',
      'clock:ping',
      'crisis:alert',
      'e2ee:cannotEncrypt',
      'room:leave',
      'room:resync',
      'session:checkIn',
    ]);
  });

  test.each([
    ['session:read', ['therapist', 'supervisor']],
    ['record:read', ['therapist']],
    ['invite:create', ['therapist']],
    ['invite:revoke', ['therapist']],
  ] as const)('the HTTP call %s is open to %j with their invitation', (action, roles) => {
    expect(ROLES.filter((r) => canCall(r, action))).toEqual(roles);
    expect(Object.keys(HTTP_PERMISSIONS)).toContain(action);
  });
});

// ------------------------------------------------------------------ the domain checks again

const CONFIG: RoomConfig = { reconnectGraceMs: 120_000, crisisEscalateMs: 60_000 };
const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
const ACTOR: Record<Role, string> = { member: 'ana', therapist: 'thera', supervisor: 'sue' };

/** Therapist, supervisor and Ana in the room, Ben waiting in the lobby, Ana's crisis alert open. */
function room(): RoomState {
  const invite = (id: string, role: Role): Command => ({
    type: 'addInvite',
    invite: { id, role, displayName: id, createdAt: T0, expiresAt: T0 + 86_400_000, revoked: false },
  });
  const checkIn = (actor: string): Command => ({
    type: 'checkIn',
    actor,
    checkIn: { agreementVersion: AGREEMENT_VERSION, location: 'Home', privateSafePlace: true },
  });
  const commands: Command[] = [
    invite('thera', 'therapist'),
    invite('sue', 'supervisor'),
    invite('ana', 'member'),
    invite('ben', 'member'),
    { type: 'connect', inviteId: 'thera' },
    { type: 'connect', inviteId: 'sue' },
    { type: 'connect', inviteId: 'ana' },
    { type: 'connect', inviteId: 'ben' },
    checkIn('ana'),
    checkIn('ben'),
    { type: 'admit', actor: 'thera', target: 'ana' },
    { type: 'crisisAlert', actor: 'ana', alertId: 'alert-1' },
  ];
  return commands.reduce(
    (s, c) => {
      const d = decide(s, c, T0, CONFIG);
      if (!d.ok) throw new Error(`${c.type} was refused: ${d.code}`);
      return d.state;
    },
    createRoom({ sessionId: 'session-1', title: 'Group', now: T0 }),
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

type ActorCommand = Extract<Command, { actor: string }>;
type ActorCommandType = ActorCommand['type'];

/** One command of every kind that has an actor (the type forces a row for each). */
const COMMANDS: { [T in ActorCommandType]: (actor: string) => Extract<Command, { type: T }> } = {
  checkIn: (actor) => ({
    type: 'checkIn',
    actor,
    checkIn: { agreementVersion: AGREEMENT_VERSION, location: 'Home', privateSafePlace: true },
  }),
  admit: (actor) => ({ type: 'admit', actor, target: 'ben' }),
  admitAll: (actor) => ({ type: 'admitAll', actor }),
  cannotEncrypt: (actor) => ({ type: 'cannotEncrypt', actor }),
  decline: (actor) => ({ type: 'decline', actor, target: 'ben' }),
  remove: (actor) => ({ type: 'remove', actor, target: 'ben' }),
  lock: (actor) => ({ type: 'lock', actor, locked: true }),
  end: (actor) => ({ type: 'end', actor }),
  leave: (actor) => ({ type: 'leave', actor }),
  mediaState: (actor) => ({ type: 'mediaState', actor, micOn: true }),
  raiseHand: (actor) => ({ type: 'raiseHand', actor }),
  lowerHand: (actor) => ({ type: 'lowerHand', actor }),
  giveFloor: (actor) => ({ type: 'giveFloor', actor, target: 'ana' }),
  nextFloor: (actor) => ({ type: 'nextFloor', actor }),
  takeBack: (actor) => ({ type: 'takeBack', actor }),
  endTurn: (actor) => ({ type: 'endTurn', actor }),
  passTurn: (actor) => ({ type: 'passTurn', actor }),
  setListenOnly: (actor) => ({ type: 'setListenOnly', actor, on: true }),
  setMode: (actor) => ({ type: 'setMode', actor, mode: 'facilitated' }),
  setTurn: (actor) => ({ type: 'setTurn', actor, turnSeconds: 60, expiry: 'hard' }),
  mute: (actor) => ({ type: 'mute', actor, target: 'ana' }),
  muteAll: (actor) => ({ type: 'muteAll', actor }),
  askUnmute: (actor) => ({ type: 'askUnmute', actor, target: 'ana' }),
  stopCamera: (actor) => ({ type: 'stopCamera', actor, target: 'ana' }),
  agendaSet: (actor) => ({
    type: 'agendaSet',
    actor,
    items: [{ title: 'Check-in', plannedMinutes: 15, policy: 'round-robin' }],
  }),
  agendaTemplate: (actor) => ({ type: 'agendaTemplate', actor, templateId: 'cbt-90' }),
  agendaStart: (actor) => ({ type: 'agendaStart', actor }),
  agendaPause: (actor) => ({ type: 'agendaPause', actor }),
  agendaResume: (actor) => ({ type: 'agendaResume', actor }),
  agendaNext: (actor) => ({ type: 'agendaNext', actor }),
  agendaPrevious: (actor) => ({ type: 'agendaPrevious', actor }),
  agendaExtend: (actor) => ({ type: 'agendaExtend', actor, minutes: 5 }),
  crisisAlert: (actor) => ({ type: 'crisisAlert', actor, alertId: 'alert-2' }),
  crisisAck: (actor) => ({ type: 'crisisAck', actor, alertId: 'alert-1' }),
  crisisResolve: (actor) => ({ type: 'crisisResolve', actor, alertId: 'alert-1', note: 'Safe at home.' }),
  crisisSideRoom: (actor) => ({ type: 'crisisSideRoom', actor, alertId: 'alert-1' }),
  crisisReturn: (actor) => ({ type: 'crisisReturn', actor, alertId: 'alert-1' }),
  setBreak: (actor) => ({ type: 'setBreak', actor, on: true }),
  chatSend: (actor) => ({ type: 'chatSend', actor, messageId: 'message-1', text: 'Hello, everyone.' }),
  chatDelete: (actor) => ({ type: 'chatDelete', actor, messageId: 'message-1' }),
  chatSetEnabled: (actor) => ({ type: 'chatSetEnabled', actor, enabled: false }),
  setFocusMode: (actor) => ({ type: 'setFocusMode', actor, on: true }),
  // Ana's own thread: a member may write in it, staff may answer in it.
  chatPrivate: (actor) => ({ type: 'chatPrivate', actor, messageId: 'private-1', memberId: 'ana', text: 'Hi.' }),
  pairsStart: (actor) => ({ type: 'pairsStart', actor, minutes: 10 }),
  pairsEnd: (actor) => ({ type: 'pairsEnd', actor }),
  pairsVisit: (actor) => ({ type: 'pairsVisit', actor, pairId: null }),
  pairsBroadcast: (actor) => ({ type: 'pairsBroadcast', actor, text: 'Two minutes left.' }),
  react: (actor) => ({ type: 'react', actor, kind: 'heart', previousAt: null }),
  reactionsSetEnabled: (actor) => ({ type: 'reactionsSetEnabled', actor, enabled: false }),
};

const THERAPIST_ONLY: readonly Role[] = ['therapist'];
const STAFF: readonly Role[] = ['therapist', 'supervisor'];
const PUBLISHERS: readonly Role[] = ['member', 'therapist'];
const MEMBER: readonly Role[] = ['member'];
const ANYONE: readonly Role[] = ['member', 'therapist', 'supervisor'];

/** Who the domain lets run each command, written out by hand. */
const DOMAIN_ROLES: Record<ActorCommandType, readonly Role[]> = {
  checkIn: MEMBER,
  admit: THERAPIST_ONLY,
  admitAll: THERAPIST_ONLY,
  cannotEncrypt: ANYONE,
  decline: THERAPIST_ONLY,
  remove: THERAPIST_ONLY,
  lock: THERAPIST_ONLY,
  end: THERAPIST_ONLY,
  leave: ANYONE,
  mediaState: PUBLISHERS,
  raiseHand: MEMBER,
  lowerHand: MEMBER,
  giveFloor: THERAPIST_ONLY,
  nextFloor: THERAPIST_ONLY,
  takeBack: THERAPIST_ONLY,
  endTurn: PUBLISHERS,
  passTurn: MEMBER,
  setListenOnly: MEMBER,
  setMode: THERAPIST_ONLY,
  setTurn: THERAPIST_ONLY,
  mute: THERAPIST_ONLY,
  muteAll: THERAPIST_ONLY,
  askUnmute: THERAPIST_ONLY,
  stopCamera: THERAPIST_ONLY,
  agendaSet: THERAPIST_ONLY,
  agendaTemplate: THERAPIST_ONLY,
  agendaStart: THERAPIST_ONLY,
  agendaPause: THERAPIST_ONLY,
  agendaResume: THERAPIST_ONLY,
  agendaNext: THERAPIST_ONLY,
  agendaPrevious: THERAPIST_ONLY,
  agendaExtend: THERAPIST_ONLY,
  crisisAlert: MEMBER,
  crisisAck: STAFF,
  crisisResolve: STAFF,
  crisisSideRoom: THERAPIST_ONLY,
  crisisReturn: THERAPIST_ONLY,
  setBreak: THERAPIST_ONLY,
  chatSend: ANYONE,
  chatDelete: THERAPIST_ONLY,
  chatSetEnabled: THERAPIST_ONLY,
  setFocusMode: THERAPIST_ONLY,
  chatPrivate: ANYONE,
  pairsStart: THERAPIST_ONLY,
  pairsEnd: THERAPIST_ONLY,
  pairsVisit: THERAPIST_ONLY,
  pairsBroadcast: THERAPIST_ONLY,
  react: PUBLISHERS,
  reactionsSetEnabled: THERAPIST_ONLY,
};

const COMMAND_TYPES = Object.keys(COMMANDS).filter((t): t is ActorCommandType => t in DOMAIN_ROLES);
const commandRows = (allowed: boolean) =>
  COMMAND_TYPES.flatMap((type) =>
    ROLES.filter((role) => DOMAIN_ROLES[type].includes(role) === allowed).map((role): [ActorCommandType, Role] => [
      type,
      role,
    ]),
  );

describe('the domain refuses commands outside the actor’s role', () => {
  test.each(commandRows(false))('%s by a %s is FORBIDDEN and changes nothing', (type, role) => {
    const state = deepFreeze(room());
    const before = structuredClone(state);
    const command = COMMANDS[type](ACTOR[role]);
    const d = decide(state, command, T0 + 1000, CONFIG);
    expect(d).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      events: [{ type: 'forbidden', actor: ACTOR[role], command: type }],
    });
    expect(state).toEqual(before);
  });

  test.each(commandRows(true))('%s by a %s is not refused for the role', (type, role) => {
    const d = decide(room(), COMMANDS[type](ACTOR[role]), T0 + 1000, CONFIG);
    expect(d.ok ? 'ok' : d.code).not.toBe('FORBIDDEN');
  });

  test.each(
    COMMAND_TYPES.flatMap((type) =>
      ROLES.map((role): [ActorCommandType, Role, ClientEventName] => [type, role, COMMAND_EVENT[type]]),
    ),
  )('%s by a %s: the domain agrees with the permission for %s', (type, role, event) => {
    expect(DOMAIN_ROLES[type].includes(role)).toBe(can(role, event));
  });
});
