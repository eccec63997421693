import { randomUUID } from 'node:crypto';
import type { AgendaTemplateId, ClientEventName, ClientEventResults, ParsedPayload } from '@circle/shared';
import { type Ack, fail, ok } from '@circle/shared';
import type { ChatMessage, E2eeDevice, PrivateMessage } from '@circle/shared';
import type { Command, ParticipantState, ResultOf } from '../domain/room.js';
import {
  type CheckEvent,
  type MediaContext,
  type RoomMediaEvent,
  CHECK_HANDLERS,
  MEDIA_HANDLERS,
} from './mediaCommands.js';
import type { RoomMedia } from './mediaPort.js';

/** Events the socket adapter's side handlers answer (health, the staff line): never the actor. */
export type SideEventName = 'stats:report' | 'health:history' | 'health:sessions' | 'staff:message';
/** Every event the room actor answers. */
export type ActorEventName = Exclude<ClientEventName, SideEventName>;
const SIDE_EVENTS: ReadonlySet<string> = new Set<SideEventName>([
  'stats:report',
  'health:history',
  'health:sessions',
  'staff:message',
]);
export const isActorEvent = (event: ClientEventName): event is ActorEventName => !SIDE_EVENTS.has(event);

/** What an event handler may touch: the participant, the room's commands, its media, its clock. */
export interface EventContext<M extends RoomMedia = RoomMedia> extends MediaContext<M> {
  readonly me: ParticipantState;
  /** Apply a room command; the answer is the command's own result. */
  run<C extends Command>(command: C): Promise<Ack<ResultOf<C['type']>>>;
  /** Close this participant's media (after leaving). */
  closeMedia(): void;
  now(): number;
  chatHistory(): { group: ChatMessage[]; private: PrivateMessage[] };
  /** Send this participant the whole room (a `room:state`): they saw a gap in their patches. */
  resendState(): void;
  /** When this participant's last reaction was shown (kept in memory only), or null. */
  lastReactionAt(): number | null;
  /**
   * End-to-end encrypted media: keep this participant's device key (memory only, replaced by each new
   * page), hand it to the others in the room, and answer with theirs.
   */
  announceDevice(publicKey: string): E2eeDevice[];
  /** Relay a wrapped media key to one participant in the room who announced a device; false if none. */
  relayKey(to: string, blob: string): boolean;
}

/** One handler per event, each answering exactly its event's result type. */
export type EventTable<K extends ActorEventName, M extends RoomMedia = RoomMedia> = {
  readonly [E in K]: (ctx: EventContext<M>, payload: ParsedPayload<E>) => Promise<Ack<ClientEventResults[E]>>;
};

/** Events that are room commands (the rest: media, the connection check, the clock, chat history). */
export type RoomCommandEvent = Exclude<
  ActorEventName,
  RoomMediaEvent | CheckEvent | 'clock:ping' | 'chat:history' | 'room:resync' | 'e2ee:announce' | 'e2ee:key'
>;

/**
 * Client events that are room commands, and the command each one becomes: the command's answer is the
 * event's answer, checked here by the compiler (`ResultOf` against `ClientEventResults`).
 */
export const ROOM_COMMAND_EVENTS: EventTable<RoomCommandEvent> = {
  'session:checkIn': (ctx, p) =>
    ctx.run({
      type: 'checkIn',
      actor: ctx.participantId,
      checkIn: {
        agreementVersion: p.agreementVersion,
        ...(p.language ? { language: p.language } : {}),
        location: p.location,
        privateSafePlace: p.privateSafePlace,
        ...(p.emergencyContact ? { emergencyContact: p.emergencyContact } : {}),
      },
    }),
  'e2ee:cannotEncrypt': (ctx) =>
    ctx.e2ee ? ctx.run({ type: 'cannotEncrypt', actor: ctx.participantId }) : Promise.resolve(fail('INVALID_STATE')),
  'lobby:admit': (ctx, p) =>
    ctx.run({ type: 'admit', actor: ctx.participantId, target: p.participantId, unencrypted: p.unencrypted }),
  'lobby:admitAll': (ctx) => ctx.run({ type: 'admitAll', actor: ctx.participantId }),
  'lobby:decline': (ctx, p) =>
    ctx.run({
      type: 'decline',
      actor: ctx.participantId,
      target: p.participantId,
      ...(p.message ? { message: p.message } : {}),
    }),
  'participant:remove': (ctx, p) => ctx.run({ type: 'remove', actor: ctx.participantId, target: p.participantId }),
  'room:end': (ctx) => ctx.run({ type: 'end', actor: ctx.participantId }),
  'room:lock': (ctx, p) => ctx.run({ type: 'lock', actor: ctx.participantId, locked: p.locked }),
  'room:leave': async (ctx) => {
    const r = await ctx.run({ type: 'leave', actor: ctx.participantId });
    if (r.ok) ctx.closeMedia();
    return r;
  },
  'room:break': (ctx, p) => ctx.run({ type: 'setBreak', actor: ctx.participantId, on: p.on }),
  'hand:raise': (ctx) => ctx.run({ type: 'raiseHand', actor: ctx.participantId }),
  'hand:lower': (ctx) => ctx.run({ type: 'lowerHand', actor: ctx.participantId }),
  'floor:give': (ctx, p) => ctx.run({ type: 'giveFloor', actor: ctx.participantId, target: p.participantId }),
  'floor:next': (ctx) => ctx.run({ type: 'nextFloor', actor: ctx.participantId }),
  'floor:takeBack': (ctx) => ctx.run({ type: 'takeBack', actor: ctx.participantId }),
  'floor:end': (ctx) => ctx.run({ type: 'endTurn', actor: ctx.participantId }),
  'turn:pass': (ctx) => ctx.run({ type: 'passTurn', actor: ctx.participantId }),
  'speaking:listenOnly': (ctx, p) => ctx.run({ type: 'setListenOnly', actor: ctx.participantId, on: p.on }),
  'speaking:setMode': (ctx, p) => ctx.run({ type: 'setMode', actor: ctx.participantId, mode: p.mode }),
  'speaking:setTurn': (ctx, p) =>
    ctx.run({ type: 'setTurn', actor: ctx.participantId, turnSeconds: p.turnSeconds, expiry: p.expiry }),
  'participant:mute': (ctx, p) => ctx.run({ type: 'mute', actor: ctx.participantId, target: p.participantId }),
  'participant:muteAll': (ctx) => ctx.run({ type: 'muteAll', actor: ctx.participantId }),
  'participant:askUnmute': (ctx, p) =>
    ctx.run({ type: 'askUnmute', actor: ctx.participantId, target: p.participantId }),
  'participant:stopCamera': (ctx, p) =>
    ctx.run({ type: 'stopCamera', actor: ctx.participantId, target: p.participantId }),
  'agenda:set': (ctx, p) => ctx.run({ type: 'agendaSet', actor: ctx.participantId, items: p.items }),
  'agenda:useTemplate': (ctx, p) =>
    ctx.run({
      type: 'agendaTemplate',
      actor: ctx.participantId,
      templateId: p.templateId as AgendaTemplateId,
    }),
  'agenda:start': (ctx) => ctx.run({ type: 'agendaStart', actor: ctx.participantId }),
  'agenda:pause': (ctx) => ctx.run({ type: 'agendaPause', actor: ctx.participantId }),
  'agenda:resume': (ctx) => ctx.run({ type: 'agendaResume', actor: ctx.participantId }),
  'agenda:next': (ctx) => ctx.run({ type: 'agendaNext', actor: ctx.participantId }),
  'agenda:previous': (ctx) => ctx.run({ type: 'agendaPrevious', actor: ctx.participantId }),
  'agenda:extend': (ctx, p) => ctx.run({ type: 'agendaExtend', actor: ctx.participantId, minutes: p.minutes }),
  'crisis:alert': (ctx) => ctx.run({ type: 'crisisAlert', actor: ctx.participantId, alertId: randomUUID() }),
  'crisis:acknowledge': (ctx, p) => ctx.run({ type: 'crisisAck', actor: ctx.participantId, alertId: p.alertId }),
  'crisis:resolve': (ctx, p) =>
    ctx.run({
      type: 'crisisResolve',
      actor: ctx.participantId,
      alertId: p.alertId,
      ...(p.note ? { note: p.note } : {}),
    }),
  'crisis:sideRoom': (ctx, p) => ctx.run({ type: 'crisisSideRoom', actor: ctx.participantId, alertId: p.alertId }),
  'crisis:return': (ctx, p) => ctx.run({ type: 'crisisReturn', actor: ctx.participantId, alertId: p.alertId }),
  'chat:send': (ctx, p) =>
    ctx.run({ type: 'chatSend', actor: ctx.participantId, messageId: randomUUID(), text: p.text }),
  'chat:delete': (ctx, p) => ctx.run({ type: 'chatDelete', actor: ctx.participantId, messageId: p.messageId }),
  'chat:setEnabled': (ctx, p) => ctx.run({ type: 'chatSetEnabled', actor: ctx.participantId, enabled: p.enabled }),
  'room:setFocusMode': (ctx, p) => ctx.run({ type: 'setFocusMode', actor: ctx.participantId, on: p.on }),
  'chat:private': (ctx, p) =>
    ctx.run({
      type: 'chatPrivate',
      actor: ctx.participantId,
      messageId: randomUUID(),
      text: p.text,
      ...(p.memberId === undefined ? {} : { memberId: p.memberId }),
    }),
  'pairs:start': (ctx, p) =>
    ctx.run({
      type: 'pairsStart',
      actor: ctx.participantId,
      minutes: p.minutes,
      ...(p.groups ? { groups: p.groups } : {}),
    }),
  'pairs:end': (ctx) => ctx.run({ type: 'pairsEnd', actor: ctx.participantId }),
  'pairs:visit': (ctx, p) => ctx.run({ type: 'pairsVisit', actor: ctx.participantId, pairId: p.pairId }),
  'pairs:broadcast': (ctx, p) => ctx.run({ type: 'pairsBroadcast', actor: ctx.participantId, text: p.text }),
  'reaction:send': (ctx, p) =>
    ctx.run({ type: 'react', actor: ctx.participantId, kind: p.kind, previousAt: ctx.lastReactionAt() }),
  'reactions:setEnabled': (ctx, p) =>
    ctx.run({ type: 'reactionsSetEnabled', actor: ctx.participantId, enabled: p.enabled }),
};

/** Every event the actor answers, to its handler. */
export function eventTable(): EventTable<ActorEventName> {
  return {
    ...ROOM_COMMAND_EVENTS,
    ...MEDIA_HANDLERS,
    ...CHECK_HANDLERS,
    'clock:ping': async (ctx, p) => ({ ok: true, data: { clientTime: p.clientTime, serverTime: ctx.now() } }),
    'chat:history': async (ctx) => ({ ok: true, data: ctx.chatHistory() }),
    'room:resync': async (ctx) => {
      ctx.resendState();
      return { ok: true, data: null };
    },
    // Only in a room whose media is end-to-end encrypted: elsewhere there is nothing to hold keys for.
    'e2ee:announce': async (ctx, p) =>
      ctx.e2ee ? ok({ devices: ctx.announceDevice(p.publicKey) }) : fail('INVALID_STATE'),
    'e2ee:key': async (ctx, p) =>
      !ctx.e2ee ? fail('INVALID_STATE') : ctx.relayKey(p.to, p.blob) ? ok(null) : fail('NOT_FOUND'),
  };
}
