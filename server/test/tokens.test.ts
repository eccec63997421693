/**
 * API tokens against the real server and PGlite: made by an owner or admin and shown once (only the
 * sha256 stored), each admin API route checks its scope (403 without it), a revoked token is refused
 * at once (401), the last-used time is written at most once a minute, and ADMIN_TOKEN still works.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../src/app/clock.js';
import { TEST_ADMIN_TOKEN, useTestCircle } from './support/harness.js';

/** A clock that can be moved forward (the room's timers stay real). */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { ...systemClock, now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

const clock = movableClock();
const circle = useTestCircle({ overrides: { clock } });

interface Answer {
  status: number;
  body: unknown;
  text: string;
  /** The `circle_staff` cookie this answer set, if any. */
  cookie: string | undefined;
}

async function api(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  o: { json?: unknown; cookie?: string; token?: string; origin?: string } = {},
): Promise<Answer> {
  const t = circle();
  const headers: Record<string, string> = { origin: o.origin ?? t.url };
  if (o.cookie) headers.cookie = `circle_staff=${o.cookie}`;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  const res = await fetch(`${t.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const json = text && (res.headers.get('content-type') ?? '').includes('json');
  const cookie = /circle_staff=([^;]*)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  return { status: res.status, body: json ? (JSON.parse(text) as unknown) : text, text, cookie };
}

interface Listed {
  id: string;
  name: string;
  scopes: string[];
  created: string;
  createdBy: string;
  createdByName: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const fragment = (url: string) => new URL(url).hash.slice(1);
let ownerCookie = '';
let ownerId = '';
let therapistCookie = '';
let sessionId = '';

async function newToken(name: string, scopes: string[], cookie = ownerCookie): Promise<{ id: string; token: string }> {
  const r = await api('POST', '/api/tokens', { cookie, json: { name, scopes } });
  expect(r.status).toBe(201);
  return r.body as { id: string; token: string };
}

async function listed(id: string): Promise<Listed | undefined> {
  const r = await api('GET', '/api/tokens', { cookie: ownerCookie });
  expect(r.status).toBe(200);
  return (r.body as { tokens: Listed[] }).tokens.find((t) => t.id === id);
}

beforeAll(async () => {
  const link = await circle().circle.staff.setupLink();
  const setup = await api('POST', '/api/setup', {
    json: {
      token: fragment(link?.url ?? ''),
      name: 'Morgan Lee',
      email: 'owner@clinic.example',
      password: 'violet-harbor-lantern-42',
    },
  });
  expect(setup.status).toBe(201);
  ownerCookie = setup.cookie ?? '';
  ownerId = (setup.body as { id: string }).id;
  const added = await api('POST', '/api/staff', {
    cookie: ownerCookie,
    json: { name: 'Dr. Rivera', email: 'rivera@clinic.example', role: 'therapist' },
  });
  const set = await api('POST', '/api/auth/password', {
    json: {
      token: fragment((added.body as { setPasswordUrl: string }).setPasswordUrl),
      password: 'quiet-meadow-copper-77',
    },
  });
  therapistCookie = set.cookie ?? '';
  expect(therapistCookie).not.toBe('');
  sessionId = (await circle().createSession()).id;
});

describe('creating and listing', () => {
  it('shows the token once, stores only its sha256, and never lists it', async () => {
    const { id, token } = await newToken('Scheduling system', ['sessions:write']);
    expect(token).toMatch(/^circle_pat_[\w-]{43}$/);
    const rows = await circle().circle.db.query<Record<string, unknown>>('select * from api_tokens where id = $1', [
      id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    const list = await api('GET', '/api/tokens', { cookie: ownerCookie });
    expect(list.text).not.toContain(token);
    expect(await listed(id)).toEqual({
      id,
      name: 'Scheduling system',
      scopes: ['sessions:write'],
      created: expect.any(String) as string,
      createdBy: `staff:${ownerId}`,
      createdByName: 'Morgan Lee',
      lastUsedAt: null,
      revokedAt: null,
    });
  });

  it.each([
    ['an unknown scope', { name: 'x', scopes: ['sessions:delete'] }, 'scopes'],
    ['no scope', { name: 'x', scopes: [] }, 'scopes'],
    ['a scope twice', { name: 'x', scopes: ['audit:read', 'audit:read'] }, 'scopes'],
    ['no name', { name: ' ', scopes: ['audit:read'] }, 'name'],
    ['an extra key', { name: 'x', scopes: ['audit:read'], token: 'mine' }, 'token'],
  ])('refuses %s (400 naming the field)', async (_what, json, field) => {
    const r = await api('POST', '/api/tokens', { cookie: ownerCookie, json });
    expect(r.status).toBe(400);
    expect((r.body as { error: { field?: string } }).error.field?.split('.')[0]).toBe(field);
  });

  it('only an owner or admin (or ADMIN_TOKEN) manages tokens; an API token never does', async () => {
    expect((await api('GET', '/api/tokens')).status).toBe(401);
    expect((await api('GET', '/api/tokens', { cookie: therapistCookie })).status).toBe(403);
    const body = { name: 'x', scopes: ['audit:read'] };
    expect((await api('POST', '/api/tokens', { cookie: therapistCookie, json: body })).status).toBe(403);
    const all = await newToken('Everything', ['sessions:write', 'sessions:read', 'records:read', 'audit:read']);
    expect((await api('GET', '/api/tokens', { token: all.token })).status).toBe(403);
    expect((await api('POST', '/api/tokens', { token: all.token, json: body })).status).toBe(403);
    expect((await api('DELETE', `/api/tokens/${all.id}`, { token: all.token })).status).toBe(403);
    // The cookie from another origin: refused (CSRF).
    const cross = await api('POST', '/api/tokens', { cookie: ownerCookie, json: body, origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const byAdmin = await api('POST', '/api/tokens', { token: TEST_ADMIN_TOKEN, json: body });
    expect(byAdmin.status).toBe(201);
    const made = await listed((byAdmin.body as { id: string }).id);
    expect(made).toMatchObject({ createdBy: 'admin', createdByName: null });
  });
});

describe('scopes on the admin API', () => {
  it('sessions:write creates sessions, invites and revokes, and nothing else', async () => {
    const { id, token } = await newToken('Scheduler', ['sessions:write']);
    const created = await api('POST', '/api/sessions', { token, json: { title: 'Thursday group' } });
    expect(created.status).toBe(201);
    const newId = (created.body as { id: string }).id;
    const invite = await api('POST', `/api/sessions/${newId}/invites`, {
      token,
      json: { role: 'member', displayName: 'Sam' },
    });
    expect(invite.status).toBe(201);
    const inviteId = (invite.body as { id: string }).id;
    expect((await api('DELETE', `/api/sessions/${newId}/invites/${inviteId}`, { token })).status).toBe(204);
    expect((await api('GET', `/api/sessions/${newId}`, { token })).status).toBe(403);
    expect((await api('GET', `/api/sessions/${newId}/record`, { token })).status).toBe(403);
    expect((await api('GET', '/api/audit', { token })).status).toBe(403);
    // Its calls are in the audit log as `token:<id>` (ids only).
    const audit = await api('GET', `/api/audit?actor=token:${id}`, { cookie: ownerCookie });
    const actions = (audit.body as { entries: { action: string; sessionId: string | null; targetId: string | null }[] })
      .entries;
    expect(actions.map((e) => e.action)).toEqual(['invite:revoke', 'invite:create', 'session:create']);
    expect(actions[0]).toMatchObject({ sessionId: newId, targetId: inviteId });
  });

  it.each([
    ['sessions:read', 'the session', (): string => `/api/sessions/${sessionId}`],
    ['records:read', 'its record', (): string => `/api/sessions/${sessionId}/record`],
    ['audit:read', 'the audit log', (): string => '/api/audit'],
  ] as const)('%s reads %s; a token without it gets 403', async (scope, _what, path) => {
    const withIt = await newToken(`with ${scope}`, [scope]);
    const other = scope === 'audit:read' ? 'sessions:read' : 'audit:read';
    const without = await newToken(`without ${scope}`, [other, 'sessions:write']);
    expect((await api('GET', path(), { token: withIt.token })).status).toBe(200);
    expect((await api('GET', path(), { token: without.token })).status).toBe(403);
    expect((await api('POST', '/api/sessions', { token: withIt.token, json: { title: 'No' } })).status).toBe(403);
  });

  it('an unknown token with the prefix is 401, as is a malformed one', async () => {
    expect((await api('GET', `/api/sessions/${sessionId}`, { token: `circle_pat_${'A'.repeat(43)}` })).status).toBe(
      401,
    );
    expect((await api('GET', '/api/audit', { token: 'circle_pat_' })).status).toBe(401);
  });
});

describe('last used, revoked', () => {
  it('writes the last-used time at most once a minute', async () => {
    const { id, token } = await newToken('Reader', ['sessions:read']);
    expect((await listed(id))?.lastUsedAt).toBeNull();
    expect((await api('GET', `/api/sessions/${sessionId}`, { token })).status).toBe(200);
    const first = (await listed(id))?.lastUsedAt;
    expect(first).not.toBeNull();
    clock.advance(30_000);
    await api('GET', `/api/sessions/${sessionId}`, { token });
    expect((await listed(id))?.lastUsedAt).toBe(first);
    clock.advance(31_000);
    await api('GET', `/api/sessions/${sessionId}`, { token });
    const later = (await listed(id))?.lastUsedAt ?? '';
    expect(Date.parse(later) - Date.parse(first ?? '')).toBeGreaterThanOrEqual(60_000);
  });

  it('a revoked token is refused at once (401), listed as revoked, and both are audited', async () => {
    const { id, token } = await newToken('Old integration', ['sessions:read']);
    expect((await api('GET', `/api/sessions/${sessionId}`, { token })).status).toBe(200);
    expect((await api('DELETE', `/api/tokens/${id}`, { cookie: ownerCookie })).status).toBe(204);
    expect((await api('GET', `/api/sessions/${sessionId}`, { token })).status).toBe(401);
    expect((await listed(id))?.revokedAt).not.toBeNull();
    expect((await api('DELETE', '/api/tokens/no-such-token', { cookie: ownerCookie })).status).toBe(404);
    const audit = await api('GET', `/api/audit?actor=staff:${ownerId}`, { cookie: ownerCookie });
    const entries = (audit.body as { entries: { action: string; targetId: string | null }[] }).entries;
    expect(entries.filter((e) => e.targetId === id).map((e) => e.action)).toEqual(['token:revoke', 'token:create']);
  });
});

describe('ADMIN_TOKEN: the bootstrap token, unchanged', () => {
  it('makes every admin API call as before, and reads the audit log', async () => {
    const token = TEST_ADMIN_TOKEN;
    const created = await api('POST', '/api/sessions', { token, json: { title: 'Admin group' } });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await api('GET', `/api/sessions/${id}`, { token })).status).toBe(200);
    expect((await api('GET', `/api/sessions/${id}/record`, { token })).status).toBe(200);
    const invite = await api('POST', `/api/sessions/${id}/invites`, {
      token,
      json: { role: 'member', displayName: 'A' },
    });
    expect(invite.status).toBe(201);
    expect((await api('GET', '/api/audit', { token })).status).toBe(200);
    expect((await api('GET', '/api/audit', { token: 'wrong' })).status).toBe(401);
  });
});
