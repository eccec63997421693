/**
 * The groups' actions by name (the clinician's home and each group's page): they go through the groups
 * API (net/groupApi.ts), move between pages through the `StaffNavigator`, and give the page either
 * the data or the sentence a person reads, with the field at fault when there is one. A 401 means the
 * sign-in has ended: back to /signin, as the other staff actions do.
 */
import i18next from 'i18next';
import { en } from '@circle/shared/i18n';
import {
  type AddMemberBody,
  type AttendanceCell,
  type AttendanceSheet,
  type AttendanceStatus,
  type CreateGroupBody,
  type GroupDetail,
  type GroupList,
  type GroupMember,
  type MemberLink,
  type MemberStatus,
  type Occurrence,
  type ProgressNote,
  type UpdateGroupBody,
  GROUP_LIMITS,
  addMemberBody,
  correctAttendanceBody,
  createGroupBody,
  memberStatusBody,
  moveOccurrenceBody,
  progressNoteBody,
  updateGroupBody,
} from '@circle/shared';
import type { GroupApi } from '../net/groupApi';
import type { StaffAnswer } from '../net/staffApi';
import { StaffPath, groupPath, useStaffStore } from '../stores/useStaffStore';
import { signInEnded, type StaffNavigator, type StaffResult, unreachable, waitText } from './staffActions';

export interface GroupActionDeps {
  api: GroupApi;
  nav: StaffNavigator;
  saveFile: (name: string, file: Blob) => void;
}

/** What each field needs, by its dotted path in the request body, in this person's language. */
export function groupFieldText(field: string): string {
  const vars = {
    titleChars: GROUP_LIMITS.TITLE_CHARS,
    maxSessions: GROUP_LIMITS.MAX_SESSIONS,
    maxMembers: GROUP_LIMITS.MAX_MEMBERS,
    agreementChars: GROUP_LIMITS.AGREEMENT_CHARS,
    nameChars: GROUP_LIMITS.NAME_CHARS,
    noteChars: GROUP_LIMITS.NOTE_CHARS,
    progressNoteChars: GROUP_LIMITS.PROGRESS_NOTE_CHARS,
  };
  const t = i18next.getFixedT(null, 'groups');
  // Only a field the catalogue has a sentence for (an unknown path, or a group of fields: the form).
  const known = field
    .split('.')
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
      en.groups.field,
    );
  return typeof known === 'string' ? (t as (k: string, o: object) => string)(`field.${field}`, vars) : t('field.other');
}

type Refused = { ok: false; message: string; field?: string };

/** The first problem zod found, as a sentence about that field (its dotted path). */
export function firstGroupIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): Refused {
  const path = (error.issues[0]?.path ?? []).map(String);
  // Array items (schedule.weekdays.0) belong to their array.
  const field = path.filter((p) => !/^\d+$/.test(p)).join('.');
  return { ok: false, message: groupFieldText(field), field };
}

export function createGroupActions({ api, nav, saveFile }: GroupActionDeps) {
  async function authed<T>(answer: Promise<StaffAnswer<T>>): Promise<StaffResult<T>> {
    const res = await answer;
    if (res.ok) return res;
    if (res.status === 401) {
      useStaffStore.setState({ me: null, status: 'signedOut', notice: signInEnded() });
      nav.go(StaffPath.signIn, { replace: true });
      return { ok: false, message: signInEnded() };
    }
    if (res.status === 0) return { ok: false, message: unreachable() };
    if (res.error.code === 'RATE_LIMITED') return { ok: false, message: waitText(res.retryAfterSeconds) };
    return res.error.field === undefined
      ? { ok: false, message: res.error.message }
      : { ok: false, message: groupFieldText(res.error.field), field: res.error.field };
  }

  const none = async <T>(answer: Promise<StaffAnswer<T>>): Promise<StaffResult<null>> => {
    const res = await authed(answer);
    return res.ok ? { ok: true, data: null } : res;
  };

  return {
    loadGroups: (): Promise<StaffResult<GroupList>> => authed(api.groups()),

    /** A new group, checked against the contract first: a problem names its field. */
    async createGroup(group: CreateGroupBody): Promise<StaffResult<{ id: string }>> {
      const body = createGroupBody.safeParse(group);
      if (!body.success) return firstGroupIssue(body.error);
      // The input shape is sent (defaults are the server's to apply).
      return authed(api.createGroup(group));
    },

    openGroup: (id: string) => nav.go(groupPath(id)),
    backHome: () => nav.go(StaffPath.home),

    loadGroup: (id: string): Promise<StaffResult<GroupDetail>> => authed(api.group(id)),

    async updateGroup(id: string, patch: UpdateGroupBody): Promise<StaffResult<GroupDetail>> {
      const body = updateGroupBody.safeParse(patch);
      if (!body.success) return firstGroupIssue(body.error);
      return authed(api.updateGroup(id, body.data));
    },

    /** Move one occurrence to an instant (ISO, from the group's zone: see zonedLocalToIso). */
    async moveOccurrence(id: string, occ: string, startsAt: string | null): Promise<StaffResult<Occurrence>> {
      const body = moveOccurrenceBody.safeParse({ startsAt });
      if (!body.success) return { ok: false, message: groupFieldText('startsAt'), field: 'startsAt' };
      return authed(api.moveOccurrence(id, occ, body.data.startsAt));
    },
    cancelOccurrence: (id: string, occ: string, reason?: string): Promise<StaffResult<Occurrence>> =>
      authed(api.cancelOccurrence(id, occ, reason?.trim() || undefined)),
    restoreOccurrence: (id: string, occ: string): Promise<StaffResult<Occurrence>> =>
      authed(api.restoreOccurrence(id, occ)),

    /** Open this occurrence's room as its therapist: this tab goes to the room. */
    async startOccurrence(id: string, occ: string): Promise<StaffResult<null>> {
      const res = await authed(api.startOccurrence(id, occ));
      if (!res.ok) return res;
      nav.open(res.data.joinUrl);
      return { ok: true, data: null };
    },

    async addGroupMember(id: string, member: AddMemberBody): Promise<StaffResult<{ id: string; url: string }>> {
      const cleaned = { ...member, email: member.email?.trim() || undefined, note: member.note?.trim() || undefined };
      const body = addMemberBody.safeParse(cleaned);
      if (!body.success) return firstGroupIssue(body.error);
      return authed(api.addMember(id, body.data));
    },

    async setMemberStatus(
      id: string,
      mid: string,
      status: MemberStatus,
      note?: string,
    ): Promise<StaffResult<GroupMember>> {
      const body = memberStatusBody.safeParse({ status, ...(note?.trim() ? { note } : {}) });
      if (!body.success) return firstGroupIssue(body.error);
      return authed(api.setMemberStatus(id, mid, body.data));
    },

    loadMemberLink: (id: string, mid: string): Promise<StaffResult<MemberLink>> => authed(api.memberLink(id, mid)),
    newMemberLink: (id: string, mid: string): Promise<StaffResult<MemberLink>> => authed(api.newMemberLink(id, mid)),
    revokeMemberLink: (id: string, mid: string): Promise<StaffResult<null>> => none(api.revokeMemberLink(id, mid)),

    loadAttendance: (id: string): Promise<StaffResult<AttendanceSheet>> => authed(api.attendance(id)),

    async correctAttendance(
      id: string,
      occ: string,
      mid: string,
      status: AttendanceStatus,
      reason?: string,
    ): Promise<StaffResult<AttendanceCell>> {
      const body = correctAttendanceBody.safeParse({ status, ...(reason?.trim() ? { reason } : {}) });
      if (!body.success) return firstGroupIssue(body.error);
      return authed(api.correctAttendance(id, occ, mid, body.data));
    },

    /** The attendance sheet as one CSV file. */
    async downloadAttendanceCsv(id: string): Promise<StaffResult<null>> {
      const res = await authed(api.attendanceCsv(id));
      if (!res.ok) return res;
      saveFile(`circle-group-${id}-attendance.csv`, new Blob([res.data], { type: 'text/csv' }));
      return { ok: true, data: null };
    },

    /** Reading a progress note is recorded in the audit log by the server. */
    loadProgressNote: (id: string, occ: string, mid: string): Promise<StaffResult<ProgressNote>> =>
      authed(api.note(id, occ, mid)),

    async saveProgressNote(id: string, occ: string, mid: string, text: string): Promise<StaffResult<ProgressNote>> {
      const body = progressNoteBody.safeParse({ text });
      if (!body.success) return firstGroupIssue(body.error);
      return authed(api.saveNote(id, occ, mid, body.data.text));
    },
  };
}

export type GroupActions = ReturnType<typeof createGroupActions>;
