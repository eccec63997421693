import { randomBytes } from 'node:crypto';
import type { AgendaItemInput, BackgroundPolicy, ErrorCode, Role, SpeakingMode } from '@circle/shared';
import type { Logger } from 'pino';
import { createRoom, type Invite, type RoomState } from '../domain/room.js';
import type { GroupAgreement } from '../domain/roomState.js';
import type { Language } from '@circle/shared/i18n';
import { RoomActor, type RoomActorDeps, type RoomOutbox } from './RoomActor.js';
import type { RoomMedia } from './mediaPort.js';
import { signInvite, verifyInvite, type InviteClaims } from './invites.js';
import type { NodeInfo, RoomLeases } from './RoomLeases.js';
import { errorText, storeFaultLog } from './sampledLog.js';
import { StoreUnavailableError, storeFault } from '../adapters/store/RoomStore.js';

/** Where a room runs: here (its actor), or on another node (its owner). */
export type RoomLocation<M extends RoomMedia = RoomMedia> = { actor: RoomActor<M> } | { owner: NodeInfo };

export interface SessionsOptions {
  inviteSecret: string;
  inviteTtlMs: number;
  publicUrl: string;
}

export interface IssuedInvite {
  inviteId: string;
  role: Role;
  displayName: string;
  token: string;
  url: string;
}

const newId = () => randomBytes(9).toString('base64url');

/** Creates sessions and invites, verifies invite tokens, and keeps one actor per live room. */
export class Sessions<M extends RoomMedia = RoomMedia> {
  private readonly actors = new Map<string, RoomActor<M>>();
  private readonly loading = new Map<string, Promise<RoomLocation<M> | undefined>>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private sweeper: ReturnType<typeof setInterval> | null = null;
  /** Rooms being unloaded: their lease release, which a new load of the same room waits for. */
  private readonly unloading = new Map<string, Promise<void>>();
  /** Shutting down: no new rooms, none loaded. */
  private draining = false;
  /** Called with the participants of a room this node lost (its lease went to another node). */
  onRoomLost: (sessionId: string, participantIds: string[]) => void = () => undefined;

  constructor(
    private readonly options: SessionsOptions,
    private readonly deps: Omit<RoomActorDeps<M>, 'outbox'> & {
      outbox: (sessionId: string) => RoomOutbox;
      /** Room ownership across nodes; absent: this is the only node. */
      leases?: RoomLeases;
    },
  ) {}

  get logger(): Logger {
    return this.deps.logger;
  }

  async create(input: {
    title: string;
    startsAt?: number;
    durationMinutes?: number;
    maxMembers?: number;
    therapistName?: string;
    /** The staff account the session belongs to (a therapist who created it). */
    ownerAccountId?: string;
    /** Bind the first therapist invitation to this account: usable only with its signed-in session. */
    therapistAccountId?: string;
    /** A group's room settings (its sessions inherit them). */
    chatEnabled?: boolean;
    speakingMode?: SpeakingMode;
    focusMode?: boolean;
    /** false: this group's sessions forward plain media (end-to-end encryption off). */
    e2ee?: boolean;
    agendaItems?: readonly AgendaItemInput[];
    backgrounds?: BackgroundPolicy;
    agreements?: Partial<Record<Language, GroupAgreement>>;
    language?: Language;
  }): Promise<{ state: RoomState; therapist: IssuedInvite }> {
    if (this.draining) throw new Error('shutting down: no new rooms');
    const now = this.deps.clock.now();
    const { therapistAccountId, therapistName, ...room } = input;
    const state = createRoom({ sessionId: newId(), now, ...room });
    try {
      await this.deps.leases?.acquire(state.sessionId);
      await this.deps.store.save(state);
    } catch (err) {
      throw storeFault(err);
    }
    const actor = this.attach(state);
    const therapist = await this.invite(actor, 'therapist', therapistName ?? 'Therapist', therapistAccountId);
    if ('code' in therapist) {
      throw therapist.code === 'UNAVAILABLE' ? new StoreUnavailableError(therapist.code) : new Error(therapist.code);
    }
    return { state: actor.snapshot, therapist };
  }

  async invite(
    actor: RoomActor<M>,
    role: Role,
    displayName: string,
    accountId?: string,
  ): Promise<IssuedInvite | { code: ErrorCode }> {
    const now = this.deps.clock.now();
    const invite: Invite = {
      id: newId(),
      role,
      displayName,
      createdAt: now,
      expiresAt: now + this.options.inviteTtlMs,
      revoked: false,
      ...(accountId === undefined ? {} : { accountId }),
    };
    const r = await actor.command({ type: 'addInvite', invite });
    if (!r.ok) return { code: r.code };
    return this.issued(actor.sessionId, invite);
  }

  /** An invitation's link (the same each time: its token is signed from the session, the invite and its expiry). */
  issued(sessionId: string, invite: Invite): IssuedInvite {
    const token = signInvite(this.options.inviteSecret, {
      sessionId,
      inviteId: invite.id,
      expiresAt: invite.expiresAt,
    });
    // The token travels in the URL fragment, which browsers never send to servers or proxies' logs.
    return {
      inviteId: invite.id,
      role: invite.role,
      displayName: invite.displayName,
      token,
      url: `${this.options.publicUrl}/join#${token}`,
    };
  }

  verify(token: string): InviteClaims | null {
    return verifyInvite(this.options.inviteSecret, token, this.deps.clock.now());
  }

  private attach(state: RoomState): RoomActor<M> {
    const actor = new RoomActor<M>(state, { ...this.deps, outbox: this.deps.outbox(state.sessionId) });
    this.actors.set(state.sessionId, actor);
    return actor;
  }

  /** The room's actor if this node runs it (loaded from the store on first use); else undefined. */
  async get(sessionId: string): Promise<RoomActor<M> | undefined> {
    const where = await this.locate(sessionId);
    return where && 'actor' in where ? where.actor : undefined;
  }

  /**
   * Where the room runs. A room nobody runs is taken by this node (its lease, then its state from
   * the store, its timers re-armed); a room another node holds is that node's.
   */
  async locate(sessionId: string): Promise<RoomLocation<M> | undefined> {
    const live = this.actors.get(sessionId);
    if (live) return { actor: live };
    if (this.draining) return undefined;
    let pending = this.loading.get(sessionId);
    if (!pending) {
      pending = this.load(sessionId);
      this.loading.set(sessionId, pending);
      void pending.finally(() => this.loading.delete(sessionId)).catch(() => undefined);
    }
    return pending;
  }

  private async load(sessionId: string): Promise<RoomLocation<M> | undefined> {
    // Unloaded a moment ago: its lease is let go first, so this load's lease is not released after it.
    await this.unloading.get(sessionId);
    const leases = this.deps.leases;
    if (leases) {
      const owner = await leases.acquire(sessionId);
      if (owner.nodeId !== leases.self.nodeId) return { owner };
    }
    const state = await this.deps.store.load(sessionId);
    if (!state) {
      await leases?.release(sessionId);
      return undefined;
    }
    const actor = this.attach(state);
    await actor.resume();
    this.deps.logger.info({ sessionId, nodeId: leases?.self.nodeId }, 'room taken over from the store');
    return { actor };
  }

  /** Renew this node's leases every `everyMs`; a room whose lease was lost is dropped here. */
  startLeaseHeartbeat(everyMs: number): void {
    if (!this.deps.leases || this.heartbeat) return;
    this.heartbeat = setInterval(() => void this.renewLeases(), everyMs);
  }

  stopLeaseHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /**
   * Renew this node's leases (its own lapsed ones taken back when nobody else holds them). A room is
   * dropped only when another node holds its lease; a store that cannot be reached drops nothing:
   * the rooms carry on and the next heartbeat tries again. Never rejects.
   */
  async renewLeases(): Promise<void> {
    const leases = this.deps.leases;
    if (!leases || this.draining) return;
    let lost: string[];
    try {
      lost = await leases.renew([...this.actors.keys()]);
    } catch (err) {
      storeFaultLog.error(
        this.deps.logger,
        { nodeId: leases.self.nodeId, err: errorText(err) },
        'lease renewal failed',
      );
      return;
    }
    for (const sessionId of lost) {
      const actor = this.actors.get(sessionId);
      if (!actor) continue;
      this.actors.delete(sessionId);
      actor.close();
      this.deps.logger.warn({ sessionId }, 'room lease lost: another node owns it now');
      try {
        this.onRoomLost(sessionId, Object.keys(actor.snapshot.participants));
      } catch (err) {
        this.deps.logger.error({ sessionId, err: errorText(err) }, 'handing a lost room back failed');
      }
    }
  }

  /** Whether this node is stopping: no rooms are loaded or created any more. */
  get isShuttingDown(): boolean {
    return this.draining;
  }

  /**
   * Unload ended and idle rooms every `everyMs` (see `sweep`). The timer does not keep the process
   * alive; `stopSweep`, `shutdown`, `abandon` and `close` stop it.
   */
  startSweep(idleMs: number, everyMs: number): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      this.sweep(idleMs).catch((err: unknown) =>
        this.deps.logger.error({ err: err instanceof Error ? err.message.slice(0, 200) : typeof err }, 'sweep failed'),
      );
    }, everyMs);
    this.sweeper.unref();
  }

  stopSweep(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /**
   * Unload every room nobody is connected to that has ended or been idle for `idleMs`: its router and
   * timers closed, its lease released (no more renewals), its state left in the store, where the next
   * `get`/`locate` loads it again as a takeover does. Resolves to the rooms unloaded.
   */
  async sweep(idleMs: number): Promise<string[]> {
    const unloaded: string[] = [];
    for (const [sessionId, actor] of [...this.actors]) {
      if (this.draining) break;
      const done = await actor.unloadIf(idleMs, () => {
        // Inside the actor's queue: from now on `locate` loads the room afresh.
        if (this.actors.get(sessionId) === actor) this.actors.delete(sessionId);
        this.deps.store.forget?.(sessionId);
        const release = this.releaseLease(sessionId).finally(() => {
          if (this.unloading.get(sessionId) === release) this.unloading.delete(sessionId);
        });
        this.unloading.set(sessionId, release);
      });
      if (done) unloaded.push(sessionId);
    }
    await Promise.all([...this.unloading.values()]);
    return unloaded;
  }

  private async releaseLease(sessionId: string): Promise<void> {
    await this.deps.leases?.release(sessionId).catch((err: unknown) => {
      this.deps.logger.error(
        { sessionId, err: err instanceof Error ? err.message.slice(0, 200) : typeof err },
        'lease release failed',
      );
    });
  }

  /**
   * A clean stop: no new rooms; every room's queued commands finish (their writes acknowledged),
   * then its lease is released so another node takes it over at once.
   */
  async shutdown(): Promise<void> {
    this.draining = true;
    this.stopLeaseHeartbeat();
    this.stopSweep();
    await Promise.allSettled([...this.loading.values(), ...this.unloading.values()]);
    for (const [sessionId, actor] of [...this.actors]) {
      await actor.settle();
      this.actors.delete(sessionId);
      actor.close();
      await this.deps.leases?.release(sessionId).catch((err: Error) => {
        this.deps.logger.error({ sessionId, err: err.message }, 'lease release failed');
      });
    }
  }

  /** Stop as a killed process would (tests): no more renewals and nothing released. */
  abandon(): void {
    this.draining = true;
    this.stopLeaseHeartbeat();
    this.stopSweep();
    this.close();
  }

  live(): RoomActor<M>[] {
    return [...this.actors.values()];
  }

  /** The room's actor if it is loaded on this node now; never loads it (read-only callers). */
  loaded(sessionId: string): RoomActor<M> | undefined {
    return this.actors.get(sessionId);
  }

  /** The room's last checkpoint, read from the store without loading it or taking its lease. */
  async peek(sessionId: string): Promise<RoomState | undefined> {
    try {
      return await this.deps.store.load(sessionId);
    } catch (err) {
      throw storeFault(err);
    }
  }

  close(): void {
    this.stopSweep();
    for (const a of this.actors.values()) a.close();
    this.actors.clear();
  }
}
