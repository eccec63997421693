import { describe, expect, it } from 'vitest';
import { errorOf } from '@circle/shared';
import { createStaffApi, retryAfterSeconds } from './staffApi';

interface Call {
  url: string;
  init: RequestInit;
}

function server(answer: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const api = createStaffApi({
    fetch: async (url, init) => {
      calls.push({ url, init });
      return answer();
    },
  });
  return { api, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const ME = { id: 'u1', name: 'Dr. Rivera', email: 'rivera@clinic.org', role: 'therapist' };

describe('the staff HTTP API', () => {
  it('signs in with the cookie (same-origin), no bearer token, and parses who is signed in', async () => {
    const { api, calls } = server(() => json(200, ME));
    const res = await api.login({ email: 'rivera@clinic.org', password: 'correct horse battery' });
    expect(res).toEqual({ ok: true, data: ME });
    expect(calls[0]!.url).toBe('/api/auth/login');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(Object.fromEntries(new Headers(calls[0]!.init.headers))).toEqual({ 'content-type': 'application/json' });
  });

  it('an answer that breaks the contract is INTERNAL, not a cast', async () => {
    const { api } = server(() => json(200, { id: 'u1', name: 'X', role: 'wizard' }));
    const res = await api.me();
    expect(res.ok ? null : [res.error.code, res.status]).toEqual(['INTERNAL', 200]);
  });

  it('a refusal carries the server’s error, the status and Retry-After', async () => {
    const { api } = server(() => json(429, { error: errorOf('RATE_LIMITED') }, { 'retry-after': '120' }));
    const res = await api.login({ email: 'a@b.org', password: 'x' });
    expect(res).toEqual({ ok: false, error: errorOf('RATE_LIMITED'), status: 429, retryAfterSeconds: 120 });
  });

  it('no answer at all (offline) is status 0', async () => {
    const api = createStaffApi({ fetch: () => Promise.reject(new TypeError('offline')) });
    const res = await api.me();
    expect(res.ok ? null : res.status).toBe(0);
  });

  it('sign out is an empty 204', async () => {
    const { api, calls } = server(() => new Response(null, { status: 204 }));
    expect(await api.logoutEverywhere()).toEqual({ ok: true, data: null });
    expect(calls[0]!.url).toBe('/api/auth/logout-everywhere');
  });

  it('the audit query goes in the URL, empty filters left out', async () => {
    const { api, calls } = server(() => json(200, { entries: [], next: null }));
    await api.audit({ actor: 'u1', action: '', before: 42 });
    expect(calls[0]!.url).toBe('/api/audit?actor=u1&before=42');
  });

  it('API tokens: created with a POST (the token parsed from the answer), revoked with a DELETE', async () => {
    const created = { id: 't/1', token: `circle_pat_${'x'.repeat(43)}` };
    const { api, calls } = server(() => json(201, created));
    expect(await api.createToken({ name: 'Scheduler', scopes: ['sessions:write'] })).toEqual({
      ok: true,
      data: created,
    });
    expect([calls[0]!.init.method, calls[0]!.url, calls[0]!.init.body]).toEqual([
      'POST',
      '/api/tokens',
      JSON.stringify({ name: 'Scheduler', scopes: ['sessions:write'] }),
    ]);
    const gone = server(() => new Response(null, { status: 204 }));
    expect(await gone.api.revokeToken('t/1')).toEqual({ ok: true, data: null });
    expect([gone.calls[0]!.init.method, gone.calls[0]!.url]).toEqual(['DELETE', '/api/tokens/t%2F1']);
  });

  it('ids are escaped in paths', async () => {
    const { api, calls } = server(() => json(200, { joinUrl: 'http://c/join#t' }));
    await api.startSession('a/b');
    expect(calls[0]!.url).toBe('/api/sessions/a%2Fb/start');
  });

  it.each([
    ['seconds', '30', 30],
    ['an HTTP date', new Date(1_000_000 + 90_000).toUTCString(), 90],
    ['nothing', null, null],
    ['nonsense', 'soon', null],
  ])('Retry-After as %s', (_what, header, seconds) => {
    expect(retryAfterSeconds(header, 1_000_000)).toBe(seconds);
  });
});
