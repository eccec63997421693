/**
 * The browser's side of session health: a compact summary of its own WebRTC getStats, computed
 * from two snapshots taken an interval apart, within the bounds of the `stats:report` schema.
 */
import type { StatsReport } from '@circle/shared';

export interface RtcSnapshot {
  at: number;
  bytesSent: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  /** The selected candidate pair's current round trip (worst transport), ms. */
  rttMs: number | null;
  /** Inbound jitter (worst stream), ms. */
  jitterMs: number | null;
}

interface StatLike {
  type: string;
  [key: string]: unknown;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const maxOf = (a: number | null, b: number): number => (a === null ? b : Math.max(a, b));

/** Add up one transport's getStats report (an RTCStatsReport) into a snapshot. */
export function snapshotOf(reports: Iterable<Iterable<StatLike>>, at: number): RtcSnapshot {
  const snap: RtcSnapshot = {
    at,
    bytesSent: 0,
    bytesReceived: 0,
    packetsReceived: 0,
    packetsLost: 0,
    rttMs: null,
    jitterMs: null,
  };
  for (const report of reports) {
    const stats = [...report];
    const selectedPairs = new Set(
      stats.filter((s) => s.type === 'transport').map((s) => s.selectedCandidatePairId as string | undefined),
    );
    for (const s of stats) {
      if (s.type === 'outbound-rtp') snap.bytesSent += num(s.bytesSent);
      if (s.type === 'inbound-rtp') {
        snap.bytesReceived += num(s.bytesReceived);
        snap.packetsReceived += num(s.packetsReceived);
        snap.packetsLost += Math.max(0, num(s.packetsLost));
        if (typeof s.jitter === 'number') snap.jitterMs = maxOf(snap.jitterMs, s.jitter * 1000);
      }
      const selected = selectedPairs.has(s.id as string) || (s.nominated === true && s.state === 'succeeded');
      if (s.type === 'candidate-pair' && selected && typeof s.currentRoundTripTime === 'number') {
        snap.rttMs = maxOf(snap.rttMs, s.currentRoundTripTime * 1000);
      }
    }
  }
  return snap;
}

const clamp = (x: number, max: number) => Math.min(max, Math.max(0, x));

/** What happened between two snapshots, as a `stats:report` payload; null if they are not in order. */
export function summarise(previous: RtcSnapshot, current: RtcSnapshot): StatsReport | null {
  const ms = current.at - previous.at;
  if (ms <= 0) return null;
  // bits per millisecond = kilobits per second.
  const kbps = (bytes: number) => clamp(((bytes > 0 ? bytes : 0) * 8) / ms, 100_000);
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = current.packetsLost - previous.packetsLost;
  const expected = Math.max(0, received) + Math.max(0, lost);
  return {
    sendKbps: kbps(current.bytesSent - previous.bytesSent),
    recvKbps: kbps(current.bytesReceived - previous.bytesReceived),
    lossPct: expected > 0 ? clamp((Math.max(0, lost) / expected) * 100, 100) : 0,
    rttMs: current.rttMs === null ? null : clamp(current.rttMs, 60_000),
    jitterMs: current.jitterMs === null ? null : clamp(current.jitterMs, 60_000),
  };
}
