/**
 * Client events handled beside the room actor: session health (`stats:report`, `health:history`,
 * `health:sessions`) and the private staff line (`staff:message`). They read the room's state and
 * never change it, so they need not queue behind the actor's commands. The socket adapter has
 * already parsed the payload and checked the permission table; each handler authorises again
 * against the room, acts, returns the ack, and broadcasts only after it (`after`).
 */
import { randomUUID } from 'node:crypto';
import { type Ack, type ClientEventName, type ClientEventResults, type ParsedPayload, fail, ok } from '@circle/shared';
import type { Logger } from 'pino';
import { sendStaffMessage } from '../domain/staffLine.js';
import type { Clock } from './clock.js';
import type { HealthMonitor, MonitoredRoom } from './HealthMonitor.js';
import type { RoomOutbox } from './RoomActor.js';
import { byId } from '../domain/roomState.js';

export interface EventContext {
  room: MonitoredRoom;
  participantId: string;
}

export interface HandlerOutcome<T> {
  result: Ack<T>;
  /** Broadcasts, run after the ack was sent. */
  after?: () => void;
}

export type SideHandlers = {
  [E in ClientEventName]?: (
    ctx: EventContext,
    payload: ParsedPayload<E>,
  ) => HandlerOutcome<ClientEventResults[E]> | Promise<HandlerOutcome<ClientEventResults[E]>>;
};

type AnySideHandler = (
  ctx: EventContext,
  payload: unknown,
) => HandlerOutcome<unknown> | Promise<HandlerOutcome<unknown>>;

/** The handler for one event, if it has one, with its payload type erased (already parsed by its schema). */
export function sideHandler(handlers: SideHandlers | undefined, event: ClientEventName): AnySideHandler | undefined {
  return handlers?.[event] as AnySideHandler | undefined;
}

export function supervisionHandlers(deps: {
  monitor: HealthMonitor;
  clock: Clock;
  outbox: () => Pick<RoomOutbox, 'emit'>;
  logger: Logger;
}): SideHandlers {
  const { monitor } = deps;
  return {
    'stats:report': ({ room, participantId }, report) => ({ result: monitor.report(room, participantId, report) }),

    'health:history': ({ room }) => ({ result: ok(monitor.history(room)) }),

    'health:sessions': ({ room, participantId }) => {
      const me = byId(room.snapshot.participants, participantId);
      if (me?.role !== 'supervisor' || me.status !== 'admitted') return { result: fail('FORBIDDEN') };
      return { result: ok({ sessions: monitor.summaries(room.sessionId) }) };
    },

    'staff:message': ({ room, participantId }, { text }) => {
      const d = sendStaffMessage(room.snapshot, participantId, text, deps.clock.now(), randomUUID());
      if (!d.ok) return { result: fail(d.code) };
      // Never the text: ids only.
      deps.logger.info(
        { sessionId: room.sessionId, participantId, messageId: d.message.id, recipients: d.recipients.length },
        'staff message',
      );
      return {
        result: ok(d.message),
        after: () => {
          const outbox = deps.outbox();
          for (const id of d.recipients) outbox.emit(id, 'staff:messageDelivered', d.message);
        },
      };
    },
  };
}
