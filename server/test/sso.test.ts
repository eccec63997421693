/**
 * Single sign-on against a real OpenID Connect provider running in the test (`oidc-provider` on a
 * loopback port): the first sign-in waits for an administrator, approval (a new account, or a link
 * to an existing one), then the same cookie session as a password sign-in; a wrong state, an
 * unverified email and a disabled account are refused; a provider that is down is said, not crashed on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestCircle, startTestCircle } from './support/harness.js';
import {
  CookieJar,
  type TestProvider,
  browse,
  freePort,
  signInAtProvider,
  startTestProvider,
} from './support/oidcProvider.js';

const ACCOUNTS = {
  alice: { email: 'Alice@Clinic.example', emailVerified: true, name: 'Alice Moreau' },
  bram: { email: 'bram@clinic.example', emailVerified: false, name: 'Bram Unverified' },
  carol: { email: 'carol@clinic.example', emailVerified: true, name: 'Carol from the provider' },
  dee: { email: 'dee@clinic.example', emailVerified: true, name: 'Dee Park' },
  'owner-at-idp': { email: 'owner@clinic.example', emailVerified: true, name: 'Morgan at the provider' },
};
const OWNER = { name: 'Morgan Lee', email: 'owner@clinic.example', password: 'violet-harbor-lantern-42' };

let provider: TestProvider;
let circle: TestCircle;
let base = '';
let ownerCookie = '';

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startTestProvider(`${base}/api/auth/oidc/callback`, ACCOUNTS);
  circle = await startTestCircle(
    {},
    {
      PORT: String(port),
      PUBLIC_URL: base,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
    },
  );
  const link = await circle.circle.staff.setupLink();
  const res = await fetch(`${base}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ token: new URL(link!.url).hash.slice(1), ...OWNER }),
  });
  expect(res.status).toBe(201);
  ownerCookie = /circle_staff=([^;]*)/.exec(res.headers.getSetCookie().join('\n'))![1]!;
}, 60_000);

afterAll(async () => {
  await circle?.close();
  await provider?.close();
});

/** Click "Sign in with single sign-on" in a browser with `jar`, sign in at the provider as `login`, come back. */
async function singleSignOn(jar: CookieJar, login: string): Promise<{ location: string; staffCookie?: string }> {
  const start = await browse(jar, `${base}/api/auth/oidc/start`);
  expect(start.status).toBe(302);
  const authorization = start.headers.get('location') ?? '';
  expect(authorization.startsWith(`${provider.issuer}/`)).toBe(true);
  const flowCookie = start.headers.getSetCookie().find((c) => c.startsWith('circle_oidc='));
  expect(flowCookie).toMatch(/HttpOnly/i);
  expect(flowCookie).toMatch(/SameSite=Lax/i);
  const params = new URL(authorization).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('state')).toBeTruthy();
  expect(params.get('nonce')).toBeTruthy();
  const callback = await signInAtProvider(jar, authorization, login);
  expect(callback.startsWith(`${base}/api/auth/oidc/callback?`)).toBe(true);
  const back = await browse(jar, callback);
  expect(back.status).toBe(302);
  const staffCookie = /circle_staff=([^;]+)/.exec(back.headers.getSetCookie().join('\n'))?.[1];
  return { location: back.headers.get('location') ?? '', ...(staffCookie ? { staffCookie } : {}) };
}

async function asOwner(method: 'GET' | 'POST', path: string, json?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      cookie: `circle_staff=${ownerCookie}`,
      origin: base,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const me = async (cookie: string) =>
  fetch(`${base}/api/me`, { headers: { cookie: `circle_staff=${cookie}` } }).then(async (r) => ({
    status: r.status,
    body: r.status === 200 ? ((await r.json()) as { id: string; email: string; role: string }) : undefined,
  }));

interface Pending {
  id: string;
  email: string;
  name: string;
  accountId: string | null;
}
const pendingRequests = async () => ((await asOwner('GET', '/api/staff/sso')).body as { requests: Pending[] }).requests;

const auditActions = async () =>
  (await asOwner('GET', '/api/audit')).body as {
    entries: { action: string; actor: string; targetId: string | null }[];
  };

describe('single sign-on with a real OpenID Connect provider', () => {
  it('is offered: GET /api/auth/options says so, without a sign-in', async () => {
    const res = await fetch(`${base}/api/auth/options`);
    expect(await res.json()).toEqual({ sso: true });
  });

  let aliceId = '';

  it('the first sign-in waits for an administrator; once approved with a role, the person is signed in', async () => {
    const first = await singleSignOn(new CookieJar(), 'alice');
    expect(first).toEqual({ location: '/signin?sso=pending' });
    const [request] = (await pendingRequests()).filter((r) => r.email === 'alice@clinic.example');
    expect(request).toMatchObject({ name: 'Alice Moreau', accountId: null });

    // Not an administrator: no access to the requests.
    expect((await fetch(`${base}/api/staff/sso`)).status).toBe(401);

    const approved = await asOwner('POST', `/api/staff/sso/${request!.id}/approve`, { role: 'therapist' });
    expect(approved.status).toBe(200);
    aliceId = (approved.body as { accountId: string }).accountId;
    expect(await pendingRequests()).toEqual([]);
    // Decided once.
    expect((await asOwner('POST', `/api/staff/sso/${request!.id}/approve`, { role: 'admin' })).status).toBe(409);

    const jar = new CookieJar();
    const second = await singleSignOn(jar, 'alice');
    expect(second.location).toBe('/home');
    expect(second.staffCookie).toBeTruthy();
    expect(await me(second.staffCookie!)).toMatchObject({
      status: 200,
      body: { id: aliceId, name: 'Alice Moreau', email: 'alice@clinic.example', role: 'therapist' },
    });

    // Rotation: signing in again in the same browser ends its previous session.
    jar.set(base, 'circle_staff', second.staffCookie!);
    const third = await singleSignOn(jar, 'alice');
    expect(third.location).toBe('/home');
    expect(third.staffCookie).not.toBe(second.staffCookie);
    expect((await me(second.staffCookie!)).status).toBe(401);
    expect((await me(third.staffCookie!)).status).toBe(200);
    // A therapist is not an administrator: the requests are not theirs to see.
    const asTherapist = await fetch(`${base}/api/staff/sso`, {
      headers: { cookie: `circle_staff=${third.staffCookie}` },
    });
    expect(asTherapist.status).toBe(403);

    const actions = (await auditActions()).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff:sso-requested', 'staff:sso-approve', 'staff:sso-login']));
  });

  it('an answer with another state is refused, and the attempt cannot be used again', async () => {
    const jar = new CookieJar();
    const start = await browse(jar, `${base}/api/auth/oidc/start`);
    const callback = new URL(await signInAtProvider(jar, start.headers.get('location') ?? '', 'alice'));
    callback.searchParams.set('state', 'not-the-state-circle-sent');
    const forged = await browse(jar, callback.href);
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/signin?sso=failed');
    expect(forged.headers.getSetCookie().some((c) => /^circle_staff=[^;]+/.test(c))).toBe(false);
  });

  it('a callback without this browser’s attempt (no flow cookie) is refused', async () => {
    const jar = new CookieJar();
    const start = await browse(jar, `${base}/api/auth/oidc/start`);
    const callback = await signInAtProvider(jar, start.headers.get('location') ?? '', 'alice');
    const other = await browse(new CookieJar(), callback);
    expect(other.headers.get('location')).toBe('/signin?sso=failed');
  });

  it('an email the provider does not vouch for (email_verified false) is refused and asks nobody', async () => {
    const r = await singleSignOn(new CookieJar(), 'bram');
    expect(r).toEqual({ location: '/signin?sso=unverified' });
    expect((await pendingRequests()).some((p) => p.email === 'bram@clinic.example')).toBe(false);
  });

  it('approving links the identity to the existing account with its email (an invited one becomes active)', async () => {
    const added = await asOwner('POST', '/api/staff', {
      name: 'Carol Diaz',
      email: 'carol@clinic.example',
      role: 'supervisor',
    });
    expect(added.status).toBe(201);
    const carolId = (added.body as { id: string }).id;
    expect((await singleSignOn(new CookieJar(), 'carol')).location).toBe('/signin?sso=pending');
    const [request] = (await pendingRequests()).filter((r) => r.email === 'carol@clinic.example');
    expect(request?.accountId).toBe(carolId);
    expect((await asOwner('POST', `/api/staff/sso/${request!.id}/approve`, { accountId: carolId })).status).toBe(200);
    const signed = await singleSignOn(new CookieJar(), 'carol');
    expect(signed.location).toBe('/home');
    expect((await me(signed.staffCookie!)).body).toMatchObject({ id: carolId, role: 'supervisor', name: 'Carol Diaz' });
  });

  it('only the owner approves an identity for the owner’s account (no administrator becomes owner that way)', async () => {
    const added = await asOwner('POST', '/api/staff', {
      name: 'Ada Admin',
      email: 'ada@clinic.example',
      role: 'admin',
    });
    const token = new URL((added.body as { setPasswordUrl: string }).setPasswordUrl).hash.slice(1);
    const set = await fetch(`${base}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ token, password: 'quiet-meadow-copper-77' }),
    });
    const adminCookie = /circle_staff=([^;]*)/.exec(set.headers.getSetCookie().join('\n'))![1]!;
    expect((await singleSignOn(new CookieJar(), 'owner-at-idp')).location).toBe('/signin?sso=pending');
    const [request] = (await pendingRequests()).filter((r) => r.email === OWNER.email);
    const ownerId = request!.accountId!;
    const byAdmin = await fetch(`${base}/api/staff/sso/${request!.id}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie: `circle_staff=${adminCookie}` },
      body: JSON.stringify({ accountId: ownerId }),
    });
    expect(byAdmin.status).toBe(403);
    expect((await asOwner('POST', `/api/staff/sso/${request!.id}/approve`, { accountId: ownerId })).status).toBe(200);
    const signed = await singleSignOn(new CookieJar(), 'owner-at-idp');
    expect((await me(signed.staffCookie!)).body).toMatchObject({ id: ownerId, role: 'owner' });
  });

  it('a disabled account is refused, though its identity was approved', async () => {
    expect((await asOwner('POST', `/api/staff/${aliceId}/disable`)).status).toBe(204);
    const r = await singleSignOn(new CookieJar(), 'alice');
    expect(r).toEqual({ location: '/signin?sso=refused' });
    expect((await auditActions()).entries.map((e) => e.action)).toContain('staff:sso-refused');
  });

  it('a declined request leaves no account; signing in again asks again', async () => {
    expect((await singleSignOn(new CookieJar(), 'dee')).location).toBe('/signin?sso=pending');
    const [request] = (await pendingRequests()).filter((r) => r.email === 'dee@clinic.example');
    expect((await asOwner('POST', `/api/staff/sso/${request!.id}/decline`)).status).toBe(204);
    expect(await pendingRequests()).toEqual([]);
    const staff = (await asOwner('GET', '/api/staff')).body as { staff: { email: string }[] };
    expect(staff.staff.some((a) => a.email === 'dee@clinic.example')).toBe(false);
    expect((await singleSignOn(new CookieJar(), 'dee')).location).toBe('/signin?sso=pending');
    expect((await pendingRequests()).map((r) => r.id)).toEqual([request!.id]);
  });
});

describe('single sign-on with a provider that cannot be reached', () => {
  let down: TestCircle;
  let url = '';
  beforeAll(async () => {
    const closed = await freePort();
    down = await startTestCircle(
      {},
      { OIDC_ISSUER: `http://127.0.0.1:${closed}`, OIDC_CLIENT_ID: 'circle', OIDC_CLIENT_SECRET: 'secret' },
    );
    url = down.url;
  }, 60_000);
  afterAll(async () => {
    await down?.close();
  });

  it('Circle starts; the sign-in button leads back to /signin saying so, again on each try', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${url}/api/auth/oidc/start`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/signin?sso=unavailable');
    }
    expect((await fetch(`${url}/api/auth/options`).then((r) => r.json())) as unknown).toEqual({ sso: true });
  });
});
