import { describe, expect, test } from 'vitest';
import type { HealthAlertKind } from '@circle/shared';
import {
  CLEARED_ALERT_LIST_MS,
  DEFAULT_THRESHOLDS,
  type HealthTracker,
  type MediaFigures,
  type ParticipantSample,
  type Presence,
  type RoomSample,
  appendHistory,
  connectionQuality,
  cpuPercent,
  emptyTracker,
  evaluateHealth,
  historyPoint,
  participantHealthView,
  participantSample,
} from './health.js';

const T0 = 1_800_000_000_000;
const SECOND = 1000;
const t = DEFAULT_THRESHOLDS;

const presence = (over: Partial<Presence> = {}): Presence => ({
  participantId: 'ana',
  role: 'member',
  inRoom: true,
  connected: true,
  disconnectedAt: null,
  reconnects: 0,
  micOn: true,
  cameraOn: true,
  ...over,
});

/** A participant with healthy figures; `over` changes some. */
const healthy = (over: Partial<ParticipantSample> = {}): ParticipantSample => ({
  ...presence(),
  transports: [
    { direction: 'send', ice: 'completed', dtls: 'connected' },
    { direction: 'recv', ice: 'completed', dtls: 'connected' },
  ],
  sendKbps: 900,
  recvKbps: 2_000,
  lossPct: 0,
  rttMs: 40,
  jitterMs: 3,
  producerScore: 10,
  consumerScore: 10,
  reported: true,
  ...over,
});

const sampleAt = (at: number, participants: ParticipantSample[], workerCpuPct: number | null = 20): RoomSample => ({
  at,
  workerCpuPct,
  participants,
});

/** Run samples through the rules in order; the open alerts (kind:participant) after each. */
function run(samples: RoomSample[]): { open: string[][]; tracker: HealthTracker } {
  let tracker = emptyTracker();
  const open: string[][] = [];
  for (const s of samples) {
    tracker = evaluateHealth(tracker, s, t).tracker;
    open.push(
      tracker.alerts
        .filter((a) => a.clearedAt === null)
        .map((a) => `${a.kind}:${a.participantId ?? 'room'}`)
        .sort(),
    );
  }
  return { open, tracker };
}

const every2s = (n: number, make: (i: number) => ParticipantSample[], cpu?: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => sampleAt(T0 + i * 2 * SECOND, make(i), cpu ? cpu(i) : 20));

describe('alert rules', () => {
  test.each<[string, RoomSample[], string[]]>([
    ['healthy figures raise nothing', every2s(8, () => [healthy()]), []],
    [
      'packet loss above 5% for 10 s raises packet-loss',
      every2s(6, () => [healthy({ lossPct: 8 })]), // 0 s … 10 s
      ['packet-loss:ana'],
    ],
    [
      'packet loss above 5% for only 8 s raises nothing yet',
      every2s(5, () => [healthy({ lossPct: 8 })]), // 0 s … 8 s
      [],
    ],
    [
      'a dip below 5% restarts the 10 s',
      every2s(8, (i) => [healthy({ lossPct: i === 3 ? 1 : 8 })]), // above again from 8 s to 14 s
      [],
    ],
    ['exactly 5% loss is not above 5%', every2s(8, () => [healthy({ lossPct: 5 })]), []],
    [
      'a round trip of 401 ms for 10 s raises high-rtt',
      every2s(6, () => [healthy({ rttMs: 401 })]), // 0 s … 10 s
      ['high-rtt:ana'],
    ],
    [
      'a round trip above 400 ms for only 8 s raises nothing yet',
      every2s(5, () => [healthy({ rttMs: 900 })]), // 0 s … 8 s
      [],
    ],
    ['a one-sample round-trip blip raises nothing', every2s(8, (i) => [healthy({ rttMs: i === 3 ? 2_000 : 40 })]), []],
    [
      'a round trip back under 400 ms for one sample restarts the 10 s',
      every2s(8, (i) => [healthy({ rttMs: i === 3 ? 100 : 650 })]), // above again from 8 s to 14 s
      [],
    ],
    ['a round trip of exactly 400 ms raises nothing', every2s(8, () => [healthy({ rttMs: 400 })]), []],
    [
      'a producer score of 4 for 10 s raises low-score',
      every2s(6, () => [healthy({ producerScore: 4 })]),
      ['low-score:ana'],
    ],
    [
      'a consumer score of 4 for 10 s raises low-score',
      every2s(6, () => [healthy({ consumerScore: 4 })]),
      ['low-score:ana'],
    ],
    ['a score of 4 for only 8 s raises nothing yet', every2s(5, () => [healthy({ consumerScore: 4 })]), []],
    ['a score of exactly 5 raises nothing', every2s(8, () => [healthy({ producerScore: 5, consumerScore: 5 })]), []],
    ['no score yet raises nothing', every2s(8, () => [healthy({ producerScore: null, consumerScore: null })]), []],
    [
      'disconnected for 31 s raises disconnected',
      [
        sampleAt(T0 + 31 * SECOND, [
          participantSample(presence({ connected: false, disconnectedAt: T0 }), undefined, undefined),
        ]),
      ],
      ['disconnected:ana'],
    ],
    [
      'disconnected for exactly 30 s raises nothing yet',
      [
        sampleAt(T0 + 30 * SECOND, [
          participantSample(presence({ connected: false, disconnectedAt: T0 }), undefined, undefined),
        ]),
      ],
      [],
    ],
    [
      'someone who has left the room raises nothing however long ago',
      [
        sampleAt(T0 + 600 * SECOND, [
          participantSample(presence({ inRoom: false, connected: false, disconnectedAt: T0 }), undefined, undefined),
        ]),
      ],
      [],
    ],
    [
      'a worker at 86% CPU for 10 s raises worker-cpu',
      every2s(
        6,
        () => [healthy()],
        () => 86,
      ),
      ['worker-cpu:room'],
    ],
    [
      'a worker at 99% CPU for only 8 s raises nothing yet',
      every2s(
        5,
        () => [healthy()],
        () => 99,
      ),
      [],
    ],
    [
      'a worker at exactly 85% CPU raises nothing',
      every2s(
        8,
        () => [healthy()],
        () => 85,
      ),
      [],
    ],
    [
      'several conditions at once raise one alert each',
      every2s(
        6,
        () => [healthy({ rttMs: 900, consumerScore: 2 })],
        () => 99,
      ),
      ['high-rtt:ana', 'low-score:ana', 'worker-cpu:room'],
    ],
  ])('%s', (_rule, samples, expected) => {
    expect(run(samples).open.at(-1)).toEqual(expected);
  });

  test.each<[HealthAlertKind, Partial<ParticipantSample>]>([
    ['high-rtt', { rttMs: 800 }],
    ['low-score', { producerScore: 1 }],
    ['packet-loss', { lossPct: 30 }],
  ])('%s clears, with its time, at the first sample without the condition', (kind, bad) => {
    const samples = [
      ...every2s(6, () => [healthy(bad)]),
      sampleAt(T0 + 12 * SECOND, [healthy()]),
      sampleAt(T0 + 14 * SECOND, [healthy()]),
    ];
    const { open, tracker } = run(samples);
    expect(open[5]).toEqual([`${kind}:ana`]);
    expect(open[6]).toEqual([]);
    const alert = tracker.alerts.find((a) => a.kind === kind);
    expect(alert?.clearedAt).toBe(T0 + 12 * SECOND);
  });

  test('an alert is raised once while its condition holds, with the time and the figure', () => {
    let tracker = emptyTracker();
    const raised: unknown[] = [];
    for (const s of every2s(10, () => [healthy({ rttMs: 650 })])) {
      const e = evaluateHealth(tracker, s, t);
      tracker = e.tracker;
      raised.push(...e.raised);
    }
    expect(raised).toEqual([
      expect.objectContaining({
        kind: 'high-rtt',
        participantId: 'ana',
        raisedAt: T0 + 10 * SECOND,
        count: 1,
        value: 650,
        threshold: 400,
      }),
    ]);
  });

  test('a reconnect clears the disconnected alert', () => {
    const dropped = participantSample(presence({ connected: false, disconnectedAt: T0 }), undefined, undefined);
    const { open } = run([sampleAt(T0 + 40 * SECOND, [dropped]), sampleAt(T0 + 42 * SECOND, [healthy()])]);
    expect(open).toEqual([['disconnected:ana'], []]);
  });

  test('alerts are listed newest first, and cleared ones drop off after ten minutes', () => {
    const instant = { ...t, sustainMs: 0 };
    let tracker = evaluateHealth(emptyTracker(), sampleAt(T0, [healthy({ rttMs: 500 })]), instant).tracker;
    tracker = evaluateHealth(
      tracker,
      sampleAt(T0 + 2 * SECOND, [healthy(), healthy({ participantId: 'ben', producerScore: 3 })]),
      instant,
    ).tracker;
    expect(tracker.alerts.map((a) => [a.kind, a.participantId])).toEqual([
      ['low-score', 'ben'],
      ['high-rtt', 'ana'],
    ]);
    const allWell = (at: number) => sampleAt(at, [healthy(), healthy({ participantId: 'ben' })]);
    const cleared = evaluateHealth(tracker, allWell(T0 + 4 * SECOND), t).tracker;
    expect(cleared.alerts.map((a) => a.clearedAt)).toEqual([T0 + 4 * SECOND, T0 + 2 * SECOND]);
    const stillListed = evaluateHealth(cleared, allWell(T0 + 4 * SECOND + CLEARED_ALERT_LIST_MS), t).tracker;
    expect(stillListed.alerts.map((a) => a.kind)).toEqual(['low-score']);
    const later = evaluateHealth(cleared, allWell(T0 + 4 * SECOND + CLEARED_ALERT_LIST_MS + 1), t);
    expect(later.tracker.alerts).toEqual([]);
  });

  test('thresholds come from the configuration', () => {
    const strict = { ...t, rttMs: 100, disconnectedMs: 2_000, sustainMs: 0 };
    const dropped = participantSample(presence({ connected: false, disconnectedAt: T0 }), undefined, undefined);
    const e = evaluateHealth(
      emptyTracker(),
      sampleAt(T0 + 3 * SECOND, [healthy({ rttMs: 150 }), { ...dropped, participantId: 'ben' }]),
      strict,
    );
    expect(e.raised.map((a) => `${a.kind}:${a.participantId}`).sort()).toEqual(['disconnected:ben', 'high-rtt:ana']);
  });
});

describe('alerts are counted, not piled up', () => {
  const rtt = (bad: boolean) => [healthy({ rttMs: bad ? 650 : 40 })];
  /** `bad` for 10 s (raised), then well for 4 s (cleared), `times` over. */
  const flapping = (times: number) =>
    Array.from({ length: times }, () => [...Array.from({ length: 6 }, () => true), false, false])
      .flat()
      .map((bad, i) => sampleAt(T0 + i * 2 * SECOND, rtt(bad)));

  test('a condition that comes back reopens its line and counts it: one line, ×3', () => {
    let tracker = emptyTracker();
    const raised: number[] = [];
    for (const s of flapping(3)) {
      const e = evaluateHealth(tracker, s, t);
      tracker = e.tracker;
      raised.push(...e.raised.map((a) => a.count));
    }
    expect(raised).toEqual([1, 2, 3]);
    expect(tracker.alerts).toEqual([
      expect.objectContaining({
        kind: 'high-rtt',
        participantId: 'ana',
        count: 3,
        raisedAt: T0 + 10 * SECOND,
        lastRaisedAt: T0 + 42 * SECOND,
        clearedAt: T0 + 44 * SECOND,
      }),
    ]);
  });

  test('while it comes back, the line is open again with the latest figure', () => {
    const samples = [
      ...flapping(1),
      ...every2s(6, () => [healthy({ rttMs: 900 })]).map((s) => ({ ...s, at: s.at + 16 * SECOND })),
    ];
    const { tracker } = run(samples);
    expect(tracker.alerts).toEqual([expect.objectContaining({ count: 2, clearedAt: null, value: 900 })]);
  });

  test('short blips between long ones are not counted', () => {
    const samples = every2s(20, (i) => rtt(i % 3 === 0));
    expect(run(samples).tracker.alerts).toEqual([]);
  });

  test('the same trouble for two people is two lines; two kinds for one person are two lines', () => {
    const { tracker } = run(
      every2s(6, () => [healthy({ rttMs: 650, consumerScore: 2 }), healthy({ participantId: 'ben', rttMs: 650 })]),
    );
    expect(tracker.alerts.map((a) => `${a.kind}:${a.participantId}:${a.count}`).sort()).toEqual([
      'high-rtt:ana:1',
      'high-rtt:ben:1',
      'low-score:ana:1',
    ]);
  });

  test('once its line has dropped off the list, trouble that comes back starts a new line', () => {
    let { tracker } = run(flapping(1));
    const later = T0 + 14 * SECOND + CLEARED_ALERT_LIST_MS + 1;
    tracker = evaluateHealth(tracker, sampleAt(later, rtt(false)), t).tracker;
    expect(tracker.alerts).toEqual([]);
    for (let i = 1; i <= 6; i++)
      tracker = evaluateHealth(tracker, sampleAt(later + i * 2 * SECOND, rtt(true)), t).tracker;
    expect(tracker.alerts).toEqual([expect.objectContaining({ count: 1, raisedAt: later + 12 * SECOND })]);
  });

  test('open lines are listed before cleared ones', () => {
    const instant = { ...t, sustainMs: 0 };
    let tracker = evaluateHealth(emptyTracker(), sampleAt(T0, [healthy({ rttMs: 500 })]), instant).tracker;
    tracker = evaluateHealth(
      tracker,
      sampleAt(T0 + 2 * SECOND, [healthy({ rttMs: 500, consumerScore: 1 })]),
      instant,
    ).tracker;
    tracker = evaluateHealth(tracker, sampleAt(T0 + 4 * SECOND, [healthy({ rttMs: 500 })]), instant).tracker;
    expect(tracker.alerts.map((a) => `${a.kind}:${a.clearedAt === null ? 'open' : 'cleared'}`)).toEqual([
      'high-rtt:open',
      'low-score:cleared',
    ]);
  });
});

describe('a participant’s figures', () => {
  const media: MediaFigures = {
    transports: [{ direction: 'send', ice: 'completed', dtls: 'connected' }],
    sendKbps: 700,
    recvKbps: 1_500,
    upLossPct: 2,
    jitterMs: 4,
    rttMs: null,
    producerScore: 9,
    consumerScore: 10,
  };
  const report = { sendKbps: 650, recvKbps: 1_400, lossPct: 6, rttMs: 120, jitterMs: 9 };

  test.each<[string, MediaFigures | undefined, typeof report | undefined, Partial<ParticipantSample>]>([
    [
      'bitrates from the SFU, loss and jitter the worst of both, round trip from the browser',
      media,
      report,
      { sendKbps: 700, recvKbps: 1_500, lossPct: 6, jitterMs: 9, rttMs: 120, reported: true },
    ],
    [
      'without a browser report, the SFU’s figures',
      media,
      undefined,
      { sendKbps: 700, lossPct: 2, rttMs: null, reported: false },
    ],
    [
      'without media in the SFU, the browser’s figures',
      undefined,
      report,
      { sendKbps: 650, recvKbps: 1_400, lossPct: 6 },
    ],
    ['with neither, nothing', undefined, undefined, { sendKbps: null, lossPct: null, producerScore: null }],
  ])('%s', (_rule, m, r, expected) => {
    expect(participantSample(presence(), m, r)).toMatchObject(expected);
  });

  test('a disconnected participant has no figures, whatever was measured before', () => {
    const s = participantSample(presence({ connected: false, disconnectedAt: T0 }), media, report);
    expect(s).toMatchObject({
      sendKbps: null,
      recvKbps: null,
      lossPct: null,
      rttMs: null,
      transports: [],
      reported: false,
    });
  });
});

describe('connection quality', () => {
  test.each<[string, ParticipantSample, string]>([
    ['healthy figures are good', healthy(), 'good'],
    ['3% loss is fair', healthy({ lossPct: 3 }), 'fair'],
    ['6% loss is poor', healthy({ lossPct: 6 }), 'poor'],
    ['250 ms round trip is fair', healthy({ rttMs: 250 }), 'fair'],
    ['450 ms round trip is poor', healthy({ rttMs: 450 }), 'poor'],
    ['a score of 7 is fair', healthy({ consumerScore: 7 }), 'fair'],
    ['a score of 3 is poor', healthy({ producerScore: 3 }), 'poor'],
    [
      'a failed ICE connection is poor',
      healthy({ transports: [{ direction: 'send', ice: 'disconnected', dtls: 'connected' }] }),
      'poor',
    ],
    [
      'dropped while in the room is poor',
      participantSample(presence({ connected: false, disconnectedAt: T0 }), undefined, undefined),
      'poor',
    ],
    ['no figures at all is unknown', participantSample(presence(), undefined, undefined), 'unknown'],
  ])('%s', (_rule, sample, quality) => {
    expect(connectionQuality(sample, t)).toBe(quality);
  });

  test('the view rounds figures for the wire and carries the quality', () => {
    const v = participantHealthView(healthy({ sendKbps: 812.46, lossPct: 1.234, rttMs: 40.6, jitterMs: 3.06 }), t);
    expect(v).toMatchObject({ sendKbps: 812, lossPct: 1.2, rttMs: 41, jitterMs: 3.1, quality: 'good' });
  });
});

describe('history and CPU', () => {
  test('history keeps the last ten minutes', () => {
    const point = (at: number) => historyPoint(at, 10, [participantHealthView(healthy(), t)]);
    let h = appendHistory([], point(T0), 600_000);
    h = appendHistory(h, point(T0 + 300_000), 600_000);
    h = appendHistory(h, point(T0 + 600_000), 600_000);
    expect(h.map((p) => p.at)).toEqual([T0 + 300_000, T0 + 600_000]);
    expect(h[0]?.participants.ana).toEqual([900, 2_000, 0, 40]);
  });

  test('a history point leaves out disconnected participants', () => {
    const dropped = participantHealthView(
      participantSample(presence({ participantId: 'ben', connected: false, disconnectedAt: T0 }), undefined, undefined),
      t,
    );
    expect(Object.keys(historyPoint(T0, null, [participantHealthView(healthy(), t), dropped]).participants)).toEqual([
      'ana',
    ]);
  });

  test.each([
    [1_000, 1_500, 1_000, 50],
    [1_000, 1_000, 2_000, 0],
    [0, 900, 1_000, 90],
  ])('CPU from %i ms to %i ms over %i ms is %i%%', (before, after, wall, pct) => {
    expect(cpuPercent(before, after, wall)).toBeCloseTo(pct);
  });

  test.each([
    ['no time passed', 0, 10, 0],
    ['the counter went back (a new worker)', 500, 100, 1_000],
  ])('CPU is unknown when %s', (_why, before, after, wall) => {
    expect(cpuPercent(before, after, wall)).toBeNull();
  });
});
