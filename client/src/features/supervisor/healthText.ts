/**
 * The supervisor's health view in words: alert lines ("High latency ×3") and the charts' table
 * alternative. Pure functions, so the wording is tested without a browser.
 */
import type { HealthAlertKind, HealthAlertView } from '@circle/shared';
import { clockTime, type ClockOptions } from '../../ui/clockTime';

export const ALERT_TITLE: Record<HealthAlertKind, string> = {
  'packet-loss': 'Packet loss',
  'high-rtt': 'High latency',
  'low-score': 'Weak media',
  disconnected: 'Disconnected',
  'worker-cpu': 'Media server busy',
};

/** "High latency ×3": the kind, and how many times it has come back while listed. */
export function alertTitle(a: Pick<HealthAlertView, 'kind' | 'count'>): string {
  return a.count > 1 ? `${ALERT_TITLE[a.kind]} ×${a.count}` : ALERT_TITLE[a.kind];
}

/** The figure that crossed its limit, when last raised. */
export function alertDetail(a: HealthAlertView): string {
  switch (a.kind) {
    case 'packet-loss':
      return `${a.value}% lost (limit ${a.threshold}%)`;
    case 'high-rtt':
      return `round trip ${a.value} ms (limit ${a.threshold} ms)`;
    case 'low-score':
      return `media score ${a.value} of 10 (below ${a.threshold})`;
    case 'disconnected':
      return `for more than ${a.threshold} s`;
    case 'worker-cpu':
      return `CPU ${a.value}% (limit ${a.threshold}%)`;
  }
}

/** When: "14:05", or "14:05, last 14:12" once it has come back; then open or when it cleared. */
export function alertWhen(a: HealthAlertView, o: ClockOptions = {}): string {
  const first = clockTime(a.raisedAt, o);
  const last = clockTime(a.lastRaisedAt, o);
  const raised = a.count > 1 && last !== first ? `${first}, last ${last}` : first;
  return `${raised} · ${a.clearedAt === null ? 'open' : `cleared ${clockTime(a.clearedAt, o)}`}`;
}

/** One alert as a line of text: "High latency ×3 · Alex · round trip 650 ms (limit 400 ms) · 14:05, last 14:12 · open". */
export function alertText(a: HealthAlertView, name: string | null, o: ClockOptions = {}): string {
  return [alertTitle(a), a.participantId === null ? null : name, alertDetail(a), alertWhen(a, o)]
    .filter(Boolean)
    .join(' · ');
}

export interface ChartRow {
  /** Minute, as shown: "14:05". */
  time: string;
  values: (number | null)[];
}

/**
 * The charts' table alternative: one row per minute (the last sample in it), oldest first, and
 * values rounded as the axis shows them.
 */
export function chartRows(times: number[], series: (number | null)[][], o: ClockOptions = {}): ChartRow[] {
  const rows = new Map<string, ChartRow>();
  times.forEach((t, i) => {
    const time = clockTime(t, o);
    rows.set(time, { time, values: series.map((s) => (s[i] == null ? null : Math.round(s[i]! * 10) / 10)) });
  });
  return [...rows.values()];
}
