import { describe, expect, it } from 'vitest';
import type { SessionHealthSummary } from '@circle/shared';
import { TEST_ADMIN_TOKEN, startTestCircle, useTestCircle, waitFor } from './support/harness.js';

// Alerts at the first sample: one report is enough to count one (the minimum duration is the domain's).
const circle = useTestCircle({ env: { HEALTH_SAMPLE_SECONDS: '1', ALERT_SUSTAIN_SECONDS: '0' } });

/** Prometheus text format → { 'name{labels}': value } for the samples (not the # HELP/TYPE lines). */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!m?.[1] || m[2] === undefined) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(m[1], Number(m[2]));
  }
  return samples;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

describe('GET /metrics', () => {
  it('counts rooms, participants by role, media, worker CPU and memory, event loop lag, socket events and errors, crisis alerts', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    await session.join('supervisor', 'Dr. Okafor');
    const alex = await session.joinAsMember('Alex', therapist);
    await alex.joinMedia();
    await alex.produce('mic');
    await alex.call('hand:raise', {});
    const bad = await alex.request('hand:raise', { extra: true } as never);
    expect(bad.ok).toBe(false);
    const forbidden = await alex.request('room:lock', { locked: true });
    expect(forbidden.ok).toBe(false);
    await alex.call('crisis:alert', {});

    const m = await scrape(t.url);
    expect(m.get('circle_rooms{state="active"}')).toBe(1);
    expect(m.get('circle_participants{role="member"}')).toBe(1);
    expect(m.get('circle_participants{role="therapist"}')).toBe(1);
    expect(m.get('circle_participants{role="supervisor"}')).toBe(1);
    expect(m.get('circle_media_transports')).toBe(1);
    expect(m.get('circle_media_producers')).toBe(1);
    expect(m.get('circle_media_consumers')).toBe(0);
    expect(m.get('circle_crisis_alerts{state="raised"}')).toBe(1);
    expect(m.get('circle_socket_events_total{event="hand:raise"}')).toBe(2);
    expect(m.get('circle_socket_errors_total{event="hand:raise",code="INVALID_PAYLOAD"}')).toBe(1);
    expect(m.get('circle_socket_errors_total{event="room:lock",code="FORBIDDEN"}')).toBe(1);
    expect(m.get('circle_socket_events_total{event="crisis:alert"}')).toBe(1);
    expect(m.has('circle_socket_errors_total{event="crisis:alert",code="INVALID_PAYLOAD"}')).toBe(false);

    const pid = t.circle.pool.workers[0]?.pid;
    expect(m.get(`circle_worker_max_rss_bytes{worker_pid="${pid}"}`)).toBeGreaterThan(1_000_000);
    expect(m.get(`circle_worker_cpu_seconds_total{worker_pid="${pid}"}`)).toBeGreaterThan(0);
    expect(m.get('nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));
    expect(m.has('process_resident_memory_bytes')).toBe(true);

    // A second scrape has the worker's CPU since the first.
    const again = await scrape(t.url);
    expect(again.get(`circle_worker_cpu_percent{worker_pid="${pid}"}`)).toEqual(expect.any(Number));
  });

  it('counts alerts raised for supervisors, by kind', async () => {
    const t = circle();
    const session = await t.createSession();
    const therapist = await session.connectTherapist();
    const alex = await session.joinAsMember('Alex', therapist);
    await alex.call('stats:report', { sendKbps: 100, recvKbps: 100, lossPct: 0, rttMs: 2_000, jitterMs: null });
    await therapist.nextEvent('health:sampled', (h) => h.alerts.some((a) => a.kind === 'high-rtt'));
    const m = await scrape(t.url);
    expect(m.get('circle_health_alerts_raised_total{kind="high-rtt"}')).toBeGreaterThanOrEqual(1);
    expect(m.get('circle_health_alerts_open{kind="high-rtt"}')).toBeGreaterThanOrEqual(1);
  });

  it('carries no names, locations or free text', async () => {
    const t = circle();
    const session = await t.createSession({ title: 'Grief group at Maple Street' });
    const therapist = await session.connectTherapist();
    await session.joinAsMember('Zebediah', therapist);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    for (const secret of ['Zebediah', 'Maple', 'Grief', 'Elm Street', 'Dr. Rivera']) expect(text).not.toContain(secret);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  it('needs the token as Bearer when one is set', async () => {
    const t = await startTestCircle({}, { METRICS_TOKEN: 'scrape-secret' });
    try {
      expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      await scrape(t.url, { authorization: 'Bearer scrape-secret' });
    } finally {
      await t.close();
    }
  });
});

describe('GET /api/health/sessions', () => {
  it('gives the admin every live session with its title and figures, and nobody else', async () => {
    const t = circle();
    const session = await t.createSession({ title: 'Monday group' });
    const therapist = await session.connectTherapist();
    await session.joinAsMember('Alex', therapist);
    await waitFor(() => t.circle.supervision.health.summaries().some((s) => s.sampledAt !== null), 5_000, 'a sample');

    const res = await fetch(`${t.url}/api/health/sessions`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const { sessions } = (await res.json()) as { sessions: SessionHealthSummary[] };
    expect(sessions.find((s) => s.sessionId === session.id)).toMatchObject({
      title: 'Monday group',
      participants: { member: 1, therapist: 1, supervisor: 0 },
      openAlerts: 0,
      sampledAt: expect.any(Number),
    });

    expect((await fetch(`${t.url}/api/health/sessions`)).status).toBe(401);
    const asTherapist = await fetch(`${t.url}/api/health/sessions`, {
      headers: { authorization: `Bearer ${session.therapistInvite.token}` },
    });
    expect(asTherapist.status).toBe(401);
  });
});
