/**
 * Short breaks: clocks stand still and members are muted until the break ends with its cause.
 */
import { say } from '@circle/shared';
import * as agendaClock from './agenda.js';
import {
  type BreakState,
  type Ctx,
  type Decision,
  type DomainEvent,
  type Floor,
  type Handlers,
  MAIN_SPACE,
  type RoomState,
  TURN_TIMER,
  done,
  muteLocally,
  type ResultOf,
} from './roomState.js';
import { AGENDA_TIMER, agendaChange } from './agendaPolicy.js';
import { scheduleTurnTick } from './floor.js';

/**
 * A short break: the agenda and the turn clock stand still and every member with the group is muted.
 * It remembers its cause, so a break for a private room ends when the therapist is back.
 */
export function startBreak(
  state: RoomState,
  now: number,
  cause: BreakState['cause'],
  alertId: string | null,
): { state: RoomState; events: DomainEvent[] } {
  const events: DomainEvent[] = [];
  const paused = agendaClock.pause(state.agenda, now);
  let next: RoomState = {
    ...state,
    onBreak: true,
    breakState: { cause, alertId, startedAt: now, pausedAgenda: paused.ok },
    breakLog: [...(state.breakLog ?? []), { startedAt: now, endedAt: null, cause }],
  };
  if (paused.ok) {
    next = { ...next, agenda: paused.agenda };
    events.push({ type: 'cancel', key: AGENDA_TIMER });
  }
  const floor = next.speaking.floor;
  if (floor && floor.pausedAt == null) {
    next = { ...next, speaking: { ...next.speaking, floor: { ...floor, pausedAt: now } } };
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  for (const p of Object.values(next.participants)) {
    if (p.role === 'member' && p.space === MAIN_SPACE && p.micOn)
      events.push({ type: 'muteAudio', participantId: p.id });
  }
  next = muteLocally(next, events);
  events.push({ type: 'roomNotice', kind: 'break-started', ...say('breakStarted') });
  return { state: next, events };
}

/** The break ends: the agenda it paused and the turn clock run again from where they stood. */
export function endBreak(state: RoomState, now: number): { state: RoomState; events: DomainEvent[] } {
  let next: RoomState = {
    ...state,
    onBreak: false,
    breakState: null,
    breakLog: (state.breakLog ?? []).map((b) => (b.endedAt === null ? { ...b, endedAt: now } : b)),
  };
  const events: DomainEvent[] = [];
  const floor = next.speaking.floor;
  if (floor && floor.pausedAt != null) {
    const stood = Math.max(0, now - floor.pausedAt);
    const resumed: Floor = {
      ...floor,
      startedAt: floor.startedAt + stood,
      endsAt: floor.endsAt + stood,
      pausedAt: null,
    };
    next = { ...next, speaking: { ...next.speaking, floor: resumed } };
    events.push(...scheduleTurnTick(resumed, now));
  }
  if (state.breakState?.pausedAgenda && next.agenda.status === 'paused') {
    const r = agendaChange(next, agendaClock.resume(next.agenda, now), now, false);
    if (r.ok) {
      next = r.state;
      events.push(...r.events);
    }
  }
  events.push({ type: 'roomNotice', kind: 'break-ended', ...say('breakEnded') });
  return { state: next, events };
}

/** A private room closed: the break it caused (if any) ends with it. */
export function endBreakOf(
  state: RoomState,
  alertId: string,
  now: number,
): { state: RoomState; events: DomainEvent[] } {
  if (!state.onBreak || state.breakState?.cause !== 'side-room' || state.breakState.alertId !== alertId) {
    return { state, events: [] };
  }
  return endBreak(state, now);
}

const onSetBreak = ({ state, command, now }: Ctx<'setBreak'>): Decision<ResultOf<'setBreak'>> => {
  if (command.on === state.onBreak) return done(state);
  const r = command.on ? startBreak(state, now, 'therapist', null) : endBreak(state, now);
  return done(r.state, r.events);
};

export const BREAKS_HANDLERS: Handlers<'setBreak'> = {
  setBreak: onSetBreak,
};
