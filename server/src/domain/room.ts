/**
 * The room's rules as plain functions over plain data: `decide(state, command, now)` returns the
 * next state and the events that adapters act on, or an error code. No I/O, no timers, no sockets.
 *
 * Each feature of the room keeps its own commands (lobby, floor, agenda policy, breaks, crisis,
 * chat, pairs); `decide` checks the person's permission once, then hands the command to its feature.
 */
import type { ClientEventName } from '@circle/shared';
import { PERMISSIONS } from './permissions.js';
import {
  type ActorCommand,
  type Command,
  type ParticipantState,
  type Decision,
  type DomainEvent,
  type Handlers,
  type RoomConfig,
  type RoomState,
  type ResultOf,
  no,
  byId,
} from './roomState.js';
import { LOBBY_HANDLERS } from './lobby.js';
import { FLOOR_HANDLERS } from './floor.js';
import { AGENDA_POLICY_HANDLERS } from './agendaPolicy.js';
import { BREAKS_HANDLERS } from './breaks.js';
import { CRISIS_HANDLERS } from './crisis.js';
import { CHAT_HANDLERS } from './chat.js';
import { PAIRS_HANDLERS } from './pairs.js';
import { REACTION_HANDLERS } from './reactions.js';
import { FOCUS_HANDLERS } from './focus.js';

export * from './roomState.js';
export { pairUp, PAIRS_TIMER } from './pairs.js';
export { AGENDA_TIMER } from './agendaPolicy.js';
export { nextInRoundRobin } from './floor.js';
export { receives, seesTile } from './focus.js';

/** What any handler is given (each handler's own `Ctx<T>` narrows it to its command). */
interface AnyCtx {
  state: RoomState;
  command: Command;
  now: number;
  config: RoomConfig;
  actor?: ParticipantState;
}

/** Every command, to the feature that decides it (a missing command type fails to compile). */
const HANDLERS: Handlers<Command['type']> = {
  ...LOBBY_HANDLERS,
  ...FLOOR_HANDLERS,
  ...AGENDA_POLICY_HANDLERS,
  ...BREAKS_HANDLERS,
  ...CRISIS_HANDLERS,
  ...CHAT_HANDLERS,
  ...PAIRS_HANDLERS,
  ...REACTION_HANDLERS,
  ...FOCUS_HANDLERS,
};

/**
 * The client event each actor command comes from: its row in the one permission table
 * (permissions.ts) is the rule the domain checks again.
 */
export const COMMAND_EVENT: { readonly [T in ActorCommand['type']]: ClientEventName } = {
  checkIn: 'session:checkIn',
  admit: 'lobby:admit',
  admitAll: 'lobby:admitAll',
  cannotEncrypt: 'e2ee:cannotEncrypt',
  decline: 'lobby:decline',
  remove: 'participant:remove',
  lock: 'room:lock',
  end: 'room:end',
  leave: 'room:leave',
  mediaState: 'producer:setPaused',
  raiseHand: 'hand:raise',
  lowerHand: 'hand:lower',
  giveFloor: 'floor:give',
  nextFloor: 'floor:next',
  takeBack: 'floor:takeBack',
  endTurn: 'floor:end',
  passTurn: 'turn:pass',
  setListenOnly: 'speaking:listenOnly',
  setMode: 'speaking:setMode',
  setTurn: 'speaking:setTurn',
  mute: 'participant:mute',
  muteAll: 'participant:muteAll',
  askUnmute: 'participant:askUnmute',
  stopCamera: 'participant:stopCamera',
  agendaSet: 'agenda:set',
  agendaTemplate: 'agenda:useTemplate',
  agendaStart: 'agenda:start',
  agendaPause: 'agenda:pause',
  agendaResume: 'agenda:resume',
  agendaNext: 'agenda:next',
  agendaPrevious: 'agenda:previous',
  agendaExtend: 'agenda:extend',
  crisisAlert: 'crisis:alert',
  crisisAck: 'crisis:acknowledge',
  crisisResolve: 'crisis:resolve',
  crisisSideRoom: 'crisis:sideRoom',
  crisisReturn: 'crisis:return',
  setBreak: 'room:break',
  chatSend: 'chat:send',
  chatDelete: 'chat:delete',
  chatSetEnabled: 'chat:setEnabled',
  setFocusMode: 'room:setFocusMode',
  chatPrivate: 'chat:private',
  pairsStart: 'pairs:start',
  pairsEnd: 'pairs:end',
  pairsVisit: 'pairs:visit',
  pairsBroadcast: 'pairs:broadcast',
  react: 'reaction:send',
  reactionsSetEnabled: 'reactions:setEnabled',
};

/** Decide a command: the next state, the events, and the command's own answer (`ResultOf`), or a refusal. */
export function decide<C extends Command>(
  state: RoomState,
  command: C,
  now: number,
  config: RoomConfig,
): Decision<ResultOf<C['type']>> {
  const d = decideRules(state, command, now, config);
  return d.ok ? { ...d, events: withMutes(state, d.state, d.events) } : d;
}

function decideRules<C extends Command>(
  state: RoomState,
  command: C,
  now: number,
  config: RoomConfig,
): Decision<ResultOf<C['type']>> {
  // The table is indexed by the command's own type; TypeScript cannot correlate the two, hence one cast
  // (each handler's answer is checked against `ResultOf` where the table is built).
  const handler = HANDLERS[command.type as C['type']] as (ctx: AnyCtx) => Decision<ResultOf<C['type']>>;
  if (!('actor' in command)) return handler({ state, command, now, config });
  const rule = PERMISSIONS[COMMAND_EVENT[command.type]];
  const actor = byId(state.participants, command.actor);
  if (!actor) return no('NOT_FOUND');
  if (!rule.roles.includes(actor.role)) {
    return { ok: false, code: 'FORBIDDEN', events: [{ type: 'forbidden', actor: actor.id, command: command.type }] };
  }
  if (actor.status === 'removed') return no('REMOVED');
  if (rule.admitted && actor.status !== 'admitted') return no('NOT_ADMITTED');
  return handler({ state, command, now, config, actor });
}

/**
 * Whatever rule turned a microphone off in the room, the SFU must pause it: every mic that was on
 * and is now off gets a `muteAudio` event (once).
 */
function withMutes(before: RoomState, after: RoomState, events: DomainEvent[]): DomainEvent[] {
  if (before.participants === after.participants) return events;
  const muted = new Set(events.flatMap((e) => (e.type === 'muteAudio' ? [e.participantId] : [])));
  const extra: DomainEvent[] = [];
  for (const p of Object.values(after.participants)) {
    if (!p.micOn && byId(before.participants, p.id)?.micOn && !muted.has(p.id)) {
      extra.push({ type: 'muteAudio', participantId: p.id });
    }
  }
  return extra.length > 0 ? [...events, ...extra] : events;
}
