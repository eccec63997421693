/**
 * Groups that meet for weeks, against the real server and PGlite through HTTP: staff and token
 * callers, who sees which group, occurrences moved/cancelled/restored, the roster with its history,
 * personal links (replaced, revoked), the member's page and calendar, entering the room with an
 * injected clock, attendance across a leave and a rejoin, corrections, notes and the CSV.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '@circle/testkit/bot';
import type {
  AttendanceSheet,
  GroupDetail,
  GroupList,
  MemberPage,
  Occurrence,
  ParticipantDetailView,
} from '@circle/shared';
import { ManualClock } from './support/ManualClock.js';
import { TEST_ADMIN_TOKEN, checkInFor, requireId, useTestCircle, waitFor } from './support/harness.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
// Midnight UTC a few days ahead of the real time: the first session is that day at 18:00 UTC.
const T0 = Math.floor(Date.now() / DAY) * DAY + 3 * DAY;
const clock = new ManualClock(T0);
// Staff stay signed in while the injected clock runs through whole sessions.
const circle = useTestCircle({ overrides: { clock }, env: { STAFF_IDLE_MINUTES: '1440', STAFF_SESSION_HOURS: '720' } });

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
  cookie: string | undefined;
}
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let nextIp = 10;
async function api(
  method: Method,
  path: string,
  o: { json?: unknown; cookie?: string; token?: string; ip?: string } = {},
) {
  const t = circle();
  const headers: Record<string, string> = { origin: t.url, 'x-forwarded-for': o.ip ?? `198.51.100.${nextIp++ % 250}` };
  if (o.cookie) headers.cookie = `circle_staff=${o.cookie}`;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  const res = await fetch(`${t.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const staff = res.headers.getSetCookie().find((c) => c.startsWith('circle_staff='));
  return {
    status: res.status,
    body: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : text,
    headers: res.headers,
    cookie: staff === undefined ? undefined : (/^circle_staff=([^;]*)/.exec(staff)?.[1] ?? ''),
  } satisfies Answer;
}
const fragment = (url: string) => new URL(url).hash.slice(1);
const errorOf = (a: Answer) => (a.body as { error?: { code?: string; field?: string } }).error;

let ownerCookie = '';
async function addStaff(role: 'therapist' | 'supervisor' | 'admin', name: string, email: string) {
  const added = await api('POST', '/api/staff', { cookie: ownerCookie, json: { name, email, role } });
  expect(added.status).toBe(201);
  const link = added.body as { id: string; setPasswordUrl: string };
  const set = await api('POST', '/api/auth/password', {
    json: { token: fragment(link.setPasswordUrl), password: 'quiet-meadow-copper-77' },
  });
  expect(set.status).toBe(200);
  return { id: link.id, cookie: set.cookie ?? '', email };
}

/** Sign in again (after the injected clock has run past the idle timeout). */
async function signIn(who: { email: string; cookie: string }): Promise<void> {
  const r = await api('POST', '/api/auth/login', { json: { email: who.email, password: 'quiet-meadow-copper-77' } });
  expect(r.status).toBe(200);
  who.cookie = r.cookie ?? '';
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const WEEKDAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const FIRST = T0 + 18 * 60 * MINUTE;
const closedGroup = (extra: Record<string, unknown> = {}) => ({
  title: 'Tuesday anxiety group',
  kind: 'closed',
  sessionCount: 6,
  schedule: {
    weekdays: [WEEKDAY[new Date(FIRST).getUTCDay()]],
    time: '18:00',
    timeZone: 'UTC',
    startDate: dateOf(FIRST),
  },
  durationMinutes: 90,
  maxMembers: 3,
  agendaTemplateId: 'cbt-90',
  settings: { chatEnabled: false, speakingMode: 'facilitated', backgrounds: 'blur-only', focusMode: true, e2ee: false },
  ...extra,
});

type Staff = { id: string; cookie: string; email: string };
let lead: Staff;
let co: Staff;
let other: Staff;
let sup: Staff;
let sup2: Staff;
let groupId = '';
let occurrences: Occurrence[] = [];
const members: Record<string, { id: string; url: string }> = {};

async function newToken(scopes: string[]): Promise<string> {
  const r = await api('POST', '/api/tokens', { cookie: ownerCookie, json: { name: `t${nextIp}`, scopes } });
  expect(r.status).toBe(201);
  return (r.body as { token: string }).token;
}

async function auditActions(): Promise<{ actor: string; action: string; target_id: string | null }[]> {
  return circle().circle.db.query(
    `select actor, action, target_id from audit_log where action like 'group:%' order by id`,
  );
}

beforeAll(async () => {
  const link = await circle().circle.staff.setupLink();
  const r = await api('POST', '/api/setup', {
    json: {
      token: fragment(link?.url ?? ''),
      name: 'Morgan Lee',
      email: 'owner@clinic.example',
      password: 'violet-harbor-lantern-42',
    },
  });
  ownerCookie = r.cookie ?? '';
  lead = await addStaff('therapist', 'Dr. Rivera', 'rivera@clinic.example');
  co = await addStaff('therapist', 'Dr. Chen', 'chen@clinic.example');
  other = await addStaff('therapist', 'Dr. Other', 'other@clinic.example');
  sup = await addStaff('supervisor', 'Sam Supervisor', 'sam@clinic.example');
  sup2 = await addStaff('supervisor', 'Sue Supervisor', 'sue@clinic.example');
  const made = await api('POST', '/api/groups', {
    cookie: lead.cookie,
    json: closedGroup({
      coTherapistIds: [co.id],
      supervisorId: sup.id,
      agreement: 'Be kind.\nWhat is said here stays here.',
    }),
  });
  expect(made.status).toBe(201);
  groupId = (made.body as { id: string }).id;
  for (const name of ['Alex', 'Blair', 'Casey']) {
    const m = await api('POST', `/api/groups/${groupId}/members`, { cookie: lead.cookie, json: { displayName: name } });
    expect(m.status).toBe(201);
    members[name] = m.body as { id: string; url: string };
  }
  const list = await api('GET', `/api/groups/${groupId}/occurrences`, { cookie: lead.cookie });
  occurrences = (list.body as { occurrences: Occurrence[] }).occurrences;
});

describe('creating a group and who sees it', () => {
  it('a closed group gets all its occurrences at creation, weekly, in UTC', () => {
    expect(occurrences).toHaveLength(6);
    expect(occurrences[0]).toMatchObject({
      index: 1,
      startsAt: new Date(FIRST).toISOString(),
      status: 'scheduled',
      moved: false,
    });
    expect(Date.parse(occurrences[1]?.startsAt ?? '') - FIRST).toBe(7 * DAY);
  });

  it('its therapists, and its supervisor, see it; another therapist or supervisor does not (404); an admin is refused', async () => {
    const detail = await api('GET', `/api/groups/${groupId}`, { cookie: co.cookie });
    expect(detail.status).toBe(200);
    const d = detail.body as GroupDetail;
    expect(d).toMatchObject({
      leadTherapistId: lead.id,
      coTherapistIds: [co.id],
      canEdit: true,
      agreement: { version: 1 },
    });
    expect(d.staffNames[lead.id]).toBe('Dr. Rivera');
    expect(d.members.map((m) => m.status)).toEqual(['active', 'active', 'active']);
    expect((await api('GET', `/api/groups/${groupId}`, { cookie: sup.cookie })).body).toMatchObject({ canEdit: false });
    expect((await api('GET', `/api/groups/${groupId}`, { cookie: other.cookie })).status).toBe(404);
    expect((await api('GET', `/api/groups/${groupId}`, { cookie: sup2.cookie })).status).toBe(404);
    expect((await api('GET', '/api/groups', { cookie: other.cookie })).body).toEqual({ groups: [] });
    expect((await api('GET', '/api/groups', { cookie: sup2.cookie })).body).toEqual({ groups: [] });
    const mine = (await api('GET', '/api/groups', { cookie: sup.cookie })).body as GroupList;
    expect(mine.groups.map((g) => g.id)).toEqual([groupId]);
    expect(mine.groups[0]).toMatchObject({
      activeMembers: 3,
      maxMembers: 3,
      flagged: 0,
      nextStartsAt: occurrences[0]?.startsAt,
    });
    expect((await api('GET', `/api/groups/${groupId}`)).status).toBe(401);
    expect((await api('GET', '/api/groups', { cookie: ownerCookie })).status).toBe(403);
  });

  it('refuses a bad body with the field, a supervisor creating (403), and a closed group without a count', async () => {
    const bad = await api('POST', '/api/groups', { cookie: lead.cookie, json: closedGroup({ durationMinutes: 30 }) });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)?.field).toBe('durationMinutes');
    const noCount = await api('POST', '/api/groups', {
      cookie: lead.cookie,
      json: closedGroup({ sessionCount: undefined }),
    });
    expect(errorOf(noCount)?.field).toBe('sessionCount');
    expect((await api('POST', '/api/groups', { cookie: sup.cookie, json: closedGroup() })).status).toBe(403);
    const notASupervisor = await api('POST', '/api/groups', {
      cookie: lead.cookie,
      json: closedGroup({ supervisorId: co.id }),
    });
    expect(errorOf(notASupervisor)?.field).toBe('supervisorId');
  });

  it('a new agreement text is a new version; a supervisor cannot change the group', async () => {
    const r = await api('PATCH', `/api/groups/${groupId}`, {
      cookie: lead.cookie,
      json: { agreement: 'Be kind. Be on time.' },
    });
    expect(r.status).toBe(200);
    expect((r.body as GroupDetail).agreement).toEqual({ version: 2, text: 'Be kind. Be on time.' });
    expect((await api('PATCH', `/api/groups/${groupId}`, { cookie: sup.cookie, json: { title: 'x' } })).status).toBe(
      403,
    );
    expect((await api('PATCH', `/api/groups/${groupId}`, { cookie: other.cookie, json: { title: 'x' } })).status).toBe(
      404,
    );
    const bad = await api('PATCH', `/api/groups/${groupId}`, { cookie: lead.cookie, json: { maxMembers: 99 } });
    expect(errorOf(bad)?.field).toBe('maxMembers');
  });
});

describe('API tokens on the integration routes', () => {
  it('creates with leadTherapistId (400 without it), adds a member, reads occurrences and attendance with the right scopes', async () => {
    const writer = await newToken(['groups:write', 'groups:read', 'attendance:read']);
    const missing = await api('POST', '/api/groups', { token: writer, json: closedGroup() });
    expect(missing.status).toBe(400);
    expect(errorOf(missing)?.field).toBe('leadTherapistId');
    const made = await api('POST', '/api/groups', {
      token: writer,
      json: { ...closedGroup({ leadTherapistId: other.id }), kind: 'open', sessionCount: undefined },
    });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    const m = await api('POST', `/api/groups/${id}/members`, { token: writer, json: { displayName: 'Dana' } });
    expect(m.status).toBe(201);
    expect((m.body as { url: string }).url).toMatch(/\/g#/);
    const occ = await api('GET', `/api/groups/${id}/occurrences`, { token: writer });
    // An open group: twelve weeks ahead.
    expect((occ.body as { occurrences: Occurrence[] }).occurrences.length).toBeGreaterThanOrEqual(12);
    expect((await api('GET', `/api/groups/${id}/attendance`, { token: writer })).status).toBe(200);
    expect((await api('GET', `/api/groups/${id}`, { cookie: other.cookie })).status).toBe(200);
    // Not an integration route: tokens are refused.
    expect((await api('PATCH', `/api/groups/${id}`, { token: writer, json: { title: 'x' } })).status).toBe(403);
    expect((await api('GET', '/api/groups/nope/occurrences', { token: TEST_ADMIN_TOKEN })).status).toBe(404);
  });

  it('a token without groups:write gets 403; an unknown token 401', async () => {
    const reader = await newToken(['groups:read']);
    expect(
      (await api('POST', '/api/groups', { token: reader, json: closedGroup({ leadTherapistId: lead.id }) })).status,
    ).toBe(403);
    expect(
      (await api('POST', `/api/groups/${groupId}/members`, { token: reader, json: { displayName: 'E' } })).status,
    ).toBe(403);
    expect((await api('GET', `/api/groups/${groupId}/attendance`, { token: reader })).status).toBe(403);
    expect((await api('GET', `/api/groups/${groupId}/occurrences`, { token: reader })).status).toBe(200);
    expect(
      (await api('GET', `/api/groups/${groupId}/occurrences`, { token: `circle_pat_${'x'.repeat(43)}` })).status,
    ).toBe(401);
  });
});

describe('occurrences and the roster', () => {
  it('moves, cancels and restores one occurrence alone; refuses what its state does not allow (409)', async () => {
    const occ = occurrences[2]?.id ?? '';
    const later = new Date(Date.parse(occurrences[2]?.startsAt ?? '') + 60 * MINUTE).toISOString();
    const moved = await api('POST', `/api/groups/${groupId}/occurrences/${occ}/move`, {
      cookie: lead.cookie,
      json: { startsAt: later },
    });
    expect(moved.body).toMatchObject({ startsAt: later, moved: true, status: 'scheduled' });
    const cancelled = await api('POST', `/api/groups/${groupId}/occurrences/${occ}/cancel`, {
      cookie: co.cookie,
      json: { reason: 'holiday' },
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(
      (await api('POST', `/api/groups/${groupId}/occurrences/${occ}/cancel`, { cookie: lead.cookie, json: {} })).status,
    ).toBe(409);
    const restored = await api('POST', `/api/groups/${groupId}/occurrences/${occ}/restore`, { cookie: lead.cookie });
    expect(restored.body).toMatchObject({ status: 'scheduled' });
    expect(
      (await api('POST', `/api/groups/${groupId}/occurrences/${occ}/restore`, { cookie: lead.cookie })).status,
    ).toBe(409);
    const past = await api('POST', `/api/groups/${groupId}/occurrences/${occ}/move`, {
      cookie: lead.cookie,
      json: { startsAt: new Date(T0 - DAY).toISOString() },
    });
    expect(past.status).toBe(409);
    const bad = await api('POST', `/api/groups/${groupId}/occurrences/${occ}/move`, {
      cookie: lead.cookie,
      json: { startsAt: 'soon' },
    });
    expect(errorOf(bad)?.field).toBe('startsAt');
    expect(
      (await api('POST', `/api/groups/${groupId}/occurrences/nope/cancel`, { cookie: lead.cookie, json: {} })).status,
    ).toBe(404);
  });

  it('capacity is enforced on active members (409 GROUP_FULL); history is kept; a bad status is 400', async () => {
    const full = await api('POST', `/api/groups/${groupId}/members`, {
      cookie: lead.cookie,
      json: { displayName: 'Drew' },
    });
    expect(full.status).toBe(409);
    expect(errorOf(full)?.code).toBe('GROUP_FULL');
    const waiting = await api('POST', `/api/groups/${groupId}/members`, {
      cookie: lead.cookie,
      json: { displayName: 'Drew', status: 'waitlisted', note: 'screened on the phone' },
    });
    expect(waiting.status).toBe(201);
    members.Drew = waiting.body as { id: string; url: string };
    const drew = members.Drew.id;
    const refused = await api('POST', `/api/groups/${groupId}/members/${drew}/status`, {
      cookie: lead.cookie,
      json: { status: 'active' },
    });
    expect(errorOf(refused)?.code).toBe('GROUP_FULL');
    const same = await api('POST', `/api/groups/${groupId}/members/${drew}/status`, {
      cookie: lead.cookie,
      json: { status: 'waitlisted' },
    });
    expect(errorOf(same)?.code).toBe('INVALID_STATE');
    const bad = await api('POST', `/api/groups/${groupId}/members/${drew}/status`, {
      cookie: lead.cookie,
      json: { status: 'gone' },
    });
    expect(errorOf(bad)?.field).toBe('status');
    const out = await api('POST', `/api/groups/${groupId}/members/${drew}/status`, {
      cookie: lead.cookie,
      json: { status: 'discharged', note: 'moved away' },
    });
    expect(out.status).toBe(200);
    expect((out.body as { history: { status: string; note: string | null; by: string }[] }).history).toEqual([
      expect.objectContaining({ status: 'waitlisted', note: 'screened on the phone', by: lead.id }),
      expect.objectContaining({ status: 'discharged', note: 'moved away', by: lead.id }),
    ]);
    expect(
      (
        await api('POST', `/api/groups/${groupId}/members/nope/status`, {
          cookie: lead.cookie,
          json: { status: 'active' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api('POST', `/api/groups/${groupId}/members/${drew}/status`, {
          cookie: sup.cookie,
          json: { status: 'active' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('personal links and the member page', () => {
  it('a discharged member gets the page (state discharged) but never a room', async () => {
    const token = fragment(members.Drew?.url ?? '');
    const page = await api('POST', '/api/member/page', { json: { token } });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: 'discharged', next: null, groupTitle: 'Tuesday anxiety group' });
    expect((await api('POST', '/api/member/join', { json: { token } })).status).toBe(403);
  });

  it('replacing a link stops the old one (401 INVITE_INVALID); revoking stops all; a forged one is refused', async () => {
    const casey = members.Casey?.id ?? '';
    const old = fragment(members.Casey?.url ?? '');
    const current = await api('GET', `/api/groups/${groupId}/members/${casey}/link`, { cookie: lead.cookie });
    expect(current.body).toEqual({ url: members.Casey?.url });
    const replaced = await api('POST', `/api/groups/${groupId}/members/${casey}/link`, { cookie: lead.cookie });
    const fresh = (replaced.body as { url: string }).url;
    expect(fresh).not.toBe(members.Casey?.url);
    const refused = await api('POST', '/api/member/page', { json: { token: old } });
    expect(refused.status).toBe(401);
    expect(errorOf(refused)?.code).toBe('INVITE_INVALID');
    expect((await api('POST', '/api/member/page', { json: { token: fragment(fresh) } })).status).toBe(200);
    expect((await api('DELETE', `/api/groups/${groupId}/members/${casey}/link`, { cookie: lead.cookie })).status).toBe(
      204,
    );
    expect((await api('POST', '/api/member/page', { json: { token: fragment(fresh) } })).status).toBe(401);
    expect((await api('GET', `/api/groups/${groupId}/members/${casey}/link`, { cookie: lead.cookie })).status).toBe(
      409,
    );
    const again = await api('POST', `/api/groups/${groupId}/members/${casey}/link`, { cookie: lead.cookie });
    members.Casey = { id: casey, url: (again.body as { url: string }).url };
    const [body, mac] = fragment(members.Casey.url).split('.');
    expect((await api('POST', '/api/member/page', { json: { token: `${body}.${mac?.slice(0, -2)}xx` } })).status).toBe(
      401,
    );
    expect(errorOf(await api('POST', '/api/member/page', { json: {} }))?.field).toBe('token');
  });

  it('the page has the next session in UTC and the server clock; the calendar has no clinical details', async () => {
    const token = fragment(members.Alex?.url ?? '');
    const page = (await api('POST', '/api/member/page', { json: { token } })).body as MemberPage;
    expect(page).toMatchObject({
      state: 'active',
      now: new Date(T0).toISOString(),
      groupTimeZone: 'UTC',
      reminders: true,
    });
    expect(page.next).toMatchObject({
      occurrenceId: occurrences[0]?.id,
      startsAt: occurrences[0]?.startsAt,
      lobbyOpensAt: new Date(FIRST - 10 * MINUTE).toISOString(),
      open: false,
      excused: false,
    });
    const ics = await api('POST', '/api/member/calendar', { json: { token } });
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = ics.body as string;
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(6);
    expect(text).toContain('SUMMARY:Tuesday anxiety group');
    expect(text).not.toMatch(/Alex|Be kind|anxiety disorder/);
    const off = await api('POST', '/api/member/reminders', { json: { token, reminders: false } });
    expect(off.body).toMatchObject({ reminders: false, remindersAvailable: false });
  });

  it("I can't make it: a future occurrence excused (audited, shown to the therapist); not a past or unknown one", async () => {
    const token = fragment(members.Blair?.url ?? '');
    const second = occurrences[1]?.id ?? '';
    const r = await api('POST', '/api/member/cant-make-it', { json: { token, occurrenceId: second } });
    expect(r.status).toBe(200);
    expect((await api('POST', '/api/member/cant-make-it', { json: { token, occurrenceId: 'nope' } })).status).toBe(404);
    const list = (await api('GET', '/api/groups', { cookie: lead.cookie })).body as GroupList;
    expect(list.groups.find((g) => g.id === groupId)?.absencesNotified).toBe(1);
    await api('GET', `/api/groups/${groupId}`, { cookie: lead.cookie });
    const seen = (await api('GET', '/api/groups', { cookie: lead.cookie })).body as GroupList;
    expect(seen.groups.find((g) => g.id === groupId)?.absencesNotified).toBe(0);
    expect(await auditActions()).toContainEqual({
      actor: `member:${members.Blair?.id}`,
      action: 'group:member-excused',
      target_id: second,
    });
  });
});

describe('entering the room and attendance', () => {
  let therapist: Bot;
  const occ = () => occurrences[0]?.id ?? '';

  async function memberIn(name: string): Promise<Bot> {
    const r = await api('POST', '/api/member/join', { json: { token: fragment(members[name]?.url ?? '') } });
    expect(r).toMatchObject({ status: 200 });
    const bot = await circle().connect(fragment((r.body as { joinUrl: string }).joinUrl), { name });
    if (bot.view?.you.status !== 'admitted') {
      // The group's own agreement (its second version), not Circle's standard one, is what members accept.
      const agreement = bot.view?.agreement;
      expect(agreement).toEqual({ version: 'group-en-v2', language: 'en', points: ['Be kind. Be on time.'] });
      await expect(bot.call('session:checkIn', checkInFor(name))).rejects.toMatchObject({ code: 'AGREEMENT_REQUIRED' });
      await bot.call('session:checkIn', { ...checkInFor(name), agreementVersion: agreement?.version ?? '' });
      await therapist.call('lobby:admit', { participantId: requireId(bot) });
      await waitFor(() => bot.view?.you.status === 'admitted', 5_000, `${name} admitted`);
    }
    return bot;
  }

  it('the lobby opens 10 minutes before the start (409 LOBBY_NOT_OPEN before); the therapist opens the room', async () => {
    clock.advance(FIRST - 15 * MINUTE - clock.now());
    const early = await api('POST', '/api/member/join', { json: { token: fragment(members.Alex?.url ?? '') } });
    expect(early.status).toBe(409);
    expect(errorOf(early)?.code).toBe('LOBBY_NOT_OPEN');
    expect(
      (await api('POST', `/api/groups/${groupId}/occurrences/${occurrences[1]?.id}/start`, { cookie: lead.cookie }))
        .status,
    ).toBe(409);
    expect(
      (await api('POST', `/api/groups/${groupId}/occurrences/${occ()}/start`, { cookie: sup.cookie })).status,
    ).toBe(403);
    clock.advance(10 * MINUTE);
    const page = (await api('POST', '/api/member/page', { json: { token: fragment(members.Alex?.url ?? '') } }))
      .body as MemberPage;
    expect(page.next?.open).toBe(true);
    const [a, b] = await Promise.all([
      api('POST', `/api/groups/${groupId}/occurrences/${occ()}/start`, { cookie: lead.cookie }),
      api('POST', `/api/groups/${groupId}/occurrences/${occ()}/start`, { cookie: lead.cookie }),
    ]);
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    const joinUrl = (a.body as { joinUrl: string }).joinUrl;
    therapist = await circle().connect(fragment(joinUrl), { name: 'therapist', cookie: `circle_staff=${lead.cookie}` });
    const state = (await circle().circle.groups.occurrences(await getGroup())).find((o) => o.id === occ());
    expect(state?.sessionId).toBeTruthy();
    const actor = await circle().circle.sessions.get(state?.sessionId ?? '');
    // The room inherits the group's settings and agenda template.
    expect(actor?.snapshot).toMatchObject({
      title: 'Tuesday anxiety group',
      startsAt: FIRST,
      durationMinutes: 90,
      maxMembers: 3,
      backgrounds: 'blur-only',
      focusMode: true,
      plainMedia: true,
    });
    expect(actor?.snapshot.chat.enabled).toBe(false);
    expect(actor?.snapshot.speaking.mode).toBe('facilitated');
    expect(actor?.snapshot.agenda.items.map((i) => i.title)[0]).toBe('Check-in');
    // A co-therapist enters as a therapist bound to its own account.
    const coEntry = await api('POST', `/api/groups/${groupId}/occurrences/${occ()}/start`, { cookie: co.cookie });
    expect(coEntry.status).toBe(200);
    const coInvite = Object.values(actor?.snapshot.invites ?? {}).find((i) => i.accountId === co.id);
    expect(coInvite?.role).toBe('therapist');
  });

  it("a group in Spanish: each language's agreement has its own versions; a member reading Spanish accepts the Spanish text, and the acceptance records the language", async () => {
    const made = await api('POST', '/api/groups', {
      cookie: other.cookie,
      json: closedGroup({
        title: 'Grupo de los martes',
        language: 'es',
        agreement: 'Sea amable.\nLo que se dice aquí, aquí se queda.',
        agendaTemplateId: null,
      }),
    });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    const detail = (await api('GET', `/api/groups/${id}`, { cookie: other.cookie })).body as GroupDetail;
    expect(detail.language).toBe('es');
    expect(detail.agreements).toEqual({
      es: { version: 1, text: 'Sea amable.\nLo que se dice aquí, aquí se queda.' },
      en: { version: 1, text: null },
    });
    expect(detail.agreement).toEqual(detail.agreements.es);
    // The English text is a new English version; the Spanish one is untouched.
    const en = await api('PATCH', `/api/groups/${id}`, {
      cookie: other.cookie,
      json: { agreements: { en: 'Be kind.\nWhat is said here stays here.' } },
    });
    expect((en.body as GroupDetail).agreements).toEqual({
      es: { version: 1, text: 'Sea amable.\nLo que se dice aquí, aquí se queda.' },
      en: { version: 2, text: 'Be kind.\nWhat is said here stays here.' },
    });
    // `agreement` is the group language's text: a change is Spanish version 2; the same text again is no new version.
    const es = await api('PATCH', `/api/groups/${id}`, {
      cookie: other.cookie,
      json: { agreement: 'Sea amable.\nSea puntual.', agreements: { en: 'Be kind.\nWhat is said here stays here.' } },
    });
    expect((es.body as GroupDetail).agreements).toEqual({
      es: { version: 2, text: 'Sea amable.\nSea puntual.' },
      en: { version: 2, text: 'Be kind.\nWhat is said here stays here.' },
    });
    const bad = await api('PATCH', `/api/groups/${id}`, { cookie: other.cookie, json: { language: 'fr' } });
    expect(errorOf(bad)?.field).toBe('language');

    const added = await api('POST', `/api/groups/${id}/members`, {
      cookie: other.cookie,
      json: { displayName: 'Dana' },
    });
    const token = fragment((added.body as { url: string }).url);
    // The member's page opens in the group's language (unless the member chose one).
    expect(((await api('POST', '/api/member/page', { json: { token } })).body as MemberPage).language).toBe('es');

    const list = (await api('GET', `/api/groups/${id}/occurrences`, { cookie: other.cookie })).body as {
      occurrences: Occurrence[];
    };
    const start = await api('POST', `/api/groups/${id}/occurrences/${list.occurrences[0]?.id}/start`, {
      cookie: other.cookie,
    });
    expect(start.status).toBe(200);
    const lead2 = await circle().connect(fragment((start.body as { joinUrl: string }).joinUrl), {
      name: 'therapist',
      cookie: `circle_staff=${other.cookie}`,
    });
    const join = await api('POST', '/api/member/join', { json: { token } });
    const dana = await circle().connect(fragment((join.body as { joinUrl: string }).joinUrl), { name: 'Dana' });
    // The room offers the group's language; each language's agreement is there for the member to read.
    expect(dana.view?.language).toBe('es');
    expect(dana.view?.agreement).toEqual({
      version: 'group-es-v2',
      language: 'es',
      points: ['Sea amable.', 'Sea puntual.'],
    });
    expect(dana.view?.agreements?.en).toEqual({
      version: 'group-en-v2',
      language: 'en',
      points: ['Be kind.', 'What is said here stays here.'],
    });
    // Accepting the English version while reading Spanish is not accepting the Spanish agreement.
    await expect(
      dana.call('session:checkIn', { ...checkInFor('Dana'), agreementVersion: 'group-en-v2', language: 'es' }),
    ).rejects.toMatchObject({ code: 'AGREEMENT_REQUIRED' });
    await dana.call('session:checkIn', { ...checkInFor('Dana'), agreementVersion: 'group-es-v2', language: 'es' });
    await waitFor(
      () => lead2.view?.participants.some((p) => p.displayName === 'Dana' && p.status === 'waiting') ?? false,
      5_000,
      'Dana waiting',
    );
    const seen = (lead2.view?.participants as ParticipantDetailView[]).find((p) => p.displayName === 'Dana');
    expect(seen?.checkIn).toMatchObject({ agreementVersion: 'group-es-v2', language: 'es' });
    dana.close();
    lead2.close();
  });

  const getGroup = () => circle().circle.groups.visible({ kind: 'service' }, groupId);

  it('attendance accumulates across a leave and a rejoin (one invitation, reused), live and after the end', async () => {
    // Bots are closed after each test: the therapist comes back through the same account-bound entry.
    const entry = await api('POST', `/api/groups/${groupId}/occurrences/${occ()}/start`, { cookie: lead.cookie });
    therapist = await circle().connect(fragment((entry.body as { joinUrl: string }).joinUrl), {
      name: 'therapist',
      cookie: `circle_staff=${lead.cookie}`,
    });
    const alex = await memberIn('Alex');
    const firstUrl = (await api('POST', '/api/member/join', { json: { token: fragment(members.Alex?.url ?? '') } }))
      .body;
    clock.advance(35 * MINUTE); // start + 30
    await alex.call('room:leave', {});
    alex.close();
    clock.advance(10 * MINUTE); // start + 40
    const again = await api('POST', '/api/member/join', { json: { token: fragment(members.Alex?.url ?? '') } });
    expect(again.body).toEqual(firstUrl);
    const back = await memberIn('Alex');
    clock.advance(20 * MINUTE); // start + 60
    const live = (await api('GET', `/api/groups/${groupId}/attendance`, { cookie: lead.cookie }))
      .body as AttendanceSheet;
    const liveCell = live.cells.find((c) => c.memberId === members.Alex?.id && c.occurrenceId === occ());
    expect(liveCell?.minutes).toBe(30 + 5 + 20);
    clock.advance(30 * MINUTE); // start + 90
    await therapist.call('room:end', {});
    back.close();
    const sheet = (await api('GET', `/api/groups/${groupId}/attendance`, { cookie: sup.cookie }))
      .body as AttendanceSheet;
    const cell = (name: string) =>
      sheet.cells.find((c) => c.memberId === members[name]?.id && c.occurrenceId === occ());
    expect(cell('Alex')).toMatchObject({ status: 'attended', minutes: 35 + 50, corrected: false });
    expect(cell('Blair')).toMatchObject({ status: 'absent', minutes: 0 });
    expect(sheet.cells.filter((c) => c.occurrenceId === occ())).toHaveLength(3);
    const occList = (await api('GET', `/api/groups/${groupId}/occurrences`, { cookie: lead.cookie })).body as {
      occurrences: Occurrence[];
    };
    expect(occList.occurrences[0]).toMatchObject({ status: 'ended', hasRecord: true });
    expect(
      (await api('POST', `/api/groups/${groupId}/occurrences/${occ()}/start`, { cookie: lead.cookie })).status,
    ).toBe(410);
  });

  it('a therapist corrects attendance (audited, the computed value kept); the CSV is an attachment', async () => {
    const blair = members.Blair?.id ?? '';
    const r = await api('PUT', `/api/groups/${groupId}/attendance/${occ()}/${blair}`, {
      cookie: lead.cookie,
      json: { status: 'excused', reason: 'called the clinic' },
    });
    expect(r.body).toMatchObject({ status: 'excused', computed: 'absent', corrected: true });
    expect(
      (
        await api('PUT', `/api/groups/${groupId}/attendance/${occ()}/${blair}`, {
          cookie: sup.cookie,
          json: { status: 'attended' },
        })
      ).status,
    ).toBe(403);
    expect(
      errorOf(
        await api('PUT', `/api/groups/${groupId}/attendance/${occ()}/${blair}`, {
          cookie: lead.cookie,
          json: { status: 'here' },
        }),
      )?.field,
    ).toBe('status');
    expect(
      (
        await api('PUT', `/api/groups/${groupId}/attendance/${occurrences[4]?.id}/${blair}`, {
          cookie: lead.cookie,
          json: { status: 'attended' },
        })
      ).status,
    ).toBe(409);
    expect(await auditActions()).toContainEqual({
      actor: `staff:${lead.id}`,
      action: 'group:attendance-correct',
      target_id: `${occ()}/${blair}`,
    });
    const csv = await api('GET', `/api/groups/${groupId}/attendance.csv`, { cookie: lead.cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="?circle-group-.*\.csv/);
    expect(csv.body).toMatch(/^member,session,date,status,minutes,corrected\r\n/);
    expect(csv.body).toContain('Blair,1,');
  });

  it('progress notes: written by a therapist, read by a supervisor, every read audited; never in the logs', async () => {
    const alex = members.Alex?.id ?? '';
    const path = `/api/groups/${groupId}/notes/${occ()}/${alex}`;
    const put = await api('PUT', path, { cookie: lead.cookie, json: { text: 'Engaged well; practised the skill.' } });
    expect(put.body).toMatchObject({ text: 'Engaged well; practised the skill.' });
    expect((await api('PUT', path, { cookie: sup.cookie, json: { text: 'x' } })).status).toBe(403);
    const read = await api('GET', path, { cookie: sup.cookie });
    expect(read.body).toMatchObject({ text: 'Engaged well; practised the skill.' });
    expect((await api('GET', path, { cookie: other.cookie })).status).toBe(404);
    expect(
      (await api('GET', `/api/groups/${groupId}/notes/${occurrences[5]?.id}/${alex}`, { cookie: lead.cookie })).status,
    ).toBe(409);
    const rows = await auditActions();
    expect(rows).toContainEqual({ actor: `staff:${sup.id}`, action: 'group:note-read', target_id: `${occ()}/${alex}` });
    expect(rows).toContainEqual({
      actor: `staff:${lead.id}`,
      action: 'group:note-write',
      target_id: `${occ()}/${alex}`,
    });
    expect(JSON.stringify(rows)).not.toMatch(/Engaged|Alex/);
  });

  it('the policy flags a member after unexcused absences', async () => {
    const g = await api('PATCH', `/api/groups/${groupId}`, {
      cookie: lead.cookie,
      json: { attendancePolicy: { consecutiveUnexcused: 2, totalUnexcused: 3 } },
    });
    expect(g.status).toBe(200);
    // Session 2 passes with nobody in it: Casey absent twice in a row now; Blair excused for it.
    clock.advance(Date.parse(occurrences[1]?.endsAt ?? '') - clock.now() + MINUTE);
    await signIn(lead);
    const sheet = (await api('GET', `/api/groups/${groupId}/attendance`, { cookie: lead.cookie }))
      .body as AttendanceSheet;
    expect(sheet.flags).toEqual([{ memberId: members.Casey?.id, rule: 'consecutive', count: 2 }]);
    const blairSecond = sheet.cells.find(
      (c) => c.memberId === members.Blair?.id && c.occurrenceId === occurrences[1]?.id,
    );
    expect(blairSecond).toMatchObject({ status: 'excused', excusedByMember: true });
    const list = (await api('GET', '/api/groups', { cookie: lead.cookie })).body as GroupList;
    expect(list.groups.find((x) => x.id === groupId)?.flagged).toBe(1);
  });
});
