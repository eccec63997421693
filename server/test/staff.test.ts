/**
 * Staff accounts against the real server and PGlite: setup, passwords, sign-in with lockout, the
 * cookie (flags, rotation, timeouts), CSRF, the admin's staff list, the therapist's own sessions and
 * entering one (an account-bound invitation that needs the same browser's session), the audit log.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnectError } from '@circle/testkit/bot';
import { systemClock, type Clock } from '../src/app/clock.js';
import { DEFAULT_SOCKET_OPTIONS } from '../src/adapters/socket/socketServer.js';
import {
  TEST_ADMIN_TOKEN,
  type TestCircle,
  checkInFor,
  startTestCircle,
  useTestCircle,
  waitFor,
  waitForAsync,
} from './support/harness.js';

const circle = useTestCircle();

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
  /** The `circle_staff` cookie set by this answer ('' when cleared), or undefined. */
  cookie: string | undefined;
  setCookie: string[];
}

interface Options {
  json?: unknown;
  cookie?: string;
  /** Defaults to Circle's own origin; null: no Origin header. */
  origin?: string | null;
  referer?: string;
  token?: string;
  /** The client's address (X-Forwarded-For from the loopback proxy TRUST_PROXY trusts). */
  ip?: string;
}

async function call(t: TestCircle, method: 'GET' | 'POST' | 'DELETE', path: string, o: Options = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'x-forwarded-for': o.ip ?? '192.0.2.1' };
  if (o.origin !== null) headers.origin = o.origin ?? t.url;
  if (o.referer) headers.referer = o.referer;
  if (o.cookie) headers.cookie = `circle_staff=${o.cookie}`;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  const res = await fetch(`${t.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const setCookie = res.headers.getSetCookie();
  const staff = setCookie.find((c) => c.startsWith('circle_staff='));
  return {
    status: res.status,
    body: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : text,
    headers: res.headers,
    cookie: staff === undefined ? undefined : (/^circle_staff=([^;]*)/.exec(staff)?.[1] ?? ''),
    setCookie,
  };
}

const api = (method: 'GET' | 'POST' | 'DELETE', path: string, o: Options = {}) => call(circle(), method, path, o);
const fragment = (url: string) => new URL(url).hash.slice(1);
const errorCode = (a: Answer) => (a.body as { error?: { code?: string; field?: string } }).error;

const OWNER = { name: 'Morgan Lee', email: 'Owner@Clinic.example', password: 'violet-harbor-lantern-42' };
let ownerCookie = '';
let nextIp = 10;
/** A fresh client address: lockout per address does not spill from one test into another. */
const freshIp = () => `198.51.100.${nextIp++}`;

/** Add a staff account as the owner and set its password from the link: its id and cookie. */
async function addStaff(
  role: 'admin' | 'therapist' | 'supervisor',
  name: string,
  email: string,
  password = 'quiet-meadow-copper-77',
): Promise<{ id: string; cookie: string; password: string; email: string }> {
  const added = await api('POST', '/api/staff', { cookie: ownerCookie, json: { name, email, role } });
  expect(added.status).toBe(201);
  const link = added.body as { id: string; setPasswordUrl: string; expiresAt: string };
  const set = await api('POST', '/api/auth/password', { json: { token: fragment(link.setPasswordUrl), password } });
  expect(set.status).toBe(200);
  return { id: link.id, cookie: set.cookie ?? '', password, email };
}

async function login(email: string, password: string, o: Options = {}): Promise<Answer> {
  return api('POST', '/api/auth/login', { ip: freshIp(), ...o, json: { email, password } });
}

beforeAll(async () => {
  const link = await circle().circle.staff.setupLink();
  expect(link?.url).toMatch(/\/setup#/);
  const r = await api('POST', '/api/setup', { json: { token: fragment(link?.url ?? ''), ...OWNER } });
  expect(r.status).toBe(201);
  ownerCookie = r.cookie ?? '';
});

describe('first start: the owner from the one-time setup link', () => {
  it('creates the owner once; the link does not work twice and no new link is made', async () => {
    expect(await circle().circle.staff.setupLink()).toBeUndefined();
    const me = await api('GET', '/api/me', { cookie: ownerCookie });
    expect(me).toMatchObject({ status: 200, body: { name: OWNER.name, email: 'owner@clinic.example', role: 'owner' } });
    const again = await api('POST', '/api/setup', {
      json: { token: 'x'.repeat(43), name: 'Eve', email: 'eve@x.example', password: 'violet-harbor-lantern-43' },
    });
    expect(again.status).toBe(401);
  });

  it('stores only hashes: scrypt for the password, sha256 for the cookie and the one-time tokens', async () => {
    const db = circle().circle.db;
    const [account] = await db.query<{ password_hash: string }>(
      `select password_hash from staff_accounts where role = 'owner'`,
    );
    expect(account?.password_hash).toMatch(/^scrypt\$1\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(account?.password_hash).not.toContain(OWNER.password);
    const sessions = await db.query<{ id: string }>('select id from staff_sessions');
    const hashed = createHash('sha256').update(ownerCookie).digest('hex');
    expect(sessions.map((s) => s.id)).toContain(hashed);
    expect(sessions.map((s) => s.id)).not.toContain(ownerCookie);
    const tokens = await db.query<{ token_hash: string }>('select token_hash from staff_tokens');
    for (const t of tokens) expect(t.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sets the cookie httpOnly, SameSite=Lax, Path=/, not Secure over http, with the absolute lifetime', async () => {
    const r = await login(OWNER.email, OWNER.password);
    expect(r.status).toBe(200);
    const cookie = r.setCookie.find((c) => c.startsWith('circle_staff=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).toMatch(/Max-Age=43200/);
  });
});

describe('the demo therapist (DEMO_SESSION)', () => {
  it('signs in with the password made for this run; the next run makes a new one', async () => {
    const email = 'demo-therapist@circle.local';
    const first = await circle().circle.staff.demoTherapist(email, 'Dr. Rivera');
    expect((await login(email, first.password)).status).toBe(200);
    const second = await circle().circle.staff.demoTherapist(email, 'Dr. Rivera');
    expect(second.account.id).toBe(first.account.id);
    expect((await login(email, first.password)).status).toBe(401);
    expect((await login(email, second.password)).body).toMatchObject({ role: 'therapist' });
  });
});

describe('passwords', () => {
  it('refuses short, common and personal passwords; the link keeps working until a good one is set', async () => {
    const added = await api('POST', '/api/staff', {
      cookie: ownerCookie,
      json: { name: 'Dana Rivera', email: 'dana.rivera@clinic.example', role: 'therapist' },
    });
    expect(added.status).toBe(201);
    const token = fragment((added.body as { setPasswordUrl: string }).setPasswordUrl);
    for (const password of [
      'short-pw',
      'password1234',
      'Sunshine2024!!',
      'aaaaaaaaaaaaaaaa',
      'I am Dana Rivera!',
      'rivera-1234-abcd',
    ]) {
      const r = await api('POST', '/api/auth/password', { json: { token, password } });
      expect(r.status, password).toBe(400);
      expect(errorCode(r)).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'password' });
    }
    const ok = await api('POST', '/api/auth/password', { json: { token, password: 'amber-window-falcon-19' } });
    expect(ok).toMatchObject({ status: 200, body: { role: 'therapist', name: 'Dana Rivera' } });
    expect(ok.cookie).toBeTruthy();
    // One time only.
    expect(
      (await api('POST', '/api/auth/password', { json: { token, password: 'amber-window-falcon-20' } })).status,
    ).toBe(401);
  });
});

describe('sign-in', () => {
  it('answers 401 alike for a wrong password and an unknown email; 200 and a new cookie on success', async () => {
    const t = await addStaff('therapist', 'Sam Okafor', 'sam@clinic.example');
    const wrong = await login(t.email, 'not-the-password-at-all');
    const unknown = await login('nobody@clinic.example', 'not-the-password-at-all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    const ok = await login('SAM@clinic.example', t.password, { totp: undefined } as Options);
    expect(ok).toMatchObject({ status: 200, body: { id: t.id, role: 'therapist' } });
    expect(ok.cookie).toBeTruthy();
    expect(ok.cookie).not.toBe(t.cookie);
  });

  it('rotates the session: the cookie the browser had before signing in stops working', async () => {
    const t = await addStaff('therapist', 'Ren Ito', 'ren@clinic.example');
    const ok = await login(t.email, t.password, { cookie: t.cookie });
    expect(ok.status).toBe(200);
    expect((await api('GET', '/api/me', { cookie: t.cookie })).status).toBe(401);
    expect((await api('GET', '/api/me', { cookie: ok.cookie ?? '' })).status).toBe(200);
  });

  it('locks an account after 5 failures (429 with Retry-After), even with the right password; the lock grows', async () => {
    const t = await addStaff('therapist', 'Kim Park', 'kim@clinic.example');
    for (let i = 0; i < 5; i++) expect((await login(t.email, `wrong-password-${i}`)).status).toBe(401);
    const locked = await login(t.email, t.password);
    expect(locked.status).toBe(429);
    expect(errorCode(locked)).toMatchObject({ code: 'RATE_LIMITED' });
    const retry = Number(locked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(50);
    expect(retry).toBeLessThanOrEqual(60);
    // Failed attempts are in the audit log under the account's id only.
    const rows = await circle().circle.db.query<{ actor: string; target_id: string }>(
      `select actor, target_id from audit_log where action = 'staff:login-failed' and target_id = $1`,
      [t.id],
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows[0]).toEqual({ actor: `staff:${t.id}`, target_id: t.id });
    // The lock ends; the next failure locks for twice as long.
    await circle().circle.db.query(
      `update staff_accounts set locked_until = now() - interval '1 second' where id = $1`,
      [t.id],
    );
    expect((await login(t.email, 'wrong-again-password')).status).toBe(401);
    const longer = await login(t.email, t.password);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThan(110);
  });

  it('locks a client address that keeps failing, whatever the emails', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      expect((await login(`guess${i}@clinic.example`, 'guessing-passwords', { ip })).status).toBe(401);
    }
    const locked = await login(OWNER.email, OWNER.password, { ip });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await login(OWNER.email, OWNER.password)).status).toBe(200);
  });

  it('signs out this browser, and everywhere', async () => {
    const t = await addStaff('supervisor', 'Lee Chen', 'lee@clinic.example');
    const second = await login(t.email, t.password);
    const out = await api('POST', '/api/auth/logout', { cookie: t.cookie });
    expect(out.status).toBe(204);
    expect(out.cookie).toBe('');
    expect((await api('GET', '/api/me', { cookie: t.cookie })).status).toBe(401);
    expect((await api('GET', '/api/me', { cookie: second.cookie ?? '' })).status).toBe(200);
    const third = await login(t.email, t.password);
    expect((await api('POST', '/api/auth/logout-everywhere', { cookie: third.cookie ?? '' })).status).toBe(204);
    expect((await api('GET', '/api/me', { cookie: second.cookie ?? '' })).status).toBe(401);
    expect((await api('GET', '/api/me', { cookie: third.cookie ?? '' })).status).toBe(401);
  });
});

describe('CSRF: state-changing requests with the cookie come from Circle itself', () => {
  it('refuses another origin, or none, with 403; accepts its own Referer; a Bearer token is not checked', async () => {
    const t = await addStaff('therapist', 'Ava Stone', 'ava@clinic.example');
    const evil = await api('POST', '/api/sessions', {
      cookie: t.cookie,
      origin: 'https://evil.example',
      json: { title: 'x' },
    });
    expect(evil.status).toBe(403);
    expect(errorCode(evil)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await api('POST', '/api/auth/logout', { cookie: t.cookie, origin: null })).status).toBe(403);
    expect((await api('GET', '/api/me', { cookie: t.cookie, origin: 'https://evil.example' })).status).toBe(200);
    const bad = await login(t.email, t.password, { origin: 'https://evil.example' });
    expect(bad.status).toBe(403);
    const viaReferer = await api('POST', '/api/sessions', {
      cookie: t.cookie,
      origin: null,
      referer: `${circle().url}/home`,
      json: { title: 'Referer group' },
    });
    expect(viaReferer.status).toBe(201);
    const bearer = await api('POST', '/api/sessions', {
      token: TEST_ADMIN_TOKEN,
      origin: null,
      json: { title: 'API group' },
    });
    expect(bearer.status).toBe(201);
  });
});

describe('staff administration (owner, admin)', () => {
  it('lists and adds staff for admins only; an email is used once', async () => {
    const admin = await addStaff('admin', 'Ari Cohen', 'ari@clinic.example');
    const t = await addStaff('therapist', 'Noor Haddad', 'noor@clinic.example');
    const list = await api('GET', '/api/staff', { cookie: admin.cookie });
    expect(list.status).toBe(200);
    const staff = (list.body as { staff: { id: string; status: string; role: string }[] }).staff;
    expect(staff.find((s) => s.id === t.id)).toMatchObject({ status: 'active', role: 'therapist' });
    expect((await api('GET', '/api/staff', { cookie: t.cookie })).status).toBe(403);
    expect(
      (
        await api('POST', '/api/staff', {
          cookie: t.cookie,
          json: { name: 'X Y', email: 'xy@clinic.example', role: 'admin' },
        })
      ).status,
    ).toBe(403);
    const dup = await api('POST', '/api/staff', {
      cookie: admin.cookie,
      json: { name: 'Noor Again', email: 'NOOR@clinic.example', role: 'therapist' },
    });
    expect(dup.status).toBe(400);
    expect(
      (
        await api('POST', '/api/staff', {
          cookie: admin.cookie,
          json: { name: 'O', email: 'o@clinic.example', role: 'owner' },
        })
      ).status,
    ).toBe(400);
  });

  it('resets access: old sign-ins and the password end; a new one-time link works', async () => {
    const t = await addStaff('therapist', 'Iris Vale', 'iris@clinic.example');
    const r = await api('POST', `/api/staff/${t.id}/reset`, { cookie: ownerCookie });
    expect(r.status).toBe(200);
    expect((await api('GET', '/api/me', { cookie: t.cookie })).status).toBe(401);
    expect((await login(t.email, t.password)).status).toBe(401);
    const set = await api('POST', '/api/auth/password', {
      json: {
        token: fragment((r.body as { setPasswordUrl: string }).setPasswordUrl),
        password: 'silver-canyon-maple-88',
      },
    });
    expect(set.status).toBe(200);
  });
});

describe("the therapist's sessions", () => {
  it('creates a session it owns, lists it, and enters it as its therapist only in its own signed-in browser', async () => {
    const t = await addStaff('therapist', 'Jo Marsh', 'jo@clinic.example');
    const other = await addStaff('therapist', 'Pat Wynn', 'pat@clinic.example');
    const created = await api('POST', '/api/sessions', { cookie: t.cookie, json: { title: 'Monday skills group' } });
    expect(created.status).toBe(201);
    const { id, therapistUrl } = created.body as { id: string; therapistUrl: string };

    const mine = await api('GET', '/api/my/sessions', { cookie: t.cookie });
    expect(mine.status).toBe(200);
    const upcoming = (mine.body as { upcoming: { id: string; status: string; members: number }[] }).upcoming;
    expect(upcoming.find((s) => s.id === id)).toMatchObject({ status: 'scheduled', members: 0 });
    const theirs = await api('GET', '/api/my/sessions', { cookie: other.cookie });
    expect((theirs.body as { upcoming: { id: string }[] }).upcoming.map((s) => s.id)).not.toContain(id);

    expect((await api('POST', `/api/sessions/${id}/start`, { cookie: other.cookie })).status).toBe(403);
    const start = await api('POST', `/api/sessions/${id}/start`, { cookie: t.cookie });
    expect(start.status).toBe(200);
    const joinUrl = (start.body as { joinUrl: string }).joinUrl;
    // Made once: starting again hands back the same entry.
    expect((await api('POST', `/api/sessions/${id}/start`, { cookie: t.cookie })).body).toEqual({ joinUrl });

    // A forwarded link alone does not let anyone in as the therapist.
    for (const url of [joinUrl, therapistUrl]) {
      const refused = await circle()
        .tryConnect(fragment(url))
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BotConnectError);
      expect(refused).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    const wrongBrowser = await circle()
      .tryConnect(fragment(joinUrl), { cookie: `circle_staff=${other.cookie}` })
      .catch((e: unknown) => e);
    expect(wrongBrowser).toMatchObject({ code: 'UNAUTHORIZED' });
    const therapist = await circle().connect(fragment(joinUrl), { cookie: `circle_staff=${t.cookie}` });
    expect(therapist.view?.you.role).toBe('therapist');

    // Invitations with the cookie: its own session only.
    const inv = await api('POST', `/api/sessions/${id}/invites`, {
      cookie: t.cookie,
      json: { role: 'member', displayName: 'Alex' },
    });
    expect(inv.status).toBe(201);
    const memberInvite = inv.body as { id: string; url: string };
    expect(
      (
        await api('POST', `/api/sessions/${id}/invites`, {
          cookie: other.cookie,
          json: { role: 'member', displayName: 'Bo' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api('DELETE', `/api/sessions/${id}/invites/${memberInvite.id}`, { cookie: other.cookie })).status,
    ).toBe(403);
    expect((await api('GET', `/api/sessions/${id}`, { cookie: t.cookie })).status).toBe(200);

    // A member link never reaches staff pages.
    const memberToken = fragment(memberInvite.url);
    for (const path of ['/api/me', '/api/staff', '/api/my/sessions', '/api/audit']) {
      expect((await api('GET', path, { token: memberToken })).status, path).toBe(401);
    }
    expect((await api('POST', `/api/sessions/${id}/start`, { token: memberToken })).status).toBe(401);
    expect((await api('DELETE', `/api/sessions/${id}/invites/${memberInvite.id}`, { cookie: t.cookie })).status).toBe(
      204,
    );

    // Disabled: its sign-ins end and its live room connection is dropped at once, and it cannot come back.
    expect((await api('POST', `/api/staff/${t.id}/disable`, { cookie: ownerCookie })).status).toBe(204);
    await waitFor(() => !therapist.connected, 5_000, 'the disabled therapist dropped');
    expect((await api('GET', '/api/me', { cookie: t.cookie })).status).toBe(401);
    expect((await login(t.email, t.password)).status).toBe(401);
    const back = await circle()
      .tryConnect(fragment(joinUrl), { cookie: `circle_staff=${t.cookie}` })
      .catch((e: unknown) => e);
    expect(back).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('lets supervisors list every session; admins and the owner cannot create or start sessions', async () => {
    const s = await addStaff('supervisor', 'Val Ortiz', 'val@clinic.example');
    const created = await api('POST', '/api/sessions', { token: TEST_ADMIN_TOKEN, json: { title: 'API-made group' } });
    const { id } = created.body as { id: string };
    const all = await api('GET', '/api/my/sessions', { cookie: s.cookie });
    expect((all.body as { upcoming: { id: string }[] }).upcoming.map((x) => x.id)).toContain(id);
    expect((await api('POST', '/api/sessions', { cookie: ownerCookie, json: { title: 'x' } })).status).toBe(403);
    expect((await api('POST', `/api/sessions/${id}/start`, { cookie: s.cookie })).status).toBe(403);
    expect((await api('GET', '/api/my/sessions', { cookie: ownerCookie })).status).toBe(403);
  });
});

describe("the supervisor's home", () => {
  it('shows live sessions with their health and alerts (counts, no names), and enters one openly as a supervisor', async () => {
    const sup = await addStaff('supervisor', 'Kim Adair', 'kim.adair@clinic.example');
    const t = await addStaff('therapist', 'Lee Okafor', 'lee.okafor@clinic.example');
    const created = await api('POST', '/api/sessions', {
      cookie: t.cookie,
      json: { title: 'Wednesday support group' },
    });
    const { id } = created.body as { id: string };
    const start = await api('POST', `/api/sessions/${id}/start`, { cookie: t.cookie });
    const therapist = await circle().connect(fragment((start.body as { joinUrl: string }).joinUrl), {
      cookie: `circle_staff=${t.cookie}`,
    });
    const inv = await api('POST', `/api/sessions/${id}/invites`, {
      cookie: t.cookie,
      json: { role: 'member', displayName: 'Robin' },
    });
    const memberToken = fragment((inv.body as { url: string }).url);
    const member = await circle().connect(memberToken, { name: 'Robin' });
    await member.call('session:checkIn', checkInFor('Robin'));
    await therapist.call('lobby:admit', { participantId: member.participantId! });
    await waitFor(() => member.view?.you.status === 'admitted', 5_000, 'Robin admitted');
    await member.call('crisis:alert', {});

    const live = await api('GET', '/api/supervision/live', { cookie: sup.cookie });
    expect(live.status).toBe(200);
    const row = (live.body as { sessions: { sessionId: string }[] }).sessions.find((x) => x.sessionId === id);
    expect(row).toMatchObject({
      title: 'Wednesday support group',
      participants: { member: 1, therapist: 1, supervisor: 0 },
      openCrisisAlerts: 1,
    });
    expect(JSON.stringify(live.body)).not.toContain('Robin');
    // The owner and admins see it too; a therapist, a member's link and nobody do not.
    expect((await api('GET', '/api/supervision/live', { cookie: ownerCookie })).status).toBe(200);
    expect((await api('GET', '/api/supervision/live', { cookie: t.cookie })).status).toBe(403);
    expect((await api('GET', '/api/supervision/live', { token: memberToken })).status).toBe(401);
    expect((await api('GET', '/api/supervision/live')).status).toBe(401);

    // Observe: a supervisor invitation bound to this account, usable only in its own signed-in browser.
    expect((await api('POST', `/api/sessions/${id}/observe`, { cookie: t.cookie })).status).toBe(403);
    const observe = await api('POST', `/api/sessions/${id}/observe`, { cookie: sup.cookie });
    expect(observe.status).toBe(200);
    const joinUrl = (observe.body as { joinUrl: string }).joinUrl;
    await expect(circle().tryConnect(fragment(joinUrl))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const watcher = await circle().connect(fragment(joinUrl), { cookie: `circle_staff=${sup.cookie}` });
    expect(watcher.view?.you.role).toBe('supervisor');
  });
});

describe('the audit log', () => {
  it('records staff actions with ids only, newest first, filtered and paged, for admins', async () => {
    const t = await addStaff('therapist', 'Quinn Hale', 'quinn@clinic.example');
    const first = await api('GET', `/api/audit?actor=staff:${t.id}`, { cookie: ownerCookie });
    expect(first.status).toBe(200);
    const page = first.body as { entries: { id: number; action: string; actor: string }[]; next: number | null };
    expect(page.entries.map((e) => e.action)).toEqual(['staff:set-password']);
    const all = await api('GET', '/api/audit', { cookie: ownerCookie });
    const entries = (all.body as typeof page).entries;
    expect(entries.length).toBe(50);
    expect(entries[0]?.id).toBeGreaterThan(entries[1]?.id ?? Infinity);
    expect(JSON.stringify(all.body)).not.toMatch(/@clinic\.example|Quinn/);
    const next = (all.body as typeof page).next;
    expect(next).toBe(entries[49]?.id);
    const older = await api('GET', `/api/audit?before=${next}`, { cookie: ownerCookie });
    expect((older.body as typeof page).entries[0]?.id).toBeLessThan(next ?? 0);
    const adds = await api('GET', '/api/audit?action=staff:add', { cookie: ownerCookie });
    expect((adds.body as typeof page).entries.every((e) => e.action === 'staff:add')).toBe(true);
    expect((await api('GET', '/api/audit', { cookie: t.cookie })).status).toBe(403);
  });
});

/** A clock that can be moved forward (the room's timers stay real). */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { ...systemClock, now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

describe('session timeouts and the Secure flag', () => {
  const clock = movableClock();
  let t: TestCircle | undefined;
  beforeAll(async () => {
    t = await startTestCircle(
      { clock, socket: { ...DEFAULT_SOCKET_OPTIONS, staffRecheckMs: 100 } },
      { PUBLIC_URL: 'https://circle.clinic.example', STAFF_IDLE_MINUTES: '30' },
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy; the cookie is Secure over https', async () => {
    const c = t as TestCircle;
    const origin = 'https://circle.clinic.example';
    const link = await c.circle.staff.setupLink();
    const setup = await call(c, 'POST', '/api/setup', {
      origin,
      json: { token: fragment(link?.url ?? ''), ...OWNER },
    });
    expect(setup.status).toBe(201);
    expect(setup.setCookie.find((x) => x.startsWith('circle_staff='))).toMatch(/; Secure/);
    const cookie = setup.cookie ?? '';
    clock.advance(29 * 60_000);
    expect((await call(c, 'GET', '/api/me', { cookie })).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await call(c, 'GET', '/api/me', { cookie })).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await call(c, 'GET', '/api/me', { cookie })).status).toBe(401);

    const again = await call(c, 'POST', '/api/auth/login', {
      origin,
      json: { email: OWNER.email, password: OWNER.password },
    });
    expect(again.status).toBe(200);
    for (let i = 0; i < 25; i++) {
      clock.advance(29 * 60_000);
      const me = await call(c, 'GET', '/api/me', { cookie: again.cookie ?? '' });
      expect(me.status).toBe(i < 24 ? 200 : 401);
    }
  });

  it('keeps a therapist in the room signed in while connected, and closes the room connection at sign-out', async () => {
    const c = t as TestCircle;
    const origin = 'https://circle.clinic.example';
    const owner = await call(c, 'POST', '/api/auth/login', {
      origin,
      json: { email: OWNER.email, password: OWNER.password },
    });
    const added = await call(c, 'POST', '/api/staff', {
      origin,
      cookie: owner.cookie ?? '',
      json: { name: 'Tess Grey', email: 'tess@clinic.example', role: 'therapist' },
    });
    const set = await call(c, 'POST', '/api/auth/password', {
      origin,
      json: {
        token: fragment((added.body as { setPasswordUrl: string }).setPasswordUrl),
        password: 'harbor-thistle-ember-61',
      },
    });
    const cookie = set.cookie ?? '';
    const created = await call(c, 'POST', '/api/sessions', { origin, cookie, json: { title: 'Evening group' } });
    const { id } = created.body as { id: string };
    const start = await call(c, 'POST', `/api/sessions/${id}/start`, { origin, cookie });
    const therapist = await c.connect(fragment((start.body as { joinUrl: string }).joinUrl), {
      cookie: `circle_staff=${cookie}`,
    });
    // 40 minutes without an HTTP request, in the room all along: still signed in.
    const accountId = (added.body as { id: string }).id;
    const lastSeen = async () => {
      const [row] = await c.circle.db.query<{ at: number }>(
        'select (extract(epoch from max(last_seen_at)) * 1000)::float8 as at from staff_sessions where account_id = $1',
        [accountId],
      );
      return row?.at ?? 0;
    };
    for (let i = 0; i < 4; i++) {
      clock.advance(10 * 60_000);
      // The room connection's sign-in check has run at the new time (it counts as activity).
      const now = clock.now();
      await waitForAsync(async () => (await lastSeen()) >= now, 5_000, 'the room connection re-checked its sign-in');
    }
    expect((await call(c, 'GET', '/api/me', { cookie })).status).toBe(200);
    expect(therapist.connected).toBe(true);
    expect((await call(c, 'POST', '/api/auth/logout', { origin, cookie })).status).toBe(204);
    await waitFor(() => !therapist.connected, 5_000, 'the signed-out therapist dropped from the room');
  });
});
