/**
 * Crisis alerts: raised, acknowledged, escalated, resolved; the private side room with a therapist.
 */
import { say, type CrisisEventView } from '@circle/shared';
import {
  type CrisisAlert,
  type Ctx,
  type Decision,
  type DomainEvent,
  type Handlers,
  MAIN_SPACE,
  type RoomState,
  TURN_TIMER,
  crisisKey,
  done,
  inSpace,
  no,
  openStint,
  sideRoomSpace,
  withParticipant,
  byId,
  type ResultOf,
} from './roomState.js';
import { endBreakOf, startBreak } from './breaks.js';
import { endFloor } from './floor.js';

export function returningMembers(state: RoomState, alertId: string): DomainEvent[] {
  return inSpace(state, sideRoomSpace(alertId))
    .filter((p) => p.role === 'member')
    .map((p) => ({ type: 'muteAudio', participantId: p.id }));
}

export function closeSideRoom(state: RoomState, alertId: string, actor: string, now: number): RoomState {
  let next = state;
  for (const p of inSpace(state, sideRoomSpace(alertId))) {
    // Back with the group, muted.
    next = withParticipant(next, { ...p, space: MAIN_SPACE, micOn: p.role === 'member' ? false : p.micOn });
  }
  return {
    ...next,
    crisis: next.crisis.map((a) =>
      a.id === alertId ? { ...a, history: [...a.history, { type: 'side-room-closed', at: now, actorId: actor }] } : a,
    ),
  };
}

const onCrisisAlert = ({
  state,
  command,
  now,
  config,
  actor,
}: Ctx<'crisisAlert'>): Decision<ResultOf<'crisisAlert'>> => {
  const p = actor;
  const open = state.crisis.find((a) => a.participantId === p.id && a.state !== 'resolved');
  if (open) return done(state, [], { alertId: open.id });
  const alert: CrisisAlert = {
    id: command.alertId,
    participantId: p.id,
    raisedAt: now,
    state: 'raised',
    escalated: false,
    acknowledgedBy: null,
    note: null,
    history: [{ type: 'raised', at: now, actorId: p.id }],
  };
  return done(
    { ...state, crisis: [...state.crisis, alert] },
    [
      { type: 'crisisRaised', alertId: alert.id, participantId: p.id },
      {
        type: 'schedule',
        key: crisisKey(alert.id),
        at: now + config.crisisEscalateMs,
        command: { type: 'crisisEscalate', alertId: alert.id },
      },
    ],
    { alertId: alert.id },
  );
};

const onCrisisAckCrisisResolve = ({
  state,
  command,
  now,
}: Ctx<'crisisAck' | 'crisisResolve'>): Decision<ResultOf<'crisisAck' | 'crisisResolve'>> => {
  const alert = state.crisis.find((a) => a.id === command.alertId);
  if (!alert) return no('NOT_FOUND');
  if (alert.state === 'resolved') return no('INVALID_STATE');
  const updated: CrisisAlert =
    command.type === 'crisisAck'
      ? {
          ...alert,
          state: 'acknowledged',
          acknowledgedBy: alert.acknowledgedBy ?? command.actor,
          history: [...alert.history, { type: 'acknowledged', at: now, actorId: command.actor }],
        }
      : {
          ...alert,
          state: 'resolved',
          acknowledgedBy: alert.acknowledgedBy ?? command.actor,
          note: command.note ?? null,
          history: [...alert.history, { type: 'resolved', at: now, actorId: command.actor }],
        };
  const next = { ...state, crisis: state.crisis.map((a) => (a.id === alert.id ? updated : a)) };
  const events: DomainEvent[] = [{ type: 'cancel', key: crisisKey(alert.id) }];
  if (command.type === 'crisisResolve' && inSpace(state, sideRoomSpace(alert.id)).length > 0) {
    const back = endBreakOf(closeSideRoom(next, alert.id, command.actor, now), alert.id, now);
    return done(back.state, [
      ...events,
      ...returningMembers(state, alert.id),
      { type: 'spacesChanged' },
      ...back.events,
    ]);
  }
  return done(next, events);
};

const onCrisisSideRoom = ({
  state,
  command,
  now,
  actor,
}: Ctx<'crisisSideRoom'>): Decision<ResultOf<'crisisSideRoom'>> => {
  const alert = state.crisis.find((a) => a.id === command.alertId);
  if (!alert || alert.state === 'resolved') return no(alert ? 'INVALID_STATE' : 'NOT_FOUND');
  const member = byId(state.participants, alert.participantId);
  const therapist = actor;
  if (!member || !member.connected || (member.status !== 'admitted' && member.status !== 'waiting')) {
    return no('INVALID_STATE');
  }
  const space = sideRoomSpace(alert.id);
  if (therapist.space !== MAIN_SPACE && therapist.space !== space) return no('INVALID_STATE');
  let next = withParticipant(state, { ...therapist, space, handRaisedAt: null });
  // A member still in the lobby is let in, straight into the private room.
  next = withParticipant(next, {
    ...member,
    space,
    status: 'admitted',
    handRaisedAt: null,
    attendance: member.status === 'admitted' ? member.attendance : openStint(member, now),
  });
  const history: CrisisEventView[] = [
    ...alert.history,
    ...(alert.state === 'raised' ? [{ type: 'acknowledged' as const, at: now, actorId: therapist.id }] : []),
    { type: 'side-room-opened', at: now, actorId: therapist.id },
  ];
  next = {
    ...next,
    crisis: next.crisis.map((a) =>
      a.id === alert.id
        ? { ...a, state: 'acknowledged', acknowledgedBy: a.acknowledgedBy ?? therapist.id, history }
        : a,
    ),
  };
  const events: DomainEvent[] = [{ type: 'cancel', key: crisisKey(alert.id) }, { type: 'spacesChanged' }];
  if (next.speaking.floor && [member.id, therapist.id].includes(next.speaking.floor.participantId)) {
    next = endFloor(next, now);
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  // With no other therapist left with the group, the group takes a short break.
  const otherTherapist = Object.values(next.participants).some(
    (p) => p.role === 'therapist' && p.status === 'admitted' && p.connected && p.space === MAIN_SPACE,
  );
  if (!otherTherapist && !next.onBreak) {
    const paused = startBreak(next, now, 'side-room', alert.id);
    next = paused.state;
    events.push(...paused.events);
  }
  return done(next, events);
};

const onCrisisReturn = ({ state, command, now }: Ctx<'crisisReturn'>): Decision<ResultOf<'crisisReturn'>> => {
  const alert = state.crisis.find((a) => a.id === command.alertId);
  if (!alert) return no('NOT_FOUND');
  if (inSpace(state, sideRoomSpace(alert.id)).length === 0) return no('INVALID_STATE');
  const back = endBreakOf(closeSideRoom(state, alert.id, command.actor, now), alert.id, now);
  return done(back.state, [...returningMembers(state, alert.id), { type: 'spacesChanged' }, ...back.events]);
};

const onCrisisEscalate = ({ state, command, now }: Ctx<'crisisEscalate'>): Decision<ResultOf<'crisisEscalate'>> => {
  const alert = state.crisis.find((a) => a.id === command.alertId);
  if (!alert || alert.state !== 'raised' || alert.escalated) return done(state);
  const updated: CrisisAlert = {
    ...alert,
    escalated: true,
    history: [...alert.history, { type: 'escalated', at: now, actorId: 'system' }],
  };
  return done({ ...state, crisis: state.crisis.map((a) => (a.id === alert.id ? updated : a)) }, [
    {
      type: 'notice',
      to: alert.participantId,
      kind: 'crisis-escalated',
      ...say('crisisEscalatedMember'),
    },
    {
      type: 'staffNotice',
      kind: 'crisis-escalated',
      ...say('crisisEscalatedStaff'),
      about: alert.participantId,
    },
  ]);
};

export const CRISIS_HANDLERS: Handlers<
  'crisisAlert' | 'crisisAck' | 'crisisResolve' | 'crisisSideRoom' | 'crisisReturn' | 'crisisEscalate'
> = {
  crisisAlert: onCrisisAlert,
  crisisAck: onCrisisAckCrisisResolve,
  crisisResolve: onCrisisAckCrisisResolve,
  crisisSideRoom: onCrisisSideRoom,
  crisisReturn: onCrisisReturn,
  crisisEscalate: onCrisisEscalate,
};
