/**
 * Who may be heard: raised hands, the floor and its timer, round-robin turns, mute.
 */
import { say } from '@circle/shared';
import {
  type Ctx,
  type Decision,
  type DomainEvent,
  type Floor,
  type Handlers,
  MAIN_SPACE,
  type ParticipantState,
  type RoomState,
  TURN_TIMER,
  TURN_WARNING_MS,
  admittedMembers,
  done,
  handQueue,
  mayUnmute,
  muteLocally,
  no,
  withParticipant,
  byId,
  type ResultOf,
} from './roomState.js';

/** Whose turn is next in the round robin: the first in order who has neither spoken nor passed and is here. */
export function nextInRoundRobin(state: RoomState): ParticipantState | undefined {
  const rr = state.speaking.roundRobin;
  if (!rr) return undefined;
  return rr.order
    .filter((id) => !rr.done.includes(id) && !rr.passed.includes(id) && state.speaking.floor?.participantId !== id)
    .map((id) => byId(state.participants, id))
    .find((p): p is ParticipantState => !!p && p.status === 'admitted' && p.connected && p.space === MAIN_SPACE);
}

/** A member passes in the round robin ("Not now", or listening only); during their turn the next one starts. */
export function passInRoundRobin(
  state: RoomState,
  p: ParticipantState,
  now: number,
  how: 'not-now' | 'listening-only',
): Decision {
  const rr = state.speaking.roundRobin!;
  let next: RoomState = {
    ...state,
    speaking: { ...state.speaking, roundRobin: { ...rr, passed: [...rr.passed, p.id] } },
    passLog: [...(state.passLog ?? []), { participantId: p.id, at: now, how }],
  };
  const events: DomainEvent[] = [
    {
      type: 'staffNotice',
      kind: 'turn-passed',
      ...say('turnPassedStaff', { name: p.displayName, how: how === 'not-now' ? 'notNow' : 'listenOnly' }),
      about: p.id,
    },
    {
      type: 'notice',
      to: p.id,
      kind: 'turn-passed',
      ...say('turnPassedMember'),
    },
  ];
  if (state.speaking.floor?.participantId === p.id) {
    events.push({ type: 'cancel', key: TURN_TIMER });
    if (state.speaking.mode === 'facilitated') events.push({ type: 'muteAudio', participantId: p.id });
    next = endFloor(next, now);
    const following = state.onBreak ? undefined : nextInRoundRobin(next);
    if (following) {
      const given = giveFloor(next, following.id, now);
      if (given.ok) return done(given.state, [...events, ...given.events]);
    }
  }
  return done(next, events);
}

export function endFloor(state: RoomState, now: number): RoomState {
  const floor = state.speaking.floor;
  if (!floor) return state;
  let next: RoomState = {
    ...state,
    speaking: { ...state.speaking, floor: null },
    turnLog: state.turnLog.map((t) => (t.endedAt === null ? { ...t, endedAt: now } : t)),
  };
  const holder = byId(next.participants, floor.participantId);
  if (holder) {
    const micOn = state.speaking.mode === 'facilitated' ? false : holder.micOn;
    next = withParticipant(next, { ...holder, turns: holder.turns + 1, micOn });
  }
  const rr = next.speaking.roundRobin;
  if (rr && rr.order.includes(floor.participantId) && !rr.done.includes(floor.participantId)) {
    next = { ...next, speaking: { ...next.speaking, roundRobin: { ...rr, done: [...rr.done, floor.participantId] } } };
  }
  return next;
}

export function scheduleTurnTick(floor: Floor, now: number): DomainEvent[] {
  const warnAt = floor.endsAt - TURN_WARNING_MS;
  const at = !floor.warned && warnAt > now ? warnAt : floor.endsAt;
  return [{ type: 'schedule', key: TURN_TIMER, at: Math.max(at, now), command: { type: 'turnTick' } }];
}

export function giveFloor(state: RoomState, targetId: string, now: number): Decision {
  const events: DomainEvent[] = [];
  let next = state;
  const previous = state.speaking.floor;
  if (previous && previous.participantId !== targetId) {
    if (state.speaking.mode === 'facilitated')
      events.push({ type: 'muteAudio', participantId: previous.participantId });
    events.push({ type: 'notice', to: previous.participantId, kind: 'floor-ended', ...say('floorEnded') });
    next = endFloor(next, now);
  }
  const target = byId(next.participants, targetId);
  if (!target) return no('NOT_FOUND');
  // Giving the floor again to its holder restarts their time; it is still one turn.
  const sameHolder = previous?.participantId === targetId;
  const floor: Floor = {
    participantId: targetId,
    startedAt: now,
    endsAt: now + state.speaking.turnSeconds * 1000,
    warned: false,
    expired: false,
  };
  next = withParticipant(next, { ...target, handRaisedAt: null });
  next = {
    ...next,
    speaking: { ...next.speaking, floor },
    turnLog: sameHolder ? next.turnLog : [...next.turnLog, { participantId: targetId, startedAt: now, endedAt: null }],
  };
  events.push({
    type: 'notice',
    to: targetId,
    kind: 'floor-given',
    ...say('floorGiven'),
  });
  events.push(...scheduleTurnTick(floor, now));
  return done(next, events);
}

export function turnTick(state: RoomState, now: number): Decision {
  const floor = state.speaking.floor;
  // Nothing runs out while the group is on a break.
  if (!floor || floor.pausedAt != null) return done(state);
  if (now >= floor.endsAt) {
    if (floor.expired) return done(state);
    if (state.speaking.expiry === 'hard') {
      const next =
        nextInRoundRobin(state) ??
        handQueue(state).find((p) => p.connected && p.space === MAIN_SPACE && p.id !== floor.participantId);
      const ended: DomainEvent[] = [
        { type: 'notice', to: floor.participantId, kind: 'turn-expired', ...say('turnOverHard') },
      ];
      if (state.speaking.mode === 'facilitated') ended.push({ type: 'muteAudio', participantId: floor.participantId });
      if (next) {
        const r = giveFloor(endFloor(state, now), next.id, now);
        return r.ok ? done(r.state, [...ended, ...r.events]) : r;
      }
      return done(endFloor(state, now), ended);
    }
    return done({ ...state, speaking: { ...state.speaking, floor: { ...floor, expired: true, warned: true } } }, [
      {
        type: 'notice',
        to: floor.participantId,
        kind: 'turn-expired',
        ...say('turnOverSoft'),
      },
    ]);
  }
  if (!floor.warned && now >= floor.endsAt - TURN_WARNING_MS) {
    const warned = { ...floor, warned: true };
    return done({ ...state, speaking: { ...state.speaking, floor: warned } }, [
      { type: 'notice', to: floor.participantId, kind: 'turn-warning', ...say('turnWarning') },
      ...scheduleTurnTick(warned, now),
    ]);
  }
  return done(state, scheduleTurnTick(floor, now));
}

const onMediaState = ({ state, command, actor }: Ctx<'mediaState'>): Decision<ResultOf<'mediaState'>> => {
  const p = actor;
  if (command.micOn === true && !mayUnmute(state, p.id)) return no('NOT_YOUR_TURN');
  return done(
    withParticipant(state, {
      ...p,
      micOn: command.micOn ?? p.micOn,
      cameraOn: command.cameraOn ?? p.cameraOn,
      ...(command.audioOnly === undefined ? {} : { audioOnly: command.audioOnly }),
    }),
  );
};

const onRaiseHand = ({ state, now, actor }: Ctx<'raiseHand'>): Decision<ResultOf<'raiseHand'>> => {
  const p = actor;
  if (p.handRaisedAt !== null || state.speaking.floor?.participantId === p.id) return done(state);
  return done(withParticipant(state, { ...p, handRaisedAt: now }));
};

const onLowerHand = ({ state, actor }: Ctx<'lowerHand'>): Decision<ResultOf<'lowerHand'>> => {
  const p = actor;
  return done(withParticipant(state, { ...p, handRaisedAt: null }));
};

const onGiveFloor = ({ state, command, now }: Ctx<'giveFloor'>): Decision<ResultOf<'giveFloor'>> => {
  const target = byId(state.participants, command.target);
  if (
    !target ||
    target.status !== 'admitted' ||
    !target.connected ||
    target.role !== 'member' ||
    target.space !== MAIN_SPACE
  ) {
    return no(target ? 'INVALID_STATE' : 'NOT_FOUND');
  }
  return giveFloor(state, target.id, now);
};

const onNextFloor = ({ state, now }: Ctx<'nextFloor'>): Decision<ResultOf<'nextFloor'>> => {
  const next = nextInRoundRobin(state) ?? handQueue(state).find((p) => p.connected && p.space === MAIN_SPACE);
  if (!next) return no('INVALID_STATE');
  return giveFloor(state, next.id, now);
};

const onTakeBackEndTurn = ({
  state,
  command,
  now,
  actor,
}: Ctx<'takeBack' | 'endTurn'>): Decision<ResultOf<'takeBack' | 'endTurn'>> => {
  const floor = state.speaking.floor;
  if (!floor) return done(state);
  if (command.type === 'endTurn' && actor.role === 'member' && floor.participantId !== actor.id) {
    return no('NOT_YOUR_TURN');
  }
  const events: DomainEvent[] = [{ type: 'cancel', key: TURN_TIMER }];
  if (state.speaking.mode === 'facilitated') events.push({ type: 'muteAudio', participantId: floor.participantId });
  events.push({ type: 'notice', to: floor.participantId, kind: 'floor-ended', ...say('floorEnded') });
  const ended = endFloor(state, now);
  // In a round robin, a member who is done hands on to the next in the order.
  const following = command.type === 'endTurn' && !state.onBreak ? nextInRoundRobin(ended) : undefined;
  if (following) {
    const given = giveFloor(ended, following.id, now);
    if (given.ok) return done(given.state, [...events, ...given.events]);
  }
  return done(ended, events);
};

const onPassTurn = ({ state, now, actor }: Ctx<'passTurn'>): Decision<ResultOf<'passTurn'>> => {
  const rr = state.speaking.roundRobin;
  const p = actor;
  if (!rr || !rr.order.includes(p.id) || rr.done.includes(p.id) || rr.passed.includes(p.id)) {
    return no('INVALID_STATE');
  }
  return passInRoundRobin(state, p, now, 'not-now');
};

const onSetListenOnly = ({ state, command, now, actor }: Ctx<'setListenOnly'>): Decision<ResultOf<'setListenOnly'>> => {
  const p = { ...actor, listenOnly: command.on };
  const next = withParticipant(state, p);
  const rr = next.speaking.roundRobin;
  if (command.on && rr && rr.order.includes(p.id) && !rr.done.includes(p.id) && !rr.passed.includes(p.id)) {
    return passInRoundRobin(next, p, now, 'listening-only');
  }
  return done(next);
};

const onSetMode = ({ state, command }: Ctx<'setMode'>): Decision<ResultOf<'setMode'>> => {
  const next: RoomState = { ...state, speaking: { ...state.speaking, mode: command.mode } };
  const events: DomainEvent[] = [];
  if (command.mode === 'facilitated') {
    for (const p of Object.values(next.participants)) {
      if (p.role === 'member' && p.micOn && !mayUnmute(next, p.id)) {
        events.push({ type: 'muteAudio', participantId: p.id });
      }
    }
  }
  return done(muteLocally(next, events), events);
};

const onSetTurn = ({ state, command, now }: Ctx<'setTurn'>): Decision<ResultOf<'setTurn'>> => {
  const floor = state.speaking.floor;
  const next: RoomState = {
    ...state,
    speaking: {
      ...state.speaking,
      turnSeconds: command.turnSeconds,
      expiry: command.expiry,
      floor: floor
        ? { ...floor, endsAt: floor.startedAt + command.turnSeconds * 1000, warned: false, expired: false }
        : null,
    },
  };
  return done(next, next.speaking.floor ? scheduleTurnTick(next.speaking.floor, now) : []);
};

const onTurnTick = ({ state, now }: Ctx<'turnTick'>): Decision<ResultOf<'turnTick'>> => {
  return turnTick(state, now);
};

const onMute = ({ state, command }: Ctx<'mute'>): Decision<ResultOf<'mute'>> => {
  const p = byId(state.participants, command.target);
  if (!p || p.status !== 'admitted') return no('NOT_FOUND');
  if (p.role !== 'member') return no('FORBIDDEN');
  const events: DomainEvent[] = [
    { type: 'muteAudio', participantId: p.id },
    { type: 'notice', to: p.id, kind: 'muted-by-therapist', ...say('mutedByTherapist') },
  ];
  return done(withParticipant(state, { ...p, micOn: false }), events);
};

const onMuteAll = ({ state }: Ctx<'muteAll'>): Decision<ResultOf<'muteAll'>> => {
  const events: DomainEvent[] = [];
  for (const p of admittedMembers(state)) {
    if (p.micOn) {
      events.push({ type: 'muteAudio', participantId: p.id });
      events.push({ type: 'notice', to: p.id, kind: 'muted-by-therapist', ...say('mutedEveryone') });
    }
  }
  const muted = events.filter((e) => e.type === 'muteAudio').length;
  return done(muteLocally(state, events), events, { muted });
};

const onAskUnmute = ({ state, command }: Ctx<'askUnmute'>): Decision<ResultOf<'askUnmute'>> => {
  const p = byId(state.participants, command.target);
  if (!p || p.status !== 'admitted' || p.role !== 'member') return no('NOT_FOUND');
  if (!mayUnmute(state, p.id)) return no('NOT_YOUR_TURN');
  return done(state, [
    {
      type: 'notice',
      to: p.id,
      kind: 'asked-to-unmute',
      ...say('askedToUnmute'),
    },
  ]);
};

const onStopCamera = ({ state, command }: Ctx<'stopCamera'>): Decision<ResultOf<'stopCamera'>> => {
  const p = byId(state.participants, command.target);
  if (!p || p.status !== 'admitted' || p.role !== 'member') return no('NOT_FOUND');
  return done(withParticipant(state, { ...p, cameraOn: false }), [
    { type: 'stopCamera', participantId: p.id },
    { type: 'notice', to: p.id, kind: 'camera-stopped', ...say('cameraStopped') },
  ]);
};

const onSpeakingSample = ({ state, command }: Ctx<'speakingSample'>): Decision<ResultOf<'speakingSample'>> => {
  let next = state;
  for (const id of command.speaking) {
    const p = byId(next.participants, id);
    if (p) next = withParticipant(next, { ...p, talkMs: p.talkMs + command.intervalMs });
  }
  return { ok: true, state: next, events: [], result: null, quiet: true };
};

export const FLOOR_HANDLERS: Handlers<
  | 'mediaState'
  | 'raiseHand'
  | 'lowerHand'
  | 'giveFloor'
  | 'nextFloor'
  | 'takeBack'
  | 'endTurn'
  | 'passTurn'
  | 'setListenOnly'
  | 'setMode'
  | 'setTurn'
  | 'turnTick'
  | 'mute'
  | 'muteAll'
  | 'askUnmute'
  | 'stopCamera'
  | 'speakingSample'
> = {
  mediaState: onMediaState,
  raiseHand: onRaiseHand,
  lowerHand: onLowerHand,
  giveFloor: onGiveFloor,
  nextFloor: onNextFloor,
  takeBack: onTakeBackEndTurn,
  endTurn: onTakeBackEndTurn,
  passTurn: onPassTurn,
  setListenOnly: onSetListenOnly,
  setMode: onSetMode,
  setTurn: onSetTurn,
  turnTick: onTurnTick,
  mute: onMute,
  muteAll: onMuteAll,
  askUnmute: onAskUnmute,
  stopCamera: onStopCamera,
  speakingSample: onSpeakingSample,
};
