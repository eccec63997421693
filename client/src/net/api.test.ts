import { describe, expect, it } from 'vitest';
import { errorOf } from '@circle/shared';
import { createApi } from './api';
import { SESSION_RECORD as RECORD } from '../test/fakes';

interface Call {
  url: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: unknown;
}

/** A server that answers every request with one response, and remembers what it was asked. */
function server(answer: () => Response | Promise<Response>, token: string | null = 'tok') {
  const calls: Call[] = [];
  const api = createApi({
    token: () => token,
    fetch: async (url, init) => {
      calls.push({
        url,
        method: init.method,
        headers: Object.fromEntries(new Headers(init.headers)),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      });
      return answer();
    },
  });
  return { api, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the HTTP API', () => {
  it('creates an invitation: POST with the bearer token and a JSON body, answer parsed', async () => {
    const { api, calls } = server(() => json(201, { id: 'inv-1', role: 'member', url: 'http://c/join#x' }));
    const res = await api.createInvite('s1', { role: 'member', displayName: 'Ana' });
    expect(res).toEqual({ ok: true, data: { id: 'inv-1', role: 'member', url: 'http://c/join#x' } });
    expect(calls).toEqual([
      {
        url: '/api/sessions/s1/invites',
        method: 'POST',
        headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
        body: { role: 'member', displayName: 'Ana' },
      },
    ]);
  });

  it('a refusal is the server’s own error (the form shows its text)', async () => {
    const { api } = server(() => json(409, { error: errorOf('NAME_TAKEN', 'displayName') }));
    expect(await api.createInvite('s1', { role: 'member', displayName: 'Ana' })).toEqual({
      ok: false,
      error: errorOf('NAME_TAKEN', 'displayName'),
    });
  });

  it.each([
    ['an answer that breaks the contract', () => json(201, { id: 'inv-1', url: 'u' })],
    ['a body that is not JSON', () => new Response('<html>ok</html>', { status: 201 })],
    ['an error page from a proxy', () => new Response('<html>Bad gateway</html>', { status: 502 })],
    [
      'a network failure',
      () => {
        throw new TypeError('Failed to fetch');
      },
    ],
  ])('%s is INTERNAL, never a half-read object', async (_name, answer) => {
    const { api } = server(answer);
    expect(await api.createInvite('s1', { role: 'member', displayName: 'Ana' })).toEqual({
      ok: false,
      error: errorOf('INTERNAL'),
    });
  });

  it('revokes an invitation with DELETE and no body', async () => {
    const { api, calls } = server(() => new Response(null, { status: 204 }));
    expect(await api.revokeInvite('s1', 'inv-1')).toEqual({ ok: true, data: null });
    expect(calls).toEqual([
      {
        url: '/api/sessions/s1/invites/inv-1',
        method: 'DELETE',
        headers: { authorization: 'Bearer tok' },
        body: undefined,
      },
    ]);
  });

  it('ids are path segments, never path syntax', async () => {
    const { api, calls } = server(() => new Response(null, { status: 204 }));
    await api.revokeInvite('s/1', '../x');
    expect(calls[0]?.url).toBe('/api/sessions/s%2F1/invites/..%2Fx');
  });

  it('reads the session and the JSON record against their schemas', async () => {
    const detail = {
      id: 's1',
      title: 'Group',
      startsAt: 'x',
      durationMinutes: 90,
      maxMembers: 10,
      status: 'locked',
      invites: [],
      roster: [],
    };
    expect(await server(() => json(200, detail)).api.session('s1')).toEqual({ ok: true, data: detail });
    const { api, calls } = server(() => json(200, RECORD));
    expect(await api.record('s1')).toEqual({ ok: true, data: RECORD });
    expect(calls[0]?.url).toBe('/api/sessions/s1/record?format=json');
  });

  it('reads the CSV record as text', async () => {
    const { api, calls } = server(() => new Response('kind,who\r\nturn,Ana\r\n', { status: 200 }));
    expect(await api.recordCsv('s1')).toEqual({ ok: true, data: 'kind,who\r\nturn,Ana\r\n' });
    expect(calls[0]?.url).toBe('/api/sessions/s1/record?format=csv');
  });

  it('without a token the request still goes, and the server says no', async () => {
    const { api, calls } = server(() => json(401, { error: errorOf('UNAUTHORIZED') }), null);
    expect(await api.session('s1')).toEqual({ ok: false, error: errorOf('UNAUTHORIZED') });
    expect(calls[0]?.headers.authorization).toBe('Bearer');
  });
});

describe('the HTTP API when the server cannot store a change just now', () => {
  /** Answers with `answers` in turn (the last one from then on); waits are recorded, not slept. */
  function flaky(...answers: (() => Response)[]) {
    let n = 0;
    const waits: number[] = [];
    const api = createApi({
      token: () => 'tok',
      fetch: async () => answers[Math.min(n++, answers.length - 1)]!(),
      retry: { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    });
    return { api, waits, calls: () => n };
  }
  const unavailable = () => json(503, { error: errorOf('UNAVAILABLE') });
  const created = () => json(201, { id: 'inv-1', role: 'member', url: 'http://c/join#x' });

  it('sends it again, waiting longer each time, and answers with what finally worked', async () => {
    const { api, waits, calls } = flaky(unavailable, unavailable, created);
    const res = await api.createInvite('s1', { role: 'member', displayName: 'Ana' });
    expect(res.ok).toBe(true);
    expect(calls()).toBe(3);
    expect(waits).toEqual([300, 600]);
  });

  it('gives up after a few tries and says so with the retryable code', async () => {
    const { api, waits, calls } = flaky(unavailable);
    expect(await api.session('s1')).toEqual({ ok: false, error: errorOf('UNAVAILABLE') });
    expect(calls()).toBe(5);
    expect(waits).toEqual([300, 600, 1200, 2400]);
  });

  it('does not send again what the server refused for good', async () => {
    const { api, calls } = flaky(() => json(403, { error: errorOf('FORBIDDEN') }));
    expect(await api.session('s1')).toEqual({ ok: false, error: errorOf('FORBIDDEN') });
    expect(calls()).toBe(1);
  });
});
