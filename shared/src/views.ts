import type { Role, SpeakingMode, TurnExpiry, MediaSource } from './schemas.js';
import type { AgendaPolicy } from './agenda.js';
import type { BackgroundPolicy } from './groups.js';
import type { Language } from './i18n/index.js';

export const ParticipantStatus = {
  /** Connected with an invite, has not yet accepted the agreement and checked in. */
  arriving: 'arriving',
  waiting: 'waiting',
  admitted: 'admitted',
  declined: 'declined',
  removed: 'removed',
  left: 'left',
} as const;
export type ParticipantStatus = (typeof ParticipantStatus)[keyof typeof ParticipantStatus];

export interface CheckIn {
  agreementVersion: string;
  /** The language of the agreement accepted (absent: before languages, or the room's default). */
  language?: Language;
  location: string;
  privateSafePlace: true;
  emergencyContact?: string;
  at: number;
}

/** What everyone in the room may see about a participant. */
export interface ParticipantView {
  id: string;
  role: Role;
  displayName: string;
  status: ParticipantStatus;
  connected: boolean;
  /** Dropped, inside the reconnect grace window. */
  reconnecting: boolean;
  micOn: boolean;
  cameraOn: boolean;
  handRaisedAt: number | null;
  speaking: boolean;
  /** In another media space than the viewer (stepped out); no reason is given to members. */
  away: boolean;
  /** Sends no video and receives the lowest video layers (chosen, or after a weak network). */
  audioOnly: boolean;
  /** False in focus mode for another member: the viewer gets no tile (no video) for them. Absent: a tile. */
  tile?: boolean;
}

/** Therapists and supervisors only. */
export interface ParticipantDetailView extends ParticipantView {
  /** Chose to listen only (a round robin passes over them). */
  listenOnly: boolean;
  checkIn: CheckIn | null;
  joinedAt: number | null;
  disconnectedAt: number | null;
  reconnects: number;
  talkMs: number;
  turns: number;
  /** E2EE rooms: their browser cannot encrypt media (the therapist decides whether they come in). */
  cannotEncrypt: boolean;
}

export interface FloorView {
  participantId: string;
  startedAt: number;
  endsAt: number;
  warned: boolean;
  expired: boolean;
  /** The group is on a break: the turn's clock stands still at this server time. */
  pausedAt?: number | null;
}

export type RoundRobinTurnState = 'done' | 'speaking' | 'next' | 'waiting' | 'passed';

/** A round robin in progress: everyone present, in order, and where each one is. */
export interface RoundRobinView {
  order: { participantId: string; state: RoundRobinTurnState }[];
}

export interface SpeakingView {
  mode: SpeakingMode;
  turnSeconds: number;
  expiry: TurnExpiry;
  /** Raised hands, oldest first. */
  queue: { participantId: string; raisedAt: number }[];
  floor: FloorView | null;
  /** A round-robin agenda item in progress. */
  roundRobin: RoundRobinView | null;
}

export const CrisisState = {
  raised: 'raised',
  acknowledged: 'acknowledged',
  resolved: 'resolved',
} as const;
export type CrisisState = (typeof CrisisState)[keyof typeof CrisisState];

export interface CrisisEventView {
  type: 'raised' | 'acknowledged' | 'escalated' | 'resolved' | 'side-room-opened' | 'side-room-closed';
  at: number;
  actorId: string;
}

/** Therapists and supervisors only. */
export interface CrisisAlertView {
  id: string;
  participantId: string;
  displayName: string;
  location: string | null;
  emergencyContact: string | null;
  raisedAt: number;
  state: CrisisState;
  escalated: boolean;
  acknowledgedBy: string | null;
  note: string | null;
  history: CrisisEventView[];
  /** Who is in the private side room for this alert. */
  sideRoom: string[];
}

/** The member's own alert, as they see it. */
export interface MyCrisisView {
  id: string;
  state: CrisisState;
  raisedAt: number;
  escalated: boolean;
}

export type AgendaStatus = 'not-started' | 'running' | 'paused' | 'finished';

export interface AgendaItemView {
  id: string;
  title: string;
  plannedMinutes: number;
  note: string | null;
  policy: AgendaPolicy;
  state: 'done' | 'current' | 'upcoming';
  /** Minutes actually spent, for items that have run. */
  actualMs: number | null;
}

export interface AgendaView {
  items: AgendaItemView[];
  status: AgendaStatus;
  currentIndex: number | null;
  /** Server time at which the current item ends, while it runs. */
  itemEndsAt: number | null;
  /** Time left in the current item (negative: overtime), at `asOf`. */
  itemRemainingMs: number | null;
  /** Time left in the whole session (current item + items after it), at `asOf`. */
  sessionRemainingMs: number | null;
  asOf: number;
  totalPlannedMinutes: number;
  /** Shown, not enforced: the plan is outside 60–120 minutes. */
  warning: string | null;
}

export interface ChatMessage {
  id: string;
  fromId: string;
  fromName: string;
  text: string;
  at: number;
  /** Removed by a therapist: the text is gone for everyone. */
  removed: boolean;
}

/** A message between one member and the therapists (supervisors can read it). */
export interface PrivateMessage {
  id: string;
  /** The member whose thread this is. */
  memberId: string;
  fromId: string;
  fromName: string;
  text: string;
  at: number;
}

/** Where the viewer is: with the group, in a practice pair (with whom), or in a private room (with whom). */
export type SpaceView =
  { kind: 'main' } | { kind: 'pair'; pairId: string; withIds: string[] } | { kind: 'side-room'; withIds: string[] };

export interface PairsView {
  endsAt: number;
  /** Staff see every pair; a member sees their own. */
  groups: { id: string; memberIds: string[] }[];
}

export interface RoomView {
  sessionId: string;
  title: string;
  startsAt: number;
  durationMinutes: number;
  locked: boolean;
  maxMembers: number;
  you: {
    id: string;
    role: Role;
    status: ParticipantStatus;
    displayName: string;
    /** Not with the group: in a practice pair or a private room. */
    inSideRoom: boolean;
    /** Which space the viewer is in, so each space can describe itself truthfully. */
    space: SpaceView;
  };
  /** The group is on a short break. */
  onBreak: boolean;
  /** Why, while on a break: `side-room` ends by itself when the therapist is back with the group. */
  breakCause: 'therapist' | 'side-room' | null;
  /** Members may write in the group chat (therapists always can). */
  chatEnabled: boolean;
  /** Quiet reactions are on (the therapist may turn them off for the session). */
  reactionsEnabled: boolean;
  /**
   * E2EE rooms: who is in with a browser that cannot encrypt (let in by the therapist, who told
   * everyone). While this is not empty, media goes in the clear and every screen says so, naming them.
   */
  unencrypted: string[];
  /**
   * Whether members may blur or replace their background (the group's rule; therapists and
   * supervisors are not bound by it). Kept by each browser: the server cannot see pixels.
   */
  backgrounds: BackgroundPolicy;
  /** Focus mode: members receive only staff video; other members appear by name, not as tiles (`tile: false`). */
  focusMode?: boolean;
  /** Breakout pairs, while they run. */
  pairs: PairsView | null;
  /** The room's default language (its group's): offered to a person who has not chosen one. Absent: English. */
  language?: Language;
  /** The group agreement in the room's default language, sent only while the member still has to accept it. */
  agreement?: AgreementView;
  /**
   * The agreement for each language a member may read it in, sent with `agreement`: a language without
   * a text of its own gives the group's default-language text (its `language` says which it is). The
   * check-in shows `agreements[currentLanguage()]` and sends its version with that language.
   */
  agreements?: Record<Language, AgreementView>;
  /** Members see admitted participants only; therapists and supervisors see everyone, with details. */
  participants: ParticipantView[] | ParticipantDetailView[];
  speaking: SpeakingView;
  agenda: AgendaView;
  /** Therapists and supervisors only. */
  crisisAlerts?: CrisisAlertView[];
  /** A member's own alert. */
  myCrisis?: MyCrisisView | null;
}

/** One version of the group agreement in one language. */
export interface AgreementView {
  version: string;
  /** The language the points are written in. */
  language: Language;
  points: readonly string[];
}

export interface ProducerInfo {
  producerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  paused: boolean;
}

export interface TransportInfo {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
  sctpParameters?: unknown;
  /** Plain RTP transports only: where to send RTP. */
  tuple?: { ip: string; port: number };
}

export interface ConsumerInfo {
  id: string;
  producerId: string;
  participantId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  rtpParameters: unknown;
  producerPaused: boolean;
}

export const NoticeKind = {
  welcomeBack: 'welcome-back',
  mutedByTherapist: 'muted-by-therapist',
  askedToUnmute: 'asked-to-unmute',
  cameraStopped: 'camera-stopped',
  floorGiven: 'floor-given',
  floorEnded: 'floor-ended',
  turnWarning: 'turn-warning',
  turnExpired: 'turn-expired',
  crisisEscalated: 'crisis-escalated',
  mediaRestarted: 'media-restarted',
  agendaWarning: 'agenda-warning',
  agendaItemEnded: 'agenda-item-ended',
  agendaItemStarted: 'agenda-item-started',
  pairsStarted: 'pairs-started',
  pairsBroadcast: 'pairs-broadcast',
  pairsEnded: 'pairs-ended',
  /** The group started or ended a short break (its own kind: no agenda chime). */
  breakStarted: 'break-started',
  breakEnded: 'break-ended',
  /** The SFU saw this member's connection could not sustain video: they are now audio-only. */
  networkAudioOnly: 'network-audio-only',
  /** To staff: a member in the room is on a browser that cannot encrypt (E2EE rooms). */
  cannotEncrypt: 'cannot-encrypt',
  /** A member passed in a round robin (to staff: who; to the member: that it is fine). */
  turnPassed: 'turn-passed',
} as const;
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind];

export type EndReason = 'removed' | 'declined' | 'left' | 'replaced' | 'ended';
