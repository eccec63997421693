/**
 * Building rooms for the domain's unit tests through the real commands, with time as an argument:
 * invite → connect → check in → admit. Shared by every `server/src/domain/room*.test.ts`.
 */
import {
  AGREEMENT_VERSION,
  type AgendaItemInput,
  type AgendaPolicy,
  type CheckIn,
  type ErrorCode,
  type Role,
} from '@circle/shared';
import {
  type Command,
  type Decision,
  type Invite,
  type RoomConfig,
  type RoomState,
  createRoom,
  decide,
} from '../../src/domain/room.js';

export const CONFIG: RoomConfig = { reconnectGraceMs: 120_000, crisisEscalateMs: 60_000 };
export const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 86_400_000;

export const THERAPIST = 'thera';
export const CO_THERAPIST = 'theo';
export const SUPERVISOR = 'sue';

export type Accepted = Extract<Decision<unknown>, { ok: true }>;

/** Decide, and fail the test with the refusal code if the command was refused. */
export function accept(state: RoomState, command: Command, now = T0): Accepted {
  const d = decide(state, command, now, CONFIG);
  if (!d.ok) throw new Error(`${command.type} was refused: ${d.code}`);
  return d;
}

/** Decide, expecting a refusal; returns its code. */
export function refusal(state: RoomState, command: Command, now = T0): ErrorCode {
  const d = decide(state, command, now, CONFIG);
  if (d.ok) throw new Error(`${command.type} was accepted`);
  return d.code;
}

/** Apply commands in order, all at `now`. */
export function apply(state: RoomState, commands: Command[], now = T0): RoomState {
  return commands.reduce((s, c) => accept(s, c, now).state, state);
}

export const nameOf = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
export const locationOf = (id: string) => `${nameOf(id)}'s flat 4B, 12 Elm Street`;
export const contactOf = (id: string) => `${nameOf(id)}'s sister, 555-0100`;

export function inviteFor(id: string, role: Role, overrides: Partial<Invite> = {}): Invite {
  return { id, role, displayName: nameOf(id), createdAt: T0 - DAY, expiresAt: T0 + DAY, revoked: false, ...overrides };
}

export function checkInFor(id: string): Omit<CheckIn, 'at'> {
  return {
    agreementVersion: AGREEMENT_VERSION,
    location: locationOf(id),
    privateSafePlace: true,
    emergencyContact: contactOf(id),
  };
}

export type Stage = 'invited' | 'arriving' | 'waiting' | 'admitted';

/** Bring someone into the room through the real steps: invite → connect → check in → admit. */
export function join(
  state: RoomState,
  id: string,
  role: Role = 'member',
  stage: Stage = 'admitted',
  now = T0,
): RoomState {
  let s = accept(state, { type: 'addInvite', invite: inviteFor(id, role) }, now).state;
  if (stage === 'invited') return s;
  s = accept(s, { type: 'connect', inviteId: id }, now).state;
  if (role !== 'member' || stage === 'arriving') return s;
  s = accept(s, { type: 'checkIn', actor: id, checkIn: checkInFor(id) }, now).state;
  if (stage === 'waiting') return s;
  return accept(s, { type: 'admit', actor: THERAPIST, target: id }, now).state;
}

/** A room with a therapist and a supervisor in it (and a co-therapist if asked), and members at the given stages. */
export function roomWith(
  members: { admitted?: string[]; waiting?: string[]; arriving?: string[]; coTherapist?: boolean } = {},
  init: { maxMembers?: number } = {},
): RoomState {
  let s = createRoom({ sessionId: 'session-1', title: 'Tuesday evening group', now: T0 - DAY, ...init });
  s = join(s, THERAPIST, 'therapist');
  s = join(s, SUPERVISOR, 'supervisor');
  if (members.coTherapist) s = join(s, CO_THERAPIST, 'therapist');
  for (const id of members.admitted ?? []) s = join(s, id, 'member', 'admitted');
  for (const id of members.waiting ?? []) s = join(s, id, 'member', 'waiting');
  for (const id of members.arriving ?? []) s = join(s, id, 'member', 'arriving');
  return s;
}

export function person(state: RoomState, id: string) {
  const p = state.participants[id];
  if (!p) throw new Error(`no participant ${id}`);
  return p;
}

/** `m` minutes after T0. */
export const at = (m: number) => T0 + m * MINUTE;

export const agendaItem = (title: string, plannedMinutes: number, policy: AgendaPolicy): AgendaItemInput => ({
  title,
  plannedMinutes,
  policy,
});
export const setAgenda = (...items: AgendaItemInput[]): Command => ({ type: 'agendaSet', actor: THERAPIST, items });
export const startAgenda: Command = { type: 'agendaStart', actor: THERAPIST };
