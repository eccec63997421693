/**
 * The member's page actions (no account; the personal link's token held by the page in memory). A
 * refused link (401 INVITE_INVALID) is its own outcome: the page says the link no longer works.
 */
import type { MemberPage } from '@circle/shared';
import type { MemberApi } from '../net/memberApi';
import type { StaffAnswer } from '../net/staffApi';
import { unreachableText, waitText } from '../i18n/texts';

export interface MemberActionDeps {
  api: MemberApi;
  open: (url: string) => void;
  saveFile: (name: string, file: Blob) => void;
}

export type MemberResult<T> = { ok: true; data: T } | { ok: false; message: string; linkInvalid: boolean };

function refused<T>(res: StaffAnswer<T>): MemberResult<T> {
  if (res.ok) return res;
  const linkInvalid = res.status === 401 || res.error.code === 'INVITE_INVALID';
  if (res.status === 0) return { ok: false, message: unreachableText(), linkInvalid: false };
  if (res.error.code === 'RATE_LIMITED') return { ok: false, message: waitText(res.retryAfterSeconds), linkInvalid };
  // The message is already in this person's language (the API call writes it from the code).
  return { ok: false, message: res.error.message, linkInvalid };
}

export function createMemberActions({ api, open, saveFile }: MemberActionDeps) {
  return {
    loadMemberPage: async (token: string): Promise<MemberResult<MemberPage>> => refused(await api.page(token)),

    /** The group's upcoming sessions as a calendar file (.ics). */
    async downloadCalendar(token: string, groupTitle: string): Promise<MemberResult<null>> {
      const res = await api.calendar(token);
      if (!res.ok) return refused(res);
      const name = groupTitle.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'group';
      saveFile(`${name}.ics`, new Blob([res.data], { type: 'text/calendar' }));
      return { ok: true, data: null };
    },

    cantMakeIt: async (token: string, occurrenceId: string): Promise<MemberResult<MemberPage>> =>
      refused(await api.cantMakeIt(token, occurrenceId)),

    setReminders: async (token: string, on: boolean): Promise<MemberResult<MemberPage>> =>
      refused(await api.reminders(token, on)),

    /** Into the waiting room: this tab goes to the room's address. */
    async joinWaitingRoom(token: string): Promise<MemberResult<null>> {
      const res = await api.join(token);
      if (!res.ok) return refused(res);
      open(res.data.joinUrl);
      return { ok: true, data: null };
    },
  };
}
