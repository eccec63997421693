/**
 * The lobby and the roster: invitations, arriving, check-in, admission, leaving, removal, the end.
 */
import { say, type ParticipantStatus } from '@circle/shared';
import * as agendaClock from './agenda.js';
import {
  type Ctx,
  type Decision,
  type DomainEvent,
  type Handlers,
  MAIN_SPACE,
  type ParticipantState,
  type RoomConfig,
  type RoomState,
  TURN_TIMER,
  admittedMembers,
  closeStint,
  done,
  graceKey,
  isStaffRole,
  nameTaken,
  no,
  openStint,
  pairSpace,
  withParticipant,
  byId,
  agreementOf,
  type ResultOf,
} from './roomState.js';
import { AGENDA_TIMER } from './agendaPolicy.js';
import { endFloor } from './floor.js';

export function connect(state: RoomState, inviteId: string, now: number, config: RoomConfig): Decision {
  if (state.endedAt !== null) return no('SESSION_ENDED');
  const existing = byId(state.participants, inviteId);
  if (existing?.status === 'removed' || existing?.status === 'declined') return no('REMOVED');
  const invite = byId(state.invites, inviteId);
  if (!invite || invite.revoked || invite.expiresAt <= now) return no('INVITE_INVALID');
  const staff = isStaffRole(invite.role);
  if (!existing) {
    const p: ParticipantState = {
      id: invite.id,
      role: invite.role,
      displayName: invite.displayName,
      status: staff ? 'admitted' : 'arriving',
      connected: true,
      disconnectedAt: null,
      reconnects: 0,
      checkIn: null,
      micOn: false,
      cameraOn: false,
      handRaisedAt: null,
      talkMs: 0,
      turns: 0,
      attendance: staff ? [{ joinedAt: now, leftAt: null }] : [],
      space: MAIN_SPACE,
    };
    return done(withParticipant(state, p));
  }
  const rejoining =
    existing.status === 'left' && existing.rejoinUntil != null && now <= existing.rejoinUntil && state.endedAt === null;
  const withinGrace =
    rejoining ||
    (existing.status === 'admitted' &&
      existing.disconnectedAt !== null &&
      now - existing.disconnectedAt <= config.reconnectGraceMs);
  const events: DomainEvent[] = [{ type: 'cancel', key: graceKey(existing.id) }];
  let status: ParticipantStatus = existing.status;
  if (staff || rejoining) {
    status = 'admitted';
  } else if (
    existing.status === 'left' ||
    (existing.status === 'admitted' && existing.disconnectedAt !== null && !withinGrace)
  ) {
    status = 'arriving';
  }
  if (withinGrace || (existing.connected && existing.status === 'admitted')) {
    events.push({
      type: 'notice',
      to: existing.id,
      kind: 'welcome-back',
      ...say('welcomeBack'),
    });
  }
  const p: ParticipantState = {
    ...existing,
    status,
    connected: true,
    disconnectedAt: null,
    micOn: false,
    cameraOn: false,
    reconnects: existing.reconnects + (existing.disconnectedAt !== null || existing.connected ? 1 : 0),
    rejoinUntil: null,
    // Back after leaving: with the group, or with their pair if the pairs still run.
    space: rejoining ? spaceOnReturn(state, existing) : existing.space,
    // Back through the lobby: their old hand is down and their last stint ended when they dropped.
    handRaisedAt: status === 'arriving' ? null : existing.handRaisedAt,
    attendance: status === 'admitted' ? openStint(existing, now) : closeStint(existing, existing.disconnectedAt ?? now),
  };
  return done(withParticipant(state, p), events);
}

export function spaceOnReturn(state: RoomState, p: ParticipantState): string {
  const pair = state.pairs?.groups.find((g) => g.memberIds.includes(p.id));
  return pair ? pairSpace(pair.id) : MAIN_SPACE;
}

export function admit(state: RoomState, p: ParticipantState, now: number): RoomState {
  const next = withParticipant(state, { ...p, status: 'admitted', attendance: openStint(p, now) });
  // A latecomer joins the end of a running round robin.
  const rr = next.speaking.roundRobin;
  if (!rr || rr.order.includes(p.id)) return next;
  return { ...next, speaking: { ...next.speaking, roundRobin: { ...rr, order: [...rr.order, p.id] } } };
}

export function endParticipant(state: RoomState, p: ParticipantState, reason: 'removed', now: number): Decision {
  let next = withParticipant(state, {
    ...p,
    status: 'removed',
    connected: false,
    handRaisedAt: null,
    micOn: false,
    cameraOn: false,
    attendance: closeStint(p, now),
  });
  const events: DomainEvent[] = [
    { type: 'ended', participantId: p.id, reason },
    { type: 'cancel', key: graceKey(p.id) },
  ];
  if (state.speaking.floor?.participantId === p.id) {
    next = endFloor(next, now);
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  return done(next, events);
}

const onAddInvite = ({ state, command }: Ctx<'addInvite'>): Decision<ResultOf<'addInvite'>> => {
  if (nameTaken(state, command.invite.displayName)) return no('NAME_TAKEN');
  return done({ ...state, invites: { ...state.invites, [command.invite.id]: command.invite } });
};

const onRevokeInvite = ({ state, command, now }: Ctx<'revokeInvite'>): Decision<ResultOf<'revokeInvite'>> => {
  const invite = byId(state.invites, command.inviteId);
  if (!invite) return no('NOT_FOUND');
  const next = { ...state, invites: { ...state.invites, [invite.id]: { ...invite, revoked: true } } };
  const p = byId(state.participants, invite.id);
  if (p && p.status !== 'removed' && p.status !== 'left') {
    return endParticipant(next, p, 'removed', now);
  }
  return done(next);
};

const onConnect = ({ state, command, now, config }: Ctx<'connect'>): Decision<ResultOf<'connect'>> => {
  return connect(state, command.inviteId, now, config);
};

const onDisconnect = ({ state, command, now, config }: Ctx<'disconnect'>): Decision<ResultOf<'disconnect'>> => {
  const p = byId(state.participants, command.participantId);
  if (!p) return no('NOT_FOUND');
  if (!p.connected) return done(state);
  if (p.status !== 'admitted') {
    // Not in the room yet: forget them from the lobby; they come back through it.
    const status: ParticipantStatus = p.status === 'waiting' ? 'arriving' : p.status;
    return done(withParticipant(state, { ...p, connected: false, disconnectedAt: now, status, handRaisedAt: null }));
  }
  let next = withParticipant(state, { ...p, connected: false, disconnectedAt: now, micOn: false, cameraOn: false });
  const events: DomainEvent[] = [
    {
      type: 'schedule',
      key: graceKey(p.id),
      at: now + config.reconnectGraceMs,
      command: { type: 'graceExpired', participantId: p.id },
    },
  ];
  if (state.speaking.floor?.participantId === p.id) {
    // The floor returns to the therapists; the member comes back muted.
    next = endFloor(next, now);
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  return done(next, events);
};

const onGraceExpired = ({ state, command, now }: Ctx<'graceExpired'>): Decision<ResultOf<'graceExpired'>> => {
  const p = byId(state.participants, command.participantId);
  if (!p || p.connected || p.status !== 'admitted') return done(state);
  return done(
    withParticipant(state, {
      ...p,
      status: 'left',
      handRaisedAt: null,
      attendance: closeStint(p, p.disconnectedAt ?? now),
    }),
  );
};

const onCheckIn = ({ state, command, now, actor }: Ctx<'checkIn'>): Decision<ResultOf<'checkIn'>> => {
  const p = actor;
  if (p.status === 'admitted' || p.status === 'waiting') return done(state, [], { status: p.status });
  if (p.status === 'declined') return no('INVALID_STATE');
  // The agreement in the language the member read it in: the acceptance records that language's version.
  const agreement = agreementOf(state, command.checkIn.language);
  if (command.checkIn.agreementVersion !== agreement.version) return no('AGREEMENT_REQUIRED');
  if (state.locked) return no('ROOM_LOCKED');
  if (admittedMembers(state).length >= state.maxMembers) return no('ROOM_FULL');
  const checkIn = { ...command.checkIn, language: agreement.language, at: now };
  const next = withParticipant(state, { ...p, status: 'waiting', checkIn });
  return done(next, [], { status: 'waiting' });
};

const onAdmit = ({ state, command, now }: Ctx<'admit'>): Decision<ResultOf<'admit'>> => {
  const p = byId(state.participants, command.target);
  if (!p || p.role !== 'member') return no('NOT_FOUND');
  // Already in the room, back on a browser that cannot encrypt: "without encryption" lets their media
  // in the clear (everyone told), as at the door.
  if (p.status === 'admitted' && p.cannotEncrypt && !p.plainAllowed && command.unencrypted)
    return done(withParticipant(state, { ...p, plainAllowed: true }));
  if (p.status !== 'waiting') return no('INVALID_STATE');
  if (admittedMembers(state).length >= state.maxMembers) return no('ROOM_FULL');
  // A browser that cannot encrypt (E2EE rooms): only with the therapist's explicit "without encryption".
  if (p.cannotEncrypt && !command.unencrypted) return no('INVALID_STATE');
  const allowed = command.unencrypted && p.cannotEncrypt ? { ...p, plainAllowed: true } : p;
  return done(admit(state, allowed, now), [{ type: 'admitted', participantId: p.id }]);
};

/** E2EE rooms: this participant's browser cannot encrypt media (said by their page; kept for the session). */
const onCannotEncrypt = ({ state, actor }: Ctx<'cannotEncrypt'>): Decision<ResultOf<'cannotEncrypt'>> => {
  if (actor.cannotEncrypt) return done(state);
  const next = withParticipant(state, { ...actor, cannotEncrypt: true });
  // A member already let in (who came back on another browser): the room stays sealed, so they see and
  // hear no one until the therapist decides, and the therapist is told.
  if (actor.status !== 'admitted' || actor.role !== 'member' || actor.plainAllowed) return done(next);
  return done(next, [
    {
      type: 'staffNotice',
      kind: 'cannot-encrypt',
      ...say('cannotEncryptInRoom', { name: actor.displayName }),
      about: actor.id,
    },
  ]);
};

const onAdmitAll = ({ state, now }: Ctx<'admitAll'>): Decision<ResultOf<'admitAll'>> => {
  const waiting = Object.values(state.participants)
    // A browser that cannot encrypt waits for its own decision ("Admit … without encryption").
    .filter((p) => p.role === 'member' && p.status === 'waiting' && !p.cannotEncrypt)
    .sort((a, b) => (a.checkIn?.at ?? 0) - (b.checkIn?.at ?? 0));
  const room = state.maxMembers - admittedMembers(state).length;
  if (waiting.length > 0 && room <= 0) return no('ROOM_FULL');
  let next = state;
  const events: DomainEvent[] = [];
  for (const p of waiting.slice(0, Math.max(0, room))) {
    next = admit(next, p, now);
    events.push({ type: 'admitted', participantId: p.id });
  }
  return done(next, events, { admitted: events.length });
};

const onDecline = ({ state, command }: Ctx<'decline'>): Decision<ResultOf<'decline'>> => {
  const p = byId(state.participants, command.target);
  if (!p || p.role !== 'member') return no('NOT_FOUND');
  if (p.status !== 'waiting' && p.status !== 'arriving') return no('INVALID_STATE');
  const next = withParticipant(state, { ...p, status: 'declined' });
  return done(next, [
    command.message === undefined
      ? { type: 'ended', participantId: p.id, reason: 'declined' }
      : { type: 'ended', participantId: p.id, reason: 'declined', message: command.message },
  ]);
};

const onRemove = ({ state, command, now }: Ctx<'remove'>): Decision<ResultOf<'remove'>> => {
  const p = byId(state.participants, command.target);
  if (!p || p.role === 'therapist' || p.id === command.actor) return no(p ? 'FORBIDDEN' : 'NOT_FOUND');
  if (p.status === 'removed') return no('INVALID_STATE');
  const invite = byId(state.invites, p.id);
  const next = invite ? { ...state, invites: { ...state.invites, [p.id]: { ...invite, revoked: true } } } : state;
  return endParticipant(next, p, 'removed', now);
};

const onLock = ({ state, command }: Ctx<'lock'>): Decision<ResultOf<'lock'>> => {
  return done({ ...state, locked: command.locked });
};

const onEnd = ({ state, command, now }: Ctx<'end'>): Decision<ResultOf<'end'>> => {
  // Everyone's stint closes now; the agenda stops; nobody can join again.
  let next: RoomState = {
    ...state,
    endedAt: now,
    endedBy: command.actor,
    locked: true,
    pairs: null,
    onBreak: false,
    breakState: null,
    speaking: { ...state.speaking, roundRobin: null },
  };
  const events: DomainEvent[] = [
    { type: 'cancel', key: TURN_TIMER },
    { type: 'cancel', key: AGENDA_TIMER },
  ];
  if (next.speaking.floor) next = endFloor(next, now);
  next = { ...next, agenda: agendaClock.finish(next.agenda, now) };
  for (const p of Object.values(next.participants)) {
    next = withParticipant(next, {
      ...p,
      connected: false,
      space: MAIN_SPACE,
      handRaisedAt: null,
      // Someone who had dropped left when they dropped.
      attendance: closeStint(p, p.connected ? now : (p.disconnectedAt ?? now)),
      status: p.status === 'admitted' || p.status === 'waiting' ? 'left' : p.status,
    });
    if (p.connected) {
      events.push(
        p.id === command.actor
          ? { type: 'ended', participantId: p.id, reason: 'ended', keepConnection: true }
          : { type: 'ended', participantId: p.id, reason: 'ended' },
      );
    }
  }
  return done(next, events);
};

const onLeave = ({ state, now, config, actor }: Ctx<'leave'>): Decision<ResultOf<'leave'>> => {
  const p = actor;
  let next = withParticipant(state, {
    ...p,
    // A member who was in the room may change their mind: "Rejoin" within the grace goes straight back.
    rejoinUntil: p.status === 'admitted' ? now + config.reconnectGraceMs : null,
    status: 'left',
    connected: false,
    disconnectedAt: now,
    handRaisedAt: null,
    micOn: false,
    cameraOn: false,
    attendance: closeStint(p, now),
  });
  const events: DomainEvent[] = [{ type: 'cancel', key: graceKey(p.id) }];
  if (state.speaking.floor?.participantId === p.id) {
    next = endFloor(next, now);
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  return done(next, events);
};

export const LOBBY_HANDLERS: Handlers<
  | 'addInvite'
  | 'revokeInvite'
  | 'connect'
  | 'disconnect'
  | 'graceExpired'
  | 'checkIn'
  | 'admit'
  | 'admitAll'
  | 'cannotEncrypt'
  | 'decline'
  | 'remove'
  | 'lock'
  | 'end'
  | 'leave'
> = {
  addInvite: onAddInvite,
  revokeInvite: onRevokeInvite,
  connect: onConnect,
  disconnect: onDisconnect,
  graceExpired: onGraceExpired,
  checkIn: onCheckIn,
  admit: onAdmit,
  admitAll: onAdmitAll,
  cannotEncrypt: onCannotEncrypt,
  decline: onDecline,
  remove: onRemove,
  lock: onLock,
  end: onEnd,
  leave: onLeave,
};
