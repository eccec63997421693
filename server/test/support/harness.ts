/**
 * Integration test support: the whole server in-process on port 0 (real socket.io, real
 * mediasoup worker, plain RTP allowed), sessions and invites, and bots that are closed for you.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AGREEMENT_VERSION, type ClientPayload, type Role } from '@circle/shared';
import { startCircle, type Circle, type ComposeOverrides } from '../../src/compose.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { RoomActor } from '../../src/app/RoomActor.js';
import type { MediaRoom } from '../../src/adapters/media/MediaRoom.js';
import type { IssuedInvite } from '../../src/app/Sessions.js';
import { Bot, type BotOptions } from '@circle/testkit/bot';

export type Env = Record<string, string>;

export const TEST_ADMIN_TOKEN = 'test-admin-token';

export const BASE_ENV: Env = {
  PORT: '0',
  HOST: '127.0.0.1',
  ADMIN_TOKEN: TEST_ADMIN_TOKEN,
  MEDIASOUP_WORKERS: '1',
  LOG_LEVEL: 'silent',
  ALLOW_PLAIN_RTP: 'true',
  // Bots send and read plain media: E2EE (Circle's default) only where a test asks for it.
  E2EE: 'false',
  // PGlite with its data in memory: a real PostgreSQL, nothing left behind.
  DATA_DIR: ':memory:',
};

/** Poll `predicate` every 10 ms until it holds; fail with `what` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `waitFor` for conditions that need a round trip to check (polled every 50 ms). */
export async function waitForAsync(
  check: () => Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A round trip for each bot: anything the server emitted to them before now has arrived. */
export async function settle(...bots: Bot[]): Promise<void> {
  for (const bot of bots) await bot.call('clock:ping', { clientTime: Date.now() });
}

/**
 * A view or room state as text without one participant (whose own connection may drop and come back)
 * and without the instant it was made: what must not change for the others.
 */
export function withoutParticipant(value: unknown, participantId: string): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === participantId || key === 'asOf') return undefined;
    if (Array.isArray(v)) return v.filter((x) => (x as { id?: unknown } | null)?.id !== participantId);
    return v;
  });
}

export type CheckInPayload = ClientPayload<'session:checkIn'>;

/** A check-in with details that must never reach another member. */
export function checkInFor(name: string): CheckInPayload & { location: string; emergencyContact: string } {
  return {
    agreementVersion: AGREEMENT_VERSION,
    location: `${name}'s flat, 12 Elm Street, Springfield`,
    privateSafePlace: true,
    emergencyContact: `${name}'s sister Dana, 555-0142`,
  };
}

export class TestSession {
  constructor(
    private readonly t: TestCircle,
    readonly id: string,
    readonly therapistInvite: IssuedInvite,
  ) {}

  async actor(): Promise<RoomActor<MediaRoom>> {
    const actor = await this.t.circle.sessions.get(this.id);
    if (!actor) throw new Error(`session ${this.id} not found`);
    return actor;
  }

  async invite(role: Role, displayName: string): Promise<IssuedInvite> {
    const r = await this.t.circle.sessions.invite(await this.actor(), role, displayName);
    if ('code' in r) throw new Error(`invite failed: ${r.code}`);
    return r;
  }

  connectTherapist(): Promise<Bot> {
    return this.t.connect(this.therapistInvite.token, { name: 'therapist' });
  }

  /** Invite someone and connect them (not yet checked in or admitted, for members). */
  async join(role: Role, displayName: string): Promise<Bot> {
    const invite = await this.invite(role, displayName);
    return this.t.connect(invite.token, { name: displayName });
  }

  /** Check a connected member in with the current agreement, have the therapist admit them, wait for it. */
  async admit(member: Bot, therapist: Bot, checkIn: CheckInPayload = checkInFor(member.name)): Promise<Bot> {
    const participantId = requireId(member);
    const r = await member.call('session:checkIn', checkIn);
    if (r.status !== 'waiting') throw new Error(`check-in status ${r.status}`);
    await therapist.call('lobby:admit', { participantId });
    await waitFor(() => member.view?.you.status === 'admitted', 5_000, `${member.name} admitted`);
    return member;
  }

  /** Invite, connect, check in and admit a member. */
  async joinAsMember(displayName: string, therapist: Bot, checkIn?: CheckInPayload): Promise<Bot> {
    const member = await this.join('member', displayName);
    return this.admit(member, therapist, checkIn);
  }
}

export function requireId(bot: Bot): string {
  const id = bot.participantId;
  if (!id) throw new Error(`${bot.name} has no room view yet`);
  return id;
}

export class TestCircle {
  private readonly bots = new Set<Bot>();

  constructor(
    readonly circle: Circle,
    readonly config: Config,
  ) {}

  get url(): string {
    return this.circle.url;
  }

  /** Connect a bot and wait for its first room view; it is closed by `closeBots`. */
  async connect(token: string, options: BotOptions = {}): Promise<Bot> {
    const bot = await Bot.connect(this.url, token, options);
    this.bots.add(bot);
    await bot.nextEvent('room:state', () => true, { timeoutMs: 5_000 });
    return bot;
  }

  /** Connect without waiting for anything; the caller handles a refusal. Closed by `closeBots`. */
  async tryConnect(token: string, options: BotOptions = {}): Promise<Bot> {
    const bot = await Bot.connect(this.url, token, options);
    this.bots.add(bot);
    return bot;
  }

  async createSession(
    input: { title?: string; maxMembers?: number; therapistName?: string; e2ee?: boolean } = {},
  ): Promise<TestSession> {
    const { state, therapist } = await this.circle.sessions.create({
      title: input.title ?? 'Tuesday group',
      therapistName: input.therapistName ?? 'Dr. Rivera',
      ...(input.maxMembers === undefined ? {} : { maxMembers: input.maxMembers }),
      ...(input.e2ee === undefined ? {} : { e2ee: input.e2ee }),
    });
    return new TestSession(this, state.sessionId, therapist);
  }

  closeBots(): void {
    for (const bot of this.bots) bot.close();
    this.bots.clear();
  }

  async close(): Promise<void> {
    this.closeBots();
    await this.circle.close();
  }
}

/** Start Circle in this process on a free port with test settings; `env` overrides them. */
export async function startTestCircle(overrides: ComposeOverrides = {}, env: Env = {}): Promise<TestCircle> {
  const merged: Env = { ...BASE_ENV, ...env };
  // A PostgreSQL server given: it replaces the in-memory PGlite.
  if (merged.DATABASE_URL) delete merged.DATA_DIR;
  const config = loadConfig(merged);
  return new TestCircle(await startCircle(config, overrides), config);
}

/**
 * One server per test file: started before all tests, bots closed after each, server closed at
 * the end. Returns an accessor for the running instance.
 */
export function useTestCircle(options: { overrides?: ComposeOverrides; env?: Env } = {}): () => TestCircle {
  let t: TestCircle | undefined;
  beforeAll(async () => {
    t = await startTestCircle(options.overrides, options.env);
  });
  afterEach(() => {
    t?.closeBots();
  });
  afterAll(async () => {
    await t?.close();
  });
  return () => {
    if (!t) throw new Error('test circle not started');
    return t;
  };
}

/** What is left in a mediasoup router, from its worker's own dump (mediasoup 3.8 format). */
export interface RouterContents {
  transportIds: string[];
  producerIds: string[];
  consumerIds: string[];
  observedProducerIds: string[];
}

export async function routerContents(router: { dump(): Promise<unknown> }): Promise<RouterContents> {
  const dump = await router.dump();
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const d = record(dump);
  return {
    transportIds: Array.isArray(d.transportIds) ? d.transportIds.map(String) : [],
    producerIds: Object.keys(record(d.mapProducerIdConsumerIds)),
    consumerIds: Object.keys(record(d.mapConsumerIdProducerId)),
    observedProducerIds: Object.keys(record(d.mapProducerIdObserverIds)),
  };
}
