import { describe, expect, it } from 'vitest';
import { BotConnectError } from '@circle/testkit/bot';
import { TEST_ADMIN_TOKEN, useTestCircle } from './support/harness.js';

const circle = useTestCircle();

interface Call {
  status: number;
  body: unknown;
}

async function api(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { token?: string | null; json?: unknown; raw?: string; contentType?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TEST_ADMIN_TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.json !== undefined || options.raw !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = options.raw ?? JSON.stringify(options.json);
  }
  const res = await fetch(`${circle().url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  // JSON answers parsed; anything else (a CSV export) as its text.
  const json = (res.headers.get('content-type') ?? '').includes('application/json');
  return { status: res.status, body: text ? (json ? (JSON.parse(text) as unknown) : text) : null };
}

/** The invite token from a join URL: it travels in the fragment. */
function tokenOf(url: string): string {
  const hash = new URL(url).hash.slice(1);
  if (!hash) throw new Error(`no token in ${url}`);
  return hash;
}

async function createSession(
  body: unknown = { title: 'Thursday group' },
): Promise<{ id: string; therapistToken: string }> {
  const r = await api('POST', '/api/sessions', { json: body });
  expect(r.status).toBe(201);
  const created = r.body as { id: string; therapistUrl: string };
  return { id: created.id, therapistToken: tokenOf(created.therapistUrl) };
}

async function invite(
  sessionId: string,
  role: string,
  displayName: string,
  token: string = TEST_ADMIN_TOKEN,
): Promise<Call> {
  return api('POST', `/api/sessions/${sessionId}/invites`, { token, json: { role, displayName } });
}

describe('health', () => {
  it('GET /healthz and /readyz answer 200 while the worker runs', async () => {
    expect(await api('GET', '/healthz', { token: null })).toEqual({ status: 200, body: { ok: true } });
    expect(await api('GET', '/readyz', { token: null })).toEqual({ status: 200, body: { ok: true } });
  });
});

describe('POST /api/sessions', () => {
  it('creates a session with the admin token and returns its id and the therapist link', async () => {
    const r = await api('POST', '/api/sessions', {
      json: { title: 'Thursday group', durationMinutes: 60, maxMembers: 8, startsAt: '2026-12-01T18:00:00-05:00' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      therapistUrl: expect.stringContaining('/join#'),
    });
  });

  it.each([
    ['a too short session', { title: 'T', durationMinutes: 30 }, 'durationMinutes'],
    ['a too long session', { title: 'T', durationMinutes: 121 }, 'durationMinutes'],
    ['too many members', { title: 'T', maxMembers: 17 }, 'maxMembers'],
    ['no members', { title: 'T', maxMembers: 0 }, 'maxMembers'],
    ['a fractional member count', { title: 'T', maxMembers: 2.5 }, 'maxMembers'],
    ['a missing title', { maxMembers: 4 }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['an oversize title', { title: 'x'.repeat(121) }, 'title'],
    ['a title of the wrong type', { title: ['T'] }, 'title'],
    ['a bad start time', { title: 'T', startsAt: 'next tuesday' }, 'startsAt'],
    ['an extra key', { title: 'T', owner: 'me' }, 'owner'],
    ['an array body', ['T'], '(root)'],
  ])('refuses %s with 400 INVALID_PAYLOAD naming the field', async (_what, body, field) => {
    const r = await api('POST', '/api/sessions', { json: body });
    expect(r).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_PAYLOAD', message: expect.any(String), field } },
    });
  });

  it('refuses broken JSON with 400, a body over 16 KB with 413, and anything but JSON with 415', async () => {
    const notJson = await api('POST', '/api/sessions', { raw: '{"title": "T",' });
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'INVALID_PAYLOAD' } } });
    const huge = await api('POST', '/api/sessions', {
      raw: JSON.stringify({ title: 'T', pad: 'x'.repeat(17 * 1024) }),
    });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    const plain = await api('POST', '/api/sessions', { raw: 'title=T', contentType: 'text/plain' });
    expect(plain).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
  });

  it('refuses callers without the admin token with 401, and a therapist with 403', async () => {
    expect(await api('POST', '/api/sessions', { token: null, json: { title: 'T' } })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED' } },
    });
    expect(await api('POST', '/api/sessions', { token: 'wrong-token', json: { title: 'T' } })).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED' } },
    });
    expect(await api('POST', '/api/sessions', { token: `${TEST_ADMIN_TOKEN}x`, json: { title: 'T' } })).toMatchObject({
      status: 401,
    });
    const { therapistToken } = await createSession();
    expect(await api('POST', '/api/sessions', { token: therapistToken, json: { title: 'T' } })).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
  });
});

describe('invites', () => {
  it('the admin and the session’s therapist can invite; a member cannot', async () => {
    const { id, therapistToken } = await createSession();
    const byAdmin = await invite(id, 'member', 'Alex');
    expect(byAdmin).toMatchObject({ status: 201, body: { role: 'member', url: expect.stringContaining('/join#') } });
    const byTherapist = await invite(id, 'supervisor', 'Dr. Okafor', therapistToken);
    expect(byTherapist).toMatchObject({
      status: 201,
      body: { role: 'supervisor', url: expect.stringContaining('/join#') },
    });

    const memberToken = tokenOf((byAdmin.body as { url: string }).url);
    expect(await invite(id, 'member', 'Sam', memberToken)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    const supervisorToken = tokenOf((byTherapist.body as { url: string }).url);
    expect(await invite(id, 'member', 'Sam', supervisorToken)).toMatchObject({ status: 403 });
  });

  it('a therapist of one session cannot invite into another', async () => {
    const first = await createSession();
    const second = await createSession();
    expect(await invite(second.id, 'member', 'Alex', first.therapistToken)).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
  });

  it('an unknown session is 404', async () => {
    expect(await invite('no-such-session', 'member', 'Alex')).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    expect(await api('GET', '/api/sessions/no-such-session')).toMatchObject({ status: 404 });
    expect(await api('GET', '/api/sessions/%2E%2E%2Fetc')).toMatchObject({ status: 404 });
  });

  it('a display name already used in the session is 409 NAME_TAKEN, whatever its case', async () => {
    const { id } = await createSession();
    expect(await invite(id, 'member', 'Alex')).toMatchObject({ status: 201 });
    expect(await invite(id, 'member', 'alex')).toEqual({
      status: 409,
      body: { error: { code: 'NAME_TAKEN', message: expect.any(String), field: 'displayName' } },
    });
  });

  it('refuses bad invite bodies with 400 naming the field', async () => {
    const { id } = await createSession();
    expect(await invite(id, 'admin', 'Alex')).toMatchObject({ status: 400, body: { error: { field: 'role' } } });
    expect(await invite(id, 'member', 'x'.repeat(41))).toMatchObject({
      status: 400,
      body: { error: { field: 'displayName' } },
    });
    expect(await invite(id, 'member', 'Al\u0000ex')).toMatchObject({
      status: 400,
      body: { error: { field: 'displayName' } },
    });
  });
});

describe('GET /api/sessions/:id', () => {
  it('shows the session and roster to the admin, the therapist and a supervisor, not to a member', async () => {
    const { id, therapistToken } = await createSession({ title: 'Friday group', maxMembers: 6 });
    const member = await invite(id, 'member', 'Alex');
    const supervisor = await invite(id, 'supervisor', 'Dr. Okafor');
    const memberToken = tokenOf((member.body as { url: string }).url);
    const supervisorToken = tokenOf((supervisor.body as { url: string }).url);
    // Alex connects, so the roster has someone in it.
    const alex = await circle().connect(memberToken, { name: 'Alex' });

    for (const token of [TEST_ADMIN_TOKEN, therapistToken, supervisorToken]) {
      const r = await api('GET', `/api/sessions/${id}`, { token });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id, title: 'Friday group', maxMembers: 6, status: 'open' });
      const body = r.body as { roster: { id: string; displayName: string; status: string }[]; invites: unknown[] };
      expect(body.invites).toHaveLength(3);
      expect(body.roster).toContainEqual(
        expect.objectContaining({ id: alex.participantId, displayName: 'Alex', status: 'arriving', connected: true }),
      );
    }
    expect(await api('GET', `/api/sessions/${id}`, { token: memberToken })).toMatchObject({
      status: 403,
      body: { error: { code: 'FORBIDDEN' } },
    });
    expect(await api('GET', `/api/sessions/${id}`, { token: null })).toMatchObject({ status: 401 });
  });
});

describe('DELETE /api/sessions/:id/invites/:inviteId', () => {
  it('revokes an invite (204); the link no longer connects and no longer authorises', async () => {
    const { id, therapistToken } = await createSession();
    const member = await invite(id, 'member', 'Alex');
    const { id: inviteId, url } = member.body as { id: string; url: string };
    const token = tokenOf(url);

    expect(await api('DELETE', `/api/sessions/${id}/invites/${inviteId}`, { token: therapistToken })).toEqual({
      status: 204,
      body: null,
    });
    const refused = await circle()
      .tryConnect(token)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BotConnectError);
    expect(refused).toMatchObject({ code: 'INVITE_INVALID' });
    expect(await api('DELETE', `/api/sessions/${id}/invites/no-such-invite`)).toMatchObject({ status: 404 });
    // The name is free again.
    expect(await invite(id, 'member', 'Alex')).toMatchObject({ status: 201 });
  });

  it('removes a connected member from the room', async () => {
    const { id } = await createSession();
    const member = await invite(id, 'member', 'Alex');
    const { id: inviteId, url } = member.body as { id: string; url: string };
    const alex = await circle().connect(tokenOf(url), { name: 'Alex' });
    expect(await api('DELETE', `/api/sessions/${id}/invites/${inviteId}`)).toMatchObject({ status: 204 });
    expect(await alex.nextEvent('session:ended')).toEqual({ reason: 'removed' });
    await alex.disconnected();
  });

  it('a therapist cannot revoke their own invite, and a member cannot revoke any', async () => {
    const { id, therapistToken } = await createSession();
    const api1 = await api('GET', `/api/sessions/${id}`);
    const therapistInvite = (api1.body as { invites: { id: string; role: string }[] }).invites.find(
      (i) => i.role === 'therapist',
    );
    if (!therapistInvite) throw new Error('no therapist invite');
    expect(
      await api('DELETE', `/api/sessions/${id}/invites/${therapistInvite.id}`, { token: therapistToken }),
    ).toMatchObject({
      status: 403,
    });
    const a = await invite(id, 'member', 'Alex');
    const b = await invite(id, 'member', 'Sam');
    const aToken = tokenOf((a.body as { url: string }).url);
    const bId = (b.body as { id: string }).id;
    expect(await api('DELETE', `/api/sessions/${id}/invites/${bId}`, { token: aToken })).toMatchObject({ status: 403 });
  });
});

describe('hostile requests change nothing', () => {
  /** The session as the admin sees it, to compare before and after. */
  const snapshot = async (id: string) => {
    const r = await api('GET', `/api/sessions/${id}`);
    expect(r.status).toBe(200);
    return r.body;
  };

  it('ids that are names every object has are refused as ids, and the session stays whole', async () => {
    const { id } = await createSession();
    await invite(id, 'member', 'Alex');
    const before = await snapshot(id);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(await api('DELETE', `/api/sessions/${id}/invites/${name}`)).toMatchObject({
        status: 400,
        body: { error: { code: 'INVALID_PAYLOAD', field: 'inviteId' } },
      });
      // As a session id, they name no session.
      expect(await api('GET', `/api/sessions/${name}`)).toMatchObject({ status: 404 });
      expect(
        await api('POST', `/api/sessions/${name}/invites`, { json: { role: 'member', displayName: 'X' } }),
      ).toMatchObject({ status: 404 });
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('path parameters that are not ids, or not valid percent-encoding, are 400 or 404, never 500', async () => {
    const { id } = await createSession();
    const before = await snapshot(id);
    for (const bad of ['%E0%A4%A', '%', 'a%00b', '..%2F..%2Fetc', 'x'.repeat(300), '%F0%9F%98%80']) {
      const r = await api('DELETE', `/api/sessions/${id}/invites/${bad}`);
      expect({ bad, status: r.status }).toEqual({ bad, status: 400 });
      const s = await api('GET', `/api/sessions/${bad}`);
      expect([400, 404]).toContain(s.status);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('a JSON body in another charset is 415; other content types are 415; the session is unchanged', async () => {
    const { id } = await createSession();
    const before = await snapshot(id);
    const body = JSON.stringify({ role: 'member', displayName: 'Alex' });
    for (const contentType of [
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset=x-unknown',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await api('POST', `/api/sessions/${id}/invites`, { raw: body, contentType });
      expect({ contentType, r }).toMatchObject({
        contentType,
        r: { status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } },
      });
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('the record accepts json or csv as its format, and refuses anything else with 400', async () => {
    const { id } = await createSession();
    const csv = await fetch(`${circle().url}/api/sessions/${id}/record?format=csv`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await api('GET', `/api/sessions/${id}/record?format=xml`)).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_PAYLOAD', field: 'format' } },
    });
    expect((await api('GET', `/api/sessions/${id}/record?format=csv&format=json`)).status).toBe(400);
  });
});

describe('the audit log', () => {
  it('records who created, viewed, invited, revoked and exported, with ids only, before answering', async () => {
    const { id, therapistToken } = await createSession({ title: 'Audited group' });
    const inv = await invite(id, 'member', 'Rosa Díaz');
    const inviteId = (inv.body as { id: string }).id;
    expect((await api('GET', `/api/sessions/${id}`, { token: therapistToken })).status).toBe(200);
    expect((await api('DELETE', `/api/sessions/${id}/invites/${inviteId}`)).status).toBe(204);
    expect((await api('GET', `/api/sessions/${id}/record`, { token: therapistToken })).status).toBe(200);
    const room = await circle().circle.sessions.get(id);
    const therapistId = Object.values(room!.snapshot.invites).find((i) => i.role === 'therapist')!.id;
    const rows = await circle().circle.db.query<{ actor: string; action: string; target_id: string | null }>(
      'select actor, action, target_id from audit_log where session_id = $1 order by id',
      [id],
    );
    expect(rows).toEqual([
      { actor: 'admin', action: 'session:create', target_id: null },
      { actor: 'admin', action: 'invite:create', target_id: inviteId },
      { actor: `participant:${therapistId}`, action: 'session:view', target_id: null },
      { actor: 'admin', action: 'invite:revoke', target_id: inviteId },
      { actor: `participant:${therapistId}`, action: 'record:export', target_id: null },
    ]);
    // Ids and actions only: no name, title or text anywhere in the log.
    const all = JSON.stringify(await circle().circle.db.query('select * from audit_log'));
    expect(all).not.toContain('Rosa');
    expect(all).not.toContain('Audited group');
  });
});
