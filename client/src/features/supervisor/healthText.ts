/**
 * The supervisor's health view in words: alert lines ("High latency ×3") and the charts' table
 * alternative. Pure functions, so the wording is tested without a browser.
 */
import i18next from 'i18next';
import type { HealthAlertView } from '@circle/shared';
import { clockTime, type ClockOptions } from '../../ui/clockTime';

/** "High latency ×3": the kind, and how many times it has come back while listed. */
export function alertTitle(a: Pick<HealthAlertView, 'kind' | 'count'>): string {
  const title = i18next.t(`supervisor:alert.title.${a.kind}`);
  return a.count > 1 ? i18next.t('supervisor:alert.times', { title, count: a.count }) : title;
}

/** The figure that crossed its limit, when last raised. */
export function alertDetail(a: HealthAlertView): string {
  return i18next.t(`supervisor:alert.${a.kind}`, { value: a.value, threshold: a.threshold });
}

/** When: "14:05", or "14:05, last 14:12" once it has come back; then open or when it cleared. */
export function alertWhen(a: HealthAlertView, o: ClockOptions = {}): string {
  const first = clockTime(a.raisedAt, o);
  const last = clockTime(a.lastRaisedAt, o);
  const raised = a.count > 1 && last !== first ? i18next.t('supervisor:alert.again', { first, last }) : first;
  const state =
    a.clearedAt === null
      ? i18next.t('supervisor:alert.stillOpen')
      : i18next.t('supervisor:alert.cleared', { time: clockTime(a.clearedAt, o) });
  return `${raised} · ${state}`;
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
