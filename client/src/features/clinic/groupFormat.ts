/**
 * How the group pages show times, schedules, policies and statuses. Times of a group are shown in the
 * group's own time zone (named), and a time typed for the group is read in that zone too: the
 * browser's Intl API does the zone arithmetic (daylight-saving changes included).
 */
import type {
  AttendanceFlag,
  AttendancePolicy,
  AttendanceStatus,
  GroupDetail,
  MemberStatus,
  Occurrence,
  Weekday,
} from '@circle/shared';
import { assertNever } from '@circle/shared/constants';
import i18next from 'i18next';
import { intlLocale } from '../../i18n';

/** The group pages' texts in this person's language (outside components: no hook). */
const t = () => i18next.getFixedT(null, 'groups');

const pad = (n: number) => String(n).padStart(2, '0');

/** "Tue, Jan 5, 6:00 PM EST" in `timeZone` (the year only when not this year there); unreadable: as it came. */
export function formatInZone(iso: string, timeZone: string, now = new Date(), locale = intlLocale()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const year = (d: Date) => new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(d);
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      ...(year(at) === year(now) ? {} : { year: 'numeric' }),
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(at);
  } catch {
    return at.toISOString();
  }
}

/** The wall-clock fields of an instant in a time zone. */
function fieldsIn(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** How far `timeZone`'s clock is ahead of UTC at this instant, in ms (−5 h in New York in winter). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const f = fieldsIn(at, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * A `datetime-local` value ("2027-03-14T18:00") read as wall-clock time in `timeZone` → ISO (UTC).
 * A time skipped by a daylight-saving change moves forward by the gap; a repeated one takes the
 * first. Null when the value or the zone is unreadable.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  try {
    // Two rounds: the offset at the first guess may differ from the one at the answer (near a change).
    const first = wall - zoneOffsetMs(new Date(wall), timeZone);
    const earlier = wall - zoneOffsetMs(new Date(first - 3_600_000), timeZone);
    const later = wall - zoneOffsetMs(new Date(first + 3_600_000), timeZone);
    const exact = [earlier, first, later].filter((t) => isoToZonedLocal(new Date(t).toISOString(), timeZone) === local);
    const at = exact.length > 0 ? Math.min(...exact) : Math.max(first, earlier, later);
    return new Date(at).toISOString();
  } catch {
    return null;
  }
}

/** An instant as a `datetime-local` value on `timeZone`'s wall clock. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const f = fieldsIn(new Date(iso), timeZone);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}`;
}

/** "6:00 PM" for an "18:00" time of day, in this person's language. */
export function formatTimeOfDay(time: string, locale = intlLocale()): string {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return time;
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2]))),
  );
}

/** "Monday" (the form's weekday boxes), in this person's language. */
export function weekdayName(d: Weekday): string {
  return t()(`weekday.${d}`);
}

/** "a, b and c", in this person's language. */
export function listText(items: readonly string[], locale = intlLocale()): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** "Tuesdays and Thursdays at 6:00 PM (America/New_York), every 2 weeks from Jan 5, 2027". */
export function scheduleText(s: GroupDetail['schedule'], locale = intlLocale()): string {
  const days = listText(
    s.weekdays.map((d) => t()(`weekdayPlural.${d}`)),
    locale,
  );
  const date = (d: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' }).format(
      new Date(`${d}T00:00:00Z`),
    );
  const vars = {
    days,
    time: formatTimeOfDay(s.time, locale),
    timeZone: s.timeZone,
    count: s.everyWeeks,
    from: date(s.startDate),
  };
  return s.endDate ? t()('schedule.until', { ...vars, until: date(s.endDate) }) : t()('schedule.open', vars);
}

/** "Flag after 2 unexcused absences in a row or 3 in all". */
export function policyText(p: AttendancePolicy): string {
  return t()('policy', { count: p.consecutiveUnexcused, total: p.totalUnexcused });
}

/** Why a member is flagged, in words. */
export function flagText(f: AttendanceFlag): string {
  switch (f.rule) {
    case 'consecutive':
      return t()('flag.consecutive', { count: f.count });
    case 'total':
      return t()('flag.total', { count: f.count });
    default:
      return assertNever(f.rule);
  }
}

export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['attended', 'late', 'left-early', 'absent', 'excused'];

/** An attendance status in words. */
export function attendanceLabel(s: AttendanceStatus): string {
  return t()(`attendance.${s}`);
}

/** A cell of the attendance table, in words (never colour only). */
export function attendanceCellText(cell: {
  status: AttendanceStatus;
  corrected: boolean;
  excusedByMember: boolean;
  minutes: number;
}): string {
  const told = cell.status === 'excused' && cell.excusedByMember;
  const key = told ? (cell.corrected ? 'toldCorrected' : 'told') : cell.corrected ? 'corrected' : 'plain';
  return t()(`attendanceCell.${key}`, { status: attendanceLabel(cell.status) });
}

/** A member's status in words. */
export function memberStatusLabel(s: MemberStatus): string {
  return t()(`memberStatus.${s}`);
}

/**
 * The statuses a member may move to next, as server/src/domain/groups/membership.ts allows them (the
 * server has the last word: 409 INVALID_STATE, GROUP_FULL).
 */
export const NEXT_STATUSES: Record<MemberStatus, readonly MemberStatus[]> = {
  screening: ['waitlisted', 'active', 'discharged'],
  waitlisted: ['active', 'screening', 'discharged'],
  active: ['paused', 'discharged'],
  paused: ['active', 'discharged'],
  // Re-referral.
  discharged: ['screening'],
};

/** An occurrence's status in words ("Moved" when a scheduled one is not at its planned time). */
export function occurrenceStatusText(o: Pick<Occurrence, 'status' | 'moved'>): string {
  switch (o.status) {
    case 'scheduled':
      return o.moved ? t()('occurrence.moved') : t()('occurrence.scheduled');
    case 'cancelled':
      return t()('occurrence.cancelled');
    case 'live':
      return t()('occurrence.live');
    case 'ended':
      return t()('occurrence.ended');
    default:
      return assertNever(o.status);
  }
}

/** The occurrence to start next: a live one, else the first scheduled one that has not ended. */
export function nextToStart(occurrences: readonly Occurrence[], now = Date.now()): Occurrence | null {
  return (
    occurrences.find((o) => o.status === 'live') ??
    occurrences.find((o) => o.status === 'scheduled' && Date.parse(o.endsAt) > now) ??
    null
  );
}

/** The browser's time zone, and every zone it knows (the browser's own first if missing). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
export function timeZoneOptions(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  const mine = browserTimeZone();
  return zones.includes(mine) ? zones : [mine, ...zones];
}
