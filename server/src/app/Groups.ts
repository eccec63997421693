/**
 * Groups that meet for weeks (issue 20): the service behind the group and member routes. It reads
 * and writes the groups' records through GroupsStore, applies the pure rules of domain/groups/,
 * opens each occurrence's room through Sessions (one room per occurrence), signs the members'
 * personal links, and builds attendance from every join and leave. Time comes from the injected clock.
 * Refusals are thrown as GroupRefusal (an error code and, for INVALID_PAYLOAD, the field).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  templateItems,
  type AgendaTemplateId,
  type AttendanceCell,
  type AttendanceFlag,
  type AttendanceSheet,
  type AttendanceStatus,
  type ErrorCode,
  type GroupDetail,
  type GroupInput,
  type GroupMember,
  type GroupSummary,
  GROUP_LIMITS,
  type MemberPage,
  type MemberStatus,
  type Occurrence,
  updateGroupBody,
} from '@circle/shared';
import { LANGUAGES, type Language } from '@circle/shared/i18n';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { RoomActor } from './RoomActor.js';
import type { IssuedInvite, Sessions } from './Sessions.js';
import type { StaffAccount, StaffStore } from './staffStore.js';
import type { GroupRow, GroupScope, GroupsStore, GroupUpdate, MemberRow, StoredOccurrence } from './GroupsStore.js';
import type { RoomState } from '../domain/room.js';
import { byId } from '../domain/roomState.js';
import { plannedOccurrences } from '../domain/groups/schedule.js';
import {
  type OccurrenceRecord,
  canCancel,
  canMove,
  canRestore,
  lobbyOpen,
  nextOccurrence,
  occurrenceStatus,
  rosterClosed,
} from '../domain/groups/occurrences.js';
import { initialHistory, statusAt, transition } from '../domain/groups/membership.js';
import { type Stint, computeAttendance, policyFlags } from '../domain/groups/attendance.js';
import { type CalendarEvent, calendar } from '../domain/groups/ics.js';
import type { GroupAgreement } from '../domain/roomState.js';
import { emailTexts } from './i18n.js';

/** A refusal: the routes answer it with the error table's status (400 carries the field). */
export class GroupRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly field?: string,
  ) {
    super(code);
    this.name = 'GroupRefusal';
  }
}

/** Who is looking: a clinician (its groups only) or an integration (the admin token, an API token: every group). */
export type GroupViewer = { kind: 'staff'; account: StaffAccount } | { kind: 'service' };

/** An open group's occurrences are kept this far ahead (extended whenever the group is read). */
export const OPEN_GROUP_HORIZON_MS = 12 * 7 * 86_400_000;
/** A therapist may open an occurrence's room this long before it starts (or the members' lobby time, if longer). */
export const THERAPIST_EARLY_MINUTES = 60;
const WEEK_MS = 7 * 86_400_000;
const MAX_OPEN_OCCURRENCES = 5_000;
/** The personal link's HMAC is over this context and the claims: no invitation token verifies as one. */
const MEMBER_LINK_CONTEXT = 'circle:group-member-link:v1\n';

const newId = () => randomBytes(9).toString('base64url');
const iso = (ms: number) => new Date(ms).toISOString();
const endsAt = (o: { startsAt: number; durationMinutes: number }) => o.startsAt + o.durationMinutes * 60_000;

export type OccurrenceView = OccurrenceRecord & StoredOccurrence;

/**
 * A group's own agreement as its rooms show it: one point per non-empty line, and a version that
 * names the group's version (what a member's acceptance records).
 */
export function roomAgreement(version: number, text: string, language: Language): GroupAgreement {
  const points = text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((l) => l.length > 0);
  return { version: `group-${language}-v${version}`, points };
}

/** The group's own agreement texts as its rooms show them, per language that has one. */
export function roomAgreements(g: Pick<GroupRow, 'agreements'>): Partial<Record<Language, GroupAgreement>> {
  const out: Partial<Record<Language, GroupAgreement>> = {};
  for (const lang of LANGUAGES) {
    const a = g.agreements[lang];
    if (a.text !== null) out[lang] = roomAgreement(a.version, a.text, lang);
  }
  return out;
}

/**
 * The agreement texts a create or update body sets, per language: `agreements` per language, and
 * `agreement` for the group's language when `agreements` does not name it.
 */
function agreementTexts(
  body: {
    agreement?: string | null | undefined;
    agreements?: Partial<Record<Language, string | null | undefined>> | undefined;
  },
  language: Language,
): Partial<Record<Language, string | null>> {
  const out: Partial<Record<Language, string | null>> = {};
  if (body.agreement !== undefined) out[language] = body.agreement;
  for (const lang of LANGUAGES) {
    const text = body.agreements?.[lang];
    if (text !== undefined) out[lang] = text;
  }
  return out;
}

/** An occurrence as a calendar event: the group's title and when, no clinical details. */
/** A session as a calendar event; its description in the group's language (English by default). */
export function calendarEvent(
  o: StoredOccurrence,
  title: string,
  url?: string,
  language: Language = 'en',
): CalendarEvent {
  return {
    uid: `${o.id}@circle`,
    startsAt: o.startsAt,
    endsAt: endsAt(o),
    title,
    description: emailTexts(language)('calendarDescription'),
    ...(url === undefined ? {} : { url }),
    cancelled: o.cancelledAt !== null,
    sequence: o.sequence,
  };
}

export interface GroupsDeps {
  store: GroupsStore;
  staff: StaffStore;
  sessions: Sessions;
  clock: Clock;
  logger: Logger;
  inviteSecret: string;
  publicUrl: string;
  /** Whether email reminders are sent at all (SMTP configured). */
  remindersAvailable?: () => boolean;
}

interface Cell extends AttendanceCell {
  index: number;
}

export class Groups {
  /** One room opening (and one member invitation) at a time per occurrence, on this node. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: GroupsDeps) {}

  private now(): number {
    return this.deps.clock.now();
  }

  // ------------------------------------------------------------ who sees what

  /** Whether this viewer may see the group (a group it cannot see does not exist for it). */
  sees(viewer: GroupViewer, g: GroupRow): boolean {
    if (viewer.kind === 'service') return true;
    const a = viewer.account;
    if (a.role === 'therapist') return g.leadTherapistId === a.id || g.coTherapistIds.includes(a.id);
    if (a.role === 'supervisor') return g.supervisorId === a.id;
    return false;
  }

  /** The group's therapists (lead and co) may change it; supervisors and integrations read. */
  canEdit(viewer: GroupViewer, g: GroupRow): boolean {
    return (
      viewer.kind === 'staff' &&
      viewer.account.role === 'therapist' &&
      (g.leadTherapistId === viewer.account.id || g.coTherapistIds.includes(viewer.account.id))
    );
  }

  /** The group, if this viewer may see it; else NOT_FOUND. */
  async visible(viewer: GroupViewer, groupId: string): Promise<GroupRow> {
    const g = await this.deps.store.group(groupId);
    if (!g || !this.sees(viewer, g)) throw new GroupRefusal('NOT_FOUND');
    return g;
  }

  // ------------------------------------------------------------ groups

  async create(input: GroupInput, creator: GroupViewer): Promise<GroupRow> {
    const lead = input.leadTherapistId ?? (creator.kind === 'staff' ? creator.account.id : undefined);
    if (lead === undefined) throw new GroupRefusal('INVALID_PAYLOAD', 'leadTherapistId');
    if (creator.kind === 'staff' && lead !== creator.account.id && !input.coTherapistIds.includes(creator.account.id)) {
      // A therapist creates groups it leads or co-leads (it could not see one it did not).
      throw new GroupRefusal('INVALID_PAYLOAD', 'leadTherapistId');
    }
    await this.checkStaff(lead, input.coTherapistIds, input.supervisorId);
    const now = this.now();
    const planned =
      input.kind === 'closed'
        ? plannedOccurrences(input.schedule, {
            ...(input.sessionCount === undefined ? {} : { count: input.sessionCount }),
            max: GROUP_LIMITS.MAX_SESSIONS,
          })
        : plannedOccurrences(input.schedule, {
            until: Math.max(now, Date.parse(`${input.schedule.startDate}T00:00:00Z`)) + OPEN_GROUP_HORIZON_MS,
            max: MAX_OPEN_OCCURRENCES,
          });
    if (planned.length === 0) throw new GroupRefusal('INVALID_PAYLOAD', 'schedule');
    const g: GroupRow = {
      id: newId(),
      title: input.title,
      kind: input.kind,
      sessionCount: input.kind === 'closed' ? (input.sessionCount ?? planned.length) : null,
      schedule: input.schedule,
      durationMinutes: input.durationMinutes,
      maxMembers: input.maxMembers,
      lateJoinSessions: input.lateJoinSessions,
      leadTherapistId: lead,
      coTherapistIds: [...new Set(input.coTherapistIds)].filter((id) => id !== lead),
      supervisorId: input.supervisorId,
      agendaTemplateId: input.agendaTemplateId,
      settings: input.settings,
      lobbyOpensMinutes: input.lobbyOpensMinutes,
      attendancePolicy: input.attendancePolicy,
      createdAt: now,
      createdBy: creator.kind === 'staff' ? creator.account.id : 'integration',
      language: input.language,
      agreements: (() => {
        const texts = agreementTexts(input, input.language);
        return Object.fromEntries(
          LANGUAGES.map((lang) => [lang, { version: 1, text: texts[lang] ?? null }]),
        ) as GroupRow['agreements'];
      })(),
    };
    await this.deps.store.insertGroup(
      g,
      planned.map((p) => ({ id: newId(), ...p })),
    );
    this.deps.logger.info({ groupId: g.id, occurrences: planned.length }, 'group created');
    return g;
  }

  /** The lead and co-therapists are therapist accounts, the supervisor a supervisor (400 naming the field). */
  private async checkStaff(
    lead: string | undefined,
    co: readonly string[] | undefined,
    sup: string | null | undefined,
  ) {
    const isActive = async (id: string, role: StaffAccount['role']) => {
      const a = await this.deps.staff.account(id);
      return a !== undefined && a.role === role && a.status !== 'disabled';
    };
    if (lead !== undefined && !(await isActive(lead, 'therapist'))) {
      throw new GroupRefusal('INVALID_PAYLOAD', 'leadTherapistId');
    }
    for (const id of co ?? []) {
      if (!(await isActive(id, 'therapist'))) throw new GroupRefusal('INVALID_PAYLOAD', 'coTherapistIds');
    }
    if (sup !== undefined && sup !== null && !(await isActive(sup, 'supervisor'))) {
      throw new GroupRefusal('INVALID_PAYLOAD', 'supervisorId');
    }
  }

  async update(g: GroupRow, body: ReturnType<typeof updateGroupBody.parse>, by: string): Promise<GroupRow> {
    await this.checkStaff(undefined, body.coTherapistIds, body.supervisorId);
    const { agreement, agreements, ...rest } = body;
    const patch: GroupUpdate = {
      ...rest,
      ...(rest.coTherapistIds ? { coTherapistIds: rest.coTherapistIds.filter((id) => id !== g.leadTherapistId) } : {}),
    };
    // A text that changed is a new version of its language's agreement; the others stay as they are.
    const texts = agreementTexts({ agreement, agreements }, rest.language ?? g.language);
    const changed = LANGUAGES.flatMap((language) => {
      const text = texts[language];
      return text !== undefined && text !== g.agreements[language].text ? [{ language, text, by }] : [];
    });
    await this.deps.store.updateGroup(g.id, patch, changed, this.now());
    const updated = await this.deps.store.group(g.id);
    if (!updated) throw new GroupRefusal('NOT_FOUND');
    return updated;
  }

  /** Every occurrence with whether its room is live; an open group's are extended first. */
  async occurrences(g: GroupRow): Promise<OccurrenceView[]> {
    const now = this.now();
    let stored = await this.deps.store.occurrences(g.id);
    if (g.kind === 'open') {
      const horizon = now + OPEN_GROUP_HORIZON_MS;
      const last = stored[stored.length - 1];
      if (!last || last.plannedStartsAt < horizon - WEEK_MS) {
        const lastIndex = last?.index ?? 0;
        const more = plannedOccurrences(g.schedule, { until: horizon, max: MAX_OPEN_OCCURRENCES }).filter(
          (p) => p.index > lastIndex,
        );
        if (more.length > 0) {
          await this.deps.store.addOccurrences(
            g.id,
            more.map((p) => ({ id: newId(), ...p })),
            g.durationMinutes,
          );
          stored = await this.deps.store.occurrences(g.id);
        }
      }
    }
    return stored.map((o) => {
      const actor = o.sessionId === null ? undefined : this.deps.sessions.loaded(o.sessionId);
      const snapshot = actor?.snapshot;
      return {
        ...o,
        sessionEndedAt: o.sessionEndedAt ?? snapshot?.endedAt ?? null,
        live:
          snapshot !== undefined &&
          snapshot.endedAt === null &&
          Object.values(snapshot.participants).some((p) => p.connected),
      };
    });
  }

  occurrenceAnswer(o: OccurrenceView, now = this.now()): Occurrence {
    return {
      id: o.id,
      index: o.index,
      startsAt: iso(o.startsAt),
      endsAt: iso(endsAt(o)),
      plannedStartsAt: iso(o.plannedStartsAt),
      moved: o.startsAt !== o.plannedStartsAt,
      status: occurrenceStatus(o, now),
      sessionId: o.sessionId,
      hasRecord: o.hasRecord,
    };
  }

  private async occurrence(g: GroupRow, occurrenceId: string): Promise<OccurrenceView> {
    const o = (await this.occurrences(g)).find((x) => x.id === occurrenceId);
    if (!o) throw new GroupRefusal('NOT_FOUND');
    return o;
  }

  async move(g: GroupRow, occurrenceId: string, startsAt: number): Promise<Occurrence> {
    const o = await this.occurrence(g, occurrenceId);
    const r = canMove(o, startsAt, this.now());
    if (!r.ok) throw new GroupRefusal(r.code);
    await this.deps.store.moveOccurrence(o.id, startsAt);
    return this.occurrenceAnswer(await this.occurrence(g, o.id));
  }

  async cancel(g: GroupRow, occurrenceId: string, reason: string | null): Promise<Occurrence> {
    const o = await this.occurrence(g, occurrenceId);
    const now = this.now();
    const r = canCancel(o, now);
    if (!r.ok) throw new GroupRefusal(r.code);
    await this.deps.store.cancelOccurrence(o.id, now, reason);
    return this.occurrenceAnswer(await this.occurrence(g, o.id));
  }

  async restore(g: GroupRow, occurrenceId: string): Promise<Occurrence> {
    const o = await this.occurrence(g, occurrenceId);
    const r = canRestore(o, this.now());
    if (!r.ok) throw new GroupRefusal(r.code);
    await this.deps.store.restoreOccurrence(o.id);
    return this.occurrenceAnswer(await this.occurrence(g, o.id));
  }

  async summaries(viewer: GroupViewer): Promise<GroupSummary[]> {
    const scope: GroupScope =
      viewer.kind === 'service'
        ? 'all'
        : viewer.account.role === 'supervisor'
          ? { supervisorId: viewer.account.id }
          : { therapistId: viewer.account.id };
    const now = this.now();
    const out: GroupSummary[] = [];
    for (const g of await this.deps.store.groups(scope)) {
      const occurrences = await this.occurrences(g);
      const members = await this.deps.store.members(g.id);
      const sheet = await this.attendance(g, occurrences, members);
      const upcoming = new Set(occurrences.filter((o) => endsAt(o) > now && o.cancelledAt === null).map((o) => o.id));
      const excusals = await this.deps.store.excusals(g.id);
      const next = nextOccurrence(
        occurrences.filter((o) => o.cancelledAt === null),
        now,
      );
      out.push({
        id: g.id,
        title: g.title,
        kind: g.kind,
        timeZone: g.schedule.timeZone,
        nextStartsAt: next ? iso(next.startsAt) : null,
        activeMembers: members.filter((m) => m.status === 'active').length,
        maxMembers: g.maxMembers,
        flagged: new Set(sheet.flags.map((f) => f.memberId)).size,
        absencesNotified: excusals.filter((e) => e.seenAt === null && upcoming.has(e.occurrenceId)).length,
      });
    }
    return out;
  }

  /** The group page. Its therapists opening it have seen the "I can't make it" notes. */
  async detail(viewer: GroupViewer, g: GroupRow): Promise<GroupDetail> {
    const now = this.now();
    const occurrences = await this.occurrences(g);
    const members = await this.deps.store.members(g.id);
    const sheet = await this.attendance(g, occurrences, members);
    const editor = this.canEdit(viewer, g);
    const ahead = new Set(occurrences.filter((o) => endsAt(o) > now && o.cancelledAt === null).map((o) => o.id));
    const upcomingAbsences = (await this.deps.store.excusals(g.id))
      .filter((e) => ahead.has(e.occurrenceId))
      .map((e) => ({ memberId: e.memberId, occurrenceId: e.occurrenceId, at: new Date(e.at).toISOString() }));
    if (editor) await this.deps.store.markExcusalsSeen(g.id, now);
    const staffNames: Record<string, string> = {};
    for (const id of [g.leadTherapistId, ...g.coTherapistIds, ...(g.supervisorId ? [g.supervisorId] : [])]) {
      const a = await this.deps.staff.account(id);
      if (a) staffNames[id] = a.name;
    }
    return {
      id: g.id,
      title: g.title,
      kind: g.kind,
      sessionCount: g.sessionCount,
      schedule: {
        weekdays: g.schedule.weekdays,
        time: g.schedule.time,
        timeZone: g.schedule.timeZone,
        startDate: g.schedule.startDate,
        everyWeeks: g.schedule.everyWeeks,
        endDate: g.schedule.endDate ?? null,
      },
      durationMinutes: g.durationMinutes,
      maxMembers: g.maxMembers,
      lateJoinSessions: g.lateJoinSessions,
      leadTherapistId: g.leadTherapistId,
      coTherapistIds: g.coTherapistIds,
      supervisorId: g.supervisorId,
      staffNames,
      agendaTemplateId: g.agendaTemplateId,
      language: g.language,
      agreement: g.agreements[g.language],
      agreements: g.agreements,
      settings: g.settings,
      lobbyOpensMinutes: g.lobbyOpensMinutes,
      attendancePolicy: g.attendancePolicy,
      occurrences: occurrences.map((o) => this.occurrenceAnswer(o, now)),
      members: members.map((m) => this.memberAnswer(m, sheet.flags)),
      upcomingAbsences,
      rosterClosed: rosterClosed(g.kind, g.lateJoinSessions, occurrences, now),
      canEdit: editor,
    };
  }

  // ------------------------------------------------------------ members

  memberAnswer(m: MemberRow, flags: readonly AttendanceFlag[]): GroupMember {
    const last = m.history[m.history.length - 1];
    return {
      id: m.id,
      displayName: m.displayName,
      email: m.email,
      status: m.status,
      since: iso(last?.at ?? m.createdAt),
      history: m.history.map((h) => ({ status: h.status, at: iso(h.at), note: h.note, by: h.by })),
      linkActive: !m.linkRevoked,
      reminders: m.reminders,
      flags: flags.filter((f) => f.memberId === m.id),
    };
  }

  async addMember(
    g: GroupRow,
    body: { displayName: string; email?: string | undefined; status: MemberStatus; note?: string | undefined },
    by: string,
  ): Promise<{ member: MemberRow; url: string }> {
    const now = this.now();
    const members = await this.deps.store.members(g.id);
    const h = initialHistory(body.status, now, body.note, by, {
      activeCount: members.filter((m) => m.status === 'active').length,
      maxMembers: g.maxMembers,
      rosterClosed: rosterClosed(g.kind, g.lateJoinSessions, await this.occurrences(g), now),
    });
    if (!h.ok) throw new GroupRefusal(h.code);
    const member: MemberRow = {
      id: newId(),
      groupId: g.id,
      displayName: body.displayName,
      email: body.email ?? null,
      status: body.status,
      linkVersion: 1,
      linkRevoked: false,
      reminders: true,
      createdAt: now,
      history: h.history,
    };
    const { history, ...row } = member;
    await this.deps.store.insertMember(row, history);
    return { member, url: this.linkUrl(member) };
  }

  async memberOf(g: GroupRow, memberId: string): Promise<MemberRow> {
    const m = await this.deps.store.member(memberId);
    if (!m || m.groupId !== g.id) throw new GroupRefusal('NOT_FOUND');
    return m;
  }

  async setStatus(g: GroupRow, memberId: string, to: MemberStatus, note: string | undefined, by: string) {
    const m = await this.memberOf(g, memberId);
    const now = this.now();
    const members = await this.deps.store.members(g.id);
    const r = transition({
      history: m.history,
      to,
      at: now,
      ...(note === undefined ? {} : { note }),
      by,
      activeCount: members.filter((x) => x.status === 'active' && x.id !== m.id).length,
      maxMembers: g.maxMembers,
      rosterClosed: rosterClosed(g.kind, g.lateJoinSessions, await this.occurrences(g), now),
    });
    if (!r.ok) throw new GroupRefusal(r.code);
    const entry = r.history[r.history.length - 1];
    if (!entry) throw new GroupRefusal('INVALID_STATE');
    await this.deps.store.appendStatus(m.id, entry);
    const updated = await this.memberOf(g, m.id);
    const sheet = await this.attendance(g);
    return this.memberAnswer(updated, sheet.flags);
  }

  // ------------------------------------------------------------ personal links

  private mac(body: string): string {
    return createHmac('sha256', this.deps.inviteSecret).update(MEMBER_LINK_CONTEXT).update(body).digest('base64url');
  }

  linkToken(m: Pick<MemberRow, 'id' | 'linkVersion'>): string {
    const body = Buffer.from(JSON.stringify({ m: m.id, v: m.linkVersion })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  linkUrl(m: Pick<MemberRow, 'id' | 'linkVersion'>): string {
    // In the fragment: browsers never send it to the server or to proxies' logs.
    return `${this.deps.publicUrl}/g#${this.linkToken(m)}`;
  }

  /** The current link (INVALID_STATE when revoked: a new one must be made). */
  currentLink(m: MemberRow): string {
    if (m.linkRevoked) throw new GroupRefusal('INVALID_STATE');
    return this.linkUrl(m);
  }

  async replaceLink(m: MemberRow): Promise<string> {
    const next = { id: m.id, linkVersion: m.linkVersion + 1 };
    await this.deps.store.setLink(m.id, { version: next.linkVersion, revoked: false });
    return this.linkUrl(next);
  }

  async revokeLink(m: MemberRow): Promise<void> {
    await this.deps.store.setLink(m.id, { version: m.linkVersion, revoked: true });
  }

  /** The member and group of a personal link that works now; INVITE_INVALID for a revoked, replaced or forged one. */
  async byToken(token: string): Promise<{ member: MemberRow; group: GroupRow }> {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > GROUP_LIMITS.TOKEN_CHARS) throw new GroupRefusal('INVITE_INVALID');
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GroupRefusal('INVITE_INVALID');
    let claims: { m?: unknown; v?: unknown };
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { m?: unknown; v?: unknown };
    } catch {
      throw new GroupRefusal('INVITE_INVALID');
    }
    if (typeof claims.m !== 'string' || typeof claims.v !== 'number') throw new GroupRefusal('INVITE_INVALID');
    const member = await this.deps.store.member(claims.m);
    if (!member || member.linkRevoked || member.linkVersion !== claims.v) throw new GroupRefusal('INVITE_INVALID');
    const group = await this.deps.store.group(member.groupId);
    if (!group) throw new GroupRefusal('INVITE_INVALID');
    return { member, group };
  }

  // ------------------------------------------------------------ the member's page

  async page(m: MemberRow, g: GroupRow): Promise<MemberPage> {
    const now = this.now();
    const state = m.status === 'active' ? 'active' : m.status === 'discharged' ? 'discharged' : 'waiting';
    let next: MemberPage['next'] = null;
    if (state === 'active') {
      const occurrences = await this.occurrences(g);
      const o = nextOccurrence(
        occurrences.filter((x) => x.cancelledAt === null),
        now,
      );
      if (o) {
        const excusals = await this.deps.store.excusals(g.id);
        next = {
          occurrenceId: o.id,
          startsAt: iso(o.startsAt),
          endsAt: iso(endsAt(o)),
          lobbyOpensAt: iso(o.startsAt - g.lobbyOpensMinutes * 60_000),
          excused: excusals.some((e) => e.occurrenceId === o.id && e.memberId === m.id),
          open: lobbyOpen(o, g.lobbyOpensMinutes, now),
        };
      }
    }
    return {
      groupTitle: g.title,
      language: g.language,
      displayName: m.displayName,
      state,
      groupTimeZone: g.schedule.timeZone,
      now: iso(now),
      next,
      reminders: m.reminders,
      remindersAvailable: (this.deps.remindersAvailable?.() ?? false) && m.email !== null,
    };
  }

  /** The group's upcoming sessions (cancelled ones as cancelled), no clinical details; none for a discharged member. */
  async calendar(m: MemberRow, g: GroupRow): Promise<string> {
    const now = this.now();
    const occurrences = m.status === 'discharged' ? [] : (await this.occurrences(g)).filter((o) => endsAt(o) > now);
    const url = m.linkRevoked ? undefined : this.linkUrl(m);
    return calendar({
      calendarName: g.title,
      events: occurrences.map((o) => calendarEvent(o, g.title, url, g.language)),
      now,
    });
  }

  /** "I can't make it": an upcoming occurrence excused (false: it already was). */
  async excuse(m: MemberRow, g: GroupRow, occurrenceId: string): Promise<boolean> {
    if (m.status === 'discharged') throw new GroupRefusal('FORBIDDEN');
    const o = (await this.occurrences(g)).find((x) => x.id === occurrenceId);
    if (!o) throw new GroupRefusal('NOT_FOUND');
    const now = this.now();
    if (o.cancelledAt !== null || o.startsAt <= now) throw new GroupRefusal('INVALID_STATE');
    return this.deps.store.insertExcusal(o.id, m.id, now);
  }

  async setReminders(m: MemberRow, on: boolean): Promise<MemberRow> {
    await this.deps.store.setReminders(m.id, on);
    return { ...m, reminders: on };
  }

  // ------------------------------------------------------------ rooms

  /** Run `fn` after the previous call for the same key has finished (one at a time per occurrence). */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(fn);
    this.queues.set(key, run);
    void run
      .finally(() => {
        if (this.queues.get(key) === run) this.queues.delete(key);
      })
      .catch(() => undefined);
    return run;
  }

  /** The occurrence's room, opened once (with the group's title, time, length, capacity and room settings). */
  private async roomOf(g: GroupRow, occurrenceId: string): Promise<RoomActor> {
    const o = (await this.deps.store.occurrences(g.id)).find((x) => x.id === occurrenceId);
    if (!o) throw new GroupRefusal('NOT_FOUND');
    if (o.sessionId !== null) {
      const actor = await this.deps.sessions.get(o.sessionId);
      if (!actor) throw new GroupRefusal('UNAVAILABLE');
      return actor;
    }
    const lead = await this.deps.staff.account(g.leadTherapistId);
    const template =
      g.agendaTemplateId === null ? undefined : templateItems(g.agendaTemplateId as AgendaTemplateId, g.language);
    const { state } = await this.deps.sessions.create({
      title: g.title,
      startsAt: o.startsAt,
      durationMinutes: o.durationMinutes,
      maxMembers: g.maxMembers,
      ownerAccountId: g.leadTherapistId,
      therapistAccountId: g.leadTherapistId,
      therapistName: lead?.name ?? 'Therapist',
      chatEnabled: g.settings.chatEnabled,
      speakingMode: g.settings.speakingMode,
      backgrounds: g.settings.backgrounds,
      ...(g.settings.focusMode ? { focusMode: true } : {}),
      ...(g.settings.e2ee ? {} : { e2ee: false }),
      ...(template ? { agendaItems: template } : {}),
      language: g.language,
      agreements: roomAgreements(g),
    });
    const bound = await this.deps.store.bindSession(o.id, state.sessionId);
    if (bound !== state.sessionId) {
      // Another node opened it first: that room is the occurrence's; this one is left unused.
      this.deps.logger.warn({ groupId: g.id, occurrenceId: o.id, sessionId: state.sessionId }, 'duplicate room unused');
    } else {
      this.deps.logger.info(
        { groupId: g.id, occurrenceId: o.id, sessionId: state.sessionId },
        'occurrence room opened',
      );
    }
    const actor = bound === null ? undefined : await this.deps.sessions.get(bound);
    if (!actor) throw new GroupRefusal('UNAVAILABLE');
    return actor;
  }

  /** The therapist's way in: the occurrence's room (the caller makes its own account-bound entry). */
  async therapistRoom(g: GroupRow, occurrenceId: string): Promise<RoomActor> {
    const now = this.now();
    const o = await this.occurrence(g, occurrenceId);
    const status = occurrenceStatus(o, now);
    if (status === 'cancelled') throw new GroupRefusal('INVALID_STATE');
    if (status === 'ended') throw new GroupRefusal('SESSION_ENDED');
    const early = Math.max(THERAPIST_EARLY_MINUTES, g.lobbyOpensMinutes) * 60_000;
    if (now < o.startsAt - early) throw new GroupRefusal('LOBBY_NOT_OPEN');
    const actor = await this.serial(o.id, () => this.roomOf(g, o.id));
    if (actor.snapshot.endedAt !== null) throw new GroupRefusal('SESSION_ENDED');
    return actor;
  }

  /** The member's way in: its invitation in the next occurrence's room, made once and reused on rejoin. */
  async memberJoin(
    m: MemberRow,
    g: GroupRow,
  ): Promise<{ invite: IssuedInvite; sessionId: string; occurrenceId: string }> {
    if (m.status !== 'active') throw new GroupRefusal('FORBIDDEN');
    const now = this.now();
    const o = nextOccurrence(
      (await this.occurrences(g)).filter((x) => x.cancelledAt === null),
      now,
    );
    if (!o || !lobbyOpen(o, g.lobbyOpensMinutes, now)) throw new GroupRefusal('LOBBY_NOT_OPEN');
    return this.serial(o.id, async () => {
      const actor = await this.roomOf(g, o.id);
      if (actor.snapshot.endedAt !== null) throw new GroupRefusal('SESSION_ENDED');
      const mine = (await this.deps.store.occurrenceInvites(g.id)).filter(
        (i) => i.occurrenceId === o.id && i.memberId === m.id,
      );
      for (const row of [...mine].reverse()) {
        const invite = byId(actor.snapshot.invites, row.inviteId);
        if (invite && !invite.revoked && invite.expiresAt > this.now()) {
          return {
            invite: this.deps.sessions.issued(actor.sessionId, invite),
            sessionId: actor.sessionId,
            occurrenceId: o.id,
          };
        }
      }
      let made = await this.deps.sessions.invite(actor, 'member', m.displayName);
      for (let n = 2; 'code' in made && made.code === 'NAME_TAKEN' && n < 10; n++) {
        made = await this.deps.sessions.invite(actor, 'member', `${m.displayName} (${n})`);
      }
      if ('code' in made) throw new GroupRefusal(made.code);
      await this.deps.store.insertOccurrenceInvite(
        { occurrenceId: o.id, memberId: m.id, inviteId: made.inviteId },
        this.now(),
      );
      return { invite: made, sessionId: actor.sessionId, occurrenceId: o.id };
    });
  }

  // ------------------------------------------------------------ attendance

  /**
   * Attendance per member per occurrence that has started, for the members active at its start:
   * from every join and leave of their invitations in its room (the ended room's attendance rows;
   * else the live room here; else its last checkpoint, read only). Corrections override, the
   * computed value kept beside them.
   */
  async attendance(
    g: GroupRow,
    occurrencesIn?: OccurrenceView[],
    membersIn?: MemberRow[],
  ): Promise<AttendanceSheet & { cells: Cell[] }> {
    const now = this.now();
    const occurrences = occurrencesIn ?? (await this.occurrences(g));
    const members = membersIn ?? (await this.deps.store.members(g.id));
    const held = occurrences
      .filter((o) => o.cancelledAt === null && o.startsAt <= now)
      .sort((a, b) => a.startsAt - b.startsAt);
    const invites = await this.deps.store.occurrenceInvites(g.id);
    const excusals = await this.deps.store.excusals(g.id);
    const corrections = await this.deps.store.corrections(g.id);
    const ended = held.filter((o) => o.sessionId !== null && o.sessionEndedAt !== null && o.hasRecord);
    const rows = await this.deps.store.attendanceRows(ended.map((o) => o.sessionId as string));
    const stintsOf = new Map<string, Stint[]>();
    const add = (sessionId: string, participantId: string, s: Stint) => {
      const key = `${sessionId}/${participantId}`;
      const list = stintsOf.get(key);
      if (list) list.push(s);
      else stintsOf.set(key, [s]);
    };
    // Looked up per cell: indexed once by occurrence and member.
    const cellKey = (occurrenceId: string, memberId: string) => `${occurrenceId}/${memberId}`;
    const invitesOf = new Map<string, string[]>();
    for (const i of invites) {
      const key = cellKey(i.occurrenceId, i.memberId);
      invitesOf.set(key, [...(invitesOf.get(key) ?? []), i.inviteId]);
    }
    const excused = new Set(excusals.map((e) => cellKey(e.occurrenceId, e.memberId)));
    // The newest correction of each cell counts (they come oldest first).
    const correctionOf = new Map(corrections.map((c) => [cellKey(c.occurrenceId, c.memberId), c]));
    const endedIds = new Set(ended.map((o) => o.id));
    for (const r of rows) add(r.sessionId, r.participantId, { joinedAt: r.joinedAt, leftAt: r.leftAt });
    const endedAtOf = new Map<string, number | null>();
    for (const o of held) {
      if (o.sessionId === null || endedIds.has(o.id)) continue;
      const state: RoomState | undefined =
        this.deps.sessions.loaded(o.sessionId)?.snapshot ?? (await this.deps.sessions.peek(o.sessionId));
      if (!state) continue;
      endedAtOf.set(o.id, state.endedAt);
      for (const p of Object.values(state.participants)) for (const s of p.attendance) add(o.sessionId, p.id, s);
    }
    const cells: Cell[] = [];
    for (const o of held) {
      for (const m of members) {
        if (statusAt(m.history, o.startsAt) !== 'active') continue;
        const key = cellKey(o.id, m.id);
        const stints =
          o.sessionId === null
            ? []
            : (invitesOf.get(key) ?? []).flatMap((inviteId) => stintsOf.get(`${o.sessionId}/${inviteId}`) ?? []);
        const wasExcused = excused.has(key);
        const computed = computeAttendance({
          startsAt: o.startsAt,
          plannedEndsAt: endsAt(o),
          endedAt: o.sessionEndedAt ?? endedAtOf.get(o.id) ?? null,
          stints,
          excused: wasExcused,
          now,
        });
        const correction = correctionOf.get(key);
        cells.push({
          index: o.index,
          memberId: m.id,
          occurrenceId: o.id,
          status: correction?.status ?? computed.status,
          minutes: computed.minutes,
          computed: computed.status,
          corrected: correction !== undefined,
          excusedByMember: wasExcused,
        });
      }
    }
    const flags = members.flatMap((m) =>
      policyFlags(
        m.id,
        cells.filter((c) => c.memberId === m.id).map((c) => c.status),
        g.attendancePolicy,
      ),
    );
    return {
      members: members.map((m) => ({ id: m.id, displayName: m.displayName, status: m.status })),
      occurrences: held.map((o) => ({ id: o.id, index: o.index, startsAt: iso(o.startsAt) })),
      cells,
      flags,
      policy: g.attendancePolicy,
    };
  }

  /** A therapist's correction (a new row; the computed value stays beside it). */
  async correct(
    g: GroupRow,
    occurrenceId: string,
    memberId: string,
    status: AttendanceStatus,
    reason: string | undefined,
    by: string,
  ): Promise<AttendanceCell> {
    await this.memberOf(g, memberId);
    const occurrences = await this.occurrences(g);
    if (!occurrences.some((o) => o.id === occurrenceId)) throw new GroupRefusal('NOT_FOUND');
    const before = await this.attendance(g, occurrences);
    if (!before.cells.some((c) => c.occurrenceId === occurrenceId && c.memberId === memberId)) {
      // Not yet held, cancelled, or the member was not on the roster then.
      throw new GroupRefusal('INVALID_STATE');
    }
    await this.deps.store.insertCorrection({
      occurrenceId,
      memberId,
      status,
      reason: reason ?? null,
      by,
      at: this.now(),
    });
    const after = await this.attendance(g, occurrences);
    const cell = after.cells.find((c) => c.occurrenceId === occurrenceId && c.memberId === memberId);
    if (!cell) throw new GroupRefusal('INVALID_STATE');
    return cellAnswer(cell);
  }

  // ------------------------------------------------------------ progress notes

  /** The occurrence and member of a note: both of this group, the occurrence begun (INVALID_STATE before). */
  async noteTarget(g: GroupRow, occurrenceId: string, memberId: string): Promise<void> {
    await this.memberOf(g, memberId);
    const o = (await this.deps.store.occurrences(g.id)).find((x) => x.id === occurrenceId);
    if (!o) throw new GroupRefusal('NOT_FOUND');
    if (o.startsAt > this.now()) throw new GroupRefusal('INVALID_STATE');
  }

  async note(g: GroupRow, occurrenceId: string, memberId: string) {
    await this.noteTarget(g, occurrenceId, memberId);
    const n = await this.deps.store.note(occurrenceId, memberId);
    return { text: n?.text ?? '', updatedAt: n ? iso(n.updatedAt) : null };
  }

  async putNote(g: GroupRow, occurrenceId: string, memberId: string, text: string, by: string) {
    await this.noteTarget(g, occurrenceId, memberId);
    const now = this.now();
    await this.deps.store.putNote(occurrenceId, memberId, text, now, by);
    return { text, updatedAt: iso(now) };
  }
}

export function cellAnswer(c: Cell | AttendanceCell): AttendanceCell {
  return {
    memberId: c.memberId,
    occurrenceId: c.occurrenceId,
    status: c.status,
    minutes: c.minutes,
    computed: c.computed,
    corrected: c.corrected,
    excusedByMember: c.excusedByMember,
  };
}
