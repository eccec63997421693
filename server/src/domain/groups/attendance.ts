/**
 * Attendance per member per occurrence, computed from every join and leave (a rejoin adds a stint,
 * never overwrites one), the attendance policy's flags, and the sheet as CSV. Pure: times are epoch ms.
 */
// luxon is pure (IANA zone rules, no I/O, no clock read here): the CSV shows dates in the group's zone.
import { DateTime } from 'luxon';
import {
  assertNever,
  type AttendanceFlag,
  type AttendancePolicy,
  type AttendanceSheet,
  type AttendanceStatus,
} from '@circle/shared';

/** One stay in the room: from a join to the matching leave (null: still in the room). */
export interface Stint {
  joinedAt: number;
  leftAt: number | null;
}

export const ATTENDANCE_RULES = {
  /** A first join later than this after the start is late. */
  lateAfterMs: 5 * 60_000,
  /** A last leave earlier than this before the end is leaving early. */
  leftEarlyBeforeMs: 10 * 60_000,
  /** Time in the room this long before the start (the lobby's default) counts towards the minutes. */
  lobbySlackMs: 10 * 60_000,
} as const;

const MINUTE_MS = 60_000;

/** Total length of the intervals, overlaps counted once. */
function mergedLength(intervals: [number, number][]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [a, b] of sorted) {
    if (a > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else if (b > curEnd) {
      curEnd = b;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/**
 * From every join and leave: stints are merged (overlaps counted once), minutes = time inside
 * [startsAt - lobby slack, sessionEnd], rounded to the nearest minute. sessionEnd = the room's end if it
 * ended earlier than planned, else the planned end.
 * - late: the first join is more than `lateAfterMs` after the start;
 * - left-early: the last leave is more than `leftEarlyBeforeMs` before sessionEnd. A stint still open
 *   (leftAt null) has not left: it counts as present until `now` (at most sessionEnd) for the minutes,
 *   and never as leaving early;
 * - both late and left early → late;
 * - no stints at all → excused when the absence was excused, else absent. Someone excused who comes
 *   after all is counted by their stints.
 */
export function computeAttendance(input: {
  startsAt: number;
  plannedEndsAt: number;
  endedAt: number | null;
  stints: readonly Stint[];
  excused: boolean;
  now: number;
  /** Default ATTENDANCE_RULES.lobbySlackMs. */
  lobbySlackMs?: number;
}): { status: AttendanceStatus; minutes: number } {
  const { startsAt, plannedEndsAt, endedAt, stints, now } = input;
  if (stints.length === 0) return { status: input.excused ? 'excused' : 'absent', minutes: 0 };
  const sessionEnd = endedAt !== null && endedAt < plannedEndsAt ? endedAt : plannedEndsAt;
  const windowStart = startsAt - (input.lobbySlackMs ?? ATTENDANCE_RULES.lobbySlackMs);
  const openUntil = Math.min(now, sessionEnd);
  const inWindow = stints.map((s): [number, number] => [
    Math.max(s.joinedAt, windowStart),
    Math.min(s.leftAt ?? openUntil, sessionEnd),
  ]);
  const minutes = Math.round(mergedLength(inWindow) / MINUTE_MS);
  const firstJoin = Math.min(...stints.map((s) => s.joinedAt));
  const lastLeave = stints.some((s) => s.leftAt === null) ? Infinity : Math.max(...stints.map((s) => s.leftAt ?? 0));
  const late = firstJoin > startsAt + ATTENDANCE_RULES.lateAfterMs;
  const leftEarly = lastLeave < sessionEnd - ATTENDANCE_RULES.leftEarlyBeforeMs;
  const status: AttendanceStatus = late ? 'late' : leftEarly ? 'left-early' : 'attended';
  return { status, minutes };
}

/**
 * The policy's flags for one member from their statuses, oldest first, corrections applied.
 * - 'consecutive': the longest run of unexcused absences reaches policy.consecutiveUnexcused (count =
 *   that run). An excused absence neither counts towards a run nor breaks it (a week off with notice
 *   between two no-shows still makes two in a row); attended, late and left-early end a run.
 * - 'total': the number of unexcused absences reaches policy.totalUnexcused (count = that number).
 */
export function policyFlags(
  memberId: string,
  statuses: readonly AttendanceStatus[],
  policy: AttendancePolicy,
): AttendanceFlag[] {
  let run = 0;
  let longest = 0;
  let total = 0;
  for (const s of statuses) {
    switch (s) {
      case 'absent':
        run += 1;
        total += 1;
        longest = Math.max(longest, run);
        break;
      case 'excused':
        break;
      case 'attended':
      case 'late':
      case 'left-early':
        run = 0;
        break;
      default:
        return assertNever(s);
    }
  }
  const flags: AttendanceFlag[] = [];
  if (longest >= policy.consecutiveUnexcused) flags.push({ memberId, rule: 'consecutive', count: longest });
  if (total >= policy.totalUnexcused) flags.push({ memberId, rule: 'total', count: total });
  return flags;
}

export const ATTENDANCE_CSV_HEADER = ['member', 'session', 'date', 'status', 'minutes', 'corrected'] as const;

/**
 * One CSV field: a cell a spreadsheet would read as a formula (starting with = + - @, or a tab or
 * carriage return) gets a leading apostrophe; a field with a comma, quote or line break is quoted
 * (quotes doubled), per RFC 4180.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The attendance sheet as RFC 4180 CSV (CRLF line ends): a header, then one row per cell, member by
 * member (in the sheet's order), each member's sessions oldest first. `date` is the session's start in
 * `timeZone` (default UTC) as `YYYY-MM-DD HH:mm`; `corrected` is yes or no.
 */
export function attendanceCsv(sheet: AttendanceSheet, options: { timeZone?: string } = {}): string {
  const zone = options.timeZone ?? 'UTC';
  const rows: string[][] = [[...ATTENDANCE_CSV_HEADER]];
  for (const m of sheet.members) {
    for (const o of sheet.occurrences) {
      const c = sheet.cells.find((x) => x.memberId === m.id && x.occurrenceId === o.id);
      if (c === undefined) continue; // not on the roster then
      const d = DateTime.fromISO(o.startsAt, { zone });
      rows.push([
        m.displayName,
        String(o.index),
        d.isValid ? d.toFormat('yyyy-MM-dd HH:mm') : o.startsAt,
        c.status,
        String(c.minutes),
        c.corrected ? 'yes' : 'no',
      ]);
    }
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
