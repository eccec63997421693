import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  type Ack,
  type ClientEventName,
  type ClientToServerEvents,
  type ErrorCode,
  type ServerToClientEvents,
  LIMITS,
  PROTOCOL_VERSION,
  clientEventSchemas,
  errorOf,
  fail,
  fieldOf,
  handshakeSchema,
  isClientEventName,
} from '@circle/shared';
import type { Logger } from 'pino';
import { can } from '../../domain/permissions.js';
import type { ConnectNotice, RoomOutbox } from '../../app/RoomActor.js';
import type { Sessions } from '../../app/Sessions.js';
import { type SideHandlers, sideHandler } from '../../app/supervision.js';
import { TokenBucket } from './TokenBucket.js';

export interface SocketData {
  sessionId: string;
  participantId: string;
  notices: ConnectNotice[];
}

export type CircleServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type CircleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketOptions {
  /** Events a connection may send per second on average, and in one burst. */
  ratePerSecond: number;
  burst: number;
}

export const DEFAULT_SOCKET_OPTIONS: SocketOptions = { ratePerSecond: 20, burst: 60 };

export interface SocketHooks {
  /** Events handled beside the room actor (health, the staff line), after validation and the permission check. */
  handlers?: SideHandlers;
  /** Every answered event with its outcome: null for success, else the error code (metrics). */
  onEvent?: (event: string, error: string | null) => void;
}

const participantRoom = (id: string) => `p:${id}`;

/** The room actor's way out to sockets: a socket.io room per participant. */
export function socketOutbox(io: CircleServer): RoomOutbox {
  return {
    emit(participantId, event, ...args) {
      (io.to(participantRoom(participantId)).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    },
    disconnect(participantId) {
      io.in(participantRoom(participantId)).disconnectSockets(true);
    },
  };
}

class ConnectError extends Error {
  readonly data: { code: ErrorCode; message: string; nodeUrl?: string };
  constructor(code: ErrorCode, nodeUrl?: string) {
    super(code);
    this.data = nodeUrl === undefined ? errorOf(code) : { ...errorOf(code), nodeUrl };
  }
}

export function createSocketServer(
  http: HttpServer,
  sessions: Sessions,
  logger: Logger,
  options: SocketOptions = DEFAULT_SOCKET_OPTIONS,
  hooks: SocketHooks = {},
): CircleServer {
  const io: CircleServer = new Server(http, {
    maxHttpBufferSize: LIMITS.SOCKET_MESSAGE_BYTES,
    serveClient: false,
    cors: { origin: false },
    pingInterval: 5000,
    pingTimeout: 5000,
  });
  /** The newest socket of each participant; an older one's disconnect changes nothing. */
  const current = new Map<string, string>();
  let badInvites = 0;

  io.use((socket, next) => {
    const hs = handshakeSchema.safeParse(socket.handshake.auth);
    if (!hs.success) return next(new ConnectError('UNAUTHORIZED'));
    if (hs.data.protocolVersion !== PROTOCOL_VERSION) return next(new ConnectError('PROTOCOL_MISMATCH'));
    const claims = sessions.verify(hs.data.token);
    const reject = (code: ErrorCode) => {
      badInvites++;
      // Never the token itself.
      logger.warn({ socketId: socket.id, code, badInvites }, 'join refused');
      next(new ConnectError(code));
    };
    if (!claims) return reject('INVITE_INVALID');
    void (async () => {
      const where = await sessions.locate(claims.sessionId);
      if (where && 'owner' in where) {
        // Another node runs this room: the client reconnects there (an empty URL: try again soon).
        logger.info({ sessionId: claims.sessionId, nodeId: where.owner.nodeId }, 'sent to owner node');
        return next(new ConnectError('WRONG_NODE', where.owner.url));
      }
      const actor = where?.actor;
      if (!actor) return reject('INVITE_INVALID');
      const r = await actor.connect(claims.inviteId);
      if (!r.ok) return reject(r.code);
      socket.data = { sessionId: claims.sessionId, participantId: claims.inviteId, notices: r.notices };
      next();
    })().catch((err: Error) => {
      logger.error({ err: err.message }, 'connect failed');
      next(new ConnectError('INTERNAL'));
    });
  });

  io.on('connection', (socket: CircleSocket) => {
    const { sessionId, participantId } = socket.data;
    const previous = current.get(participantId);
    if (previous) {
      const old = io.sockets.sockets.get(previous);
      if (old) {
        old.emit('session:ended', { reason: 'replaced' });
        old.disconnect(true);
      }
    }
    current.set(participantId, socket.id);
    void socket.join(participantRoom(participantId));
    // Notices from connecting (a "you're back"), which could not reach the socket before now.
    for (const n of socket.data.notices) socket.emit('notice', n);
    logger.info({ sessionId, participantId, socketId: socket.id }, 'connected');
    const limiter = new TokenBucket(options.ratePerSecond, options.burst);

    // Everyone else already had the room after this participant connected; this socket gets it now.
    void sessions.get(sessionId).then((actor) => actor?.sendStateTo(participantId));

    const on = socket.on.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => void;
    for (const name of Object.keys(clientEventSchemas) as ClientEventName[]) {
      on(name, (...args: unknown[]) => {
        const ack = args[args.length - 1];
        if (typeof ack !== 'function') {
          logger.warn({ sessionId, participantId, event: name }, 'event without ack dropped');
          return;
        }
        const reply = (res: Ack<unknown>) => {
          hooks.onEvent?.(name, res.ok ? null : res.error.code);
          (ack as (r: Ack<unknown>) => void)(res);
        };
        if (!limiter.take()) return reply(fail('RATE_LIMITED'));
        if (args.length !== 2) return reply(fail('INVALID_PAYLOAD', '(root)'));
        const parsed = clientEventSchemas[name].safeParse(args[0]);
        if (!parsed.success) return reply(fail('INVALID_PAYLOAD', fieldOf(parsed.error)));
        void (async () => {
          const actor = await sessions.get(sessionId);
          if (!actor) return reply(fail('NOT_FOUND'));
          const role = actor.snapshot.participants[participantId]?.role;
          if (!role || !can(role, name)) {
            logger.warn({ sessionId, participantId, role, event: name }, 'forbidden');
            return reply(fail('FORBIDDEN'));
          }
          const side = sideHandler(hooks.handlers, name);
          if (side) {
            const { result, after } = await side({ room: actor, participantId }, parsed.data);
            reply(result);
            after?.();
            return;
          }
          reply(await actor.handle(participantId, name, parsed.data as never));
        })().catch((err: Error) => {
          logger.error({ sessionId, participantId, event: name, err: err.message }, 'handler failed');
          reply(fail('INTERNAL'));
        });
      });
    }

    socket.onAny((event: string, ...args: unknown[]) => {
      if (isClientEventName(event)) return;
      logger.warn({ sessionId, participantId, event: event.slice(0, 64) }, 'unknown event');
      const ack = args[args.length - 1];
      hooks.onEvent?.('(unknown)', 'UNKNOWN_EVENT');
      if (typeof ack === 'function') (ack as (res: unknown) => void)(fail('UNKNOWN_EVENT'));
    });

    socket.on('disconnect', (reason) => {
      if (current.get(participantId) !== socket.id) return;
      current.delete(participantId);
      logger.info({ sessionId, participantId, reason }, 'disconnected');
      void sessions.get(sessionId).then((actor) => actor?.disconnect(participantId));
    });
  });

  return io;
}
