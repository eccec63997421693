/**
 * A room taken over from the store (after its node died, or restarted): which timers its state
 * implies, and who must be treated as reconnecting. Pure: the actor runs the events it returns.
 */
import * as agendaClock from './agenda.js';
import {
  AGENDA_TIMER,
  PAIRS_TIMER,
  TURN_TIMER,
  TURN_WARNING_MS,
  crisisKey,
  graceKey,
  type DomainEvent,
  type RoomConfig,
  type RoomState,
} from './room.js';

type Schedule = Extract<DomainEvent, { type: 'schedule' }>;

/**
 * The timers a room in `state` should have running at `now`: reconnection grace, the turn timer,
 * the agenda's next warning, crisis escalation and the end of pair work. A time already past is
 * due at once (`at: now`), so nothing is skipped while the room had no owner.
 */
export function timersFor(state: RoomState, now: number, config: RoomConfig): Schedule[] {
  const out: Schedule[] = [];
  const due = (at: number) => Math.max(at, now);

  for (const p of Object.values(state.participants)) {
    if (p.status === 'admitted' && !p.connected && p.disconnectedAt !== null) {
      out.push({
        type: 'schedule',
        key: graceKey(p.id),
        at: due(p.disconnectedAt + config.reconnectGraceMs),
        command: { type: 'graceExpired', participantId: p.id },
      });
    }
  }

  const floor = state.speaking.floor;
  // A turn paused by a break has no timer until the break ends.
  if (floor && !floor.expired && floor.pausedAt == null) {
    const warnAt = floor.endsAt - TURN_WARNING_MS;
    // A warning missed while nobody owned the room is still given if there is time left for it.
    const at = !floor.warned && floor.endsAt > now ? warnAt : floor.endsAt;
    out.push({ type: 'schedule', key: TURN_TIMER, at: due(at), command: { type: 'turnTick' } });
  }

  const tick = agendaClock.tick(state.agenda, now);
  const agendaAt = tick.warnings.length > 0 ? now : tick.nextAt;
  if (agendaAt !== null)
    out.push({ type: 'schedule', key: AGENDA_TIMER, at: agendaAt, command: { type: 'agendaTick' } });

  for (const alert of state.crisis) {
    if (alert.state === 'raised' && !alert.escalated) {
      out.push({
        type: 'schedule',
        key: crisisKey(alert.id),
        at: due(alert.raisedAt + config.crisisEscalateMs),
        command: { type: 'crisisEscalate', alertId: alert.id },
      });
    }
  }

  if (state.pairs) {
    out.push({ type: 'schedule', key: PAIRS_TIMER, at: due(state.pairs.endsAt), command: { type: 'pairsTimeUp' } });
  }
  return out;
}

/**
 * A room loaded by a node that did not hold it a moment ago. Nobody is connected to this node yet:
 * whoever the state shows connected is reconnecting from `now` (muted, camera off; others see
 * "reconnecting…"), keeping their role, place in the queue and the floor. People still in the
 * lobby go back to arriving, as on any disconnect. Then every timer the state implies is armed.
 */
export function resumeRoom(
  state: RoomState,
  now: number,
  config: RoomConfig,
): { state: RoomState; events: Schedule[] } {
  const participants = { ...state.participants };
  for (const p of Object.values(state.participants)) {
    if (!p.connected) continue;
    participants[p.id] =
      p.status === 'admitted'
        ? { ...p, connected: false, disconnectedAt: now, micOn: false, cameraOn: false }
        : {
            ...p,
            connected: false,
            disconnectedAt: now,
            handRaisedAt: null,
            status: p.status === 'waiting' ? 'arriving' : p.status,
          };
  }
  const next: RoomState = { ...state, participants };
  return { state: next, events: timersFor(next, now, config) };
}
