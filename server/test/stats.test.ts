import { describe, expect, it } from 'vitest';
import type { RoomHealthView } from '@circle/shared';
import type { Bot } from '@circle/testkit/bot';
import { requireId, useTestCircle, waitFor } from './support/harness.js';

const circle = useTestCircle({
  env: {
    HEALTH_SAMPLE_SECONDS: '1',
    ALERT_LOSS_SECONDS: '2',
    ALERT_DISCONNECTED_SECONDS: '2',
    // Round trip raised at the first sample here; the 10 s minimum is the domain's (health.test.ts).
    ALERT_SUSTAIN_SECONDS: '0',
  },
});

const figuresOf = (h: RoomHealthView, bot: Bot) => h.participants.find((p) => p.participantId === requireId(bot));

async function staffedRoom() {
  const t = circle();
  const session = await t.createSession();
  const therapist = await session.connectTherapist();
  const supervisor = await session.join('supervisor', 'Dr. Okafor');
  const alex = await session.joinAsMember('Alex', therapist);
  const sam = await session.joinAsMember('Sam', therapist);
  return { t, session, therapist, supervisor, alex, sam };
}

describe('session health from the SFU (real mediasoup worker, plain-RTP bots)', () => {
  it('while media flows the supervisor sees non-zero bitrates, scores, counts and the worker’s CPU and memory', async () => {
    const { therapist, supervisor, alex, sam } = await staffedRoom();
    await alex.joinMedia();
    const mic = await alex.produce('mic');
    const camera = await alex.produce('camera', { kbps: 400 });
    mic.stream.start({ maxDurationMs: 20_000 });
    camera.stream.start({ maxDurationMs: 20_000 });
    await sam.joinMedia();
    await sam.consumeAll();

    const health = await supervisor.nextEvent(
      'health:sampled',
      (h) => (figuresOf(h, alex)?.sendKbps ?? 0) > 0 && (figuresOf(h, sam)?.recvKbps ?? 0) > 0,
      { timeoutMs: 15_000 },
    );
    const a = figuresOf(health, alex);
    const s = figuresOf(health, sam);
    expect(a).toMatchObject({ role: 'member', connected: true, micOn: true, cameraOn: true, reconnects: 0 });
    // Synthetic Opus + ~400 kbps VP8 arrive at the SFU; Sam receives both.
    expect(a?.sendKbps).toBeGreaterThan(100);
    expect(s?.recvKbps).toBeGreaterThan(100);
    expect(a?.transports).toEqual([{ direction: 'send', ice: 'plain', dtls: 'plain' }]);
    expect(a?.producerScore).toEqual(expect.any(Number));
    expect(s?.consumerScore).toEqual(expect.any(Number));
    expect(a?.lossPct).toEqual(expect.any(Number));
    expect(health.counts).toEqual({ transports: 2, producers: 2, consumers: 2 });
    expect(health.worker?.maxRssKb).toBeGreaterThan(0);
    expect(health.worker?.pid).toEqual(expect.any(Number));
    const later = await supervisor.nextEvent('health:sampled', (h) => h.at > health.at && h.worker?.cpuPct != null, {
      since: supervisor.events.length,
      timeoutMs: 5_000,
    });
    expect(later.worker?.cpuPct).toBeGreaterThan(0);

    // The charts' history has the same figures; therapists get the samples too (their roster's indicator).
    const { history, current } = await supervisor.call('health:history', {});
    expect(current?.sessionId).toBe(health.sessionId);
    expect(history.some((p) => (p.participants[requireId(alex)]?.[0] ?? 0) > 0)).toBe(true);
    expect(therapist.received('health:sampled').length).toBeGreaterThan(0);
    // Members receive none of it.
    for (const member of [alex, sam]) expect(member.events.some((e) => e.name.startsWith('health:'))).toBe(false);
  });

  it('alerts come from synthetic browser reports through the rules: round trip at once, loss after its time', async () => {
    const { supervisor, alex } = await staffedRoom();
    const ack = await alex.request('stats:report', {
      sendKbps: 300,
      recvKbps: 900,
      lossPct: 20,
      rttMs: 900,
      jitterMs: 30,
    });
    expect(ack).toEqual({ ok: true, data: null });
    // At most one report every two seconds.
    const tooSoon = await alex.request('stats:report', { sendKbps: 0, recvKbps: 0, lossPct: 0, rttMs: 0, jitterMs: 0 });
    expect(tooSoon.ok ? null : tooSoon.error.code).toBe('RATE_LIMITED');

    const alexId = requireId(alex);
    const rtt = await supervisor.nextEvent('health:sampled', (h) =>
      h.alerts.some((a) => a.kind === 'high-rtt' && a.participantId === alexId),
    );
    expect(rtt.alerts.some((a) => a.kind === 'packet-loss')).toBe(false);
    expect(figuresOf(rtt, alex)).toMatchObject({
      rttMs: 900,
      lossPct: 20,
      jitterMs: 30,
      quality: 'poor',
      reported: true,
    });
    const loss = await supervisor.nextEvent(
      'health:sampled',
      (h) => h.alerts.some((a) => a.kind === 'packet-loss' && a.participantId === alexId && a.clearedAt === null),
      { timeoutMs: 8_000 },
    );
    const lossAlert = loss.alerts.find((a) => a.kind === 'packet-loss');
    expect(lossAlert).toMatchObject({ value: 20, threshold: 5 });
    expect(lossAlert && lossAlert.raisedAt - rtt.at).toBeGreaterThanOrEqual(2_000);

    // A healthy report (more than two seconds after the first) clears both, with the time.
    const since = supervisor.events.length;
    expect(
      await alex.request('stats:report', { sendKbps: 300, recvKbps: 900, lossPct: 0, rttMs: 40, jitterMs: 2 }),
    ).toEqual({
      ok: true,
      data: null,
    });
    const cleared = await supervisor.nextEvent(
      'health:sampled',
      (h) => h.alerts.filter((a) => a.participantId === alexId).every((a) => a.clearedAt !== null),
      { since, timeoutMs: 5_000 },
    );
    expect(
      cleared.alerts
        .filter((a) => a.participantId === alexId)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['high-rtt', 'packet-loss']);
  });

  it('a participant disconnected past the threshold raises an alert for the supervisor', async () => {
    const { supervisor, sam } = await staffedRoom();
    const samId = requireId(sam);
    sam.close();
    const h = await supervisor.nextEvent(
      'health:sampled',
      (x) => x.alerts.some((a) => a.kind === 'disconnected' && a.participantId === samId),
      { timeoutMs: 10_000 },
    );
    expect(figuresOf(h, sam)).toMatchObject({ connected: false, quality: 'poor', sendKbps: null });
  });

  it('reports are refused out of bounds, from supervisors, and before admission', async () => {
    const { session, supervisor, alex } = await staffedRoom();
    const huge = await alex.request('stats:report', {
      sendKbps: 1e9,
      recvKbps: 0,
      lossPct: 0,
      rttMs: null,
      jitterMs: null,
    });
    expect(huge.ok ? null : huge.error).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'sendKbps' });
    const fromSupervisor = await supervisor.request('stats:report', {
      sendKbps: 0,
      recvKbps: 0,
      lossPct: 0,
      rttMs: null,
      jitterMs: null,
    });
    expect(fromSupervisor.ok ? null : fromSupervisor.error.code).toBe('FORBIDDEN');
    const waiting = await session.join('member', 'Robin');
    const early = await waiting.request('stats:report', {
      sendKbps: 0,
      recvKbps: 0,
      lossPct: 0,
      rttMs: null,
      jitterMs: null,
    });
    expect(early.ok ? null : early.error.code).toBe('NOT_ADMITTED');
    const peek = await alex.request('health:history', {});
    expect(peek.ok ? null : peek.error.code).toBe('FORBIDDEN');
  });

  it('rooms are sampled only while a therapist or supervisor is connected', async () => {
    const t = circle();
    const { health } = t.circle.supervision;
    const { session, therapist, supervisor } = await staffedRoom();
    const before = health.stats.roomSamples;
    await waitFor(() => health.stats.roomSamples > before, 5_000, 'the room is sampled');
    const actor = await session.actor();
    const staffIds = [requireId(therapist), requireId(supervisor)];
    therapist.close();
    supervisor.close();
    await waitFor(
      () => staffIds.every((id) => actor.snapshot.participants[id]?.connected === false),
      5_000,
      'the staff disconnects land',
    );
    // The members are still connected: watch three ticks after the one in flight.
    const ticks = health.stats.ticks;
    await waitFor(() => health.stats.ticks >= ticks + 1, 5_000, 'one tick');
    const samples = health.stats.roomSamples;
    await waitFor(() => health.stats.ticks >= ticks + 4, 8_000, 'three more ticks');
    expect(health.stats.roomSamples).toBe(samples);
  });
});

describe('the supervisor’s list of live sessions', () => {
  it('lists every live session on this node with figures, and the title only of the supervisor’s own', async () => {
    const t = circle();
    const { session, supervisor, alex } = await staffedRoom();
    const other = await t.createSession({ title: 'Thursday group' });
    await other.connectTherapist();
    const { sessions } = await supervisor.call('health:sessions', {});
    const mine = sessions.find((s) => s.sessionId === session.id);
    const theirs = sessions.find((s) => s.sessionId === other.id);
    expect(mine).toMatchObject({
      title: 'Tuesday group',
      yours: true,
      participants: { member: 2, therapist: 1, supervisor: 1 },
      openCrisisAlerts: 0,
    });
    expect(theirs).toMatchObject({
      title: null,
      yours: false,
      participants: { member: 0, therapist: 1, supervisor: 0 },
    });
    expect(sessions[0]?.sessionId).toBe(session.id);
    const refused = await alex.request('health:sessions', {});
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
  });
});

describe('the private staff line', () => {
  it('a therapist’s message reaches the supervisor and no member; the supervisor’s reply reaches the therapist', async () => {
    const { therapist, supervisor, alex, sam } = await staffedRoom();
    const secret = 'Sam mentioned the anniversary of his brother’s death: follow up privately';
    const sent = await therapist.call('staff:message', { text: secret });
    expect(sent).toMatchObject({ fromId: requireId(therapist), fromRole: 'therapist', text: secret });
    const got = await supervisor.nextEvent('staff:messageDelivered', (m) => m.id === sent.id);
    expect(got).toEqual(sent);

    const reply = await supervisor.call('staff:message', { text: 'Agreed. Call him after the group.' });
    await therapist.nextEvent('staff:messageDelivered', (m) => m.id === reply.id);

    // A member cannot use it, and nothing is broadcast when they try.
    const since = supervisor.events.length;
    const refused = await alex.request('staff:message', { text: 'hello staff' });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');

    // Make sure the members have had later events than the messages, then read everything they got.
    await therapist.call('room:lock', { locked: true });
    for (const m of [alex, sam]) await waitFor(() => m.view?.locked === true, 5_000, `${m.name} sees the lock`);
    for (const m of [alex, sam]) {
      expect(m.events.some((e) => e.name === 'staff:messageDelivered')).toBe(false);
      const everything = JSON.stringify(m.events.map((e) => e.args));
      expect(everything).not.toContain('anniversary');
      expect(everything).not.toContain('Call him after the group');
    }
    expect(supervisor.received('staff:messageDelivered', since)).toEqual([]);
  });
});
