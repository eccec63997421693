/**
 * Client events that act on the room's media, each with its handler: the media twin of commands.ts.
 * Handlers see the room through a small context (its media port, the domain's say on speaking, the
 * participant's media state), so the table is tested with a fake port.
 */
import { type Ack, type ClientEventResults, type ParsedPayload, fail, ok } from '@circle/shared';
import type { RoomMedia } from './mediaPort.js';
import type { IceConfig } from './turnCredentials.js';

/** What a media handler may touch. */
export interface MediaContext<M extends RoomMedia = RoomMedia> {
  readonly participantId: string;
  readonly isSupervisor: boolean;
  /** The room's media, opened on first use. */
  ensureMedia(): Promise<M>;
  /** The room's media, which must already be open (INVALID_STATE otherwise). */
  media(): M;
  /** Whether the domain lets this participant be heard now (the floor, mode, breaks, spaces). */
  mayUnmute(): boolean;
  /**
   * Record what the participant's microphone and camera now do. Rejects (StoreUnavailableError) when
   * the store could not take it: the handler undoes what it turned on, so nothing unrecorded is heard.
   */
  mediaState(change: { micOn?: boolean; cameraOn?: boolean; audioOnly?: boolean }): Promise<void>;
  /** ICE servers (TURN) for this participant, if configured. */
  ice(): IceConfig | undefined;
  /** Whether this room's media is end-to-end encrypted (browsers encrypt; the SFU forwards unread). */
  readonly e2ee?: boolean;
}

/** Events open to participants in the room (admitted and connected). */
export type RoomMediaEvent =
  | 'media:capabilities'
  | 'media:join'
  | 'transport:create'
  | 'transport:connect'
  | 'transport:connectPlain'
  | 'transport:restartIce'
  | 'producer:create'
  | 'producer:setPaused'
  | 'producer:close'
  | 'consumer:create'
  | 'consumer:resume'
  | 'consumer:setView'
  | 'media:setAudioOnly';

/** The connection check before entering: open to anyone connected with an invite, lobby included. */
export type CheckEvent = 'check:start' | 'check:connect' | 'check:produce' | 'check:consume' | 'check:end';

type Handler<E extends RoomMediaEvent | CheckEvent> = <M extends RoomMedia>(
  ctx: MediaContext<M>,
  payload: ParsedPayload<E>,
) => Promise<Ack<ClientEventResults[E]>>;

type Table<Events extends RoomMediaEvent | CheckEvent> = { readonly [E in Events]: Handler<E> };

/** What a producer's pause means for the participant's state, by what it carries. */
const stateOf = (kind: 'audio' | 'video', on: boolean) => (kind === 'audio' ? { micOn: on } : { cameraOn: on });

export const MEDIA_HANDLERS: Table<RoomMediaEvent> = {
  'media:capabilities': async (ctx) => {
    const media = await ctx.ensureMedia();
    return ok({ routerRtpCapabilities: media.rtpCapabilities, ...ctx.ice(), ...(ctx.e2ee ? { e2ee: true } : {}) });
  },
  'media:join': async (ctx, p) => {
    const media = await ctx.ensureMedia();
    return ok({ producers: media.join(ctx.participantId, p.rtpCapabilities) });
  },
  'transport:create': async (ctx, p) => {
    const media = await ctx.ensureMedia();
    return ok(await media.createTransport(ctx.participantId, p.direction, p.plain ?? false));
  },
  'transport:connect': async (ctx, p) => {
    await ctx.media().connectTransport(ctx.participantId, p.transportId, p.dtlsParameters);
    return ok(null);
  },
  'transport:connectPlain': async (ctx, p) => {
    await ctx.media().connectPlain(ctx.participantId, p.transportId, p.ip, p.port);
    return ok(null);
  },
  'transport:restartIce': async (ctx, p) =>
    ok({ iceParameters: await ctx.media().restartIce(ctx.participantId, p.transportId) }),
  'producer:create': async (ctx, p) => {
    // Audio starts paused unless this participant may speak now: the SFU, not the client, decides.
    const paused = (p.paused ?? false) || (p.kind === 'audio' && !ctx.mayUnmute());
    const media = ctx.media();
    const producer = await media.produce(ctx.participantId, p.transportId, p.kind, p.source, p.rtpParameters, paused);
    try {
      await ctx.mediaState(stateOf(p.kind, !paused));
    } catch (err) {
      // Not recorded: no producer either (the client tries again).
      media.closeProducer(ctx.participantId, producer.id);
      throw err;
    }
    return ok({ producerId: producer.id, paused });
  },
  'producer:setPaused': async (ctx, p) => {
    const media = ctx.media();
    const { kind } = media.producer(ctx.participantId, p.producerId);
    // Anything that carries audio is heard only with the domain's leave, whatever it is called.
    if (!p.paused && kind === 'audio' && !ctx.mayUnmute()) return fail('NOT_YOUR_TURN');
    await media.setProducerPaused(ctx.participantId, p.producerId, p.paused);
    try {
      await ctx.mediaState(stateOf(kind, !p.paused));
    } catch (err) {
      // An unmute that could not be recorded is undone; a mute stands (it only ever turns media off).
      if (!p.paused) await media.setProducerPaused(ctx.participantId, p.producerId, true);
      throw err;
    }
    return ok(null);
  },
  'producer:close': async (ctx, p) => {
    const media = ctx.media();
    const { kind } = media.producer(ctx.participantId, p.producerId);
    media.closeProducer(ctx.participantId, p.producerId);
    await ctx.mediaState(stateOf(kind, false));
    return ok(null);
  },
  'consumer:create': async (ctx, p) => ok(await ctx.media().consume(ctx.participantId, p.producerId)),
  'consumer:resume': async (ctx, p) => {
    await ctx.media().resumeConsumer(ctx.participantId, p.consumerId);
    return ok(null);
  },
  'consumer:setView': async (ctx, p) => {
    await ctx
      .media()
      .setView(ctx.participantId, p.consumerId, { width: p.width, height: p.height, visible: p.visible });
    return ok(null);
  },
  'media:setAudioOnly': async (ctx, p) => {
    const media = await ctx.ensureMedia();
    await media.setAudioOnly(ctx.participantId, p.audioOnly);
    if (!ctx.isSupervisor) {
      await ctx.mediaState(p.audioOnly ? { cameraOn: false, audioOnly: true } : { audioOnly: false });
    }
    return ok(null);
  },
};

export const CHECK_HANDLERS: Table<CheckEvent> = {
  'check:start': async (ctx) => {
    const media = await ctx.ensureMedia();
    const transports = await media.startCheck(ctx.participantId);
    return ok({ routerRtpCapabilities: media.rtpCapabilities, ...transports, ...ctx.ice() });
  },
  'check:connect': async (ctx, p) => {
    await ctx.media().connectCheck(ctx.participantId, p.transportId, p.dtlsParameters);
    return ok(null);
  },
  'check:produce': async (ctx, p) =>
    ok({ producerId: await ctx.media().produceCheck(ctx.participantId, p.transportId, p.kind, p.rtpParameters) }),
  'check:consume': async (ctx, p) =>
    ok(await ctx.media().consumeCheck(ctx.participantId, p.producerId, p.rtpCapabilities)),
  'check:end': async (ctx) => {
    // Nothing to end when the room's media never opened.
    try {
      ctx.media().endCheck(ctx.participantId);
    } catch {
      /* no media: no check */
    }
    return ok(null);
  },
};

export function isRoomMediaEvent(event: string): event is RoomMediaEvent {
  return Object.prototype.hasOwnProperty.call(MEDIA_HANDLERS, event);
}

export function isCheckEvent(event: string): event is CheckEvent {
  return Object.prototype.hasOwnProperty.call(CHECK_HANDLERS, event);
}
