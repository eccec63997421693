/**
 * A group's schedule as planned instants: each of the schedule's weekdays at its wall-clock time in its
 * time zone, every N weeks. Pure: time zones come from luxon (IANA data), never from offset arithmetic
 * written here. The occurrences are then stored one record each (see occurrences.ts), so moving or
 * cancelling one never changes this plan.
 *
 * Wall times that do not exist or exist twice:
 * - In a spring-forward gap (02:30 on a US change day) the occurrence moves FORWARD to the first valid
 *   instant after the gap: the transition itself (03:00 EDT), not luxon's default of "same distance
 *   past the gap" (03:30 EDT).
 * - In a fall-back overlap (01:30 on a US change day) it takes the EARLIER instant (01:30 EDT, the
 *   first time the clock shows 01:30), not luxon's default of the later one.
 */
// luxon is pure (IANA zone rules, no I/O, and no clock read here); the brief for groups asks for it over
// hand-written offset maths. The domain import rule has no exception for it yet.
import { DateTime, FixedOffsetZone } from 'luxon';
import { WEEKDAYS, type Schedule, type Weekday } from '@circle/shared';

export interface PlannedOccurrence {
  /** 1-based position in the series. */
  index: number;
  /** Epoch ms, UTC. */
  plannedStartsAt: number;
}

/** The most occurrences one call returns unless told otherwise (two years of weekly sessions). */
export const MAX_PLANNED_OCCURRENCES = 104;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function zoneOrThrow(timeZone: string): void {
  if (!DateTime.fromMillis(0, { zone: timeZone }).isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
}

function parseTime(time: string): { hour: number; minute: number } {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`not a time of day (HH:MM): ${time}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function localDate(date: string, timeZone: string): DateTime {
  const d = DateTime.fromISO(date, { zone: timeZone });
  if (!d.isValid) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return d.startOf('day');
}

function offsetAt(epochMs: number, timeZone: string): number {
  return DateTime.fromMillis(epochMs, { zone: timeZone }).offset;
}

function showsWallTime(epochMs: number, timeZone: string, w: WallTime): boolean {
  const d = DateTime.fromMillis(epochMs, { zone: timeZone });
  return d.year === w.year && d.month === w.month && d.day === w.day && d.hour === w.hour && d.minute === w.minute;
}

/** The instant `w` names when read at a fixed UTC offset (minutes), via luxon. */
function atFixedOffset(w: WallTime, offsetMinutes: number): number {
  return DateTime.fromObject(w, { zone: FixedOffsetZone.instance(offsetMinutes) }).toMillis();
}

/**
 * The instant a wall-clock time names in a zone: the earlier one when it exists twice, the first
 * instant after the gap when it does not exist (see the module comment).
 */
export function resolveWallTime(w: WallTime, timeZone: string): number {
  zoneOrThrow(timeZone);
  const guess = DateTime.fromObject(w, { zone: timeZone }).toMillis();
  // The offsets in force around that day: a transition near it is between the day before and after.
  const offsets = [
    ...new Set([offsetAt(guess - DAY_MS, timeZone), offsetAt(guess, timeZone), offsetAt(guess + DAY_MS, timeZone)]),
  ];
  const candidates = offsets.map((o) => atFixedOffset(w, o)).filter((t) => showsWallTime(t, timeZone, w));
  if (candidates.length > 0) return Math.min(...candidates);
  // A gap: the transition lies between the wall time read at the later offset and at the earlier one.
  const readings = offsets.map((o) => atFixedOffset(w, o));
  let lo = Math.min(...readings);
  let hi = Math.max(...readings);
  const after = offsetAt(hi, timeZone);
  // Transitions fall on whole minutes: find the first minute whose offset is the one after the gap.
  lo = Math.floor(lo / MINUTE_MS);
  hi = Math.ceil(hi / MINUTE_MS);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * MINUTE_MS, timeZone) === after) hi = mid;
    else lo = mid + 1;
  }
  return hi * MINUTE_MS;
}

/**
 * The series' planned starts: each of schedule.weekdays at schedule.time in schedule.timeZone, in every
 * `everyWeeks`-th week counted from the week (Monday-based, in that zone) of startDate, on or after
 * startDate, until `count` occurrences or schedule.endDate (inclusive, local date), whichever comes
 * first; with neither, up to `until` (epoch ms, exclusive). Always also capped at `max` (default 104).
 */
export function plannedOccurrences(
  schedule: Schedule,
  opts: { count?: number; until?: number; max?: number },
): PlannedOccurrence[] {
  const { timeZone } = schedule;
  zoneOrThrow(timeZone);
  const { hour, minute } = parseTime(schedule.time);
  const start = localDate(schedule.startDate, timeZone);
  const end = schedule.endDate === undefined ? null : localDate(schedule.endDate, timeZone);
  const everyWeeks = Math.max(1, Math.floor(schedule.everyWeeks ?? 1));
  const bounded = opts.count !== undefined || end !== null;
  // A non-finite `max` would never stop an unbounded series: the default cap applies instead.
  const max = opts.max !== undefined && Number.isFinite(opts.max) ? opts.max : MAX_PLANNED_OCCURRENCES;
  const limit = Math.max(0, Math.min(opts.count ?? Infinity, max));
  const until = bounded ? Infinity : (opts.until ?? Infinity);
  const dayOffsets = WEEKDAYS.flatMap((d, i) => (schedule.weekdays.includes(d) ? [i] : []));
  const out: PlannedOccurrence[] = [];
  if (dayOffsets.length === 0) return out;
  const firstMonday = start.startOf('week'); // luxon weeks are ISO: Monday first
  for (let week = 0; out.length < limit; week += everyWeeks) {
    const monday = firstMonday.plus({ weeks: week });
    for (const offset of dayOffsets) {
      const day = monday.plus({ days: offset });
      if (day < start) continue;
      if (end !== null && day > end) return out;
      const at = resolveWallTime({ year: day.year, month: day.month, day: day.day, hour, minute }, timeZone);
      if (at >= until) return out;
      out.push({ index: out.length + 1, plannedStartsAt: at });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** The weekday an instant falls on in a zone. */
export function weekdayOf(epochMs: number, timeZone: string): Weekday {
  zoneOrThrow(timeZone);
  const w = WEEKDAYS[DateTime.fromMillis(epochMs, { zone: timeZone }).weekday - 1];
  if (w === undefined) throw new RangeError(`no weekday for ${epochMs}`);
  return w;
}
