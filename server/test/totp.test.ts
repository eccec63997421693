/**
 * 2-step sign-in against the real server and PGlite: setting up an authenticator, sign-in asking for
 * the code, wrong codes refused and counted toward the lockout, a code never accepted twice, recovery
 * codes working once, turning it off, the clinic setting that requires it, the audit log (ids only),
 * and the secret never reaching the log. Codes are computed here from the secret the server gave.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../src/app/clock.js';
import { base32Decode, totpAt } from '../src/app/totp.js';
import { type TestCircle, startTestCircle } from './support/harness.js';

/** A clock that can be moved forward: each sign-in in these tests gets a fresh 30-second step. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { ...systemClock, now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

const clock = movableClock();
let logged = '';
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString();
      done();
    },
  }),
);
let t: TestCircle;
beforeAll(async () => {
  t = await startTestCircle({ clock, logger });
});
afterAll(async () => {
  await t.close();
});

interface Answer {
  status: number;
  body: unknown;
  cookie: string | undefined;
}

let nextIp = 10;
async function api(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  o: { json?: unknown; cookie?: string; ip?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { origin: t.url, 'x-forwarded-for': o.ip ?? `203.0.113.${nextIp++}` };
  if (o.cookie) headers.cookie = `circle_staff=${o.cookie}`;
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers,
    ...(o.json === undefined ? {} : { body: JSON.stringify(o.json) }),
  });
  const text = await res.text();
  const staff = res.headers.getSetCookie().find((c) => c.startsWith('circle_staff='));
  return {
    status: res.status,
    body: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : text,
    cookie: staff === undefined ? undefined : (/^circle_staff=([^;]*)/.exec(staff)?.[1] ?? ''),
  };
}
const errorOf = (a: Answer) => (a.body as { error?: { code?: string; field?: string } }).error;
const fragment = (url: string) => new URL(url).hash.slice(1);

const OWNER = { name: 'Morgan Lee', email: 'owner@clinic.example', password: 'violet-harbor-lantern-42' };
/** The owner, signed in afresh (the tests move the clock past the idle timeout). */
async function owner(): Promise<string> {
  const r = await login(OWNER.email, OWNER.password);
  expect(r.status).toBe(200);
  return r.cookie ?? '';
}

async function addStaff(role: 'admin' | 'therapist' | 'supervisor', name: string, email: string) {
  const password = 'quiet-meadow-copper-77';
  const added = await api('POST', '/api/staff', { cookie: await owner(), json: { name, email, role } });
  expect(added.status).toBe(201);
  const link = added.body as { id: string; setPasswordUrl: string };
  const set = await api('POST', '/api/auth/password', { json: { token: fragment(link.setPasswordUrl), password } });
  expect(set.status).toBe(200);
  return { id: link.id, email, password, cookie: set.cookie ?? '' };
}

/** Set up 2-step sign-in for a signed-in account: its secret (bytes) and its recovery codes. */
async function enrol(cookie: string): Promise<{ secret: Buffer; recoveryCodes: string[]; base32: string }> {
  const start = await api('POST', '/api/me/totp/start', { cookie });
  expect(start.status).toBe(200);
  const { secret: base32, otpauthUrl } = start.body as { secret: string; otpauthUrl: string };
  expect(otpauthUrl).toMatch(
    /^otpauth:\/\/totp\/Circle:.+\?secret=[A-Z2-7]+&issuer=Circle&algorithm=SHA1&digits=6&period=30$/,
  );
  const secret = base32Decode(base32) as Buffer;
  const confirm = await api('POST', '/api/me/totp/confirm', { cookie, json: { code: totpAt(secret, clock.now()) } });
  expect(confirm.status).toBe(200);
  const { recoveryCodes } = confirm.body as { recoveryCodes: string[] };
  return { secret, recoveryCodes, base32 };
}

const login = (email: string, password: string, totp?: string) =>
  api('POST', '/api/auth/login', { json: totp === undefined ? { email, password } : { email, password, totp } });

/** Past the step just used (each accepted code moves the account's last step on). */
const nextStep = () => clock.advance(30_000);

beforeAll(async () => {
  const link = await t.circle.staff.setupLink();
  const r = await api('POST', '/api/setup', { json: { token: fragment(link?.url ?? ''), ...OWNER } });
  expect(r.status).toBe(201);
});

describe('setting up 2-step sign-in', () => {
  it('a first code confirms it: ten different recovery codes, the secret stored encrypted, never logged', async () => {
    const p = await addStaff('therapist', 'Ana Diaz', 'ana@clinic.example');
    expect(await api('GET', '/api/me/totp', { cookie: p.cookie })).toMatchObject({
      status: 200,
      body: { enabled: false, required: false, recoveryCodesLeft: 0 },
    });
    const { recoveryCodes, base32 } = await enrol(p.cookie);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(await api('GET', '/api/me/totp', { cookie: p.cookie })).toMatchObject({
      body: { enabled: true, recoveryCodesLeft: 10 },
    });
    expect((await api('GET', '/api/me', { cookie: p.cookie })).body).toMatchObject({
      twoStep: { enabled: true, due: false },
    });

    const [row] = await t.circle.db.query<{ totp_secret: string }>(
      'select totp_secret from staff_accounts where id = $1',
      [p.id],
    );
    expect(row?.totp_secret).toMatch(/^v1\./);
    expect(row?.totp_secret).not.toContain(base32);
    const codes = await t.circle.db.query<{ code_hash: string }>(
      'select code_hash from staff_recovery_codes where account_id = $1',
      [p.id],
    );
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(recoveryCodes).not.toContain(c.code_hash);
    expect(logged).not.toContain(base32);
    for (const c of recoveryCodes) expect(logged).not.toContain(c);

    // Already on: setting up again is refused (turn it off first).
    expect((await api('POST', '/api/me/totp/start', { cookie: p.cookie })).status).toBe(409);
  });

  it('a wrong first code leaves it off', async () => {
    const p = await addStaff('therapist', 'Ben Ode', 'ben@clinic.example');
    const start = await api('POST', '/api/me/totp/start', { cookie: p.cookie });
    const secret = base32Decode((start.body as { secret: string }).secret) as Buffer;
    const wrong = totpAt(secret, clock.now() + 5 * 60_000);
    const r = await api('POST', '/api/me/totp/confirm', { cookie: p.cookie, json: { code: wrong } });
    expect(r.status).toBe(400);
    expect(errorOf(r)?.field).toBe('code');
    expect((await api('GET', '/api/me/totp', { cookie: p.cookie })).body).toMatchObject({ enabled: false });
    expect((await login(p.email, p.password)).status).toBe(200);
  });
});

describe('signing in with 2-step sign-in', () => {
  it('without a code: 401 on `totp`; with the current code: signed in; the same code again: refused (replay)', async () => {
    const p = await addStaff('therapist', 'Cleo Park', 'cleo@clinic.example');
    const { secret } = await enrol(p.cookie);
    nextStep();

    const bare = await login(p.email, p.password);
    expect(bare.status).toBe(401);
    expect(errorOf(bare)).toMatchObject({ code: 'UNAUTHORIZED', field: 'totp' });
    expect(bare.cookie).toBeUndefined();

    const code = totpAt(secret, clock.now());
    const ok = await login(p.email, p.password, code);
    expect(ok.status).toBe(200);
    expect(ok.cookie).toBeTruthy();

    const replay = await login(p.email, p.password, code);
    expect(replay.status).toBe(401);
    expect(errorOf(replay)?.field).toBe('totp');

    // A code from the step before now (clock drift) still works once its step is new.
    clock.advance(90_000);
    expect((await login(p.email, p.password, totpAt(secret, clock.now() - 30_000))).status).toBe(200);
    // A wrong password with a right code is the plain mismatch (no hint that a code was right).
    nextStep();
    const wrongPassword = await login(p.email, 'not-the-password-1', totpAt(secret, clock.now()));
    expect(wrongPassword.status).toBe(401);
    expect(errorOf(wrongPassword)?.field).toBeUndefined();
  });

  it('wrong codes count toward the growing lockout, and a good sign-in clears the count', async () => {
    const p = await addStaff('supervisor', 'Dee Wu', 'dee@clinic.example');
    const { secret } = await enrol(p.cookie);
    nextStep();
    const wrong = totpAt(secret, clock.now() + 10 * 60_000);
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await login(p.email, p.password, wrong)).status);
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[5]).toBe(429);
    const [row] = await t.circle.db.query<{ failed_attempts: number }>(
      'select failed_attempts from staff_accounts where id = $1',
      [p.id],
    );
    expect(Number(row?.failed_attempts)).toBeGreaterThanOrEqual(5);
    // Locked: even the right code waits.
    expect((await login(p.email, p.password, totpAt(secret, clock.now()))).status).toBe(429);
    clock.advance(60 * 60_000);
    expect((await login(p.email, p.password, totpAt(secret, clock.now()))).status).toBe(200);
    const [after] = await t.circle.db.query<{ failed_attempts: number }>(
      'select failed_attempts from staff_accounts where id = $1',
      [p.id],
    );
    expect(Number(after?.failed_attempts)).toBe(0);
  });

  it('a recovery code signs in once (any case or spacing), and is in the audit log by id', async () => {
    const p = await addStaff('therapist', 'Eli Novak', 'eli@clinic.example');
    const { recoveryCodes } = await enrol(p.cookie);
    const code = recoveryCodes[3] ?? '';
    const first = await login(p.email, p.password, ` ${code.toUpperCase()} `);
    expect(first.status).toBe(200);
    const again = await login(p.email, p.password, code);
    expect(again.status).toBe(401);
    expect(errorOf(again)?.field).toBe('totp');
    expect((await api('GET', '/api/me/totp', { cookie: first.cookie ?? '' })).body).toMatchObject({
      recoveryCodesLeft: 9,
    });
    const audit = await api('GET', `/api/audit?actor=staff:${p.id}`, { cookie: await owner() });
    const actions = (audit.body as { entries: { action: string; targetId: string | null }[] }).entries;
    expect(actions.map((e) => e.action)).toEqual(
      expect.arrayContaining(['staff:totp-enable', 'staff:recovery-code-used', 'staff:login']),
    );
    expect(JSON.stringify(actions)).not.toContain(code);
  });

  it('turning it off needs the password and a current code; then the password alone signs in', async () => {
    const p = await addStaff('therapist', 'Fay Lin', 'fay@clinic.example');
    const { secret } = await enrol(p.cookie);
    nextStep();
    const badPassword = await api('POST', '/api/me/totp/disable', {
      cookie: p.cookie,
      json: { password: 'not-the-password-1', code: totpAt(secret, clock.now()) },
    });
    expect(badPassword.status).toBe(401);
    expect(errorOf(badPassword)?.field).toBe('password');
    const badCode = await api('POST', '/api/me/totp/disable', {
      cookie: p.cookie,
      json: { password: p.password, code: '000000' },
    });
    expect(badCode.status).toBe(401);
    expect(errorOf(badCode)?.field).toBe('code');
    // Still signed in after those refusals.
    expect((await api('GET', '/api/me', { cookie: p.cookie })).status).toBe(200);
    const off = await api('POST', '/api/me/totp/disable', {
      cookie: p.cookie,
      json: { password: p.password, code: totpAt(secret, clock.now()) },
    });
    expect(off.status).toBe(204);
    expect((await login(p.email, p.password)).status).toBe(200);
    const left = await t.circle.db.query('select 1 from staff_recovery_codes where account_id = $1', [p.id]);
    expect(left).toHaveLength(0);
  });
});

describe('an administrator resets access', () => {
  it('a lost phone: the reset link sets a new password, and 2-step sign-in starts afresh', async () => {
    const p = await addStaff('therapist', 'Gus Avila', 'gus.avila@clinic.example');
    await enrol(p.cookie);
    nextStep();
    const reset = await api('POST', `/api/staff/${p.id}/reset`, { cookie: await owner() });
    expect(reset.status).toBe(200);
    const link = reset.body as { setPasswordUrl: string };
    const newPassword = 'amber-willow-signal-58';
    const set = await api('POST', '/api/auth/password', {
      json: { token: fragment(link.setPasswordUrl), password: newPassword },
    });
    expect(set.status).toBe(200);
    // No code asked any more: the old authenticator and its recovery codes are gone.
    expect((await login(p.email, newPassword)).status).toBe(200);
    expect(await t.circle.db.query('select 1 from staff_recovery_codes where account_id = $1', [p.id])).toHaveLength(0);
    const status = await api('GET', '/api/me/totp', { cookie: set.cookie });
    expect(status.body).toMatchObject({ enabled: false });
  });
});

describe('the clinic requires 2-step sign-in for everyone', () => {
  it('only admins read and change the setting; it is audited', async () => {
    const therapist = await addStaff('therapist', 'Gus Hale', 'gus@clinic.example');
    expect((await api('GET', '/api/clinic/settings', { cookie: therapist.cookie })).status).toBe(403);
    expect(
      (await api('PUT', '/api/clinic/settings', { cookie: therapist.cookie, json: { requireTotp: true } })).status,
    ).toBe(403);
    expect(await api('GET', '/api/clinic/settings', { cookie: await owner() })).toMatchObject({
      status: 200,
      body: { requireTotp: false },
    });
    const bad = await api('PUT', '/api/clinic/settings', { cookie: await owner(), json: { requireTotp: 'yes' } });
    expect(bad.status).toBe(400);
  });

  it('when on, an account without it is signed in but reaches only /api/me and enrolment until set up', async () => {
    const p = await addStaff('therapist', 'Hana Ito', 'hana@clinic.example');
    const admin = await addStaff('admin', 'Ivo Rand', 'ivo@clinic.example');
    const on = await api('PUT', '/api/clinic/settings', { cookie: await owner(), json: { requireTotp: true } });
    expect(on).toMatchObject({ status: 200, body: { requireTotp: true } });

    const signedIn = await login(p.email, p.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ twoStep: { enabled: false, due: true } });
    const cookie = signedIn.cookie ?? '';
    expect((await api('GET', '/api/me', { cookie })).status).toBe(200);
    for (const [method, path, json] of [
      ['GET', '/api/my/sessions', undefined],
      ['POST', '/api/sessions', { title: 'Evening group' }],
    ] as const) {
      const r = await api(method, path, { cookie, ...(json ? { json } : {}) });
      expect(r.status, path).toBe(403);
      expect(errorOf(r)?.code, path).toBe('TOTP_REQUIRED');
    }
    // An admin without it cannot administer either.
    const adminStaff = await api('GET', '/api/staff', { cookie: admin.cookie });
    expect(errorOf(adminStaff)?.code).toBe('TOTP_REQUIRED');

    await enrol(cookie);
    expect((await api('GET', '/api/me', { cookie })).body).toMatchObject({ twoStep: { enabled: true, due: false } });
    expect((await api('GET', '/api/my/sessions', { cookie })).status).toBe(200);
    expect((await api('POST', '/api/sessions', { cookie, json: { title: 'Evening group' } })).status).toBe(201);

    // Required: it cannot be turned off.
    nextStep();
    const off = await api('POST', '/api/me/totp/disable', {
      cookie,
      json: { password: p.password, code: '123456' },
    });
    expect(off.status).toBe(409);
    expect(errorOf(off)?.code).toBe('INVALID_STATE');
    // The owner, without it, must set it up too before changing the setting back.
    const settings = await api('GET', '/api/clinic/settings', { cookie: await owner() });
    expect(errorOf(settings)?.code).toBe('TOTP_REQUIRED');

    const audit = await t.circle.db.query<{ action: string; target_id: string | null }>(
      `select action, target_id from audit_log where action = 'clinic:settings'`,
    );
    expect(audit).toEqual([{ action: 'clinic:settings', target_id: 'requireTotp' }]);
  });
});
