/**
 * The room's rules as plain functions over plain data: `decide(state, command, now)` returns the
 * next state and the events that adapters act on, or an error code. No I/O, no timers, no sockets.
 */
import {
  AGREEMENT_VERSION,
  type CheckIn,
  type ErrorCode,
  type NoticeKind,
  type ParticipantStatus,
  type Role,
  type SpeakingMode,
  type TurnExpiry,
  type CrisisState,
  type CrisisEventView,
  type AgendaItemInput,
  type AgendaTemplateId,
  AGENDA_TEMPLATES,
  assertNever,
} from '@circle/shared';
import * as agendaClock from './agenda.js';
import { type Agenda, emptyAgenda } from './agenda.js';

export const TURN_WARNING_MS = 30_000;
export const DEFAULT_TURN_SECONDS = 180;

export interface Invite {
  id: string;
  role: Role;
  displayName: string;
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
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
  chat: {
    /** Members may write in the group chat. */
    enabled: boolean;
    group: ChatEntry[];
    private: PrivateEntry[];
  };
  pairs: { groups: { id: string; memberIds: string[] }[]; endsAt: number } | null;
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
}

export type Command =
  | { type: 'connect'; inviteId: string }
  | { type: 'disconnect'; participantId: string }
  | { type: 'graceExpired'; participantId: string }
  | { type: 'addInvite'; invite: Invite }
  | { type: 'revokeInvite'; inviteId: string }
  | { type: 'checkIn'; actor: string; checkIn: Omit<CheckIn, 'at'> }
  | { type: 'admit'; actor: string; target: string }
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
  | { type: 'chatPrivate'; actor: string; messageId: string; memberId?: string; text: string }
  | { type: 'pairsStart'; actor: string; minutes: number; groups?: string[][] }
  | { type: 'pairsEnd'; actor: string }
  | { type: 'pairsTimeUp' }
  | { type: 'pairsVisit'; actor: string; pairId: string | null }
  | { type: 'pairsBroadcast'; actor: string; text: string };

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
  | { type: 'notice'; to: string; kind: NoticeKind; text: string; about?: string }
  | { type: 'staffNotice'; kind: NoticeKind; text: string; about?: string }
  | { type: 'roomNotice'; kind: NoticeKind; text: string }
  | { type: 'schedule'; key: string; at: number; command: Command }
  | { type: 'cancel'; key: string }
  | { type: 'crisisRaised'; alertId: string; participantId: string }
  /** Participants moved between media spaces: the SFU must re-check who receives whom. */
  | { type: 'spacesChanged' }
  | { type: 'chatMessage'; entry: ChatEntry }
  | { type: 'chatRemoved'; messageId: string }
  | { type: 'privateMessage'; entry: PrivateEntry }
  | { type: 'forbidden'; actor: string; command: Command['type'] };

export type Decision =
  | { ok: true; state: RoomState; events: DomainEvent[]; result?: unknown; quiet?: boolean }
  | { ok: false; code: ErrorCode; events?: DomainEvent[] };

export function createRoom(init: {
  sessionId: string;
  title: string;
  now: number;
  startsAt?: number;
  durationMinutes?: number;
  maxMembers?: number;
}): RoomState {
  return {
    sessionId: init.sessionId,
    title: init.title,
    createdAt: init.now,
    startsAt: init.startsAt ?? init.now,
    durationMinutes: init.durationMinutes ?? 90,
    maxMembers: init.maxMembers ?? 10,
    locked: false,
    invites: {},
    participants: {},
    speaking: { mode: 'open', turnSeconds: DEFAULT_TURN_SECONDS, expiry: 'soft', floor: null },
    crisis: [],
    turnLog: [],
    agenda: emptyAgenda(),
    onBreak: false,
    endedAt: null,
    chat: { enabled: true, group: [], private: [] },
    pairs: null,
  };
}

// ------------------------------------------------------------------ queries

export const isStaffRole = (role: Role): boolean => role === 'therapist' || role === 'supervisor';

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
  const p = state.participants[participantId];
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

type Ok = Extract<Decision, { ok: true }>;
const done = (state: RoomState, events: DomainEvent[] = [], result?: unknown): Ok => ({
  ok: true,
  state,
  events,
  result,
});
const no = (code: ErrorCode): Decision => ({ ok: false, code });

function withParticipant(state: RoomState, p: ParticipantState): RoomState {
  return { ...state, participants: { ...state.participants, [p.id]: p } };
}

function openStint(p: ParticipantState, now: number): Stint[] {
  const last = p.attendance[p.attendance.length - 1];
  if (last && last.leftAt === null) return p.attendance;
  return [...p.attendance, { joinedAt: now, leftAt: null }];
}

function closeStint(p: ParticipantState, at: number): Stint[] {
  const last = p.attendance[p.attendance.length - 1];
  if (!last || last.leftAt !== null) return p.attendance;
  return [...p.attendance.slice(0, -1), { ...last, leftAt: at }];
}

/** Which roles each actor command needs, and whether the actor must be admitted. */
const ACTOR_RULES: Partial<Record<Command['type'], { roles: readonly Role[]; admitted: boolean }>> = {
  checkIn: { roles: ['member'], admitted: false },
  admit: { roles: ['therapist'], admitted: true },
  admitAll: { roles: ['therapist'], admitted: true },
  decline: { roles: ['therapist'], admitted: true },
  remove: { roles: ['therapist'], admitted: true },
  lock: { roles: ['therapist'], admitted: true },
  end: { roles: ['therapist'], admitted: true },
  leave: { roles: ['member', 'therapist', 'supervisor'], admitted: false },
  mediaState: { roles: ['member', 'therapist'], admitted: true },
  raiseHand: { roles: ['member'], admitted: true },
  lowerHand: { roles: ['member'], admitted: true },
  giveFloor: { roles: ['therapist'], admitted: true },
  nextFloor: { roles: ['therapist'], admitted: true },
  takeBack: { roles: ['therapist'], admitted: true },
  endTurn: { roles: ['member', 'therapist'], admitted: true },
  passTurn: { roles: ['member'], admitted: true },
  setListenOnly: { roles: ['member'], admitted: true },
  setMode: { roles: ['therapist'], admitted: true },
  setTurn: { roles: ['therapist'], admitted: true },
  mute: { roles: ['therapist'], admitted: true },
  muteAll: { roles: ['therapist'], admitted: true },
  askUnmute: { roles: ['therapist'], admitted: true },
  stopCamera: { roles: ['therapist'], admitted: true },
  agendaSet: { roles: ['therapist'], admitted: true },
  agendaTemplate: { roles: ['therapist'], admitted: true },
  agendaStart: { roles: ['therapist'], admitted: true },
  agendaPause: { roles: ['therapist'], admitted: true },
  agendaResume: { roles: ['therapist'], admitted: true },
  agendaNext: { roles: ['therapist'], admitted: true },
  agendaPrevious: { roles: ['therapist'], admitted: true },
  agendaExtend: { roles: ['therapist'], admitted: true },
  crisisAlert: { roles: ['member'], admitted: false },
  crisisAck: { roles: ['therapist', 'supervisor'], admitted: true },
  crisisResolve: { roles: ['therapist', 'supervisor'], admitted: true },
  crisisSideRoom: { roles: ['therapist'], admitted: true },
  crisisReturn: { roles: ['therapist'], admitted: true },
  setBreak: { roles: ['therapist'], admitted: true },
  chatSend: { roles: ['member', 'therapist', 'supervisor'], admitted: true },
  chatDelete: { roles: ['therapist'], admitted: true },
  chatSetEnabled: { roles: ['therapist'], admitted: true },
  chatPrivate: { roles: ['member', 'therapist', 'supervisor'], admitted: false },
  pairsStart: { roles: ['therapist'], admitted: true },
  pairsEnd: { roles: ['therapist'], admitted: true },
  pairsVisit: { roles: ['therapist'], admitted: true },
  pairsBroadcast: { roles: ['therapist'], admitted: true },
};

export function decide(state: RoomState, command: Command, now: number, config: RoomConfig): Decision {
  const d = decideRules(state, command, now, config);
  return d.ok ? { ...d, events: withMutes(state, d.state, d.events) } : d;
}

/**
 * Whatever rule turned a microphone off in the room, the SFU must pause it: every mic that was on
 * and is now off gets a `muteAudio` event (once).
 */
function withMutes(before: RoomState, after: RoomState, events: DomainEvent[]): DomainEvent[] {
  if (before.participants === after.participants) return events;
  const muted = new Set(events.flatMap((e) => (e.type === 'muteAudio' ? [e.participantId] : [])));
  const extra: DomainEvent[] = [];
  for (const p of Object.values(after.participants)) {
    if (!p.micOn && before.participants[p.id]?.micOn && !muted.has(p.id)) {
      extra.push({ type: 'muteAudio', participantId: p.id });
    }
  }
  return extra.length > 0 ? [...events, ...extra] : events;
}

function decideRules(state: RoomState, command: Command, now: number, config: RoomConfig): Decision {
  if ('actor' in command) {
    const rule = ACTOR_RULES[command.type];
    const actor = state.participants[command.actor];
    if (!rule || !actor) return no('NOT_FOUND');
    if (!rule.roles.includes(actor.role)) {
      return { ok: false, code: 'FORBIDDEN', events: [{ type: 'forbidden', actor: actor.id, command: command.type }] };
    }
    if (actor.status === 'removed') return no('REMOVED');
    if (rule.admitted && actor.status !== 'admitted') return no('NOT_ADMITTED');
  }
  switch (command.type) {
    case 'addInvite':
      if (nameTaken(state, command.invite.displayName)) return no('NAME_TAKEN');
      return done({ ...state, invites: { ...state.invites, [command.invite.id]: command.invite } });
    case 'revokeInvite': {
      const invite = state.invites[command.inviteId];
      if (!invite) return no('NOT_FOUND');
      const next = { ...state, invites: { ...state.invites, [invite.id]: { ...invite, revoked: true } } };
      const p = state.participants[invite.id];
      if (p && p.status !== 'removed' && p.status !== 'left') {
        return endParticipant(next, p, 'removed', now);
      }
      return done(next);
    }
    case 'connect':
      return connect(state, command.inviteId, now, config);
    case 'disconnect': {
      const p = state.participants[command.participantId];
      if (!p) return no('NOT_FOUND');
      if (!p.connected) return done(state);
      if (p.status !== 'admitted') {
        // Not in the room yet: forget them from the lobby; they come back through it.
        const status: ParticipantStatus = p.status === 'waiting' ? 'arriving' : p.status;
        return done(
          withParticipant(state, { ...p, connected: false, disconnectedAt: now, status, handRaisedAt: null }),
        );
      }
      let next = withParticipant(state, { ...p, connected: false, disconnectedAt: now, micOn: false, cameraOn: false });
      const events: DomainEvent[] = [
        {
          type: 'schedule',
          key: graceKey(p.id),
          at: now + config.reconnectGraceMs,
          command: { type: 'graceExpired', participantId: p.id },
        },
      ];
      if (state.speaking.floor?.participantId === p.id) {
        // The floor returns to the therapists; the member comes back muted.
        next = endFloor(next, now);
        events.push({ type: 'cancel', key: TURN_TIMER });
      }
      return done(next, events);
    }
    case 'graceExpired': {
      const p = state.participants[command.participantId];
      if (!p || p.connected || p.status !== 'admitted') return done(state);
      return done(
        withParticipant(state, {
          ...p,
          status: 'left',
          handRaisedAt: null,
          attendance: closeStint(p, p.disconnectedAt ?? now),
        }),
      );
    }
    case 'checkIn': {
      const p = state.participants[command.actor]!;
      if (p.status === 'admitted' || p.status === 'waiting') return done(state, [], { status: p.status });
      if (p.status === 'declined') return no('INVALID_STATE');
      if (command.checkIn.agreementVersion !== AGREEMENT_VERSION) return no('AGREEMENT_REQUIRED');
      if (state.locked) return no('ROOM_LOCKED');
      if (admittedMembers(state).length >= state.maxMembers) return no('ROOM_FULL');
      const next = withParticipant(state, { ...p, status: 'waiting', checkIn: { ...command.checkIn, at: now } });
      return done(next, [], { status: 'waiting' });
    }
    case 'admit': {
      const p = state.participants[command.target];
      if (!p || p.role !== 'member') return no('NOT_FOUND');
      if (p.status !== 'waiting') return no('INVALID_STATE');
      if (admittedMembers(state).length >= state.maxMembers) return no('ROOM_FULL');
      return done(admit(state, p, now), [{ type: 'admitted', participantId: p.id }]);
    }
    case 'admitAll': {
      const waiting = Object.values(state.participants)
        .filter((p) => p.role === 'member' && p.status === 'waiting')
        .sort((a, b) => (a.checkIn?.at ?? 0) - (b.checkIn?.at ?? 0));
      const room = state.maxMembers - admittedMembers(state).length;
      if (waiting.length > 0 && room <= 0) return no('ROOM_FULL');
      let next = state;
      const events: DomainEvent[] = [];
      for (const p of waiting.slice(0, Math.max(0, room))) {
        next = admit(next, p, now);
        events.push({ type: 'admitted', participantId: p.id });
      }
      return done(next, events, { admitted: events.length });
    }
    case 'decline': {
      const p = state.participants[command.target];
      if (!p || p.role !== 'member') return no('NOT_FOUND');
      if (p.status !== 'waiting' && p.status !== 'arriving') return no('INVALID_STATE');
      const next = withParticipant(state, { ...p, status: 'declined' });
      return done(next, [
        command.message === undefined
          ? { type: 'ended', participantId: p.id, reason: 'declined' }
          : { type: 'ended', participantId: p.id, reason: 'declined', message: command.message },
      ]);
    }
    case 'remove': {
      const p = state.participants[command.target];
      if (!p || p.role === 'therapist' || p.id === command.actor) return no(p ? 'FORBIDDEN' : 'NOT_FOUND');
      if (p.status === 'removed') return no('INVALID_STATE');
      const invite = state.invites[p.id];
      const next = invite ? { ...state, invites: { ...state.invites, [p.id]: { ...invite, revoked: true } } } : state;
      return endParticipant(next, p, 'removed', now);
    }
    case 'lock':
      return done({ ...state, locked: command.locked });
    case 'end': {
      // Everyone's stint closes now; the agenda stops; nobody can join again.
      let next: RoomState = {
        ...state,
        endedAt: now,
        locked: true,
        pairs: null,
        onBreak: false,
        breakState: null,
        speaking: { ...state.speaking, roundRobin: null },
      };
      const events: DomainEvent[] = [
        { type: 'cancel', key: TURN_TIMER },
        { type: 'cancel', key: AGENDA_TIMER },
      ];
      if (next.speaking.floor) next = endFloor(next, now);
      next = { ...next, agenda: agendaClock.finish(next.agenda, now) };
      for (const p of Object.values(next.participants)) {
        next = withParticipant(next, {
          ...p,
          connected: false,
          space: MAIN_SPACE,
          handRaisedAt: null,
          // Someone who had dropped left when they dropped.
          attendance: closeStint(p, p.connected ? now : (p.disconnectedAt ?? now)),
          status: p.status === 'admitted' || p.status === 'waiting' ? 'left' : p.status,
        });
        if (p.connected) {
          events.push(
            p.id === command.actor
              ? { type: 'ended', participantId: p.id, reason: 'ended', keepConnection: true }
              : { type: 'ended', participantId: p.id, reason: 'ended' },
          );
        }
      }
      return done(next, events);
    }
    case 'leave': {
      const p = state.participants[command.actor]!;
      let next = withParticipant(state, {
        ...p,
        // A member who was in the room may change their mind: "Rejoin" within the grace goes straight back.
        rejoinUntil: p.status === 'admitted' ? now + config.reconnectGraceMs : null,
        status: 'left',
        connected: false,
        disconnectedAt: now,
        handRaisedAt: null,
        micOn: false,
        cameraOn: false,
        attendance: closeStint(p, now),
      });
      const events: DomainEvent[] = [{ type: 'cancel', key: graceKey(p.id) }];
      if (state.speaking.floor?.participantId === p.id) {
        next = endFloor(next, now);
        events.push({ type: 'cancel', key: TURN_TIMER });
      }
      return done(next, events);
    }
    case 'mediaState': {
      const p = state.participants[command.actor]!;
      if (command.micOn === true && !mayUnmute(state, p.id)) return no('NOT_YOUR_TURN');
      return done(
        withParticipant(state, {
          ...p,
          micOn: command.micOn ?? p.micOn,
          cameraOn: command.cameraOn ?? p.cameraOn,
          ...(command.audioOnly === undefined ? {} : { audioOnly: command.audioOnly }),
        }),
      );
    }
    case 'raiseHand': {
      const p = state.participants[command.actor]!;
      if (p.handRaisedAt !== null || state.speaking.floor?.participantId === p.id) return done(state);
      return done(withParticipant(state, { ...p, handRaisedAt: now }));
    }
    case 'lowerHand': {
      const p = state.participants[command.actor]!;
      return done(withParticipant(state, { ...p, handRaisedAt: null }));
    }
    case 'giveFloor': {
      const target = state.participants[command.target];
      if (
        !target ||
        target.status !== 'admitted' ||
        !target.connected ||
        target.role !== 'member' ||
        target.space !== MAIN_SPACE
      ) {
        return no(target ? 'INVALID_STATE' : 'NOT_FOUND');
      }
      return giveFloor(state, target.id, now);
    }
    case 'nextFloor': {
      const next = nextInRoundRobin(state) ?? handQueue(state).find((p) => p.connected && p.space === MAIN_SPACE);
      if (!next) return no('INVALID_STATE');
      return giveFloor(state, next.id, now);
    }
    case 'takeBack':
    case 'endTurn': {
      const floor = state.speaking.floor;
      if (!floor) return done(state);
      const actor = state.participants[command.actor]!;
      if (command.type === 'endTurn' && actor.role === 'member' && floor.participantId !== actor.id) {
        return no('NOT_YOUR_TURN');
      }
      const events: DomainEvent[] = [{ type: 'cancel', key: TURN_TIMER }];
      if (state.speaking.mode === 'facilitated') events.push({ type: 'muteAudio', participantId: floor.participantId });
      events.push({ type: 'notice', to: floor.participantId, kind: 'floor-ended', text: 'Your turn has ended.' });
      const ended = endFloor(state, now);
      // In a round robin, a member who is done hands on to the next in the order.
      const following = command.type === 'endTurn' && !state.onBreak ? nextInRoundRobin(ended) : undefined;
      if (following) {
        const given = giveFloor(ended, following.id, now);
        if (given.ok) return done(given.state, [...events, ...given.events]);
      }
      return done(ended, events);
    }
    case 'passTurn': {
      const rr = state.speaking.roundRobin;
      const p = state.participants[command.actor]!;
      if (!rr || !rr.order.includes(p.id) || rr.done.includes(p.id) || rr.passed.includes(p.id)) {
        return no('INVALID_STATE');
      }
      return passInRoundRobin(state, p, now, 'not-now');
    }
    case 'setListenOnly': {
      const p = state.participants[command.actor]!;
      const next = withParticipant(state, { ...p, listenOnly: command.on });
      const rr = next.speaking.roundRobin;
      if (command.on && rr && rr.order.includes(p.id) && !rr.done.includes(p.id) && !rr.passed.includes(p.id)) {
        return passInRoundRobin(next, next.participants[p.id]!, now, 'listening-only');
      }
      return done(next);
    }
    case 'setMode': {
      const next: RoomState = { ...state, speaking: { ...state.speaking, mode: command.mode } };
      const events: DomainEvent[] = [];
      if (command.mode === 'facilitated') {
        for (const p of Object.values(next.participants)) {
          if (p.role === 'member' && p.micOn && !mayUnmute(next, p.id)) {
            events.push({ type: 'muteAudio', participantId: p.id });
          }
        }
      }
      return done(muteLocally(next, events), events);
    }
    case 'setTurn': {
      const floor = state.speaking.floor;
      const next: RoomState = {
        ...state,
        speaking: {
          ...state.speaking,
          turnSeconds: command.turnSeconds,
          expiry: command.expiry,
          floor: floor
            ? { ...floor, endsAt: floor.startedAt + command.turnSeconds * 1000, warned: false, expired: false }
            : null,
        },
      };
      return done(next, next.speaking.floor ? scheduleTurnTick(next.speaking.floor, now) : []);
    }
    case 'turnTick':
      return turnTick(state, now);
    case 'mute': {
      const p = state.participants[command.target];
      if (!p || p.status !== 'admitted') return no('NOT_FOUND');
      if (p.role !== 'member') return no('FORBIDDEN');
      const events: DomainEvent[] = [
        { type: 'muteAudio', participantId: p.id },
        { type: 'notice', to: p.id, kind: 'muted-by-therapist', text: 'Your therapist muted your microphone.' },
      ];
      return done(withParticipant(state, { ...p, micOn: false }), events);
    }
    case 'muteAll': {
      const events: DomainEvent[] = [];
      for (const p of admittedMembers(state)) {
        if (p.micOn) {
          events.push({ type: 'muteAudio', participantId: p.id });
          events.push({ type: 'notice', to: p.id, kind: 'muted-by-therapist', text: 'Your therapist muted everyone.' });
        }
      }
      const muted = events.filter((e) => e.type === 'muteAudio').length;
      return done(muteLocally(state, events), events, { muted });
    }
    case 'askUnmute': {
      const p = state.participants[command.target];
      if (!p || p.status !== 'admitted' || p.role !== 'member') return no('NOT_FOUND');
      if (!mayUnmute(state, p.id)) return no('NOT_YOUR_TURN');
      return done(state, [
        {
          type: 'notice',
          to: p.id,
          kind: 'asked-to-unmute',
          text: 'Your therapist invites you to unmute. It is your choice.',
        },
      ]);
    }
    case 'stopCamera': {
      const p = state.participants[command.target];
      if (!p || p.status !== 'admitted' || p.role !== 'member') return no('NOT_FOUND');
      return done(withParticipant(state, { ...p, cameraOn: false }), [
        { type: 'stopCamera', participantId: p.id },
        { type: 'notice', to: p.id, kind: 'camera-stopped', text: 'Your therapist turned off your camera.' },
      ]);
    }
    case 'speakingSample': {
      let next = state;
      for (const id of command.speaking) {
        const p = next.participants[id];
        if (p) next = withParticipant(next, { ...p, talkMs: p.talkMs + command.intervalMs });
      }
      return { ok: true, state: next, events: [], quiet: true };
    }
    case 'agendaSet':
      return agendaChange(state, agendaClock.setItems(state.agenda, command.items), now, false);
    case 'agendaTemplate':
      return agendaChange(
        state,
        agendaClock.setItems(state.agenda, AGENDA_TEMPLATES[command.templateId].items),
        now,
        false,
      );
    case 'agendaStart':
      return agendaChange(state, agendaClock.start(state.agenda, now), now, true);
    case 'agendaPause':
      return agendaChange(state, agendaClock.pause(state.agenda, now), now, false);
    case 'agendaResume':
      return agendaChange(state, agendaClock.resume(state.agenda, now), now, false);
    case 'agendaNext':
      return agendaChange(state, agendaClock.next(state.agenda, now), now, true);
    case 'agendaPrevious':
      return agendaChange(state, agendaClock.previous(state.agenda, now), now, true);
    case 'agendaExtend':
      return agendaChange(state, agendaClock.extend(state.agenda, command.minutes), now, false);
    case 'agendaTick': {
      const t = agendaClock.tick(state.agenda, now);
      const events = agendaWarnings(t.warnings);
      if (t.nextAt !== null)
        events.push({ type: 'schedule', key: AGENDA_TIMER, at: t.nextAt, command: { type: 'agendaTick' } });
      return done({ ...state, agenda: t.agenda }, events);
    }
    case 'crisisAlert': {
      const p = state.participants[command.actor]!;
      const open = state.crisis.find((a) => a.participantId === p.id && a.state !== 'resolved');
      if (open) return done(state, [], { alertId: open.id });
      const alert: CrisisAlert = {
        id: command.alertId,
        participantId: p.id,
        raisedAt: now,
        state: 'raised',
        escalated: false,
        acknowledgedBy: null,
        note: null,
        history: [{ type: 'raised', at: now, actorId: p.id }],
      };
      return done(
        { ...state, crisis: [...state.crisis, alert] },
        [
          { type: 'crisisRaised', alertId: alert.id, participantId: p.id },
          {
            type: 'schedule',
            key: crisisKey(alert.id),
            at: now + config.crisisEscalateMs,
            command: { type: 'crisisEscalate', alertId: alert.id },
          },
        ],
        { alertId: alert.id },
      );
    }
    case 'crisisAck':
    case 'crisisResolve': {
      const alert = state.crisis.find((a) => a.id === command.alertId);
      if (!alert) return no('NOT_FOUND');
      if (alert.state === 'resolved') return no('INVALID_STATE');
      const updated: CrisisAlert =
        command.type === 'crisisAck'
          ? {
              ...alert,
              state: 'acknowledged',
              acknowledgedBy: alert.acknowledgedBy ?? command.actor,
              history: [...alert.history, { type: 'acknowledged', at: now, actorId: command.actor }],
            }
          : {
              ...alert,
              state: 'resolved',
              acknowledgedBy: alert.acknowledgedBy ?? command.actor,
              note: command.note ?? null,
              history: [...alert.history, { type: 'resolved', at: now, actorId: command.actor }],
            };
      const next = { ...state, crisis: state.crisis.map((a) => (a.id === alert.id ? updated : a)) };
      const events: DomainEvent[] = [{ type: 'cancel', key: crisisKey(alert.id) }];
      if (command.type === 'crisisResolve' && inSpace(state, sideRoomSpace(alert.id)).length > 0) {
        const back = endBreakOf(closeSideRoom(next, alert.id, command.actor, now), alert.id, now);
        return done(back.state, [
          ...events,
          ...returningMembers(state, alert.id),
          { type: 'spacesChanged' },
          ...back.events,
        ]);
      }
      return done(next, events);
    }
    case 'crisisSideRoom': {
      const alert = state.crisis.find((a) => a.id === command.alertId);
      if (!alert || alert.state === 'resolved') return no(alert ? 'INVALID_STATE' : 'NOT_FOUND');
      const member = state.participants[alert.participantId];
      const therapist = state.participants[command.actor]!;
      if (!member || !member.connected || (member.status !== 'admitted' && member.status !== 'waiting')) {
        return no('INVALID_STATE');
      }
      const space = sideRoomSpace(alert.id);
      if (therapist.space !== MAIN_SPACE && therapist.space !== space) return no('INVALID_STATE');
      let next = withParticipant(state, { ...therapist, space, handRaisedAt: null });
      // A member still in the lobby is let in, straight into the private room.
      next = withParticipant(next, {
        ...member,
        space,
        status: 'admitted',
        handRaisedAt: null,
        attendance: member.status === 'admitted' ? member.attendance : openStint(member, now),
      });
      const history: CrisisEventView[] = [
        ...alert.history,
        ...(alert.state === 'raised' ? [{ type: 'acknowledged' as const, at: now, actorId: therapist.id }] : []),
        { type: 'side-room-opened', at: now, actorId: therapist.id },
      ];
      next = {
        ...next,
        crisis: next.crisis.map((a) =>
          a.id === alert.id
            ? { ...a, state: 'acknowledged', acknowledgedBy: a.acknowledgedBy ?? therapist.id, history }
            : a,
        ),
      };
      const events: DomainEvent[] = [{ type: 'cancel', key: crisisKey(alert.id) }, { type: 'spacesChanged' }];
      if (next.speaking.floor && [member.id, therapist.id].includes(next.speaking.floor.participantId)) {
        next = endFloor(next, now);
        events.push({ type: 'cancel', key: TURN_TIMER });
      }
      // With no other therapist left with the group, the group takes a short break.
      const otherTherapist = Object.values(next.participants).some(
        (p) => p.role === 'therapist' && p.status === 'admitted' && p.connected && p.space === MAIN_SPACE,
      );
      if (!otherTherapist && !next.onBreak) {
        const paused = startBreak(next, now, 'side-room', alert.id);
        next = paused.state;
        events.push(...paused.events);
      }
      return done(next, events);
    }
    case 'crisisReturn': {
      const alert = state.crisis.find((a) => a.id === command.alertId);
      if (!alert) return no('NOT_FOUND');
      if (inSpace(state, sideRoomSpace(alert.id)).length === 0) return no('INVALID_STATE');
      const back = endBreakOf(closeSideRoom(state, alert.id, command.actor, now), alert.id, now);
      return done(back.state, [...returningMembers(state, alert.id), { type: 'spacesChanged' }, ...back.events]);
    }
    case 'chatSend': {
      const actor = state.participants[command.actor]!;
      if (actor.role === 'member' && !state.chat.enabled) return no('FORBIDDEN');
      const entry: ChatEntry = { id: command.messageId, fromId: actor.id, text: command.text, at: now, removed: false };
      return done(
        { ...state, chat: { ...state.chat, group: [...state.chat.group, entry].slice(-CHAT_KEEP) } },
        [{ type: 'chatMessage', entry }],
        { messageId: entry.id },
      );
    }
    case 'chatDelete': {
      if (!state.chat.group.some((m) => m.id === command.messageId)) return no('NOT_FOUND');
      const group = state.chat.group.map((m) => (m.id === command.messageId ? { ...m, text: '', removed: true } : m));
      return done({ ...state, chat: { ...state.chat, group } }, [
        { type: 'chatRemoved', messageId: command.messageId },
      ]);
    }
    case 'chatSetEnabled':
      return done({ ...state, chat: { ...state.chat, enabled: command.enabled } });
    case 'chatPrivate': {
      const actor = state.participants[command.actor]!;
      let memberId: string;
      if (actor.role === 'member') {
        if (command.memberId !== undefined && command.memberId !== actor.id) return no('FORBIDDEN');
        if (actor.status !== 'admitted' && actor.status !== 'waiting') return no('NOT_ADMITTED');
        memberId = actor.id;
      } else {
        const member = command.memberId === undefined ? undefined : state.participants[command.memberId];
        if (!member || member.role !== 'member') return no('NOT_FOUND');
        memberId = member.id;
      }
      const entry: PrivateEntry = { id: command.messageId, memberId, fromId: actor.id, text: command.text, at: now };
      return done(
        { ...state, chat: { ...state.chat, private: [...state.chat.private, entry].slice(-CHAT_KEEP) } },
        [{ type: 'privateMessage', entry }],
        { messageId: entry.id },
      );
    }
    case 'pairsStart':
      return startPairs(state, command.minutes, now, command.groups);
    case 'pairsEnd':
    case 'pairsTimeUp':
      if (!state.pairs) return command.type === 'pairsEnd' ? no('INVALID_STATE') : done(state);
      return endPairs(state);
    case 'pairsVisit': {
      const actor = state.participants[command.actor]!;
      if (command.pairId !== null && !state.pairs?.groups.some((g) => g.id === command.pairId)) return no('NOT_FOUND');
      if (actor.space.startsWith('side:')) return no('INVALID_STATE');
      const space = command.pairId === null ? MAIN_SPACE : pairSpace(command.pairId);
      return done(withParticipant(state, { ...actor, space }), [{ type: 'spacesChanged' }]);
    }
    case 'pairsBroadcast': {
      if (!state.pairs) return no('INVALID_STATE');
      const events: DomainEvent[] = Object.values(state.participants)
        .filter((p) => p.connected && p.status === 'admitted')
        .map((p) => ({
          type: 'notice',
          to: p.id,
          kind: 'pairs-broadcast',
          text: `From your therapist: ${command.text}`,
        }));
      return done(state, events);
    }
    case 'setBreak': {
      if (command.on === state.onBreak) return done(state);
      const r = command.on ? startBreak(state, now, 'therapist', null) : endBreak(state, now);
      return done(r.state, r.events);
    }
    case 'crisisEscalate': {
      const alert = state.crisis.find((a) => a.id === command.alertId);
      if (!alert || alert.state !== 'raised' || alert.escalated) return done(state);
      const updated: CrisisAlert = {
        ...alert,
        escalated: true,
        history: [...alert.history, { type: 'escalated', at: now, actorId: 'system' }],
      };
      return done({ ...state, crisis: state.crisis.map((a) => (a.id === alert.id ? updated : a)) }, [
        {
          type: 'notice',
          to: alert.participantId,
          kind: 'crisis-escalated',
          text: 'We have asked the clinical supervisor to reach you too. If you are in danger now, call or text 988, or call 911.',
        },
        {
          type: 'staffNotice',
          kind: 'crisis-escalated',
          text: 'A crisis alert has not been acknowledged.',
          about: alert.participantId,
        },
      ]);
    }
    default:
      return assertNever(command);
  }
}

function connect(state: RoomState, inviteId: string, now: number, config: RoomConfig): Decision {
  if (state.endedAt !== null) return no('SESSION_ENDED');
  const existing = state.participants[inviteId];
  if (existing?.status === 'removed' || existing?.status === 'declined') return no('REMOVED');
  const invite = state.invites[inviteId];
  if (!invite || invite.revoked || invite.expiresAt <= now) return no('INVITE_INVALID');
  const staff = isStaffRole(invite.role);
  if (!existing) {
    const p: ParticipantState = {
      id: invite.id,
      role: invite.role,
      displayName: invite.displayName,
      status: staff ? 'admitted' : 'arriving',
      connected: true,
      disconnectedAt: null,
      reconnects: 0,
      checkIn: null,
      micOn: false,
      cameraOn: false,
      handRaisedAt: null,
      talkMs: 0,
      turns: 0,
      attendance: staff ? [{ joinedAt: now, leftAt: null }] : [],
      space: MAIN_SPACE,
    };
    return done(withParticipant(state, p));
  }
  const rejoining =
    existing.status === 'left' && existing.rejoinUntil != null && now <= existing.rejoinUntil && state.endedAt === null;
  const withinGrace =
    rejoining ||
    (existing.status === 'admitted' &&
      existing.disconnectedAt !== null &&
      now - existing.disconnectedAt <= config.reconnectGraceMs);
  const events: DomainEvent[] = [{ type: 'cancel', key: graceKey(existing.id) }];
  let status: ParticipantStatus = existing.status;
  if (staff || rejoining) {
    status = 'admitted';
  } else if (
    existing.status === 'left' ||
    (existing.status === 'admitted' && existing.disconnectedAt !== null && !withinGrace)
  ) {
    status = 'arriving';
  }
  if (withinGrace || (existing.connected && existing.status === 'admitted')) {
    events.push({
      type: 'notice',
      to: existing.id,
      kind: 'welcome-back',
      text: "You're back. Your microphone is muted.",
    });
  }
  const p: ParticipantState = {
    ...existing,
    status,
    connected: true,
    disconnectedAt: null,
    micOn: false,
    cameraOn: false,
    reconnects: existing.reconnects + (existing.disconnectedAt !== null || existing.connected ? 1 : 0),
    rejoinUntil: null,
    // Back after leaving: with the group, or with their pair if the pairs still run.
    space: rejoining ? spaceOnReturn(state, existing) : existing.space,
    // Back through the lobby: their old hand is down and their last stint ended when they dropped.
    handRaisedAt: status === 'arriving' ? null : existing.handRaisedAt,
    attendance: status === 'admitted' ? openStint(existing, now) : closeStint(existing, existing.disconnectedAt ?? now),
  };
  return done(withParticipant(state, p), events);
}

function spaceOnReturn(state: RoomState, p: ParticipantState): string {
  const pair = state.pairs?.groups.find((g) => g.memberIds.includes(p.id));
  return pair ? pairSpace(pair.id) : MAIN_SPACE;
}

export const AGENDA_TIMER = 'agenda';
export const PAIRS_TIMER = 'pairs';

/** A stable, well-mixed order (FNV-1a of id and time): pairs differ from session to session. */
function mixedOrder(ids: string[], salt: number): string[] {
  const hash = (s: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  };
  return [...ids].sort((a, b) => hash(`${a}:${salt}`) - hash(`${b}:${salt}`) || a.localeCompare(b));
}

/** Split members into pairs, with a trio when the count is odd. */
export function pairUp(ids: string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i + 1 < ids.length; i += 2) groups.push([ids[i]!, ids[i + 1]!]);
  if (ids.length % 2 === 1 && groups.length > 0) groups[groups.length - 1]!.push(ids[ids.length - 1]!);
  return groups;
}

function startPairs(state: RoomState, minutes: number, now: number, manual?: string[][]): Decision {
  if (state.pairs) return no('INVALID_STATE');
  const present = admittedMembers(state).filter((p) => p.connected && p.space === MAIN_SPACE);
  const presentIds = new Set(present.map((p) => p.id));
  let groups: string[][];
  if (manual) {
    const seen = new Set<string>();
    for (const id of manual.flat()) {
      if (!presentIds.has(id) || seen.has(id)) return no('INVALID_STATE');
      seen.add(id);
    }
    groups = manual;
  } else {
    groups = pairUp(mixedOrder([...presentIds], now));
  }
  if (groups.length === 0) return no('INVALID_STATE');
  let next = state;
  const events: DomainEvent[] = [{ type: 'cancel', key: TURN_TIMER }];
  if (next.speaking.floor) next = endFloor(next, now);
  const named = groups.map((memberIds, i) => ({ id: `p${i + 1}`, memberIds }));
  for (const g of named) {
    for (const id of g.memberIds) {
      const p = next.participants[id]!;
      next = withParticipant(next, { ...p, space: pairSpace(g.id), handRaisedAt: null });
      const partners = g.memberIds.filter((x) => x !== id).map((x) => state.participants[x]?.displayName ?? '');
      events.push({
        type: 'notice',
        to: id,
        kind: 'pairs-started',
        text: `You are practising with ${partners.join(' and ')} for ${minutes} minutes.`,
      });
    }
  }
  const endsAt = now + minutes * 60_000;
  next = { ...next, pairs: { groups: named, endsAt } };
  events.push(
    { type: 'spacesChanged' },
    { type: 'schedule', key: PAIRS_TIMER, at: endsAt, command: { type: 'pairsTimeUp' } },
  );
  return done(next, events, { pairs: named.length });
}

/** Everyone back to the main room, members muted. */
function endPairs(state: RoomState): Extract<Decision, { ok: true }> {
  let next: RoomState = { ...state, pairs: null };
  const events: DomainEvent[] = [{ type: 'cancel', key: PAIRS_TIMER }];
  for (const p of Object.values(state.participants)) {
    if (!p.space.startsWith('pair:')) continue;
    next = withParticipant(next, { ...next.participants[p.id]!, space: MAIN_SPACE });
    if (p.role === 'member') events.push({ type: 'muteAudio', participantId: p.id });
  }
  next = muteLocally(next, events);
  events.push(
    { type: 'spacesChanged' },
    { type: 'roomNotice', kind: 'pairs-ended', text: 'Everyone is back in the main room.' },
  );
  return done(next, events);
}

function inSpace(state: RoomState, space: string): ParticipantState[] {
  return Object.values(state.participants).filter((p) => p.space === space);
}

function returningMembers(state: RoomState, alertId: string): DomainEvent[] {
  return inSpace(state, sideRoomSpace(alertId))
    .filter((p) => p.role === 'member')
    .map((p) => ({ type: 'muteAudio', participantId: p.id }));
}

function closeSideRoom(state: RoomState, alertId: string, actor: string, now: number): RoomState {
  let next = state;
  for (const p of inSpace(state, sideRoomSpace(alertId))) {
    // Back with the group, muted.
    next = withParticipant(next, { ...p, space: MAIN_SPACE, micOn: p.role === 'member' ? false : p.micOn });
  }
  return {
    ...next,
    crisis: next.crisis.map((a) =>
      a.id === alertId ? { ...a, history: [...a.history, { type: 'side-room-closed', at: now, actorId: actor }] } : a,
    ),
  };
}

/**
 * A short break: the agenda and the turn clock stand still and every member with the group is muted.
 * It remembers its cause, so a break for a private room ends when the therapist is back.
 */
function startBreak(
  state: RoomState,
  now: number,
  cause: BreakState['cause'],
  alertId: string | null,
): { state: RoomState; events: DomainEvent[] } {
  const events: DomainEvent[] = [];
  const paused = agendaClock.pause(state.agenda, now);
  let next: RoomState = {
    ...state,
    onBreak: true,
    breakState: { cause, alertId, startedAt: now, pausedAgenda: paused.ok },
    breakLog: [...(state.breakLog ?? []), { startedAt: now, endedAt: null, cause }],
  };
  if (paused.ok) {
    next = { ...next, agenda: paused.agenda };
    events.push({ type: 'cancel', key: AGENDA_TIMER });
  }
  const floor = next.speaking.floor;
  if (floor && floor.pausedAt == null) {
    next = { ...next, speaking: { ...next.speaking, floor: { ...floor, pausedAt: now } } };
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  for (const p of Object.values(next.participants)) {
    if (p.role === 'member' && p.space === MAIN_SPACE && p.micOn)
      events.push({ type: 'muteAudio', participantId: p.id });
  }
  next = muteLocally(next, events);
  events.push({ type: 'roomNotice', kind: 'agenda-warning', text: 'The group is taking a short break.' });
  return { state: next, events };
}

/** The break ends: the agenda it paused and the turn clock run again from where they stood. */
function endBreak(state: RoomState, now: number): { state: RoomState; events: DomainEvent[] } {
  let next: RoomState = {
    ...state,
    onBreak: false,
    breakState: null,
    breakLog: (state.breakLog ?? []).map((b) => (b.endedAt === null ? { ...b, endedAt: now } : b)),
  };
  const events: DomainEvent[] = [];
  const floor = next.speaking.floor;
  if (floor && floor.pausedAt != null) {
    const stood = Math.max(0, now - floor.pausedAt);
    const resumed: Floor = {
      ...floor,
      startedAt: floor.startedAt + stood,
      endsAt: floor.endsAt + stood,
      pausedAt: null,
    };
    next = { ...next, speaking: { ...next.speaking, floor: resumed } };
    events.push(...scheduleTurnTick(resumed, now));
  }
  if (state.breakState?.pausedAgenda && next.agenda.status === 'paused') {
    const r = agendaChange(next, agendaClock.resume(next.agenda, now), now, false);
    if (r.ok) {
      next = r.state;
      events.push(...r.events);
    }
  }
  events.push({ type: 'roomNotice', kind: 'agenda-item-started', text: 'The group is back from the break.' });
  return { state: next, events };
}

/** A private room closed: the break it caused (if any) ends with it. */
function endBreakOf(state: RoomState, alertId: string, now: number): { state: RoomState; events: DomainEvent[] } {
  if (!state.onBreak || state.breakState?.cause !== 'side-room' || state.breakState.alertId !== alertId) {
    return { state, events: [] };
  }
  return endBreak(state, now);
}

/** Apply an agenda change; entering a new item applies its speaking policy and announces it. */
function agendaChange(state: RoomState, r: agendaClock.AgendaResult, now: number, entering: boolean): Decision {
  if (!r.ok) return no(r.code);
  const before = agendaClock.currentItem(state.agenda);
  let next: RoomState = { ...state, agenda: r.agenda };
  const events: DomainEvent[] = [{ type: 'cancel', key: AGENDA_TIMER }];
  const item = agendaClock.currentItem(r.agenda);
  if (
    entering &&
    item &&
    r.agenda.status !== 'finished' &&
    (item.id !== before?.id || state.agenda.status === 'not-started')
  ) {
    events.push({ type: 'roomNotice', kind: 'agenda-item-started', text: `Now: ${item.title}.` });
    const applied = applyPolicy(next, item.policy, item.plannedMinutes, now, before?.policy === 'round-robin');
    next = applied.state;
    events.push(...applied.events);
  }
  const t = agendaClock.tick(next.agenda, now);
  next = { ...next, agenda: t.agenda };
  events.push(...agendaWarnings(t.warnings));
  if (t.nextAt !== null)
    events.push({ type: 'schedule', key: AGENDA_TIMER, at: t.nextAt, command: { type: 'agendaTick' } });
  return done(next, events);
}

function agendaWarnings(warnings: agendaClock.AgendaWarning[]): DomainEvent[] {
  return warnings.map((w) =>
    w.kind === 'soon'
      ? { type: 'roomNotice', kind: 'agenda-warning', text: `2 minutes left in ${w.title}.` }
      : { type: 'roomNotice', kind: 'agenda-item-ended', text: `Time is up for ${w.title}.` },
  );
}

/** An agenda item's speaking policy drives the room: open, facilitated, or a round robin of everyone present. */
function applyPolicy(
  state: RoomState,
  policy: AgendaItemInput['policy'],
  plannedMinutes: number,
  now: number,
  leavingRoundRobin: boolean,
): { state: RoomState; events: DomainEvent[] } {
  const events: DomainEvent[] = [];
  let next = state;
  if (leavingRoundRobin || next.speaking.roundRobin) {
    // The round robin's order and hard turn length end with it.
    next = {
      ...next,
      speaking: { ...next.speaking, turnSeconds: DEFAULT_TURN_SECONDS, expiry: 'soft', roundRobin: null },
    };
  }
  if (next.pairs) {
    const ended = endPairs(next);
    next = ended.state;
    events.push(...ended.events);
  }
  if (next.speaking.floor) {
    if (next.speaking.mode === 'facilitated')
      events.push({ type: 'muteAudio', participantId: next.speaking.floor.participantId });
    next = endFloor(next, now);
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  if (policy === 'pairs') {
    // Practice in pairs for the item's time; the main room stays open for anyone left.
    const started = startPairs({ ...next, speaking: { ...next.speaking, mode: 'open' } }, plannedMinutes, now);
    return started.ok ? { state: started.state, events: [...events, ...started.events] } : { state: next, events };
  }
  const mode: SpeakingMode = policy === 'open' ? 'open' : 'facilitated';
  next = { ...next, speaking: { ...next.speaking, mode } };
  if (mode === 'facilitated') {
    for (const p of Object.values(next.participants)) {
      if (p.role === 'member' && p.micOn && p.space === MAIN_SPACE)
        events.push({ type: 'muteAudio', participantId: p.id });
    }
    next = muteLocally(next, events);
  }
  if (policy === 'round-robin') {
    const present = admittedMembers(next)
      .filter((p) => p.connected && p.space === MAIN_SPACE)
      .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
    if (present.length > 0) {
      // Everyone present in a visible order (not raised hands); those listening only have passed.
      // Each turn gets an equal share of the item's time.
      const speakers = present.filter((p) => !p.listenOnly);
      const turnSeconds = Math.max(30, Math.floor((plannedMinutes * 60) / Math.max(1, speakers.length)));
      const roundRobin: RoundRobin = {
        order: present.map((p) => p.id),
        done: [],
        passed: present.filter((p) => p.listenOnly).map((p) => p.id),
      };
      next = {
        ...next,
        speaking: { ...next.speaking, turnSeconds, expiry: 'hard', roundRobin },
        passLog: [
          ...(next.passLog ?? []),
          ...roundRobin.passed.map((id) => ({ participantId: id, at: now, how: 'listening-only' as const })),
        ],
      };
      const first = nextInRoundRobin(next);
      const given = first ? giveFloor(next, first.id, now) : null;
      if (given?.ok) {
        next = given.state;
        events.push(...given.events);
      }
    }
  }
  return { state: next, events };
}

function admit(state: RoomState, p: ParticipantState, now: number): RoomState {
  const next = withParticipant(state, { ...p, status: 'admitted', attendance: openStint(p, now) });
  // A latecomer joins the end of a running round robin.
  const rr = next.speaking.roundRobin;
  if (!rr || rr.order.includes(p.id)) return next;
  return { ...next, speaking: { ...next.speaking, roundRobin: { ...rr, order: [...rr.order, p.id] } } };
}

/** Whose turn is next in the round robin: the first in order who has neither spoken nor passed and is here. */
export function nextInRoundRobin(state: RoomState): ParticipantState | undefined {
  const rr = state.speaking.roundRobin;
  if (!rr) return undefined;
  return rr.order
    .filter((id) => !rr.done.includes(id) && !rr.passed.includes(id) && state.speaking.floor?.participantId !== id)
    .map((id) => state.participants[id])
    .find((p): p is ParticipantState => !!p && p.status === 'admitted' && p.connected && p.space === MAIN_SPACE);
}

/** A member passes in the round robin ("Not now", or listening only); during their turn the next one starts. */
function passInRoundRobin(
  state: RoomState,
  p: ParticipantState,
  now: number,
  how: 'not-now' | 'listening-only',
): Decision {
  const rr = state.speaking.roundRobin!;
  let next: RoomState = {
    ...state,
    speaking: { ...state.speaking, roundRobin: { ...rr, passed: [...rr.passed, p.id] } },
    passLog: [...(state.passLog ?? []), { participantId: p.id, at: now, how }],
  };
  const said = how === 'not-now' ? 'Not now' : 'listening only';
  const events: DomainEvent[] = [
    { type: 'staffNotice', kind: 'turn-passed', text: `${p.displayName} passed (${said}).`, about: p.id },
    {
      type: 'notice',
      to: p.id,
      kind: 'turn-passed',
      text: 'You passed. That is fine: raise your hand later if you want to speak.',
    },
  ];
  if (state.speaking.floor?.participantId === p.id) {
    events.push({ type: 'cancel', key: TURN_TIMER });
    if (state.speaking.mode === 'facilitated') events.push({ type: 'muteAudio', participantId: p.id });
    next = endFloor(next, now);
    const following = state.onBreak ? undefined : nextInRoundRobin(next);
    if (following) {
      const given = giveFloor(next, following.id, now);
      if (given.ok) return done(given.state, [...events, ...given.events]);
    }
  }
  return done(next, events);
}

function endParticipant(state: RoomState, p: ParticipantState, reason: 'removed', now: number): Decision {
  let next = withParticipant(state, {
    ...p,
    status: 'removed',
    connected: false,
    handRaisedAt: null,
    micOn: false,
    cameraOn: false,
    attendance: closeStint(p, now),
  });
  const events: DomainEvent[] = [
    { type: 'ended', participantId: p.id, reason },
    { type: 'cancel', key: graceKey(p.id) },
  ];
  if (state.speaking.floor?.participantId === p.id) {
    next = endFloor(next, now);
    events.push({ type: 'cancel', key: TURN_TIMER });
  }
  return done(next, events);
}

function muteLocally(state: RoomState, events: DomainEvent[]): RoomState {
  let next = state;
  for (const e of events) {
    if (e.type === 'muteAudio') {
      const p = next.participants[e.participantId];
      if (p) next = withParticipant(next, { ...p, micOn: false });
    }
  }
  return next;
}

function endFloor(state: RoomState, now: number): RoomState {
  const floor = state.speaking.floor;
  if (!floor) return state;
  let next: RoomState = {
    ...state,
    speaking: { ...state.speaking, floor: null },
    turnLog: state.turnLog.map((t) => (t.endedAt === null ? { ...t, endedAt: now } : t)),
  };
  const holder = next.participants[floor.participantId];
  if (holder) {
    const micOn = state.speaking.mode === 'facilitated' ? false : holder.micOn;
    next = withParticipant(next, { ...holder, turns: holder.turns + 1, micOn });
  }
  const rr = next.speaking.roundRobin;
  if (rr && rr.order.includes(floor.participantId) && !rr.done.includes(floor.participantId)) {
    next = { ...next, speaking: { ...next.speaking, roundRobin: { ...rr, done: [...rr.done, floor.participantId] } } };
  }
  return next;
}

function scheduleTurnTick(floor: Floor, now: number): DomainEvent[] {
  const warnAt = floor.endsAt - TURN_WARNING_MS;
  const at = !floor.warned && warnAt > now ? warnAt : floor.endsAt;
  return [{ type: 'schedule', key: TURN_TIMER, at: Math.max(at, now), command: { type: 'turnTick' } }];
}

function giveFloor(state: RoomState, targetId: string, now: number): Decision {
  const events: DomainEvent[] = [];
  let next = state;
  const previous = state.speaking.floor;
  if (previous && previous.participantId !== targetId) {
    if (state.speaking.mode === 'facilitated')
      events.push({ type: 'muteAudio', participantId: previous.participantId });
    events.push({ type: 'notice', to: previous.participantId, kind: 'floor-ended', text: 'Your turn has ended.' });
    next = endFloor(next, now);
  }
  const target = next.participants[targetId]!;
  // Giving the floor again to its holder restarts their time; it is still one turn.
  const sameHolder = previous?.participantId === targetId;
  const floor: Floor = {
    participantId: targetId,
    startedAt: now,
    endsAt: now + state.speaking.turnSeconds * 1000,
    warned: false,
    expired: false,
  };
  next = withParticipant(next, { ...target, handRaisedAt: null });
  next = {
    ...next,
    speaking: { ...next.speaking, floor },
    turnLog: sameHolder ? next.turnLog : [...next.turnLog, { participantId: targetId, startedAt: now, endedAt: null }],
  };
  events.push({
    type: 'notice',
    to: targetId,
    kind: 'floor-given',
    text: 'You have the floor. Unmute when you are ready.',
  });
  events.push(...scheduleTurnTick(floor, now));
  return done(next, events);
}

function turnTick(state: RoomState, now: number): Decision {
  const floor = state.speaking.floor;
  // Nothing runs out while the group is on a break.
  if (!floor || floor.pausedAt != null) return done(state);
  if (now >= floor.endsAt) {
    if (floor.expired) return done(state);
    if (state.speaking.expiry === 'hard') {
      const next =
        nextInRoundRobin(state) ??
        handQueue(state).find((p) => p.connected && p.space === MAIN_SPACE && p.id !== floor.participantId);
      const ended: DomainEvent[] = [
        { type: 'notice', to: floor.participantId, kind: 'turn-expired', text: 'Your time is up. Thank you.' },
      ];
      if (state.speaking.mode === 'facilitated') ended.push({ type: 'muteAudio', participantId: floor.participantId });
      if (next) {
        const r = giveFloor(endFloor(state, now), next.id, now);
        return r.ok ? done(r.state, [...ended, ...r.events]) : r;
      }
      return done(endFloor(state, now), ended);
    }
    return done({ ...state, speaking: { ...state.speaking, floor: { ...floor, expired: true, warned: true } } }, [
      {
        type: 'notice',
        to: floor.participantId,
        kind: 'turn-expired',
        text: 'Your time is up. Please finish your thought.',
      },
    ]);
  }
  if (!floor.warned && now >= floor.endsAt - TURN_WARNING_MS) {
    const warned = { ...floor, warned: true };
    return done({ ...state, speaking: { ...state.speaking, floor: warned } }, [
      { type: 'notice', to: floor.participantId, kind: 'turn-warning', text: '30 seconds left in your turn.' },
      ...scheduleTurnTick(warned, now),
    ]);
  }
  return done(state, scheduleTurnTick(floor, now));
}
