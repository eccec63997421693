/**
 * The member's page API (no account): the personal link's token travels in request bodies, never in
 * a URL the server sees. Answers parsed with the shared schemas; refusals come back as data.
 */
import { type MemberPage, type RoomEntry, memberPageSchema, roomEntrySchema } from '@circle/shared';
import type { StaffAnswer } from './staffApi';
import { createCall, json, text } from './groupApi';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface MemberApi {
  page(token: string): Promise<StaffAnswer<MemberPage>>;
  calendar(token: string): Promise<StaffAnswer<string>>;
  cantMakeIt(token: string, occurrenceId: string): Promise<StaffAnswer<MemberPage>>;
  join(token: string): Promise<StaffAnswer<RoomEntry>>;
  reminders(token: string, reminders: boolean): Promise<StaffAnswer<MemberPage>>;
}

export function createMemberApi(deps: { fetch: Fetch }): MemberApi {
  const call = createCall(deps.fetch);
  return {
    page: (token) => call('POST', '/member/page', json(memberPageSchema), { token }),
    calendar: (token) => call('POST', '/member/calendar', text, { token }),
    cantMakeIt: (token, occurrenceId) =>
      call('POST', '/member/cant-make-it', json(memberPageSchema), { token, occurrenceId }),
    join: (token) => call('POST', '/member/join', json(roomEntrySchema), { token }),
    reminders: (token, reminders) => call('POST', '/member/reminders', json(memberPageSchema), { token, reminders }),
  };
}
