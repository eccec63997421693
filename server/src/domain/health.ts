/**
 * Session health as plain functions: figures from the SFU and from browsers in, a sample per
 * participant, connection quality and alerts out. Time is an argument; nothing here does I/O.
 *
 * Alert rules (thresholds configurable, see HealthThresholds):
 * - packet loss above `lossPct` for at least `lossMs` without a break;
 * - round-trip time above `rttMs` for at least `sustainMs` without a break;
 * - a mediasoup score (producer or consumer) below `minScore` for at least `sustainMs`;
 * - a participant in the room disconnected for more than `disconnectedMs`;
 * - the room's mediasoup worker above `workerCpuPct` of a core for at least `sustainMs`.
 * A short blip (one bad sample) raises nothing. An alert clears at the first sample in which its
 * condition no longer holds. One line per kind and participant: a condition that comes back while
 * its cleared line is still listed reopens that line and counts it ("High latency ×3"), rather
 * than adding another.
 */
import {
  type ConnectionQuality,
  type HealthAlertKind,
  type HealthAlertView,
  type HealthPoint,
  type ParticipantHealthView,
  type Role,
  type StatsReport,
  type TransportStateView,
  worseQuality,
} from '@circle/shared';

export interface HealthThresholds {
  lossPct: number;
  lossMs: number;
  rttMs: number;
  minScore: number;
  disconnectedMs: number;
  workerCpuPct: number;
  /** How long a round trip, score or CPU condition must hold, without a break, before it is raised. */
  sustainMs: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  lossPct: 5,
  lossMs: 10_000,
  rttMs: 400,
  minScore: 5,
  disconnectedMs: 30_000,
  workerCpuPct: 85,
  sustainMs: 10_000,
};

/** Cleared alerts are listed this long, and at most MAX_LISTED_ALERTS alerts are kept in all. */
export const CLEARED_ALERT_LIST_MS = 10 * 60_000;
export const MAX_LISTED_ALERTS = 50;

/** What the SFU says about one participant's media (the adapter's sample). */
export interface MediaFigures {
  transports: TransportStateView[];
  /** What the SFU receives from them, over their send transports; null without one. */
  sendKbps: number | null;
  /** What the SFU sends them, over their receive transports; null without one. */
  recvKbps: number | null;
  /** Loss on the way in, from their active producers' streams (the worst). */
  upLossPct: number | null;
  jitterMs: number | null;
  /** Only when the sender's RTCP lets the SFU measure it. */
  rttMs: number | null;
  producerScore: number | null;
  consumerScore: number | null;
}

/** What the room state knows about a participant. */
export interface Presence {
  participantId: string;
  role: Role;
  /** Admitted to the room (and not left, removed or declined). */
  inRoom: boolean;
  connected: boolean;
  disconnectedAt: number | null;
  reconnects: number;
  micOn: boolean;
  cameraOn: boolean;
}

/** A participant's sampled figures: the same fields the supervisor's view shows, plus presence. */
export interface ParticipantSample
  extends
    Presence,
    Pick<
      ParticipantHealthView,
      | 'transports'
      | 'sendKbps'
      | 'recvKbps'
      | 'lossPct'
      | 'rttMs'
      | 'jitterMs'
      | 'producerScore'
      | 'consumerScore'
      | 'reported'
    > {}

export interface RoomSample {
  at: number;
  workerCpuPct: number | null;
  participants: ParticipantSample[];
}

const worst = (...xs: (number | null | undefined)[]): number | null => {
  const known = xs.filter((x): x is number => typeof x === 'number');
  return known.length === 0 ? null : Math.max(...known);
};
const lowest = (...xs: (number | null)[]): number | null => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length === 0 ? null : Math.min(...known);
};

/**
 * One participant's figures: the SFU's where it has them (bitrates), the worst of both for loss
 * and jitter, the browser's round trip (the SFU rarely measures one). A disconnected participant
 * has no figures: whatever was measured before is stale.
 */
export function participantSample(
  presence: Presence,
  media: MediaFigures | undefined,
  report: StatsReport | undefined,
): ParticipantSample {
  if (!presence.connected) {
    return {
      ...presence,
      transports: [],
      sendKbps: null,
      recvKbps: null,
      lossPct: null,
      rttMs: null,
      jitterMs: null,
      producerScore: null,
      consumerScore: null,
      reported: false,
    };
  }
  return {
    ...presence,
    transports: media?.transports ?? [],
    sendKbps: media?.sendKbps ?? report?.sendKbps ?? null,
    recvKbps: media?.recvKbps ?? report?.recvKbps ?? null,
    lossPct: worst(media?.upLossPct, report?.lossPct),
    rttMs: worst(report?.rttMs, media?.rttMs),
    jitterMs: worst(media?.jitterMs, report?.jitterMs),
    producerScore: media?.producerScore ?? null,
    consumerScore: media?.consumerScore ?? null,
    reported: report !== undefined,
  };
}

const BAD_TRANSPORT_STATES = new Set(['disconnected', 'failed', 'closed']);

/**
 * good / fair / poor for a therapist's roster: poor at any alert threshold (or a failing transport,
 * or dropped while in the room), fair at half of it (or a score under minScore + 3), unknown
 * without any figure.
 */
export function connectionQuality(p: ParticipantSample, t: HealthThresholds): ConnectionQuality {
  if (!p.connected) return p.inRoom ? 'poor' : 'unknown';
  const score = lowest(p.producerScore, p.consumerScore);
  const figures = [p.sendKbps, p.recvKbps, p.lossPct, p.rttMs, score];
  if (figures.every((x) => x === null) && p.transports.length === 0) return 'unknown';
  const failing = p.transports.some((x) => BAD_TRANSPORT_STATES.has(x.ice) || BAD_TRANSPORT_STATES.has(x.dtls));
  if (failing || (p.lossPct ?? 0) > t.lossPct || (p.rttMs ?? 0) > t.rttMs || (score !== null && score < t.minScore)) {
    return 'poor';
  }
  if (
    (p.lossPct ?? 0) > t.lossPct / 2 ||
    (p.rttMs ?? 0) > t.rttMs / 2 ||
    (score !== null && score < Math.min(10, t.minScore + 3))
  ) {
    return 'fair';
  }
  return 'good';
}

export interface HealthTracker {
  /** Since when each condition (`kind:participant`) has been past its threshold, without a break. */
  since: Readonly<Record<string, number>>;
  /** Open alerts and recently cleared ones: open first, then the most recently raised. */
  alerts: readonly HealthAlertView[];
}

export const emptyTracker = (): HealthTracker => ({ since: {}, alerts: [] });

interface Condition {
  kind: HealthAlertKind;
  participantId: string | null;
  value: number;
  threshold: number;
  /** How long it must hold before it is raised. */
  holdMs: number;
}

export interface HealthEvaluation {
  tracker: HealthTracker;
  /** Alerts raised by this sample: new lines, and listed lines that came back (their count is one more). */
  raised: HealthAlertView[];
  cleared: HealthAlertView[];
}

const conditionKey = (c: { kind: HealthAlertKind; participantId: string | null }) =>
  `${c.kind}:${c.participantId ?? 'room'}`;

/** Every threshold this sample crosses, with how long each must hold before it counts. */
function crossings(sample: RoomSample, t: HealthThresholds): Condition[] {
  const { at } = sample;
  const out: Condition[] = [];
  for (const p of sample.participants) {
    if (!p.inRoom) continue;
    const participantId = p.participantId;
    if (!p.connected) {
      // Its duration is measured from the disconnection itself.
      if (p.disconnectedAt !== null && at - p.disconnectedAt > t.disconnectedMs) {
        out.push({
          kind: 'disconnected',
          participantId,
          value: Math.round((at - p.disconnectedAt) / 1000),
          threshold: t.disconnectedMs / 1000,
          holdMs: 0,
        });
      }
      continue;
    }
    if (p.lossPct !== null && p.lossPct > t.lossPct) {
      out.push({ kind: 'packet-loss', participantId, value: p.lossPct, threshold: t.lossPct, holdMs: t.lossMs });
    }
    if (p.rttMs !== null && p.rttMs > t.rttMs) {
      out.push({ kind: 'high-rtt', participantId, value: p.rttMs, threshold: t.rttMs, holdMs: t.sustainMs });
    }
    const score = lowest(p.producerScore, p.consumerScore);
    if (score !== null && score < t.minScore) {
      out.push({ kind: 'low-score', participantId, value: score, threshold: t.minScore, holdMs: t.sustainMs });
    }
  }
  if (sample.workerCpuPct !== null && sample.workerCpuPct > t.workerCpuPct) {
    out.push({
      kind: 'worker-cpu',
      participantId: null,
      value: sample.workerCpuPct,
      threshold: t.workerCpuPct,
      holdMs: t.sustainMs,
    });
  }
  return out;
}

/** Apply the alert rules to one sample: which alerts open (or come back), which clear. */
export function evaluateHealth(tracker: HealthTracker, sample: RoomSample, t: HealthThresholds): HealthEvaluation {
  const { at } = sample;
  const since: Record<string, number> = {};
  const holding = new Map<string, Condition>();
  for (const c of crossings(sample, t)) {
    const key = conditionKey(c);
    since[key] = tracker.since[key] ?? at;
    if (at - since[key] >= c.holdMs) holding.set(key, c);
  }

  const raised: HealthAlertView[] = [];
  const cleared: HealthAlertView[] = [];
  const alerts: HealthAlertView[] = [];
  const listed = new Set<string>();

  for (const a of tracker.alerts) {
    const key = conditionKey(a);
    listed.add(key);
    const c = holding.get(key);
    if (a.clearedAt === null && !c) {
      const done = { ...a, clearedAt: at };
      cleared.push(done);
      alerts.push(done);
    } else if (a.clearedAt !== null && c) {
      // Back again while its line is listed: the same line, reopened and counted.
      const again: HealthAlertView = {
        ...a,
        clearedAt: null,
        lastRaisedAt: at,
        count: a.count + 1,
        value: round1(c.value),
        threshold: c.threshold,
      };
      raised.push(again);
      alerts.push(again);
    } else {
      alerts.push(a);
    }
  }
  for (const [key, c] of holding) {
    if (listed.has(key)) continue;
    const alert: HealthAlertView = {
      id: `${key}:${at}`,
      kind: c.kind,
      participantId: c.participantId,
      raisedAt: at,
      lastRaisedAt: at,
      count: 1,
      clearedAt: null,
      value: round1(c.value),
      threshold: c.threshold,
    };
    raised.push(alert);
    alerts.push(alert);
  }
  const kept = alerts
    .filter((a) => a.clearedAt === null || at - a.clearedAt <= CLEARED_ALERT_LIST_MS)
    .sort((a, b) => Number(a.clearedAt !== null) - Number(b.clearedAt !== null) || b.lastRaisedAt - a.lastRaisedAt)
    .slice(0, MAX_LISTED_ALERTS);
  return { tracker: { since, alerts: kept }, raised, cleared };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const roundOrNull = (x: number | null, f: (x: number) => number) => (x === null ? null : f(x));

/** What staff receive about one participant. */
export function participantHealthView(p: ParticipantSample, t: HealthThresholds): ParticipantHealthView {
  return {
    participantId: p.participantId,
    role: p.role,
    connected: p.connected,
    transports: p.transports,
    sendKbps: roundOrNull(p.sendKbps, Math.round),
    recvKbps: roundOrNull(p.recvKbps, Math.round),
    lossPct: roundOrNull(p.lossPct, round1),
    rttMs: roundOrNull(p.rttMs, Math.round),
    jitterMs: roundOrNull(p.jitterMs, round1),
    producerScore: p.producerScore,
    consumerScore: p.consumerScore,
    reconnects: p.reconnects,
    micOn: p.micOn,
    cameraOn: p.cameraOn,
    quality: connectionQuality(p, t),
    reported: p.reported,
  };
}

/** The worst quality among participants in the room. */
export function worstQuality(participants: readonly { quality: ConnectionQuality }[]): ConnectionQuality {
  return participants.reduce<ConnectionQuality>((w, p) => worseQuality(w, p.quality), 'unknown');
}

/** One chart point per sample: per participant [send, receive, loss, round trip]. */
export function historyPoint(at: number, cpuPct: number | null, views: readonly ParticipantHealthView[]): HealthPoint {
  const participants: HealthPoint['participants'] = {};
  for (const v of views) {
    if (v.connected) participants[v.participantId] = [v.sendKbps, v.recvKbps, v.lossPct, v.rttMs];
  }
  return { at, cpuPct: cpuPct === null ? null : round1(cpuPct), participants };
}

/** Add a point and drop those older than `windowMs` before it. */
export function appendHistory(history: readonly HealthPoint[], point: HealthPoint, windowMs: number): HealthPoint[] {
  return [...history.filter((h) => h.at > point.at - windowMs), point];
}

/** CPU in percent of one core between two readings of cumulative CPU time (ms), over `wallMs`. */
export function cpuPercent(previousCpuMs: number, cpuMs: number, wallMs: number): number | null {
  if (wallMs <= 0 || cpuMs < previousCpuMs) return null;
  return ((cpuMs - previousCpuMs) / wallMs) * 100;
}
