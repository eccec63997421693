/**
 * The groups HTTP API (shared/src/groups.ts), typed like net/staffApi.ts: the session cookie is the
 * credential, every request goes to this page's own origin, each answer is parsed with its schema
 * from `@circle/shared` (never a cast), and a refusal comes back as data with its HTTP status.
 */
import {
  type AddMemberBody,
  type AttendanceCell,
  type AttendanceSheet,
  type CorrectAttendanceBody,
  type CreateGroupBody,
  type GroupCreated,
  type GroupDetail,
  type GroupList,
  type GroupMember,
  type MemberAdded,
  type MemberLink,
  type MemberStatusBody,
  type Occurrence,
  type ProgressNote,
  type RoomEntry,
  type UpdateGroupBody,
  attendanceCellSchema,
  attendanceSheetSchema,
  groupCreatedSchema,
  groupDetailSchema,
  groupListSchema,
  groupMemberSchema,
  memberAddedSchema,
  memberLinkSchema,
  occurrenceSchema,
  progressNoteSchema,
  roomEntrySchema,
} from '@circle/shared';
import { type StaffAnswer, createCall } from './staffApi';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;
export type Reader<T> = (res: Response) => Promise<T | undefined>;
type Schema<T> = { safeParse(x: unknown): { success: true; data: T } | { success: false } };

export const json =
  <T>(schema: Schema<T>): Reader<T> =>
  async (res) => {
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    return parsed.success ? parsed.data : undefined;
  };
export const empty: Reader<null> = async () => null;
export const text: Reader<string> = (res) => res.text();

export { createCall };

export interface GroupApi {
  groups(): Promise<StaffAnswer<GroupList>>;
  createGroup(body: CreateGroupBody): Promise<StaffAnswer<GroupCreated>>;
  group(id: string): Promise<StaffAnswer<GroupDetail>>;
  updateGroup(id: string, body: UpdateGroupBody): Promise<StaffAnswer<GroupDetail>>;
  moveOccurrence(id: string, occ: string, startsAt: string): Promise<StaffAnswer<Occurrence>>;
  cancelOccurrence(id: string, occ: string, reason?: string): Promise<StaffAnswer<Occurrence>>;
  restoreOccurrence(id: string, occ: string): Promise<StaffAnswer<Occurrence>>;
  startOccurrence(id: string, occ: string): Promise<StaffAnswer<RoomEntry>>;
  addMember(id: string, body: AddMemberBody): Promise<StaffAnswer<MemberAdded>>;
  setMemberStatus(id: string, mid: string, body: MemberStatusBody): Promise<StaffAnswer<GroupMember>>;
  memberLink(id: string, mid: string): Promise<StaffAnswer<MemberLink>>;
  newMemberLink(id: string, mid: string): Promise<StaffAnswer<MemberLink>>;
  revokeMemberLink(id: string, mid: string): Promise<StaffAnswer<null>>;
  attendance(id: string): Promise<StaffAnswer<AttendanceSheet>>;
  attendanceCsv(id: string): Promise<StaffAnswer<string>>;
  correctAttendance(
    id: string,
    occ: string,
    mid: string,
    body: CorrectAttendanceBody,
  ): Promise<StaffAnswer<AttendanceCell>>;
  note(id: string, occ: string, mid: string): Promise<StaffAnswer<ProgressNote>>;
  saveNote(id: string, occ: string, mid: string, text: string): Promise<StaffAnswer<ProgressNote>>;
}

export function createGroupApi(deps: { fetch: Fetch }): GroupApi {
  const call = createCall(deps.fetch);
  const e = encodeURIComponent;
  const group = (id: string) => `/groups/${e(id)}`;
  const occ = (id: string, o: string) => `${group(id)}/occurrences/${e(o)}`;
  const member = (id: string, m: string) => `${group(id)}/members/${e(m)}`;
  return {
    groups: () => call('GET', '/groups', json(groupListSchema)),
    createGroup: (body) => call('POST', '/groups', json(groupCreatedSchema), body),
    group: (id) => call('GET', group(id), json(groupDetailSchema)),
    updateGroup: (id, body) => call('PATCH', group(id), json(groupDetailSchema), body),
    moveOccurrence: (id, o, startsAt) => call('POST', `${occ(id, o)}/move`, json(occurrenceSchema), { startsAt }),
    cancelOccurrence: (id, o, reason) =>
      call('POST', `${occ(id, o)}/cancel`, json(occurrenceSchema), reason ? { reason } : {}),
    restoreOccurrence: (id, o) => call('POST', `${occ(id, o)}/restore`, json(occurrenceSchema)),
    startOccurrence: (id, o) => call('POST', `${occ(id, o)}/start`, json(roomEntrySchema)),
    addMember: (id, body) => call('POST', `${group(id)}/members`, json(memberAddedSchema), body),
    setMemberStatus: (id, m, body) => call('POST', `${member(id, m)}/status`, json(groupMemberSchema), body),
    memberLink: (id, m) => call('GET', `${member(id, m)}/link`, json(memberLinkSchema)),
    newMemberLink: (id, m) => call('POST', `${member(id, m)}/link`, json(memberLinkSchema)),
    revokeMemberLink: (id, m) => call('DELETE', `${member(id, m)}/link`, empty),
    attendance: (id) => call('GET', `${group(id)}/attendance`, json(attendanceSheetSchema)),
    attendanceCsv: (id) => call('GET', `${group(id)}/attendance.csv`, text),
    correctAttendance: (id, o, m, body) =>
      call('PUT', `${group(id)}/attendance/${e(o)}/${e(m)}`, json(attendanceCellSchema), body),
    note: (id, o, m) => call('GET', `${group(id)}/notes/${e(o)}/${e(m)}`, json(progressNoteSchema)),
    saveNote: (id, o, m, t) => call('PUT', `${group(id)}/notes/${e(o)}/${e(m)}`, json(progressNoteSchema), { text: t }),
  };
}
