import { randomUUID } from 'node:crypto';
import type { AgendaTemplateId, ClientEventName, ParsedPayload } from '@circle/shared';
import type { Command } from '../domain/room.js';

type ToCommand<E extends ClientEventName> = (actor: string, payload: ParsedPayload<E>) => Command;

/**
 * Client events that are room commands, and the command each one becomes. Everything else the room
 * actor handles itself (media, chat history, the connection check).
 */
export const ROOM_COMMANDS: { [E in ClientEventName]?: ToCommand<E> } = {
  'session:checkIn': (actor, p) => ({
    type: 'checkIn',
    actor,
    checkIn: {
      agreementVersion: p.agreementVersion,
      location: p.location,
      privateSafePlace: p.privateSafePlace,
      ...(p.emergencyContact ? { emergencyContact: p.emergencyContact } : {}),
    },
  }),
  'lobby:admit': (actor, p) => ({ type: 'admit', actor, target: p.participantId }),
  'lobby:admitAll': (actor) => ({ type: 'admitAll', actor }),
  'lobby:decline': (actor, p) => ({
    type: 'decline',
    actor,
    target: p.participantId,
    ...(p.message ? { message: p.message } : {}),
  }),
  'participant:remove': (actor, p) => ({ type: 'remove', actor, target: p.participantId }),
  'room:end': (actor) => ({ type: 'end', actor }),
  'room:lock': (actor, p) => ({ type: 'lock', actor, locked: p.locked }),
  'room:leave': (actor) => ({ type: 'leave', actor }),
  'room:break': (actor, p) => ({ type: 'setBreak', actor, on: p.on }),
  'hand:raise': (actor) => ({ type: 'raiseHand', actor }),
  'hand:lower': (actor) => ({ type: 'lowerHand', actor }),
  'floor:give': (actor, p) => ({ type: 'giveFloor', actor, target: p.participantId }),
  'floor:next': (actor) => ({ type: 'nextFloor', actor }),
  'floor:takeBack': (actor) => ({ type: 'takeBack', actor }),
  'floor:end': (actor) => ({ type: 'endTurn', actor }),
  'turn:pass': (actor) => ({ type: 'passTurn', actor }),
  'speaking:listenOnly': (actor, p) => ({ type: 'setListenOnly', actor, on: p.on }),
  'speaking:setMode': (actor, p) => ({ type: 'setMode', actor, mode: p.mode }),
  'speaking:setTurn': (actor, p) => ({ type: 'setTurn', actor, turnSeconds: p.turnSeconds, expiry: p.expiry }),
  'participant:mute': (actor, p) => ({ type: 'mute', actor, target: p.participantId }),
  'participant:muteAll': (actor) => ({ type: 'muteAll', actor }),
  'participant:askUnmute': (actor, p) => ({ type: 'askUnmute', actor, target: p.participantId }),
  'participant:stopCamera': (actor, p) => ({ type: 'stopCamera', actor, target: p.participantId }),
  'agenda:set': (actor, p) => ({ type: 'agendaSet', actor, items: p.items }),
  'agenda:useTemplate': (actor, p) => ({
    type: 'agendaTemplate',
    actor,
    templateId: p.templateId as AgendaTemplateId,
  }),
  'agenda:start': (actor) => ({ type: 'agendaStart', actor }),
  'agenda:pause': (actor) => ({ type: 'agendaPause', actor }),
  'agenda:resume': (actor) => ({ type: 'agendaResume', actor }),
  'agenda:next': (actor) => ({ type: 'agendaNext', actor }),
  'agenda:previous': (actor) => ({ type: 'agendaPrevious', actor }),
  'agenda:extend': (actor, p) => ({ type: 'agendaExtend', actor, minutes: p.minutes }),
  'crisis:alert': (actor) => ({ type: 'crisisAlert', actor, alertId: randomUUID() }),
  'crisis:acknowledge': (actor, p) => ({ type: 'crisisAck', actor, alertId: p.alertId }),
  'crisis:resolve': (actor, p) => ({
    type: 'crisisResolve',
    actor,
    alertId: p.alertId,
    ...(p.note ? { note: p.note } : {}),
  }),
  'crisis:sideRoom': (actor, p) => ({ type: 'crisisSideRoom', actor, alertId: p.alertId }),
  'crisis:return': (actor, p) => ({ type: 'crisisReturn', actor, alertId: p.alertId }),
  'chat:send': (actor, p) => ({ type: 'chatSend', actor, messageId: randomUUID(), text: p.text }),
  'chat:delete': (actor, p) => ({ type: 'chatDelete', actor, messageId: p.messageId }),
  'chat:setEnabled': (actor, p) => ({ type: 'chatSetEnabled', actor, enabled: p.enabled }),
  'chat:private': (actor, p) => ({
    type: 'chatPrivate',
    actor,
    messageId: randomUUID(),
    text: p.text,
    ...(p.memberId === undefined ? {} : { memberId: p.memberId }),
  }),
  'pairs:start': (actor, p) => ({
    type: 'pairsStart',
    actor,
    minutes: p.minutes,
    ...(p.groups ? { groups: p.groups } : {}),
  }),
  'pairs:end': (actor) => ({ type: 'pairsEnd', actor }),
  'pairs:visit': (actor, p) => ({ type: 'pairsVisit', actor, pairId: p.pairId }),
  'pairs:broadcast': (actor, p) => ({ type: 'pairsBroadcast', actor, text: p.text }),
};

/** The room command a client event becomes, if it is one. */
export function toCommand<E extends ClientEventName>(
  event: E,
  actor: string,
  payload: ParsedPayload<E>,
): Command | null {
  const translate = ROOM_COMMANDS[event] as ToCommand<E> | undefined;
  return translate ? translate(actor, payload) : null;
}
