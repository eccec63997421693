import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage, startI18n } from '../i18n';
import { errorOf } from '@circle/shared';
import { createGroupApi } from '../net/groupApi';
import { createMemberApi } from '../net/memberApi';
import { StaffPath, type StaffAppPath, useStaffStore } from '../stores/useStaffStore';
import { createGroupActions, groupFieldText } from './groupActions';
import { createMemberActions } from './memberActions';
import { signInEnded } from './staffActions';

// Field texts come from the catalogue: the English one here (the Spanish one is checked below).
beforeAll(() => startI18n());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(answer: () => Response) {
  const sent: { url: string; body: unknown }[] = [];
  const went: { path: StaffAppPath; replace: boolean }[] = [];
  const opened: string[] = [];
  const saved: { name: string; file: Blob }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    sent.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return answer();
  };
  const nav = {
    go: (path: StaffAppPath, o?: { replace?: boolean }) => went.push({ path, replace: !!o?.replace }),
    open: (url: string) => opened.push(url),
  };
  const actions = createGroupActions({
    api: createGroupApi({ fetch }),
    nav,
    saveFile: (name, file) => saved.push({ name, file }),
  });
  const member = createMemberActions({
    api: createMemberApi({ fetch }),
    open: (url) => opened.push(url),
    saveFile: (name, file) => saved.push({ name, file }),
  });
  return { actions, member, sent, went, opened, saved };
}

const GROUP = {
  title: 'Tuesday skills',
  kind: 'closed' as const,
  sessionCount: 8,
  schedule: { weekdays: ['tue' as const], time: '18:00', timeZone: 'America/New_York', startDate: '2027-01-05' },
  durationMinutes: 90,
  maxMembers: 10,
};

beforeEach(() => useStaffStore.setState(useStaffStore.getInitialState(), true));

describe('creating a group', () => {
  it('a problem the contract sees names its field and sends nothing', async () => {
    const t = setup(() => json(201, { id: 'g1' }));
    const res = await t.actions.createGroup({ ...GROUP, schedule: { ...GROUP.schedule, weekdays: [] } });
    expect(res).toEqual({ ok: false, message: 'Choose at least one weekday.', field: 'schedule.weekdays' });
    const closed = await t.actions.createGroup({ ...GROUP, sessionCount: undefined });
    expect(closed.ok ? null : closed.field).toBe('sessionCount');
    expect(t.sent).toEqual([]);
  });

  it('the server’s 400 comes back with its field, said in this person’s words for that field', async () => {
    const t = setup(() =>
      json(400, { error: { ...errorOf('INVALID_PAYLOAD'), field: 'maxMembers', message: 'Too many.' } }),
    );
    expect(await t.actions.createGroup(GROUP)).toEqual({
      ok: false,
      message: groupFieldText('maxMembers'),
      field: 'maxMembers',
    });
  });

  it('a 401 ends the sign-in: back to the sign-in page with its notice', async () => {
    const t = setup(() => json(401, { error: errorOf('UNAUTHORIZED') }));
    const res = await t.actions.loadGroups();
    expect(res).toEqual({ ok: false, message: signInEnded() });
    expect(t.went).toEqual([{ path: StaffPath.signIn, replace: true }]);
    expect(useStaffStore.getState().notice).toBe(signInEnded());
  });
});

describe('the group page', () => {
  it('opening a group goes to /groups/<id>', () => {
    const t = setup(() => json(200, {}));
    t.actions.openGroup('g 1');
    expect(t.went).toEqual([{ path: '/groups/g%201', replace: false }]);
  });

  it('starting an occurrence takes this tab to its room', async () => {
    const t = setup(() => json(200, { joinUrl: 'https://circle.test/join#abc' }));
    expect(await t.actions.startOccurrence('g1', 'o1')).toEqual({ ok: true, data: null });
    expect(t.opened).toEqual(['https://circle.test/join#abc']);
  });

  it('a move without a readable time is refused before sending', async () => {
    const t = setup(() => json(200, {}));
    const res = await t.actions.moveOccurrence('g1', 'o1', null);
    expect(res.ok ? null : res.field).toBe('startsAt');
    expect(t.sent).toEqual([]);
  });

  it('an empty email is left out when adding a member', async () => {
    const t = setup(() => json(201, { id: 'm1', url: 'https://circle.test/g#tok' }));
    await t.actions.addGroupMember('g1', { displayName: 'Ana', email: '  ', status: 'active' });
    expect(t.sent[0]!.body).toEqual({ displayName: 'Ana', status: 'active' });
  });

  it('the attendance sheet downloads as a CSV file', async () => {
    const t = setup(() => new Response('a,b\n', { status: 200 }));
    await t.actions.downloadAttendanceCsv('g1');
    expect(t.saved.map((s) => [s.name, s.file.type])).toEqual([['circle-group-g1-attendance.csv', 'text/csv']]);
  });
});

describe('the member page', () => {
  const token = 't'.repeat(32);
  it('a revoked or replaced link is its own outcome', async () => {
    const t = setup(() => json(401, { error: errorOf('INVITE_INVALID') }));
    const res = await t.member.loadMemberPage(token);
    expect(res.ok ? null : res.linkInvalid).toBe(true);
  });

  it('the lobby not open yet is a message, not an invalid link', async () => {
    const t = setup(() => json(409, { error: errorOf('LOBBY_NOT_OPEN') }));
    const res = await t.member.joinWaitingRoom(token);
    expect(res.ok ? null : res.linkInvalid).toBe(false);
    expect(t.opened).toEqual([]);
  });

  it('"Add to calendar" saves an .ics file named after the group', async () => {
    const t = setup(() => new Response('BEGIN:VCALENDAR', { status: 200 }));
    await t.member.downloadCalendar(token, 'Tuesday skills: DBT');
    expect(t.saved.map((s) => [s.name, s.file.type])).toEqual([['Tuesday-skills-DBT.ics', 'text/calendar']]);
  });
});

describe('field texts in the person’s language', () => {
  it('a refused field is named in Spanish for a Spanish reader', async () => {
    await setLanguage('es');
    try {
      const { groupFieldText } = await import('./groupActions');
      expect(groupFieldText('schedule.weekdays')).toBe('Elija al menos un día de la semana.');
      expect(groupFieldText('agreements.es')).toBe('El acuerdo tiene como máximo 8000 caracteres.');
      expect(groupFieldText('schedule')).toBe('Revise el formulario.');
    } finally {
      await setLanguage('en');
    }
  });
});
