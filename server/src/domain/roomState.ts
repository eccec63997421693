/**
 * The room as plain data: its state, the commands that change it, the events adapters act on, and
 * the small helpers every feature of the room shares.
 */
import {
  type CheckIn,
  type ErrorCode,
  type NoticeKind,
  type NoticeMessage,
  type ParticipantStatus,
  type Role,
  type SpeakingMode,
  type TurnExpiry,
  type CrisisState,
  type CrisisEventView,
  type AgendaItemInput,
  type AgendaTemplateId,
  type BackgroundPolicy,
  type ReactionKind,
  type AgreementView,
  STANDARD_AGREEMENTS,
  assertNever,
} from '@circle/shared';
import type { Language } from '@circle/shared';
import { type Agenda, emptyAgenda, setItems } from './agenda.js';

export const TURN_WARNING_MS = 30_000;

export const DEFAULT_TURN_SECONDS = 180;

export interface Invite {
  id: string;
  role: Role;
  displayName: string;
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
  /** A staff account's own invitation (its therapist entering from the clinician's home): usable only with that account's signed-in session. */
  accountId?: string;
}

export interface Stint {
  joinedAt: number;
  leftAt: number | null;
}

export interface ParticipantState {
  id: string;
  role: Role;
  displayName: string;
  status: ParticipantStatus;
  connected: boolean;
  disconnectedAt: number | null;
  reconnects: number;
  checkIn: CheckIn | null;
  micOn: boolean;
  cameraOn: boolean;
  handRaisedAt: number | null;
  talkMs: number;
  turns: number;
  attendance: Stint[];
  /** Which media space the participant is in: 'main', or a private side room. */
  space: string;
  /** Sends no video, receives the lowest layers (chosen, or after a weak network). Absent: false. */
  audioOnly?: boolean;
  /** The member chose to listen only: a round robin passes over them. Absent: false. */
  listenOnly?: boolean;
  /** Left on their own: until this time "Rejoin" brings them straight back into the room. */
  rejoinUntil?: number | null;
  /** E2EE room: their browser said it cannot encrypt media (issue 25). Absent: false. */
  cannotEncrypt?: boolean;
  /** A therapist let them in although their browser cannot encrypt: the room's media is then in the clear. */
  plainAllowed?: boolean;
}

export interface Floor {
  participantId: string;
  startedAt: number;
  endsAt: number;
  warned: boolean;
  expired: boolean;
  /** Set while the group is on a break: the turn's clock stands still from this time. */
  pausedAt?: number | null;
}

/** A round robin: everyone present in a fixed order, each may pass ("Not now"). */
export interface RoundRobin {
  order: string[];
  /** Had their turn (or it was ended). */
  done: string[];
  /** Said "Not now" (or chose to listen only). */
  passed: string[];
}

/** Why the group is on a break, and what the break paused. */
export interface BreakState {
  /** `side-room`: the only therapist stepped out with a member; it ends when they come back. */
  cause: 'therapist' | 'side-room';
  alertId: string | null;
  startedAt: number;
  /** The break paused a running agenda: it resumes when the break ends. */
  pausedAgenda: boolean;
}

export interface CrisisAlert {
  id: string;
  participantId: string;
  raisedAt: number;
  state: CrisisState;
  escalated: boolean;
  acknowledgedBy: string | null;
  note: string | null;
  history: CrisisEventView[];
}

export interface RoomState {
  sessionId: string;
  title: string;
  /** The staff account (a therapist) the session belongs to; absent for sessions made with the admin token. */
  ownerAccountId?: string;
  createdAt: number;
  startsAt: number;
  durationMinutes: number;
  maxMembers: number;
  locked: boolean;
  invites: Record<string, Invite>;
  participants: Record<string, ParticipantState>;
  speaking: {
    mode: SpeakingMode;
    turnSeconds: number;
    expiry: TurnExpiry;
    floor: Floor | null;
    /** A round-robin agenda item in progress. Absent: none. */
    roundRobin?: RoundRobin | null;
  };
  crisis: CrisisAlert[];
  /** Every turn at the floor, for the session record. */
  turnLog: { participantId: string; startedAt: number; endedAt: number | null }[];
  agenda: Agenda;
  /** The group is on a short break (agenda paused, members muted). */
  onBreak: boolean;
  /** Why the break started and what it paused (absent in rooms stored before breaks had causes). */
  breakState?: BreakState | null;
  /** Every break, for the session record (absent: none yet). */
  breakLog?: { startedAt: number; endedAt: number | null; cause: BreakState['cause'] }[];
  /** Every pass in a round robin, for the session record (absent: none yet). */
  passLog?: { participantId: string; at: number; how: 'not-now' | 'listening-only' }[];
  /** Set when a therapist ends the session; nobody joins after that. */
  endedAt: number | null;
  /** Who ended it (absent in rooms stored before this was kept), for the audit log. */
  endedBy?: string | null;
  chat: {
    /** Members may write in the group chat. */
    enabled: boolean;
    group: ChatEntry[];
    private: PrivateEntry[];
  };
  pairs: { groups: { id: string; memberIds: string[] }[]; endsAt: number } | null;
  /** Quiet reactions are on (absent: on); the therapist may turn them off for the session. */
  reactionsEnabled?: boolean;
  /** Whether members may blur or replace their background (a group's setting; absent: the room's default). */
  backgrounds?: BackgroundPolicy;
  /** Focus mode: members see only the staff (absent: off). Enforced at the SFU by `receives`. */
  focusMode?: boolean;
  /** The group turned end-to-end encryption off: this room's media is plain even on an E2EE server. */
  plainMedia?: true;
  /** Rooms stored before agreements had languages: the group's own (English) version. */
  agreement?: GroupAgreement;
  /** The group's own agreement per language (a language absent: see `agreementOf`). */
  agreements?: Partial<Record<Language, GroupAgreement>>;
  /** The room's default language, its group's (absent: English). */
  language?: Language;
}

export interface ChatEntry {
  id: string;
  fromId: string;
  text: string;
  at: number;
  removed: boolean;
}

export interface PrivateEntry {
  id: string;
  memberId: string;
  fromId: string;
  text: string;
  at: number;
}

/** At most this many messages of each kind are kept (oldest dropped). */
export const CHAT_KEEP = 200;

export const pairSpace = (pairId: string) => `pair:${pairId}`;

export const MAIN_SPACE = 'main';

export const sideRoomSpace = (alertId: string) => `side:${alertId}`;

export interface RoomConfig {
  reconnectGraceMs: number;
  crisisEscalateMs: number;
  /** Media end-to-end encrypted in the browsers (E2EE); off when left out. */
  e2ee?: boolean;
}

export type Command =
  | { type: 'connect'; inviteId: string }
  | { type: 'disconnect'; participantId: string }
  | { type: 'graceExpired'; participantId: string }
  | { type: 'addInvite'; invite: Invite }
  | { type: 'revokeInvite'; inviteId: string }
  | { type: 'checkIn'; actor: string; checkIn: Omit<CheckIn, 'at'> }
  | { type: 'admit'; actor: string; target: string; unencrypted?: boolean }
  | { type: 'cannotEncrypt'; actor: string }
  | { type: 'admitAll'; actor: string }
  | { type: 'decline'; actor: string; target: string; message?: string }
  | { type: 'remove'; actor: string; target: string }
  | { type: 'lock'; actor: string; locked: boolean }
  | { type: 'end'; actor: string }
  | { type: 'leave'; actor: string }
  | { type: 'mediaState'; actor: string; micOn?: boolean; cameraOn?: boolean; audioOnly?: boolean }
  | { type: 'raiseHand'; actor: string }
  | { type: 'lowerHand'; actor: string }
  | { type: 'giveFloor'; actor: string; target: string }
  | { type: 'nextFloor'; actor: string }
  | { type: 'takeBack'; actor: string }
  | { type: 'endTurn'; actor: string }
  | { type: 'passTurn'; actor: string }
  | { type: 'setListenOnly'; actor: string; on: boolean }
  | { type: 'setMode'; actor: string; mode: SpeakingMode }
  | { type: 'setTurn'; actor: string; turnSeconds: number; expiry: TurnExpiry }
  | { type: 'turnTick' }
  | { type: 'mute'; actor: string; target: string }
  | { type: 'muteAll'; actor: string }
  | { type: 'askUnmute'; actor: string; target: string }
  | { type: 'stopCamera'; actor: string; target: string }
  | { type: 'speakingSample'; speaking: string[]; intervalMs: number }
  | { type: 'agendaSet'; actor: string; items: readonly AgendaItemInput[] }
  | { type: 'agendaTemplate'; actor: string; templateId: AgendaTemplateId }
  | { type: 'agendaStart'; actor: string }
  | { type: 'agendaPause'; actor: string }
  | { type: 'agendaResume'; actor: string }
  | { type: 'agendaNext'; actor: string }
  | { type: 'agendaPrevious'; actor: string }
  | { type: 'agendaExtend'; actor: string; minutes: number }
  | { type: 'agendaTick' }
  | { type: 'crisisAlert'; actor: string; alertId: string }
  | { type: 'crisisAck'; actor: string; alertId: string }
  | { type: 'crisisResolve'; actor: string; alertId: string; note?: string }
  | { type: 'crisisEscalate'; alertId: string }
  | { type: 'crisisSideRoom'; actor: string; alertId: string }
  | { type: 'crisisReturn'; actor: string; alertId: string }
  | { type: 'setBreak'; actor: string; on: boolean }
  | { type: 'chatSend'; actor: string; messageId: string; text: string }
  | { type: 'chatDelete'; actor: string; messageId: string }
  | { type: 'chatSetEnabled'; actor: string; enabled: boolean }
  | { type: 'setFocusMode'; actor: string; on: boolean }
  | { type: 'chatPrivate'; actor: string; messageId: string; memberId?: string; text: string }
  | { type: 'pairsStart'; actor: string; minutes: number; groups?: string[][] }
  | { type: 'pairsEnd'; actor: string }
  | { type: 'pairsTimeUp' }
  | { type: 'pairsVisit'; actor: string; pairId: string | null }
  | { type: 'pairsBroadcast'; actor: string; text: string }
  /** `previousAt`: when this person's last reaction was shown (the actor keeps it in memory; never stored). */
  | { type: 'react'; actor: string; kind: ReactionKind; previousAt: number | null }
  | { type: 'reactionsSetEnabled'; actor: string; enabled: boolean };

/** What adapters must do after a command: media enforcement, notices, timers, connection ends. */
export type DomainEvent =
  | { type: 'admitted'; participantId: string }
  | {
      type: 'ended';
      participantId: string;
      reason: 'removed' | 'declined' | 'ended';
      message?: string;
      /** The one who ended it: their connection stays open until their client has the ack. */
      keepConnection?: boolean;
    }
  | { type: 'muteAudio'; participantId: string }
  | { type: 'stopCamera'; participantId: string }
  | { type: 'notice'; to: string; kind: NoticeKind; text: string; message: NoticeMessage; about?: string }
  | { type: 'staffNotice'; kind: NoticeKind; text: string; message: NoticeMessage; about?: string }
  | { type: 'roomNotice'; kind: NoticeKind; text: string; message: NoticeMessage }
  | { type: 'schedule'; key: string; at: number; command: Command }
  | { type: 'cancel'; key: string }
  | { type: 'crisisRaised'; alertId: string; participantId: string }
  /** Participants moved between media spaces: the SFU must re-check who receives whom. */
  | { type: 'spacesChanged' }
  | { type: 'chatMessage'; entry: ChatEntry }
  | { type: 'chatRemoved'; messageId: string }
  | { type: 'privateMessage'; entry: PrivateEntry }
  /** A quiet reaction, for the people in `space` only; shown and forgotten. */
  | { type: 'reaction'; participantId: string; kind: ReactionKind; space: string; at: number }
  | { type: 'forbidden'; actor: string; command: Command['type'] };

/** What a command answers when it is accepted: the commands listed here answer more than null. */
export interface CommandResults {
  checkIn: { status: ParticipantStatus };
  admitAll: { admitted: number };
  muteAll: { muted: number };
  crisisAlert: { alertId: string };
  chatSend: { messageId: string };
  chatPrivate: { messageId: string };
  pairsStart: { pairs: number };
}

/** The answer of command type `T`. */
export type ResultOf<T extends Command['type']> = T extends keyof CommandResults ? CommandResults[T] : null;

/** A command's outcome: the next state, the events adapters act on and the answer `R`; or a refusal. */
export type Decision<R = null> =
  | { ok: true; state: RoomState; events: DomainEvent[]; result: R; quiet?: boolean }
  | { ok: false; code: ErrorCode; events?: DomainEvent[] };

/** A group's agreement as its room shows it: the points, and the version a member's acceptance records. */
export interface GroupAgreement {
  version: string;
  points: readonly string[];
}

/**
 * The agreement a member reading `language` accepts in this room: the group's own text in that
 * language; else the group's text in its default language; else Circle's standard agreement in
 * that language. Absent `language`: the room's default.
 */
export function agreementOf(
  state: Pick<RoomState, 'agreement' | 'agreements' | 'language'>,
  language?: Language,
): AgreementView {
  const fallback = state.language ?? 'en';
  const want = language ?? fallback;
  const own = state.agreements?.[want];
  if (own) return { version: own.version, points: own.points, language: want };
  const groupDefault = state.agreements?.[fallback] ?? state.agreement;
  if (groupDefault) return { version: groupDefault.version, points: groupDefault.points, language: fallback };
  const standard = STANDARD_AGREEMENTS[want];
  return { version: standard.version, points: standard.points, language: want };
}

export function createRoom(init: {
  sessionId: string;
  title: string;
  now: number;
  startsAt?: number;
  durationMinutes?: number;
  maxMembers?: number;
  ownerAccountId?: string;
  /** A group's room settings, inherited by each of its sessions (absent: the room's defaults). */
  chatEnabled?: boolean;
  speakingMode?: SpeakingMode;
  agendaItems?: readonly AgendaItemInput[];
  backgrounds?: BackgroundPolicy;
  /** A group's setting: members see only the therapists. */
  focusMode?: boolean;
  /** A group's setting: false turns end-to-end encryption off for this room. */
  e2ee?: boolean;
  /** A group's own agreement per language (a language absent: its default language's, else Circle's standard one). */
  agreements?: Partial<Record<Language, GroupAgreement>>;
  /** The group's default language. */
  language?: Language;
}): RoomState {
  const agenda = init.agendaItems && init.agendaItems.length > 0 ? setItems(emptyAgenda(), init.agendaItems) : null;
  return {
    sessionId: init.sessionId,
    title: init.title,
    ...(init.ownerAccountId === undefined ? {} : { ownerAccountId: init.ownerAccountId }),
    createdAt: init.now,
    startsAt: init.startsAt ?? init.now,
    durationMinutes: init.durationMinutes ?? 90,
    maxMembers: init.maxMembers ?? 10,
    locked: false,
    invites: {},
    participants: {},
    speaking: { mode: init.speakingMode ?? 'open', turnSeconds: DEFAULT_TURN_SECONDS, expiry: 'soft', floor: null },
    crisis: [],
    turnLog: [],
    agenda: agenda?.ok ? agenda.agenda : emptyAgenda(),
    onBreak: false,
    endedAt: null,
    chat: { enabled: init.chatEnabled ?? true, group: [], private: [] },
    pairs: null,
    ...(init.backgrounds === undefined ? {} : { backgrounds: init.backgrounds }),
    ...(init.focusMode === undefined ? {} : { focusMode: init.focusMode }),
    ...(init.e2ee === false ? { plainMedia: true as const } : {}),
    ...(init.agreements === undefined ? {} : { agreements: init.agreements }),
    ...(init.language === undefined ? {} : { language: init.language }),
  };
}

// ------------------------------------------------------------------ queries

export const isStaffRole = (role: Role): boolean => role === 'therapist' || role === 'supervisor';

/**
 * E2EE rooms: who is in with a browser that cannot encrypt (a member a therapist let in so, or staff,
 * who choose for themselves). While anyone is, every browser sends media in the clear, and says so.
 */
export function unencryptedIn(state: RoomState): string[] {
  return Object.values(state.participants)
    .filter((p) => p.status === 'admitted' && p.cannotEncrypt && (p.plainAllowed || p.role !== 'member'))
    .map((p) => p.id);
}

export function admittedMembers(state: RoomState): ParticipantState[] {
  return Object.values(state.participants).filter((p) => p.role === 'member' && p.status === 'admitted');
}

/** The raised hands, oldest first (ties broken by id so every node orders them the same). */
export function handQueue(state: RoomState): ParticipantState[] {
  return Object.values(state.participants)
    .filter((p) => p.handRaisedAt !== null && p.status === 'admitted')
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0) || a.id.localeCompare(b.id));
}

/** May this participant have live audio now? The SFU refuses to resume an audio producer otherwise. */
export function mayUnmute(state: RoomState, participantId: string): boolean {
  const p = byId(state.participants, participantId);
  if (!p || p.status !== 'admitted') return false;
  // A private side room is a conversation, whatever the group's mode.
  if (p.space !== MAIN_SPACE) return p.role !== 'supervisor';
  switch (p.role) {
    case 'therapist':
      return true;
    case 'supervisor':
      return false;
    case 'member':
      if (state.onBreak) return false;
      return state.speaking.mode === 'open' || state.speaking.floor?.participantId === participantId;
    default:
      return assertNever(p.role);
  }
}

export function nameTaken(state: RoomState, displayName: string): boolean {
  const wanted = displayName.toLocaleLowerCase();
  return Object.values(state.invites).some((i) => !i.revoked && i.displayName.toLocaleLowerCase() === wanted);
}

// ------------------------------------------------------------------ decide

export const TURN_TIMER = 'turn';

export const graceKey = (id: string) => `grace:${id}`;

export const crisisKey = (id: string) => `crisis:${id}`;

export type Ok<R = null> = Extract<Decision<R>, { ok: true }>;

/** Accepted: the next state, its events, and the answer (null unless the command has one). */
export function done(state: RoomState, events?: DomainEvent[]): Ok;
export function done<R>(state: RoomState, events: DomainEvent[], result: R): Ok<R>;
export function done(state: RoomState, events: DomainEvent[] = [], result: unknown = null): Ok<unknown> {
  return { ok: true, state, events, result };
}

export const no = (code: ErrorCode): Decision<never> => ({ ok: false, code });

export function withParticipant(state: RoomState, p: ParticipantState): RoomState {
  return { ...state, participants: { ...state.participants, [p.id]: p } };
}

export function openStint(p: ParticipantState, now: number): Stint[] {
  const last = p.attendance[p.attendance.length - 1];
  if (last && last.leftAt === null) return p.attendance;
  return [...p.attendance, { joinedAt: now, leftAt: null }];
}

export function closeStint(p: ParticipantState, at: number): Stint[] {
  const last = p.attendance[p.attendance.length - 1];
  if (!last || last.leftAt !== null) return p.attendance;
  return [...p.attendance.slice(0, -1), { ...last, leftAt: at }];
}

export function inSpace(state: RoomState, space: string): ParticipantState[] {
  return Object.values(state.participants).filter((p) => p.space === space);
}

export function muteLocally(state: RoomState, events: DomainEvent[]): RoomState {
  let next = state;
  for (const e of events) {
    if (e.type === 'muteAudio') {
      const p = byId(next.participants, e.participantId);
      if (p) next = withParticipant(next, { ...p, micOn: false });
    }
  }
  return next;
}

/** What a command's handler sees: the room, the command, the time, the settings, and for a person's
 * command, that person (already checked against the permission table by `decide`). */
export type Ctx<T extends Command['type']> = T extends ActorCommand['type']
  ? {
      state: RoomState;
      command: Extract<Command, { type: T }>;
      now: number;
      config: RoomConfig;
      actor: ParticipantState;
    }
  : { state: RoomState; command: Extract<Command, { type: T }>; now: number; config: RoomConfig };

export type ActorCommand = Extract<Command, { actor: string }>;

/** One handler per command type of a feature. */
export type Handlers<K extends Command['type']> = { readonly [T in K]: (ctx: Ctx<T>) => Decision<ResultOf<T>> };

/**
 * A record's entry by id: its own property only, never one every object inherits (`constructor`,
 * `__proto__`…), whatever id arrives. Ids are checked at every boundary too (shared `idSchema`).
 */
export function byId<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}
