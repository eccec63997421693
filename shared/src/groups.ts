/**
 * Groups that meet for weeks: the HTTP contract (request bodies and answers) the server enforces and
 * the client parses. A group has a schedule (each occurrence its own record, movable and
 * cancellable alone), a roster whose memberships keep their history, one personal link per member
 * (reused every week), and attendance per member per occurrence built from every join and leave.
 *
 * Staff (cookie; therapists of the group, its supervisor, admins read-only) and integrations (API token):
 *   GET  /api/groups                                   → 200 GroupList (the caller's groups)
 *   POST /api/groups                                   createGroupBody → 201 { id }          (scope groups:write)
 *   GET  /api/groups/:id                               → 200 GroupDetail
 *   PATCH /api/groups/:id                              updateGroupBody → 200 GroupDetail (a new agreement text is a new version of its language's)
 *   GET  /api/groups/:id/occurrences                   → 200 OccurrenceList                  (scope groups:read)
 *   POST /api/groups/:id/occurrences/:occ/move         moveOccurrenceBody → 200 Occurrence
 *   POST /api/groups/:id/occurrences/:occ/cancel       cancelOccurrenceBody → 200 Occurrence
 *   POST /api/groups/:id/occurrences/:occ/restore      → 200 Occurrence (a cancelled one scheduled again)
 *   POST /api/groups/:id/occurrences/:occ/start        → 200 RoomEntry (its therapist: the occurrence's room)
 *   POST /api/groups/:id/members                       addMemberBody → 201 MemberAdded { id, url }  (scope groups:write)
 *   POST /api/groups/:id/members/:mid/status           memberStatusBody → 200 GroupMember; 409 GROUP_FULL / INVALID_STATE
 *   GET  /api/groups/:id/members/:mid/link             → 200 MemberLink (the current link, to copy again)
 *   POST /api/groups/:id/members/:mid/link             → 200 MemberLink (a new link; the old one stops working)
 *   DELETE /api/groups/:id/members/:mid/link           → 204 (revoked: no link works until a new one is made)
 *   GET  /api/groups/:id/attendance                    → 200 AttendanceSheet                 (scope attendance:read)
 *   GET  /api/groups/:id/attendance.csv                → 200 text/csv (one row per member per occurrence)
 *   PUT  /api/groups/:id/attendance/:occ/:mid          correctAttendanceBody → 200 AttendanceCell (audited)
 *   GET  /api/groups/:id/notes/:occ/:mid               → 200 ProgressNote (audited: note read)
 *   PUT  /api/groups/:id/notes/:occ/:mid               progressNoteBody → 200 ProgressNote (audited)
 *
 * The member's page (no account; the personal link `/g#<token>`, the token in the fragment and then
 * in request bodies, never in a URL the server sees):
 *   POST /api/member/page         memberTokenBody → 200 MemberPage; 401 INVITE_INVALID (revoked, replaced or forged)
 *   POST /api/member/calendar     memberTokenBody → 200 text/calendar (the group's upcoming sessions)
 *   POST /api/member/cant-make-it memberAbsenceBody → 200 MemberPage (the occurrence excused; the therapist told)
 *   POST /api/member/join         memberTokenBody → 200 RoomEntry; 409 LOBBY_NOT_OPEN before the lobby opens;
 *                                 403 FORBIDDEN for a member who is not active
 *   POST /api/member/reminders    memberRemindersBody → 200 MemberPage (email reminders on or off)
 *
 * Times on the wire are ISO 8601 in UTC; each page also carries the time zone to show them in.
 */
import './zodConfig.js';
import { z } from 'zod';
import { AGENDA_TEMPLATE_IDS } from './agenda.js';
import { LANGUAGES } from './i18n/index.js';
import { SpeakingMode } from './schemas.js';

/** A language Circle speaks (#24): a group's default, the language a member accepted its agreement in. */
export const languageSchema = z.enum(LANGUAGES);

export const GROUP_LIMITS = {
  TITLE_CHARS: 120,
  NAME_CHARS: 80,
  NOTE_CHARS: 2_000,
  PROGRESS_NOTE_CHARS: 10_000,
  AGREEMENT_CHARS: 8_000,
  MAX_MEMBERS: 16,
  MAX_SESSIONS: 104,
  MAX_CO_THERAPISTS: 3,
  TOKEN_CHARS: 512,
} as const;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdaySchema = z.enum(WEEKDAYS);

export const GroupKind = { closed: 'closed', open: 'open' } as const;
export type GroupKind = (typeof GroupKind)[keyof typeof GroupKind];

/** screening → waitlisted → active → paused → discharged (see server/src/domain/groups/membership.ts). */
export const MemberStatus = {
  screening: 'screening',
  waitlisted: 'waitlisted',
  active: 'active',
  paused: 'paused',
  discharged: 'discharged',
} as const;
export type MemberStatus = (typeof MemberStatus)[keyof typeof MemberStatus];
export const memberStatusSchema = z.enum([
  MemberStatus.screening,
  MemberStatus.waitlisted,
  MemberStatus.active,
  MemberStatus.paused,
  MemberStatus.discharged,
]);

export const OccurrenceStatus = {
  /** Ahead, at its planned (or moved) time. */
  scheduled: 'scheduled',
  cancelled: 'cancelled',
  /** Its room has people in it now. */
  live: 'live',
  /** Its room was ended, or its time is over. */
  ended: 'ended',
} as const;
export type OccurrenceStatus = (typeof OccurrenceStatus)[keyof typeof OccurrenceStatus];

export const AttendanceStatus = {
  attended: 'attended',
  late: 'late',
  leftEarly: 'left-early',
  absent: 'absent',
  excused: 'excused',
} as const;
export type AttendanceStatus = (typeof AttendanceStatus)[keyof typeof AttendanceStatus];
export const attendanceStatusSchema = z.enum([
  AttendanceStatus.attended,
  AttendanceStatus.late,
  AttendanceStatus.leftEarly,
  AttendanceStatus.absent,
  AttendanceStatus.excused,
]);

/** Whether members may blur or replace their background (the room's #21 features honour it). */
export const BackgroundPolicy = { blurOrReplace: 'blur-or-replace', blurOnly: 'blur-only', none: 'none' } as const;
export type BackgroundPolicy = (typeof BackgroundPolicy)[keyof typeof BackgroundPolicy];

const isValidDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz) || tz === 'UTC';
  } catch {
    return false;
  }
};
export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isValidDate, 'a real calendar date (YYYY-MM-DD)');
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'an IANA time zone such as America/New_York');
const isoInstant = z.iso.datetime({ offset: true });

export const scheduleSchema = z.strictObject({
  weekdays: z
    .array(weekdaySchema)
    .min(1)
    .max(7)
    .refine((a) => new Set(a).size === a.length, 'each weekday once'),
  time: timeOfDaySchema,
  timeZone: timeZoneSchema,
  startDate: dateSchema,
  everyWeeks: z.number().int().min(1).max(8).default(1),
  /** The last day a session may fall on (inclusive). A closed group needs this or `sessionCount`. */
  endDate: dateSchema.optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;

export const attendancePolicySchema = z.strictObject({
  /** Flag a member after this many unexcused absences in a row. */
  consecutiveUnexcused: z.number().int().min(1).max(20).default(2),
  /** …or after this many in all. */
  totalUnexcused: z.number().int().min(1).max(50).default(3),
});
export type AttendancePolicy = z.infer<typeof attendancePolicySchema>;
export const DEFAULT_ATTENDANCE_POLICY: AttendancePolicy = { consecutiveUnexcused: 2, totalUnexcused: 3 };

export const roomSettingsSchema = z.strictObject({
  chatEnabled: z.boolean().default(true),
  speakingMode: z.enum([SpeakingMode.open, SpeakingMode.facilitated]).default('open'),
  backgrounds: z
    .enum([BackgroundPolicy.blurOrReplace, BackgroundPolicy.blurOnly, BackgroundPolicy.none])
    .default('blur-or-replace'),
  /** Focus mode: members see only the therapists (and hear everyone); enforced by the server. */
  focusMode: z.boolean().default(false),
  /**
   * Media encrypted end to end in the browsers (the default; the server's E2EE=false turns it off for
   * every group). Off: the group's sessions forward plain media, for groups whose members' browsers
   * cannot encrypt.
   */
  e2ee: z.boolean().default(true),
});
export type RoomSettings = z.infer<typeof roomSettingsSchema>;
export const DEFAULT_ROOM_SETTINGS: RoomSettings = {
  chatEnabled: true,
  focusMode: false,
  e2ee: true,
  speakingMode: 'open',
  backgrounds: 'blur-or-replace',
};

const title = z.string().trim().min(1).max(GROUP_LIMITS.TITLE_CHARS);
const personName = z.string().trim().min(1).max(GROUP_LIMITS.NAME_CHARS);
const accountId = z.string().min(1).max(64);
const email = z.string().trim().toLowerCase().max(254).pipe(z.email());

const agreementText = z.string().trim().max(GROUP_LIMITS.AGREEMENT_CHARS);
/** One text per language, each optional; null: Circle's standard agreement in that language. */
const agreementsBody = z.strictObject({
  en: agreementText.nullable().optional(),
  es: agreementText.nullable().optional(),
});

const groupFields = {
  title,
  durationMinutes: z.number().int().min(60).max(120),
  maxMembers: z.number().int().min(1).max(GROUP_LIMITS.MAX_MEMBERS).default(10),
  /** Closed groups: after the first session the roster is fixed, except this many sessions later. */
  lateJoinSessions: z.number().int().min(0).max(GROUP_LIMITS.MAX_SESSIONS).default(0),
  /** The lead therapist (default: the therapist creating it; required with an API token). */
  leadTherapistId: accountId.optional(),
  coTherapistIds: z.array(accountId).max(GROUP_LIMITS.MAX_CO_THERAPISTS).default([]),
  supervisorId: accountId.nullable().default(null),
  agendaTemplateId: z
    .enum(AGENDA_TEMPLATE_IDS as [string, ...string[]])
    .nullable()
    .default(null),
  /** The language its member links open in and its rooms offer (a person's own choice wins). */
  language: languageSchema.default('en'),
  /** The group agreement's text in the group's language (one point per line); each change is a new version. Absent: Circle's standard agreement. */
  agreement: agreementText.nullable().default(null),
  /** The agreement's text per language (wins over `agreement` for the group's language); each language is versioned on its own. */
  agreements: agreementsBody.optional(),
  settings: roomSettingsSchema.default(DEFAULT_ROOM_SETTINGS),
  /** Minutes before the start when a member's page opens the way into the lobby. */
  lobbyOpensMinutes: z.number().int().min(0).max(120).default(10),
  attendancePolicy: attendancePolicySchema.default(DEFAULT_ATTENDANCE_POLICY),
};

export const createGroupBody = z
  .strictObject({
    ...groupFields,
    kind: z.enum([GroupKind.closed, GroupKind.open]),
    /** How many sessions (closed groups need this or `schedule.endDate`). */
    sessionCount: z.number().int().min(1).max(GROUP_LIMITS.MAX_SESSIONS).optional(),
    schedule: scheduleSchema,
  })
  .refine((g) => g.kind === 'open' || g.sessionCount !== undefined || g.schedule.endDate !== undefined, {
    message: 'a closed group needs sessionCount or schedule.endDate',
    path: ['sessionCount'],
  })
  .refine((g) => g.schedule.endDate === undefined || g.schedule.endDate >= g.schedule.startDate, {
    message: 'endDate is before startDate',
    path: ['schedule', 'endDate'],
  });
export type CreateGroupBody = z.input<typeof createGroupBody>;
export type GroupInput = z.output<typeof createGroupBody>;

/** Everything but kind and schedule can change later (schedule changes are per occurrence). */
export const updateGroupBody = z
  .strictObject({
    title: groupFields.title,
    durationMinutes: groupFields.durationMinutes,
    maxMembers: z.number().int().min(1).max(GROUP_LIMITS.MAX_MEMBERS),
    lateJoinSessions: z.number().int().min(0).max(GROUP_LIMITS.MAX_SESSIONS),
    coTherapistIds: z.array(accountId).max(GROUP_LIMITS.MAX_CO_THERAPISTS),
    supervisorId: accountId.nullable(),
    agendaTemplateId: z.enum(AGENDA_TEMPLATE_IDS as [string, ...string[]]).nullable(),
    language: languageSchema,
    agreement: agreementText.nullable(),
    agreements: agreementsBody,
    settings: roomSettingsSchema,
    lobbyOpensMinutes: z.number().int().min(0).max(120),
    attendancePolicy: attendancePolicySchema,
  })
  .partial();
export type UpdateGroupBody = z.input<typeof updateGroupBody>;

export const groupCreatedSchema = z.object({ id: z.string() });
export type GroupCreated = z.infer<typeof groupCreatedSchema>;

export const moveOccurrenceBody = z.strictObject({ startsAt: isoInstant });
export const cancelOccurrenceBody = z.strictObject({ reason: z.string().trim().max(200).optional() });

export const addMemberBody = z.strictObject({
  displayName: personName,
  /** For reminders only; staff-only. */
  email: email.optional(),
  /** Default `active` (409 GROUP_FULL when the group is full). */
  status: memberStatusSchema.default('active'),
  note: z.string().trim().max(GROUP_LIMITS.NOTE_CHARS).optional(),
});
export type AddMemberBody = z.input<typeof addMemberBody>;
export const memberAddedSchema = z.object({ id: z.string(), url: z.string() });
export type MemberAdded = z.infer<typeof memberAddedSchema>;

export const memberStatusBody = z.strictObject({
  status: memberStatusSchema,
  /** Staff-only: why (screening outcome, reason for pause or discharge). */
  note: z.string().trim().max(GROUP_LIMITS.NOTE_CHARS).optional(),
});
export type MemberStatusBody = z.input<typeof memberStatusBody>;

export const memberLinkSchema = z.object({ url: z.string() });
export type MemberLink = z.infer<typeof memberLinkSchema>;

export const correctAttendanceBody = z.strictObject({
  status: attendanceStatusSchema,
  reason: z.string().trim().max(200).optional(),
});
export type CorrectAttendanceBody = z.input<typeof correctAttendanceBody>;

export const progressNoteBody = z.strictObject({ text: z.string().trim().max(GROUP_LIMITS.PROGRESS_NOTE_CHARS) });

const memberToken = z.string().min(16).max(GROUP_LIMITS.TOKEN_CHARS);
export const memberTokenBody = z.strictObject({ token: memberToken });
export const memberAbsenceBody = z.strictObject({ token: memberToken, occurrenceId: z.string().min(1).max(64) });
export const memberRemindersBody = z.strictObject({ token: memberToken, reminders: z.boolean() });

// ------------------------------------------------------------------ answers

const iso = z.string();

export const occurrenceSchema = z.object({
  id: z.string(),
  /** 1-based position in the series. */
  index: z.number(),
  startsAt: iso,
  endsAt: iso,
  /** Where the schedule put it (differs from startsAt when moved). */
  plannedStartsAt: iso,
  moved: z.boolean(),
  status: z.enum([
    OccurrenceStatus.scheduled,
    OccurrenceStatus.cancelled,
    OccurrenceStatus.live,
    OccurrenceStatus.ended,
  ]),
  /** The room, once opened. */
  sessionId: z.string().nullable(),
  /** A finished session's record is available (GET /api/sessions/:sessionId/record). */
  hasRecord: z.boolean(),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;
export const occurrenceListSchema = z.object({ occurrences: z.array(occurrenceSchema) });
export type OccurrenceList = z.infer<typeof occurrenceListSchema>;

export const memberHistorySchema = z.object({
  status: memberStatusSchema,
  at: iso,
  note: z.string().nullable(),
  by: z.string().nullable(),
});

export const attendanceFlagSchema = z.object({
  memberId: z.string(),
  /** Which rule: N unexcused absences in a row, or in all. */
  rule: z.enum(['consecutive', 'total']),
  count: z.number(),
});
export type AttendanceFlag = z.infer<typeof attendanceFlagSchema>;

export const groupMemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  status: memberStatusSchema,
  since: iso,
  history: z.array(memberHistorySchema),
  /** Whether a personal link works now (false: revoked). */
  linkActive: z.boolean(),
  reminders: z.boolean(),
  flags: z.array(attendanceFlagSchema),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;

export const groupSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum([GroupKind.closed, GroupKind.open]),
  timeZone: z.string(),
  nextStartsAt: iso.nullable(),
  activeMembers: z.number(),
  maxMembers: z.number(),
  /** Members flagged by the attendance policy. */
  flagged: z.number(),
  /** "I can't make it" notes for upcoming sessions the therapist has not seen on the group page. */
  absencesNotified: z.number(),
});
export type GroupSummary = z.infer<typeof groupSummarySchema>;
export const groupListSchema = z.object({ groups: z.array(groupSummarySchema) });
export type GroupList = z.infer<typeof groupListSchema>;

/** A group agreement's newest version in one language (text null: Circle's standard agreement). */
const groupAgreementSchema = z.object({ version: z.number(), text: z.string().nullable() });

export const groupDetailSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum([GroupKind.closed, GroupKind.open]),
  sessionCount: z.number().nullable(),
  schedule: z.object({
    weekdays: z.array(weekdaySchema),
    time: z.string(),
    timeZone: z.string(),
    startDate: z.string(),
    everyWeeks: z.number(),
    endDate: z.string().nullable(),
  }),
  durationMinutes: z.number(),
  maxMembers: z.number(),
  lateJoinSessions: z.number(),
  leadTherapistId: z.string().nullable(),
  coTherapistIds: z.array(z.string()),
  supervisorId: z.string().nullable(),
  /** Names of the staff above, by account id. */
  staffNames: z.record(z.string(), z.string()),
  agendaTemplateId: z.string().nullable(),
  /** The language member links open in and rooms offer. */
  language: languageSchema,
  /** The agreement in the group's language (the same as `agreements[language]`). */
  agreement: groupAgreementSchema,
  /** The newest version of the agreement in each language (version 0, text null: never written). */
  agreements: z.object({ en: groupAgreementSchema, es: groupAgreementSchema }),
  settings: z.object({
    chatEnabled: z.boolean(),
    speakingMode: z.enum([SpeakingMode.open, SpeakingMode.facilitated]),
    backgrounds: z.enum([BackgroundPolicy.blurOrReplace, BackgroundPolicy.blurOnly, BackgroundPolicy.none]),
    focusMode: z.boolean(),
    e2ee: z.boolean(),
  }),
  lobbyOpensMinutes: z.number(),
  attendancePolicy: z.object({ consecutiveUnexcused: z.number(), totalUnexcused: z.number() }),
  occurrences: z.array(occurrenceSchema),
  members: z.array(groupMemberSchema),
  /** Members who said "I can't make it" for a session still ahead, and when they said so. */
  upcomingAbsences: z.array(z.object({ memberId: z.string(), occurrenceId: z.string(), at: iso })),
  /** Whether the roster is fixed now (a closed group past its late-join window). */
  rosterClosed: z.boolean(),
  /** What the caller may do here. */
  canEdit: z.boolean(),
});
export type GroupDetail = z.infer<typeof groupDetailSchema>;

export const attendanceCellSchema = z.object({
  memberId: z.string(),
  occurrenceId: z.string(),
  status: attendanceStatusSchema,
  /** Minutes in the room, every join added up. */
  minutes: z.number(),
  /** What the joins and leaves said, when a therapist corrected it. */
  computed: attendanceStatusSchema,
  corrected: z.boolean(),
  /** The member said "I can't make it" for this one. */
  excusedByMember: z.boolean(),
});
export type AttendanceCell = z.infer<typeof attendanceCellSchema>;

export const attendanceSheetSchema = z.object({
  members: z.array(z.object({ id: z.string(), displayName: z.string(), status: memberStatusSchema })),
  /** The occurrences that have taken place (or whose time is over), oldest first. */
  occurrences: z.array(z.object({ id: z.string(), index: z.number(), startsAt: iso })),
  /** One per member on the roster at that occurrence. */
  cells: z.array(attendanceCellSchema),
  flags: z.array(attendanceFlagSchema),
  policy: z.object({ consecutiveUnexcused: z.number(), totalUnexcused: z.number() }),
});
export type AttendanceSheet = z.infer<typeof attendanceSheetSchema>;

export const progressNoteSchema = z.object({ text: z.string(), updatedAt: iso.nullable() });
export type ProgressNote = z.infer<typeof progressNoteSchema>;

export const MemberPageState = {
  /** Active: the next session and, near its start, the way in. */
  active: 'active',
  /** Screening, waitlisted or paused: not in sessions for now. */
  waiting: 'waiting',
  /** Discharged: a kind message and the 988 information. */
  discharged: 'discharged',
} as const;
export type MemberPageState = (typeof MemberPageState)[keyof typeof MemberPageState];

export const memberPageSchema = z.object({
  groupTitle: z.string(),
  /** The group's default language: the page opens in it unless the member chose one (offerDefaultLanguage). */
  language: languageSchema,
  displayName: z.string(),
  state: z.enum([MemberPageState.active, MemberPageState.waiting, MemberPageState.discharged]),
  /** The group's time zone (the page shows times in the member's own). */
  groupTimeZone: z.string(),
  /** The server's clock now: the countdown runs on it. */
  now: iso,
  next: z
    .object({
      occurrenceId: z.string(),
      startsAt: iso,
      endsAt: iso,
      lobbyOpensAt: iso,
      /** The member said they cannot make it. */
      excused: z.boolean(),
      /** The lobby is open now (or the session is live). */
      open: z.boolean(),
    })
    .nullable(),
  reminders: z.boolean(),
  /** Whether the clinic sends email reminders at all (SMTP configured) and this member has an address. */
  remindersAvailable: z.boolean(),
});
export type MemberPage = z.infer<typeof memberPageSchema>;
