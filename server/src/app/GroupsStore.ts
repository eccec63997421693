/**
 * The groups' records as the Groups service sees them (PgGroups implements it on the one data
 * layer): each group, each occurrence, each membership with its history, the member's invitation in
 * each occurrence's room, corrections, excusals, progress notes. Times are epoch milliseconds.
 */
import type {
  AttendancePolicy,
  AttendanceStatus,
  GroupKind,
  MemberStatus,
  RoomSettings,
  Schedule,
} from '@circle/shared';
import type { MemberHistoryEntry } from '../domain/groups/membership.js';
import type { Language } from '@circle/shared/i18n';

export interface GroupRow {
  id: string;
  title: string;
  kind: GroupKind;
  sessionCount: number | null;
  schedule: Schedule;
  durationMinutes: number;
  maxMembers: number;
  lateJoinSessions: number;
  leadTherapistId: string;
  coTherapistIds: string[];
  supervisorId: string | null;
  agendaTemplateId: string | null;
  settings: RoomSettings;
  lobbyOpensMinutes: number;
  attendancePolicy: AttendancePolicy;
  createdAt: number;
  createdBy: string;
  /** The language its member links open in and its rooms offer. */
  language: Language;
  /** The newest version of the group agreement in each language (text null: Circle's standard agreement; version 0: never written). */
  agreements: Record<Language, { version: number; text: string | null }>;
}

/** An occurrence as stored: what the domain's OccurrenceRecord needs, less `live` (only the room knows). */
export interface StoredOccurrence {
  id: string;
  groupId: string;
  index: number;
  plannedStartsAt: number;
  startsAt: number;
  durationMinutes: number;
  cancelledAt: number | null;
  cancelReason: string | null;
  sequence: number;
  sessionId: string | null;
  /** Its room's end, from the sessions table. */
  sessionEndedAt: number | null;
  /** A finished session's record is stored. */
  hasRecord: boolean;
}

export interface MemberRow {
  id: string;
  groupId: string;
  displayName: string;
  email: string | null;
  status: MemberStatus;
  linkVersion: number;
  linkRevoked: boolean;
  reminders: boolean;
  createdAt: number;
  /** Oldest first. */
  history: MemberHistoryEntry[];
}

export interface CorrectionRow {
  occurrenceId: string;
  memberId: string;
  status: AttendanceStatus;
  reason: string | null;
  by: string;
  at: number;
}

export interface ExcusalRow {
  occurrenceId: string;
  memberId: string;
  at: number;
  seenAt: number | null;
}

export interface OccurrenceInviteRow {
  occurrenceId: string;
  memberId: string;
  inviteId: string;
}

export interface AttendanceRow {
  sessionId: string;
  participantId: string;
  joinedAt: number;
  leftAt: number | null;
}

export type GroupUpdate = Partial<
  Pick<
    GroupRow,
    | 'title'
    | 'durationMinutes'
    | 'maxMembers'
    | 'lateJoinSessions'
    | 'coTherapistIds'
    | 'supervisorId'
    | 'agendaTemplateId'
    | 'settings'
    | 'lobbyOpensMinutes'
    | 'attendancePolicy'
    | 'language'
  >
>;

/** Who sees which groups: a therapist (lead or co), a supervisor (assigned), or everyone (integrations). */
export type GroupScope = { therapistId: string } | { supervisorId: string } | 'all';

export interface GroupsStore {
  insertGroup(group: GroupRow, occurrences: { id: string; index: number; plannedStartsAt: number }[]): Promise<void>;
  group(id: string): Promise<GroupRow | undefined>;
  groups(scope: GroupScope): Promise<GroupRow[]>;
  /** Changes the group; a new agreement text is a new version of its language's; duration changes reach occurrences after `now` without a room. */
  updateGroup(
    id: string,
    patch: GroupUpdate,
    agreements: readonly { language: Language; text: string | null; by: string }[],
    now: number,
  ): Promise<void>;
  occurrences(groupId: string): Promise<StoredOccurrence[]>;
  /** Every group's occurrences (cancelled ones too) starting in (from, to]: what reminders look at. */
  occurrencesStarting(from: number, to: number): Promise<StoredOccurrence[]>;
  /** Mark a reminder sent (false: it already was); `unclaimReminder` undoes a claim whose email failed. */
  claimReminder(occurrenceId: string, recipient: string, kind: string, at: number): Promise<boolean>;
  unclaimReminder(occurrenceId: string, recipient: string, kind: string): Promise<void>;
  /** Idempotent: an index the group has already is left as it is. */
  addOccurrences(
    groupId: string,
    list: { id: string; index: number; plannedStartsAt: number }[],
    durationMinutes: number,
  ): Promise<void>;
  moveOccurrence(id: string, startsAt: number): Promise<void>;
  cancelOccurrence(id: string, at: number, reason: string | null): Promise<void>;
  restoreOccurrence(id: string): Promise<void>;
  /** Sets the occurrence's room unless it has one; the room it has now. */
  bindSession(occurrenceId: string, sessionId: string): Promise<string | null>;
  members(groupId: string): Promise<MemberRow[]>;
  member(id: string): Promise<MemberRow | undefined>;
  insertMember(member: Omit<MemberRow, 'history'>, history: MemberHistoryEntry[]): Promise<void>;
  appendStatus(memberId: string, entry: MemberHistoryEntry): Promise<void>;
  setLink(memberId: string, link: { version: number; revoked: boolean }): Promise<void>;
  setReminders(memberId: string, on: boolean): Promise<void>;
  occurrenceInvites(groupId: string): Promise<OccurrenceInviteRow[]>;
  insertOccurrenceInvite(row: OccurrenceInviteRow, at: number): Promise<void>;
  /** Every join and leave of these participants in these (ended) rooms. */
  attendanceRows(sessionIds: readonly string[]): Promise<AttendanceRow[]>;
  /** Oldest first. */
  corrections(groupId: string): Promise<CorrectionRow[]>;
  insertCorrection(row: CorrectionRow): Promise<void>;
  excusals(groupId: string): Promise<ExcusalRow[]>;
  /** False: already excused. */
  insertExcusal(occurrenceId: string, memberId: string, at: number): Promise<boolean>;
  markExcusalsSeen(groupId: string, at: number): Promise<void>;
  note(occurrenceId: string, memberId: string): Promise<{ text: string; updatedAt: number } | undefined>;
  putNote(occurrenceId: string, memberId: string, text: string, at: number, by: string): Promise<void>;
}
