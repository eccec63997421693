import {
  say,
  type Ack,
  type ClientEventResults,
  type ChatMessage,
  type PrivateMessage,
  type ErrorCode,
  type ParsedPayload,
  type EncodedView,
  type RoomPatch,
  type ViewChange,
  type ServerToClientEvents,
  diffEncoded,
  encodeView,
  sameChange,
  fail,
  ok,
  patchOf,
} from '@circle/shared';
import type { Logger } from 'pino';
import {
  type Command,
  type DomainEvent,
  type RoomConfig,
  type RoomState,
  type ParticipantState,
  type ResultOf,
  decide,
  isStaffRole,
  mayUnmute,
  MAIN_SPACE,
  receives,
  type ChatEntry,
  type PrivateEntry,
} from '../domain/room.js';
import { ViewCache, viewFor } from '../domain/views.js';
import { resumeRoom } from '../domain/resume.js';
import { LeaseLostError, type RoomStore, StoreUnavailableError } from '../adapters/store/RoomStore.js';
import type { Clock } from './clock.js';
import { type ActorEventName, type EventContext, type EventTable, eventTable } from './commands.js';
import { isCheckEvent, isRoomMediaEvent } from './mediaCommands.js';
import { MediaError, type MediaFactory, type RoomMedia } from './mediaPort.js';
import type { IceConfig } from './turnCredentials.js';
import { byId } from '../domain/roomState.js';
import { errorText, storeFaultLog } from './sampledLog.js';

/** How the actor reaches participants' connections; the socket adapter implements it. */
export interface RoomOutbox {
  emit<E extends keyof ServerToClientEvents>(
    participantId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /**
   * The same event to several participants, encoded once. Optional: without it the actor emits to
   * each in turn.
   */
  emitMany?<E extends keyof ServerToClientEvents>(
    participantIds: readonly string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Close every connection of a participant (after removal or decline). */
  disconnect(participantId: string): void;
}

export interface RoomActorDeps<M extends RoomMedia = RoomMedia> {
  store: RoomStore;
  /** Opens the room's media when someone first needs it. */
  media: MediaFactory<M>;
  clock: Clock;
  config: RoomConfig;
  logger: Logger;
  outbox: RoomOutbox;
  /** ICE servers (TURN with short-lived credentials) for a participant; absent without TURN. */
  ice?: (participantId: string) => IceConfig;
}

export type ConnectNotice = Parameters<ServerToClientEvents['notice']>[0];

/** A command applied: its answer, or the refusal's code. */
type Applied<R> = { ok: true; result: R } | { ok: false; code: ErrorCode };

const SPEAKING_SAMPLE_MS = 500;
/** A change the store refused that must still happen (a timer's, a disconnect's) is tried again after this. */
export const STORE_RETRY_MS = 1_000;
/** Timers the actor arms itself to finish what the store refused; never a domain key. */
const retryKey = (what: string) => `store-retry:${what}`;

/** The answer of an actor whose room was unloaded: the caller finds the room again (it loads anew). */
const RETIRED = { ok: false, code: 'RESTARTING' } as const;

/**
 * One actor per room: serialises every command, applies the domain, persists, then acts on the
 * domain's events (media enforcement, notices, timers) and broadcasts each viewer's view.
 */
export class RoomActor<M extends RoomMedia = RoomMedia> {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timers = new Map<string, unknown>();
  private media: M | null = null;
  private speaking: ReadonlySet<string> = new Set();
  /** When each participant's last reaction was shown: memory only, for the domain's rate limit. */
  private readonly reactedAt = new Map<string, number>();
  /** Each participant's newest connection (see `connect`). */
  private readonly seats = new Map<string, number>();
  /**
   * End-to-end encrypted media: each participant's device public key, as their page announced it.
   * Memory only: a new page (a reload, a reconnect) makes and announces a new one.
   */
  private readonly devices = new Map<string, string>();
  /** Every event this actor answers, to its handler. */
  private readonly events: EventTable<ActorEventName> = eventTable();
  /** While a socket is still connecting it cannot receive: its notices are handed back to the adapter. */
  private capture: { participantId: string; notices: ConnectNotice[] } | null = null;
  /** When the last connection here closed (or the room was loaded): how long it has been idle. */
  private lastSeenAt: number;
  /** Unloaded (see `unloadIf`): this actor answers nothing any more; the room loads again on its next use. */
  private retired = false;
  /** Loaded from the store, but its resumption (everyone reconnecting, timers) not yet stored. */
  private resumePending = false;
  private closed = false;
  /**
   * The room's version: one more at every broadcast. It starts from the clock (in thousandths of a
   * millisecond) so a room loaded again (a restart, a takeover) never reuses a version a client holds.
   */
  private version: number;
  /** What each connected participant was last sent (full state or patch), and at which version. */
  private readonly sent = new Map<string, { version: number; encoded: EncodedView }>();
  /** Participant entries of views, kept while the participant's state is unchanged (see ViewCache). */
  private readonly viewEntries = new WeakMap<ParticipantState, Map<string, unknown>>();
  /** The JSON of each part of a view, kept as long as the part: an unchanged entry is serialised once. */
  private readonly partStrings = new WeakMap<object, string>();

  constructor(
    private state: RoomState,
    private readonly deps: RoomActorDeps<M>,
  ) {
    this.lastSeenAt = deps.clock.now();
    this.version = deps.clock.now() * 1000;
  }

  get snapshot(): RoomState {
    return this.state;
  }

  get sessionId(): string {
    return this.state.sessionId;
  }

  get mediaRoom(): M | null {
    return this.media;
  }

  /** A failure with no caller to answer (a timer, a media event): logged with ids, never thrown on. */
  private contain(err: unknown, what: string): void {
    this.deps.logger.error(
      { sessionId: this.sessionId, what, err: err instanceof Error ? err.message.slice(0, 200) : typeof err },
      'room task failed',
    );
  }

  /** Run `fn` after everything queued before it, one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Apply a domain command: decide, persist, act, broadcast. */
  command<C extends Command>(command: C): Promise<Applied<ResultOf<C['type']>>> {
    return this.serial(() => (this.retired ? Promise.resolve(RETIRED) : this.apply(command)));
  }

  /**
   * Decide, store, then act: the actor's state changes, and its events run, only once the store has
   * the new state. A store that could not take it leaves everything as it was: UNAVAILABLE.
   */
  private async apply<C extends Command>(command: C): Promise<Applied<ResultOf<C['type']>>> {
    if (this.resumePending && !(await this.finishResume())) return { ok: false, code: 'UNAVAILABLE' };
    const now = this.deps.clock.now();
    const decision = decide(this.state, command, now, this.deps.config);
    if (!decision.ok) {
      for (const e of decision.events ?? []) {
        if (e.type === 'forbidden') {
          this.deps.logger.warn({ sessionId: this.sessionId, participantId: e.actor, command: e.command }, 'forbidden');
        }
      }
      return { ok: false, code: decision.code };
    }
    if (!decision.quiet && !(await this.persist(decision.state, command.type)))
      return { ok: false, code: 'UNAVAILABLE' };
    this.state = decision.state;
    await this.execute(decision.events);
    if (!decision.quiet) this.broadcast();
    return { ok: true, result: decision.result };
  }

  /**
   * Save `state`: true once the store has it; false when the store could not take it (logged once a
   * minute per process, ids only). A lost lease is not the store's failure: LeaseLostError propagates.
   */
  private async persist(state: RoomState, what: string): Promise<boolean> {
    try {
      await this.deps.store.save(state);
      return true;
    } catch (err) {
      if (err instanceof LeaseLostError) throw err;
      storeFaultLog.error(
        this.deps.logger,
        { sessionId: this.sessionId, what, err: errorText(err) },
        'store unavailable',
      );
      return false;
    }
  }

  private async execute(events: DomainEvent[]): Promise<void> {
    for (const e of events) {
      switch (e.type) {
        case 'admitted':
          this.deps.logger.info({ sessionId: this.sessionId, participantId: e.participantId }, 'admitted');
          break;
        case 'ended':
          this.deps.outbox.emit(
            e.participantId,
            'session:ended',
            e.message === undefined ? { reason: e.reason } : { reason: e.reason, message: e.message },
          );
          this.media?.closePeer(e.participantId);
          if (!e.keepConnection) this.deps.outbox.disconnect(e.participantId);
          this.deps.logger.info(
            { sessionId: this.sessionId, participantId: e.participantId, reason: e.reason },
            'ended',
          );
          break;
        case 'muteAudio':
          // Every producer that carries audio, whatever it is called.
          await this.media?.pauseKind(e.participantId, 'audio');
          break;
        case 'stopCamera':
          await this.media?.pauseKind(e.participantId, 'video');
          break;
        case 'notice':
          if (this.capture?.participantId === e.to)
            this.capture.notices.push({ kind: e.kind, text: e.text, message: e.message });
          else this.deps.outbox.emit(e.to, 'notice', { kind: e.kind, text: e.text, message: e.message });
          break;
        case 'staffNotice':
          for (const p of Object.values(this.state.participants)) {
            if (isStaffRole(p.role) && p.connected) {
              this.deps.outbox.emit(
                p.id,
                'notice',
                e.about === undefined
                  ? { kind: e.kind, text: e.text, message: e.message }
                  : { kind: e.kind, text: e.text, message: e.message, participantId: e.about },
              );
            }
          }
          break;
        case 'roomNotice':
          for (const p of Object.values(this.state.participants)) {
            if (p.connected && p.status === 'admitted')
              this.deps.outbox.emit(p.id, 'notice', { kind: e.kind, text: e.text, message: e.message });
          }
          break;
        case 'schedule':
          this.schedule(e.key, e.at, e.command);
          break;
        case 'cancel':
          this.cancel(e.key);
          break;
        case 'crisisRaised':
          // Ids only: no names, locations or text in logs.
          this.deps.logger.warn(
            { sessionId: this.sessionId, participantId: e.participantId, alertId: e.alertId },
            'crisis alert',
          );
          break;
        case 'chatMessage': {
          const msg = this.chatMessage(e.entry);
          for (const id of this.audience()) this.deps.outbox.emit(id, 'chat:message', msg);
          break;
        }
        case 'chatRemoved':
          for (const id of this.audience()) this.deps.outbox.emit(id, 'chat:removed', { messageId: e.messageId });
          break;
        case 'privateMessage': {
          // The member and the staff only; never any other member.
          const msg = this.privateMessage(e.entry);
          for (const p of Object.values(this.state.participants)) {
            if (p.connected && (p.id === e.entry.memberId || isStaffRole(p.role))) {
              this.deps.outbox.emit(p.id, 'chat:privateDelivered', msg);
            }
          }
          break;
        }
        case 'reaction':
          // Ids only, never logged: shown to the sender's space (the sender included) and forgotten.
          this.reactedAt.set(e.participantId, e.at);
          for (const id of this.audience(undefined, e.space)) {
            this.deps.outbox.emit(id, 'reaction:shown', { participantId: e.participantId, kind: e.kind });
          }
          break;
        case 'spacesChanged':
          for (const [pid, producers] of this.media?.reconcileSpaces() ?? []) {
            for (const info of producers) this.deps.outbox.emit(pid, 'media:producerAdded', info);
          }
          break;
        case 'forbidden':
          break;
      }
    }
  }

  /**
   * Run `command` at `at`. A timer's command the store could not take is tried again (a turn still
   * ends, an unanswered crisis alert is still escalated), unless the key was armed anew meanwhile.
   */
  private schedule(key: string, at: number, command: Command): void {
    this.cancel(key);
    if (this.closed) return;
    const handle = this.deps.clock.setTimer(() => {
      this.timers.delete(key);
      this.serial(async () => {
        const r = await this.apply(command);
        if (!r.ok && r.code === 'UNAVAILABLE' && !this.timers.has(key)) {
          this.schedule(key, this.deps.clock.now() + STORE_RETRY_MS, command);
        }
      }).catch((err: unknown) => this.contain(err, command.type));
    }, at - this.deps.clock.now());
    this.timers.set(key, handle);
  }

  private cancel(key: string): void {
    const handle = this.timers.get(key);
    if (handle !== undefined) this.deps.clock.clearTimer(handle);
    this.timers.delete(key);
  }

  /**
   * Send every connected participant what changed in the room as they may see it: a `room:patch`
   * from the version they were last sent (nothing when their view did not change). Parts that do not
   * depend on the viewer are built and serialised once (`ViewCache`, one JSON per shared part; a
   * participant's entry again only when that participant changed), and
   * participants whose patches are identical (members in one space, usually) get one encoded message.
   */
  broadcast(): void {
    const now = this.deps.clock.now();
    const cache = new ViewCache(this.viewEntries);
    const strings = this.partStrings;
    const version = ++this.version;
    // Viewers whose patches are equal (the same base, the same change) share one message.
    const groups: { base: number; change: ViewChange; patch: RoomPatch; to: string[] }[] = [];
    for (const p of Object.values(this.state.participants)) {
      if (!p.connected) {
        // Whoever connects again starts from a full state.
        this.sent.delete(p.id);
        continue;
      }
      const view = viewFor(this.state, p.id, now, this.speaking, cache);
      if (!view) continue;
      const encoded = encodeView(view, strings);
      const last = this.sent.get(p.id);
      if (!last) {
        this.sent.set(p.id, { version, encoded });
        this.deps.outbox.emit(p.id, 'room:state', view, version);
        continue;
      }
      const change = diffEncoded(last.encoded, encoded);
      if (!change) continue;
      this.sent.set(p.id, { version, encoded });
      const group = groups.find((g) => g.base === last.version && sameChange(g.change, change));
      if (group) group.to.push(p.id);
      else groups.push({ base: last.version, change, patch: patchOf(view, change, last.version, version), to: [p.id] });
    }
    for (const { patch, to } of groups) {
      if (to.length > 1 && this.deps.outbox.emitMany) this.deps.outbox.emitMany(to, 'room:patch', patch);
      else for (const id of to) this.deps.outbox.emit(id, 'room:patch', patch);
    }
  }

  /** The whole room, as this participant may see it (on connect, and when they ask after a gap). */
  sendStateTo(participantId: string): void {
    const view = viewFor(this.state, participantId, this.deps.clock.now(), this.speaking);
    if (!view) return;
    this.sent.set(participantId, { version: this.version, encoded: encodeView(view) });
    this.deps.outbox.emit(participantId, 'room:state', view, this.version);
  }

  private nameOf(id: string): string {
    return byId(this.state.participants, id)?.displayName ?? '';
  }

  private chatMessage(e: ChatEntry): ChatMessage {
    return { id: e.id, fromId: e.fromId, fromName: this.nameOf(e.fromId), text: e.text, at: e.at, removed: e.removed };
  }

  private privateMessage(e: PrivateEntry): PrivateMessage {
    return {
      id: e.id,
      memberId: e.memberId,
      fromId: e.fromId,
      fromName: this.nameOf(e.fromId),
      text: e.text,
      at: e.at,
    };
  }

  /** Participants who receive media events: admitted and connected (and in `space`, when given). */
  private audience(except?: string, space?: string): string[] {
    return Object.values(this.state.participants)
      .filter(
        (p) => p.status === 'admitted' && p.connected && p.id !== except && (space === undefined || p.space === space),
      )
      .map((p) => p.id);
  }

  private spaceOf = (participantId: string): string =>
    byId(this.state.participants, participantId)?.space ?? MAIN_SPACE;

  private async ensureMedia(): Promise<M> {
    if (this.media && !this.media.isClosed) return this.media;
    this.media = await this.deps.media.open(
      {
        producerAdded: (info) => {
          for (const id of this.audience(info.participantId, this.spaceOf(info.participantId))) {
            if (receives(this.state, id, info.participantId, info.kind))
              this.deps.outbox.emit(id, 'media:producerAdded', info);
          }
        },
        producerClosed: (participantId, producerId) => {
          for (const id of this.audience(participantId, this.spaceOf(participantId))) {
            this.deps.outbox.emit(id, 'media:producerClosed', { producerId, participantId });
          }
        },
        producerPaused: (participantId, producerId, paused) => {
          // Like the media itself: only the people in the producer's own space (group, pair, side room),
          // its owner included (the server may pause their microphone: their controls must say so).
          for (const id of this.audience(undefined, this.spaceOf(participantId))) {
            this.deps.outbox.emit(id, 'media:producerPaused', { producerId, paused });
          }
        },
        consumerClosed: (participantId, consumerId) => {
          this.deps.outbox.emit(participantId, 'media:consumerClosed', { consumerId });
        },
        speaking: (ids) => {
          const changed = ids.length !== this.speaking.size || ids.some((id) => !this.speaking.has(id));
          this.speaking = new Set(ids);
          // Talk time counts every sample; the indicator only needs news when who speaks changes.
          if (ids.length > 0)
            this.command({ type: 'speakingSample', speaking: ids, intervalMs: SPEAKING_SAMPLE_MS }).catch(
              (err: unknown) => this.contain(err, 'speakingSample'),
            );
          if (!changed) return;
          for (const id of this.audience()) {
            const space = this.spaceOf(id);
            this.deps.outbox.emit(id, 'speaking:levels', { speaking: ids.filter((x) => this.spaceOf(x) === space) });
          }
        },
        uplinkWeak: (participantId) =>
          void this.networkAudioOnly(participantId).catch((err: unknown) => this.contain(err, 'audioOnly')),
      },
      (receiver, owner, kind) => receives(this.state, receiver, owner, kind),
    );
    return this.media;
  }

  /** The worker under this room died: forget the router and ask everyone to join the media again. */
  workerDied(worker: unknown): Promise<void> {
    return this.serial(async () => {
      if (!this.media?.runsOn(worker)) return;
      this.media = null;
      for (const id of this.audience()) this.deps.outbox.emit(id, 'media:restart');
      this.deps.logger.warn({ sessionId: this.sessionId }, 'media restarted after worker death');
    });
  }

  /** A client event, already parsed by its schema and checked against the permission table. */
  handle<E extends ActorEventName>(
    participantId: string,
    event: E,
    payload: ParsedPayload<E>,
  ): Promise<Ack<ClientEventResults[E]>> {
    return this.serial(async () => {
      if (this.retired) return fail(RETIRED.code);
      try {
        const me = byId(this.state.participants, participantId);
        if (!me) return fail('NOT_FOUND');
        if (isCheckEvent(event)) {
          // The connection check: anyone connected with an invite, lobby included; nobody else sees its media.
          if (!me.connected || !['arriving', 'waiting', 'admitted'].includes(me.status)) return fail('NOT_ADMITTED');
        } else if (isRoomMediaEvent(event)) {
          // Media in the room: only for participants in the room.
          if (me.status !== 'admitted' || !me.connected) return fail('NOT_ADMITTED');
        }
        const handler = this.events[event];
        return await handler(this.eventContext(me), payload);
      } catch (err) {
        if (err instanceof MediaError) return fail(err.code);
        if (err instanceof StoreUnavailableError) return fail('UNAVAILABLE');
        this.deps.logger.error(
          { sessionId: this.sessionId, participantId, event, err: (err as Error).message },
          'handler failed',
        );
        return fail('INTERNAL');
      }
    });
  }

  /** What an event handler may touch, for one participant. */
  private eventContext(me: ParticipantState): EventContext<M> {
    const pid = me.id;
    return {
      me,
      participantId: pid,
      isSupervisor: me.role === 'supervisor',
      run: async (command) => {
        const r = await this.apply(command);
        return r.ok ? ok(r.result) : fail(r.code);
      },
      closeMedia: () => this.media?.closePeer(pid),
      now: () => this.deps.clock.now(),
      chatHistory: () => {
        const staff = isStaffRole(me.role);
        const group = me.status === 'admitted' ? this.state.chat.group.map((m) => this.chatMessage(m)) : [];
        const priv = this.state.chat.private
          .filter((m) => staff || m.memberId === pid)
          .map((m) => this.privateMessage(m));
        return { group, private: priv };
      },
      resendState: () => this.sendStateTo(pid),
      lastReactionAt: () => this.reactedAt.get(pid) ?? null,
      announceDevice: (publicKey) => {
        this.devices.set(pid, publicKey);
        const others = this.audience(pid).filter((id) => this.devices.has(id));
        for (const id of others) this.deps.outbox.emit(id, 'e2ee:device', { participantId: pid, publicKey });
        return others.map((id) => ({ participantId: id, publicKey: this.devices.get(id)! }));
      },
      relayKey: (to, blob) => {
        if (to === pid || !this.devices.has(to) || !this.audience().includes(to)) return false;
        this.deps.outbox.emit(to, 'e2ee:key', { from: pid, blob });
        return true;
      },
      // The server's setting, unless this room's group turned it off.
      e2ee: (this.deps.config.e2ee ?? false) && !this.state.plainMedia,
      ensureMedia: () => this.ensureMedia(),
      media: () => this.requireMedia(),
      mayUnmute: () => mayUnmute(this.state, pid),
      mediaState: async (change) => {
        const r = await this.apply({ type: 'mediaState', actor: pid, ...change });
        if (!r.ok && r.code === 'UNAVAILABLE') throw new StoreUnavailableError('mediaState');
      },
      ice: () => this.deps.ice?.(pid),
    };
  }

  /** The SFU saw this participant's uplink could not carry video: audio-only, with a notice. */
  private networkAudioOnly(participantId: string): Promise<void> {
    return this.serial(async () => {
      const p = byId(this.state.participants, participantId);
      if (!this.media || !p || p.status !== 'admitted' || p.role === 'supervisor') return;
      await this.media.setAudioOnly(participantId, true);
      await this.apply({ type: 'mediaState', actor: participantId, cameraOn: false, audioOnly: true });
      this.deps.outbox.emit(participantId, 'notice', {
        kind: 'network-audio-only',
        ...say('networkAudioOnly'),
      });
      this.deps.logger.info({ sessionId: this.sessionId, participantId }, 'audio-only after weak uplink');
    });
  }

  private requireMedia(): M {
    if (!this.media || this.media.isClosed) throw new MediaError('INVALID_STATE', 'media not joined');
    return this.media;
  }

  /**
   * A socket for this participant connected (after the invite was verified), holding `seat`: a number
   * the socket adapter gives each connection attempt in the order they arrive. The newest seat is the
   * participant's one live connection; an older attempt that reaches the actor later is refused, so
   * two tabs on one link always end with the newer one live.
   */
  connect(
    inviteId: string,
    seat: number,
  ): Promise<{ ok: true; notices: ConnectNotice[] } | { ok: false; code: ErrorCode }> {
    return this.serial(async () => {
      if (this.retired) return RETIRED;
      if ((this.seats.get(inviteId) ?? -1) > seat) return { ok: false as const, code: 'REPLACED' as const };
      this.capture = { participantId: inviteId, notices: [] };
      try {
        const r = await this.apply({ type: 'connect', inviteId });
        if (!r.ok) return r;
        this.seats.set(inviteId, seat);
        this.lastSeenAt = this.deps.clock.now();
        // Back before an earlier disconnect could be stored: that disconnect is moot now.
        this.cancel(retryKey(`disconnect:${inviteId}`));
        // A fresh connection starts its media from scratch (and its keys: the new page announces its own).
        this.media?.closePeer(inviteId);
        this.devices.delete(inviteId);
        return { ok: true as const, notices: this.capture.notices };
      } finally {
        this.capture = null;
      }
    });
  }

  /** Whether `seat` is this participant's newest connection. */
  holdsSeat(participantId: string, seat: number): boolean {
    return this.seats.get(participantId) === seat;
  }

  /**
   * The connection holding `seat` closed. A connection that was already replaced changes nothing.
   * The socket is gone whatever the store says: its seat and media go at once; if the store cannot
   * take the disconnect now, it is tried again until it can (or until the participant is back).
   */
  disconnect(participantId: string, seat: number): Promise<void> {
    return this.serial(async () => {
      if (this.seats.get(participantId) !== seat) return;
      this.seats.delete(participantId);
      this.lastSeenAt = this.deps.clock.now();
      this.media?.closePeer(participantId);
      const command: Command = { type: 'disconnect', participantId };
      const r = await this.apply(command);
      if (!r.ok && r.code === 'UNAVAILABLE') {
        this.schedule(retryKey(`disconnect:${participantId}`), this.deps.clock.now() + STORE_RETRY_MS, command);
      }
    });
  }

  /**
   * This node just loaded the room from the store (it took the room over, or restarted): nobody is
   * connected here yet, so whoever was is reconnecting, and every timer the state implies is armed.
   * If the store cannot take that now, this rejects with StoreUnavailableError and the room stays as
   * loaded: the resumption is tried again shortly, and before any command, until the store has it.
   */
  resume(): Promise<void> {
    this.resumePending = true;
    return this.serial(async () => {
      if (this.resumePending && !(await this.finishResume())) {
        this.retryResume();
        throw new StoreUnavailableError('resume');
      }
    });
  }

  /**
   * Unload the room if nobody is connected and it has ended (its final notices went out with the
   * command that ended it, queued before this) or has been idle for `idleMs`. Queued like a command,
   * so it runs after everything before it, and a connection that arrived meanwhile keeps the room.
   * The state is written once more (talk time is not written on every sample), then the router and
   * timers close and the actor retires; `unloaded` runs at that moment, before anything queued after.
   * Resolves to whether the room was unloaded.
   */
  unloadIf(idleMs: number, unloaded: () => void): Promise<boolean> {
    return this.serial(async () => {
      if (this.retired || this.seats.size > 0 || this.capture) return false;
      const ended = this.state.endedAt !== null;
      if (!ended && this.deps.clock.now() - this.lastSeenAt < idleMs) return false;
      try {
        await this.deps.store.save(this.state);
      } catch (err) {
        // The store is unreachable: the room stays loaded and the next sweep tries again.
        this.contain(err, 'unload');
        return false;
      }
      this.retired = true;
      this.close();
      unloaded();
      this.deps.logger.info({ sessionId: this.sessionId, ended }, 'room unloaded');
      return true;
    });
  }

  /** How many people are connected to this room here (each participant's newest connection). */
  get connections(): number {
    return this.seats.size;
  }

  /** Whether this actor was unloaded: its room is found again through `Sessions`. */
  get isRetired(): boolean {
    return this.retired;
  }

  private async finishResume(): Promise<boolean> {
    const r = resumeRoom(this.state, this.deps.clock.now(), this.deps.config);
    if (!(await this.persist(r.state, 'resume'))) return false;
    this.resumePending = false;
    this.state = r.state;
    await this.execute(r.events);
    return true;
  }

  private retryResume(): void {
    const key = retryKey('resume');
    if (this.closed || this.timers.has(key)) return;
    const handle = this.deps.clock.setTimer(() => {
      this.timers.delete(key);
      this.serial(async () => {
        if (this.resumePending && !(await this.finishResume())) this.retryResume();
      }).catch((err: unknown) => this.contain(err, 'resume'));
    }, STORE_RETRY_MS);
    this.timers.set(key, handle);
  }

  /** Resolves once every command queued so far has finished (its write acknowledged). */
  settle(): Promise<void> {
    return this.serial(async () => undefined);
  }

  close(): void {
    this.closed = true;
    for (const handle of this.timers.values()) this.deps.clock.clearTimer(handle);
    this.timers.clear();
    this.media?.close();
    this.media = null;
  }
}
