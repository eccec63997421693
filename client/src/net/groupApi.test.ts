import { describe, expect, it } from 'vitest';
import { errorOf } from '@circle/shared';
import { createGroupApi } from './groupApi';
import { createMemberApi } from './memberApi';

interface Call {
  url: string;
  init: RequestInit;
}

function recorder(answer: () => Response) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  };
  return { calls, fetch };
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const OCC = {
  id: 'o/1',
  index: 1,
  startsAt: '2027-01-05T23:00:00.000Z',
  endsAt: '2027-01-06T00:30:00.000Z',
  plannedStartsAt: '2027-01-05T23:00:00.000Z',
  moved: false,
  status: 'scheduled',
  sessionId: null,
  hasRecord: false,
};

describe('the groups HTTP API', () => {
  it('each route of the contract, with its method and the ids escaped', async () => {
    const r = recorder(() => json(200, OCC));
    const api = createGroupApi(r);
    await api.moveOccurrence('g 1', 'o/1', '2027-01-06T23:00:00.000Z');
    await api.cancelOccurrence('g1', 'o1');
    await api.restoreOccurrence('g1', 'o1');
    expect(r.calls.map((c) => [c.init.method, c.url, c.init.body ?? null])).toEqual([
      ['POST', '/api/groups/g%201/occurrences/o%2F1/move', JSON.stringify({ startsAt: '2027-01-06T23:00:00.000Z' })],
      ['POST', '/api/groups/g1/occurrences/o1/cancel', '{}'],
      ['POST', '/api/groups/g1/occurrences/o1/restore', null],
    ]);
    expect(r.calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });

  it('links: read with GET, replaced with POST, revoked with DELETE (204)', async () => {
    const r = recorder(() => json(200, { url: 'https://circle.test/g#tok' }));
    const api = createGroupApi(r);
    expect(await api.memberLink('g1', 'm1')).toEqual({ ok: true, data: { url: 'https://circle.test/g#tok' } });
    await api.newMemberLink('g1', 'm1');
    const gone = createGroupApi(recorder(() => new Response(null, { status: 204 })));
    expect(await gone.revokeMemberLink('g1', 'm1')).toEqual({ ok: true, data: null });
    expect(r.calls.map((c) => [c.init.method, c.url])).toEqual([
      ['GET', '/api/groups/g1/members/m1/link'],
      ['POST', '/api/groups/g1/members/m1/link'],
    ]);
  });

  it('the attendance CSV comes back as text; notes go to /notes/:occ/:mid', async () => {
    const r = recorder(
      () => new Response('member,session\n', { status: 200, headers: { 'content-type': 'text/csv' } }),
    );
    const api = createGroupApi(r);
    expect(await api.attendanceCsv('g1')).toEqual({ ok: true, data: 'member,session\n' });
    const n = recorder(() => json(200, { text: 'ok', updatedAt: null }));
    await createGroupApi(n).saveNote('g1', 'o1', 'm1', 'ok');
    expect([r.calls[0]!.url, n.calls[0]!.init.method, n.calls[0]!.url]).toEqual([
      '/api/groups/g1/attendance.csv',
      'PUT',
      '/api/groups/g1/notes/o1/m1',
    ]);
  });

  it('an answer that breaks the contract is INTERNAL; a 400 keeps the field', async () => {
    const bad = createGroupApi(recorder(() => json(200, { groups: [{ id: 1 }] })));
    const res = await bad.groups();
    expect(res.ok ? null : res.error.code).toBe('INTERNAL');
    const field = { ...errorOf('INVALID_PAYLOAD'), field: 'schedule.timeZone' };
    const refused = createGroupApi(recorder(() => json(400, { error: field })));
    const r2 = await refused.createGroup({
      title: 'x',
      kind: 'open',
      schedule: { weekdays: ['tue'], time: '18:00', timeZone: 'Mars/Base', startDate: '2027-01-05' },
      durationMinutes: 90,
    });
    expect(r2.ok ? null : [r2.status, r2.error.field]).toEqual([400, 'schedule.timeZone']);
  });
});

describe('the member page API', () => {
  it('the token travels in the body, never in the URL', async () => {
    const r = recorder(() => new Response('BEGIN:VCALENDAR', { status: 200 }));
    const api = createMemberApi(r);
    const token = 't'.repeat(32);
    expect(await api.calendar(token)).toEqual({ ok: true, data: 'BEGIN:VCALENDAR' });
    await api.join(token);
    await api.cantMakeIt(token, 'o1');
    expect(r.calls.map((c) => c.url)).toEqual(['/api/member/calendar', '/api/member/join', '/api/member/cant-make-it']);
    expect(r.calls.some((c) => c.url.includes(token))).toBe(false);
    expect(r.calls[2]!.init.body).toBe(JSON.stringify({ token, occurrenceId: 'o1' }));
  });
});
