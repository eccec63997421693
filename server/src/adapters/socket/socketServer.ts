import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  type Ack,
  type ClientToServerEvents,
  type ErrorCode,
  type ServerToClientEvents,
  LIMITS,
  PAYLOAD_BOUNDS,
  PROTOCOL_VERSION,
  boundsProblem,
  clientEventSchemas,
  errorOf,
  fail,
  fieldOf,
  handshakeSchema,
  isClientEventName,
} from '@circle/shared';
import type { Logger } from 'pino';
import { refusal } from '../../domain/permissions.js';
import { isActorEvent } from '../../app/commands.js';
import type { ConnectNotice, RoomActor, RoomOutbox } from '../../app/RoomActor.js';
import type { Sessions } from '../../app/Sessions.js';
import type { MediaRoom } from '../media/MediaRoom.js';
import { type SideHandlers, sideHandler } from '../../app/supervision.js';
import { TokenBucket } from './TokenBucket.js';
import { byId } from '../../domain/roomState.js';
import { StoreUnavailableError } from '../store/RoomStore.js';
import { SampledLog } from '../../app/sampledLog.js';

export interface SocketData {
  sessionId: string;
  participantId: string;
  notices: ConnectNotice[];
  /** This connection's place in the order of attempts (see RoomActor.connect). */
  seat: number;
}

export type CircleServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type CircleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface SocketOptions {
  /** Events a connection may send per second on average, and in one burst. */
  ratePerSecond: number;
  burst: number;
  /** STAFF_RECHECK_MS unless given (tests). */
  staffRecheckMs?: number;
}

export const DEFAULT_SOCKET_OPTIONS: SocketOptions = { ratePerSecond: 20, burst: 60 };

/**
 * How often a connection that entered with an account-bound invitation checks that its staff sign-in
 * still stands (signed out, disabled, timed out: the connection ends); each check counts as activity,
 * so a therapist in a long session is not signed out for being idle.
 */
export const STAFF_RECHECK_MS = 60_000;

export interface SocketHooks {
  /** Events handled beside the room actor (health, the staff line), after validation and the permission check. */
  handlers?: SideHandlers;
  /** Every answered event with its outcome: null for success, else the error code (metrics). */
  onEvent?: (event: string, error: string | null) => void;
  /**
   * The staff account signed in with the handshake's cookie header (the `circle_staff` session), or
   * undefined. An invitation bound to an account (a therapist entering from the clinician's home)
   * admits only a connection carrying that account's live session.
   */
  staffAccountOf?: (cookieHeader: string | undefined) => Promise<string | undefined>;
}

const participantRoom = (id: string) => `p:${id}`;

/** Broadcast failures (a Redis adapter that cannot publish), for the whole process: one line a minute. */
const broadcastFaultLog = new SampledLog(60_000);

/**
 * The room actor's way out to sockets: a socket.io room per participant. Best effort: with the Redis
 * adapter a broadcast also publishes to the other nodes, and a Redis that is down must not reach the
 * room (nor the process) as an exception. What the actor sends is a view it sends again on the next
 * change, and each client asks for the room again when it reconnects.
 */
export function socketOutbox(io: CircleServer, logger: Logger): RoomOutbox {
  const contained = (what: string, participantId: string, send: () => unknown) => {
    try {
      const result = send();
      // socket.io returns nothing to await today; should it ever return a promise, it is handled too.
      if (result instanceof Promise) result.catch((err: unknown) => fault(what, participantId, err));
    } catch (err) {
      fault(what, participantId, err);
    }
  };
  const fault = (what: string, participantId: string, err: unknown) => {
    broadcastFaultLog.error(logger, { what, participantId, err: errorText(err) }, 'broadcast failed');
  };
  return {
    emit(participantId, event, ...args) {
      contained(event, participantId, () =>
        (io.to(participantRoom(participantId)).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args),
      );
    },
    emitMany(participantIds, event, ...args) {
      contained(event, participantIds.join(','), () =>
        (io.to(participantIds.map(participantRoom)).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args),
      );
    },
    disconnect(participantId) {
      contained('disconnect', participantId, () => io.in(participantRoom(participantId)).disconnectSockets(true));
    },
  };
}

/** Tell every connection on this node that the server is restarting (before its transports close). */
export function announceRestart(io: CircleServer): void {
  io.local.emit('server:restarting');
}

class ConnectError extends Error {
  readonly data: { code: ErrorCode; message: string; nodeUrl?: string };
  constructor(code: ErrorCode, nodeUrl?: string) {
    super(code);
    this.data = nodeUrl === undefined ? errorOf(code) : { ...errorOf(code), nodeUrl };
  }
}

/** Warnings a connection may cause on average per second, and in one burst; the rest are counted. */
const WARN_PER_SECOND = 0.5;
const WARN_BURST = 10;

/**
 * Log sampling for one connection: a client that floods bad events writes a few warnings, then one
 * line now and then that says how many were left out.
 */
class WarnSampler {
  private readonly bucket = new TokenBucket(WARN_PER_SECOND, WARN_BURST);
  private suppressed = 0;
  constructor(private readonly logger: Logger) {}

  warn(fields: Record<string, unknown>, message: string): void {
    if (!this.bucket.take()) {
      this.suppressed++;
      return;
    }
    this.logger.warn(this.suppressed > 0 ? { ...fields, suppressed: this.suppressed } : fields, message);
    this.suppressed = 0;
  }
}

export function createSocketServer(
  http: HttpServer,
  sessions: Sessions<MediaRoom>,
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
  /** Each participant's live socket on this node. */
  const current = new Map<string, CircleSocket>();
  /** Connection attempts in the order they arrive: the newest one of a participant wins its seat. */
  let nextSeat = 0;
  /** The room each socket was admitted to, from the middleware to its connection. */
  const admitted = new WeakMap<CircleSocket, RoomActor<MediaRoom>>();
  /** Connections that entered with an account-bound invitation: the account, and the cookie it came with. */
  const staffBound = new WeakMap<CircleSocket, { accountId: string; cookie: string | undefined }>();
  let badInvites = 0;
  const badInviteLog = new WarnSampler(logger);

  /** Close a participant's live socket: a newer connection took its seat. */
  const replace = (participantId: string) => {
    const old = current.get(participantId);
    if (!old) return;
    current.delete(participantId);
    old.emit('session:ended', { reason: 'replaced' });
    old.disconnect(true);
  };

  io.use((socket, next) => {
    try {
      const hs = handshakeSchema.safeParse(socket.handshake.auth);
      if (!hs.success) return next(new ConnectError('UNAUTHORIZED'));
      if (hs.data.protocolVersion !== PROTOCOL_VERSION) return next(new ConnectError('PROTOCOL_MISMATCH'));
      const claims = sessions.verify(hs.data.token);
      const reject = (code: ErrorCode) => {
        badInvites++;
        // Never the token itself.
        badInviteLog.warn({ socketId: socket.id, code, badInvites }, 'join refused');
        next(new ConnectError(code));
      };
      if (!claims) return reject('INVITE_INVALID');
      const seat = nextSeat++;
      const admit = (actor: RoomActor<MediaRoom>, notices: ConnectNotice[]) => {
        // This attempt holds the seat now: whichever socket had it is closed at once, so the room never
        // sends to two sockets of one person, and that socket's own disconnect changes nothing.
        replace(claims.inviteId);
        socket.data = { sessionId: claims.sessionId, participantId: claims.inviteId, notices, seat };
        admitted.set(socket, actor);
        // Closed before it was connected (socket.io then never announces it): the seat is empty again.
        // A socket that did connect left `admitted`; its own 'disconnect' handler frees the seat.
        socket.conn.once('close', () => {
          if (!admitted.delete(socket)) return;
          actor.disconnect(claims.inviteId, seat).catch((err: unknown) => {
            logger.error(
              { sessionId: claims.sessionId, participantId: claims.inviteId, err: errorText(err) },
              'disconnect failed',
            );
          });
        });
        next();
      };
      void (async () => {
        // Unloaded between being found and being connected to (idle): found again, it loads anew.
        for (let attempt = 0; ; attempt++) {
          // Stopping: the client is told to come back shortly, not that its link is bad.
          if (sessions.isShuttingDown) return next(new ConnectError('RESTARTING'));
          const where = await sessions.locate(claims.sessionId);
          if (where && 'owner' in where) {
            // Another node runs this room: the client reconnects there (an empty URL: try again soon).
            logger.info({ sessionId: claims.sessionId, nodeId: where.owner.nodeId }, 'sent to owner node');
            return next(new ConnectError('WRONG_NODE', where.owner.url));
          }
          const actor = where?.actor;
          if (!actor) return sessions.isShuttingDown ? next(new ConnectError('RESTARTING')) : reject('INVITE_INVALID');
          const boundTo = byId(actor.snapshot.invites, claims.inviteId)?.accountId;
          if (boundTo !== undefined) {
            // A forwarded link alone is not enough: the same browser's staff session must come with it.
            const signedIn = await hooks.staffAccountOf?.(socket.handshake.headers.cookie);
            if (signedIn !== boundTo) return reject('UNAUTHORIZED');
            staffBound.set(socket, { accountId: boundTo, cookie: socket.handshake.headers.cookie });
          }
          const r = await actor.connect(claims.inviteId, seat);
          if (!r.ok && r.code === 'RESTARTING' && attempt < 2) continue;
          // Not the invite's fault: a newer connection, a restart, or a store that could not take it (retryable).
          if (!r.ok)
            return r.code === 'REPLACED' || r.code === 'RESTARTING' || r.code === 'UNAVAILABLE'
              ? next(new ConnectError(r.code))
              : reject(r.code);
          return admit(actor, r.notices);
        }
      })().catch((err: unknown) => {
        // The room could not be located or loaded: a store that is down is retryable, not a fault here.
        if (err instanceof StoreUnavailableError) return next(new ConnectError('UNAVAILABLE'));
        logger.error({ err: errorText(err) }, 'connect failed');
        next(new ConnectError('INTERNAL'));
      });
    } catch (err) {
      logger.error({ err: errorText(err) }, 'connect failed');
      next(new ConnectError('INTERNAL'));
    }
  });

  io.on('connection', (socket: CircleSocket) => {
    try {
      onConnection(socket);
    } catch (err) {
      logger.error({ socketId: socket.id, err: errorText(err) }, 'connection setup failed');
      socket.disconnect(true);
    }
  });

  function onConnection(socket: CircleSocket): void {
    const { sessionId, participantId, seat } = socket.data;
    const log = new WarnSampler(logger);
    // socket.io emits 'error' for a packet a middleware refused; an EventEmitter error without a
    // listener would throw.
    socket.on('error', (err: unknown) => log.warn({ sessionId, participantId, err: errorText(err) }, 'socket error'));
    const actor = admitted.get(socket);
    admitted.delete(socket);
    // A newer connection of this participant reached the room first: this one is already stale.
    if (!actor?.holdsSeat(participantId, seat)) {
      socket.emit('session:ended', { reason: 'replaced' });
      socket.disconnect(true);
      return;
    }
    replace(participantId);
    current.set(participantId, socket);
    void socket.join(participantRoom(participantId));
    // Notices from connecting (a "you're back"), which could not reach the socket before now.
    for (const n of socket.data.notices) socket.emit('notice', n);
    logger.info({ sessionId, participantId, socketId: socket.id }, 'connected');
    const bound = staffBound.get(socket);
    if (bound) {
      const recheck = setInterval(() => {
        void (hooks.staffAccountOf?.(bound.cookie) ?? Promise.resolve(undefined)).then(
          (accountId) => {
            if (accountId === bound.accountId || socket.disconnected) return;
            logger.info({ sessionId, participantId }, 'staff sign-in ended: connection closed');
            socket.disconnect(true);
          },
          (err: unknown) =>
            logger.warn({ sessionId, participantId, err: errorText(err) }, 'staff sign-in check failed'),
        );
      }, options.staffRecheckMs ?? STAFF_RECHECK_MS);
      recheck.unref();
      socket.once('disconnect', () => clearInterval(recheck));
    }
    // Everyone else already had the room after this participant connected; this socket gets it now.
    actor.sendStateTo(participantId);

    const limiter = new TokenBucket(options.ratePerSecond, options.burst);

    // Every inbound packet goes through this one contained function, before any listener: nothing a
    // client sends (a non-string event name, binary attachments, a payload of any shape) reaches
    // code that could throw outside it, and `next` is never called, so socket.io dispatches nothing.
    socket.use((packet: unknown[], _next) => {
      try {
        route(packet);
      } catch (err) {
        logger.error({ sessionId, participantId, err: errorText(err) }, 'event failed');
        const ack = packet[packet.length - 1];
        if (typeof ack === 'function') safeAck(ack, fail('INTERNAL'));
      }
    });

    const safeAck = (ack: unknown, res: Ack<unknown>) => {
      try {
        (ack as (r: Ack<unknown>) => void)(res);
      } catch (err) {
        log.warn({ sessionId, participantId, err: errorText(err) }, 'ack failed');
      }
    };

    const route = (packet: unknown[]) => {
      const [event, ...rest] = packet;
      const ack = rest[rest.length - 1];
      const hasAck = typeof ack === 'function';
      const args = hasAck ? rest.slice(0, -1) : rest;
      const known = typeof event === 'string' && isClientEventName(event);
      const label = known ? event : '(unknown)';
      const reply = (res: Ack<unknown>) => {
        hooks.onEvent?.(label, res.ok ? null : res.error.code);
        if (hasAck) safeAck(ack, res);
      };
      // The rate limit comes first: a flood costs one token check per packet and no log line.
      if (!limiter.take()) return reply(fail('RATE_LIMITED'));
      if (!known) {
        log.warn(
          { sessionId, participantId, event: typeof event === 'string' ? event.slice(0, 64) : typeof event },
          'unknown event',
        );
        return reply(fail('UNKNOWN_EVENT'));
      }
      if (!hasAck) {
        log.warn({ sessionId, participantId, event }, 'event without ack dropped');
        return;
      }
      if (args.length !== 1) return reply(fail('INVALID_PAYLOAD', '(root)'));
      // Depth, count and size first, without recursion; then the event's own schema.
      if (boundsProblem(args[0], PAYLOAD_BOUNDS)) return reply(fail('INVALID_PAYLOAD', '(root)'));
      const parsed = clientEventSchemas[event].safeParse(args[0]);
      if (!parsed.success) return reply(fail('INVALID_PAYLOAD', fieldOf(parsed.error)));
      void (async () => {
        const actor = await sessions.get(sessionId);
        if (!actor) return reply(fail('NOT_FOUND'));
        if (!actor.holdsSeat(participantId, seat)) return reply(fail('REPLACED'));
        // The one permission table: the caller's role, and whether they must be in the room yet.
        const me = byId(actor.snapshot.participants, participantId);
        const why = me ? refusal(me, event) : 'FORBIDDEN';
        if (why) {
          if (why === 'FORBIDDEN') log.warn({ sessionId, participantId, role: me?.role, event }, 'forbidden');
          return reply(fail(why));
        }
        const side = sideHandler(hooks.handlers, event);
        if (side) {
          const { result, after } = await side({ room: actor, participantId }, parsed.data);
          reply(result);
          after?.();
          return;
        }
        if (!isActorEvent(event)) return reply(fail('UNKNOWN_EVENT'));
        reply(await actor.handle(participantId, event, parsed.data as never));
      })().catch((err: unknown) => {
        if (err instanceof StoreUnavailableError) return reply(fail('UNAVAILABLE'));
        logger.error({ sessionId, participantId, event, err: errorText(err) }, 'handler failed');
        reply(fail('INTERNAL'));
      });
    };

    socket.on('disconnect', (reason) => {
      if (current.get(participantId) === socket) current.delete(participantId);
      logger.info({ sessionId, participantId, reason }, 'disconnected');
      // The actor ignores a connection whose seat a newer one already took.
      void sessions
        .get(sessionId)
        .then((actor) => actor?.disconnect(participantId, seat))
        .catch((err: unknown) => logger.error({ sessionId, participantId, err: errorText(err) }, 'disconnect failed'));
    });
  }

  return io;
}

/** An error's message for the log (never a stack with payload data in it), whatever was thrown. */
function errorText(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 200) : typeof err;
}
