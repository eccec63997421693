import { randomBytes } from 'node:crypto';
import type { ErrorCode, Role } from '@circle/shared';
import type { Logger } from 'pino';
import { createRoom, type Invite, type RoomState } from '../domain/room.js';
import { RoomActor, type RoomActorDeps, type RoomOutbox } from './RoomActor.js';
import { signInvite, verifyInvite, type InviteClaims } from './invites.js';

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
export class Sessions {
  private readonly actors = new Map<string, RoomActor>();
  private readonly loading = new Map<string, Promise<RoomActor | undefined>>();

  constructor(
    private readonly options: SessionsOptions,
    private readonly deps: Omit<RoomActorDeps, 'outbox'> & { outbox: (sessionId: string) => RoomOutbox },
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
  }): Promise<{ state: RoomState; therapist: IssuedInvite }> {
    const now = this.deps.clock.now();
    const state = createRoom({ sessionId: newId(), now, ...input });
    await this.deps.store.save(state);
    const actor = this.attach(state);
    const therapist = await this.invite(actor, 'therapist', input.therapistName ?? 'Therapist');
    if ('code' in therapist) throw new Error(therapist.code);
    return { state: actor.snapshot, therapist };
  }

  async invite(actor: RoomActor, role: Role, displayName: string): Promise<IssuedInvite | { code: ErrorCode }> {
    const now = this.deps.clock.now();
    const invite: Invite = {
      id: newId(),
      role,
      displayName,
      createdAt: now,
      expiresAt: now + this.options.inviteTtlMs,
      revoked: false,
    };
    const r = await actor.command({ type: 'addInvite', invite });
    if (!r.ok) return { code: r.code };
    const token = signInvite(this.options.inviteSecret, {
      sessionId: actor.sessionId,
      inviteId: invite.id,
      expiresAt: invite.expiresAt,
    });
    // The token travels in the URL fragment, which browsers never send to servers or proxies' logs.
    return { inviteId: invite.id, role, displayName, token, url: `${this.options.publicUrl}/join#${token}` };
  }

  verify(token: string): InviteClaims | null {
    return verifyInvite(this.options.inviteSecret, token, this.deps.clock.now());
  }

  private attach(state: RoomState): RoomActor {
    const actor = new RoomActor(state, { ...this.deps, outbox: this.deps.outbox(state.sessionId) });
    this.actors.set(state.sessionId, actor);
    return actor;
  }

  /** The room's actor, loaded from the store on first use. */
  async get(sessionId: string): Promise<RoomActor | undefined> {
    const live = this.actors.get(sessionId);
    if (live) return live;
    let pending = this.loading.get(sessionId);
    if (!pending) {
      pending = this.deps.store.load(sessionId).then((state) => (state ? this.attach(state) : undefined));
      this.loading.set(sessionId, pending);
      void pending.finally(() => this.loading.delete(sessionId));
    }
    return pending;
  }

  live(): RoomActor[] {
    return [...this.actors.values()];
  }

  close(): void {
    for (const a of this.actors.values()) a.close();
    this.actors.clear();
  }
}
