import './zodConfig.js';
/**
 * Session health for supervisors and operators: what browsers report about their own connection,
 * what the server samples from the SFU, the alerts raised from both, and the private staff line.
 * Health types carry ids and figures only (names come from the room view); the staff line's text
 * goes to therapists and supervisors only.
 */
import { z } from 'zod';
import type { Role } from './roles.js';

export {
  STATS_REPORT_INTERVAL_MS,
  STATS_REPORT_TOLERANCE_MS,
  HEALTH_HISTORY_MS,
  STAFF_MESSAGE_CHARS,
} from './limits.js';

const MAX_KBPS = 100_000;
const MAX_MS = 60_000;

/**
 * A browser's summary of its own WebRTC getStats over the last interval. Bounded numbers only:
 * kilobits per second sent and received, inbound packet loss in percent, round-trip time and
 * jitter in milliseconds (null when the browser has no figure yet).
 */
export const statsReportSchema = z.strictObject({
  sendKbps: z.number().min(0).max(MAX_KBPS),
  recvKbps: z.number().min(0).max(MAX_KBPS),
  lossPct: z.number().min(0).max(100),
  rttMs: z.number().min(0).max(MAX_MS).nullable(),
  jitterMs: z.number().min(0).max(MAX_MS).nullable(),
});
export type StatsReport = z.output<typeof statsReportSchema>;

export const ConnectionQuality = { good: 'good', fair: 'fair', poor: 'poor', unknown: 'unknown' } as const;
export type ConnectionQuality = (typeof ConnectionQuality)[keyof typeof ConnectionQuality];

export const HealthAlertKind = {
  packetLoss: 'packet-loss',
  highRtt: 'high-rtt',
  lowScore: 'low-score',
  disconnected: 'disconnected',
  workerCpu: 'worker-cpu',
} as const;
export type HealthAlertKind = (typeof HealthAlertKind)[keyof typeof HealthAlertKind];

/** ICE and DTLS state of one WebRTC transport (`plain` for plain-RTP transports, which have neither). */
export interface TransportStateView {
  direction: 'send' | 'recv';
  ice: string;
  dtls: string;
}

/** One participant's connection as the server last sampled it. */
export interface ParticipantHealthView {
  participantId: string;
  role: Role;
  connected: boolean;
  transports: TransportStateView[];
  /** What the SFU receives from them (or what their browser says it sends). */
  sendKbps: number | null;
  /** What the SFU sends to them (or what their browser says it receives). */
  recvKbps: number | null;
  /** The worst of upstream loss (SFU side), downstream loss (their receiver reports) and their browser's figure. */
  lossPct: number | null;
  rttMs: number | null;
  jitterMs: number | null;
  /** mediasoup scores, 0–10: the lowest of their active producers and of their active consumers. */
  producerScore: number | null;
  consumerScore: number | null;
  reconnects: number;
  micOn: boolean;
  cameraOn: boolean;
  quality: ConnectionQuality;
  /** Their browser sent a report recently. */
  reported: boolean;
}

/**
 * One alert line: a kind of trouble for one participant (or the room). A condition that comes back
 * while its line is still listed reopens that line and adds one to `count`, so blips do not pile up.
 */
export interface HealthAlertView {
  id: string;
  kind: HealthAlertKind;
  /** Null for room-wide alerts (the worker). */
  participantId: string | null;
  /** When it was first raised. */
  raisedAt: number;
  /** When it was last raised (equal to `raisedAt` until it comes back). */
  lastRaisedAt: number;
  /** How many times it has been raised (1, then 2 when it came back after clearing, …). */
  count: number;
  /** Null while the condition still holds. */
  clearedAt: number | null;
  /** The figure that crossed the threshold (percent, ms, score or seconds), when last raised. */
  value: number;
  threshold: number;
}

export interface RoomHealthView {
  sessionId: string;
  /** Server time of the sample. */
  at: number;
  sampleMs: number;
  /** The mediasoup worker under this room: CPU in percent of one core since the last sample, max RSS in kB. */
  worker: { pid: number; cpuPct: number | null; maxRssKb: number } | null;
  counts: { transports: number; producers: number; consumers: number };
  participants: ParticipantHealthView[];
  /** Open alerts and recently cleared ones, newest first. */
  alerts: HealthAlertView[];
}

/** One point of the charts' history: per participant [sendKbps, recvKbps, lossPct, rttMs]. */
export interface HealthPoint {
  at: number;
  cpuPct: number | null;
  participants: Record<string, [number | null, number | null, number | null, number | null]>;
}

/** A live session at a glance. The title is given only for the asking supervisor's own session. */
export interface SessionHealthSummary {
  sessionId: string;
  title: string | null;
  yours: boolean;
  /** Connected participants by role. */
  participants: Record<Role, number>;
  openAlerts: number;
  openCrisisAlerts: number;
  /** The worst connection quality among connected participants. */
  worst: ConnectionQuality;
  /** Time of the last health sample (null: no staff connected, so not sampled). */
  sampledAt: number | null;
}

/** A message on the private line between therapists and supervisors. Never sent to members, never stored. */
export interface StaffMessageView {
  id: string;
  fromId: string;
  fromRole: 'therapist' | 'supervisor';
  text: string;
  at: number;
}

const QUALITY_RANK: Record<ConnectionQuality, number> = { unknown: 0, good: 1, fair: 2, poor: 3 };

/** The worse of two qualities (unknown counts as the best: no figures, nothing to worry about yet). */
export function worseQuality(a: ConnectionQuality, b: ConnectionQuality): ConnectionQuality {
  return QUALITY_RANK[b] > QUALITY_RANK[a] ? b : a;
}
