/**
 * Times as people read them on Circle's screens: hours and minutes, never seconds ("14:05").
 * `locale` and `timeZone` default to the browser's.
 */
export interface ClockOptions {
  locale?: string;
  timeZone?: string;
}

export function clockTime(ms: number, o: ClockOptions = {}): string {
  return new Date(ms).toLocaleTimeString(o.locale ?? [], { hour: 'numeric', minute: '2-digit', timeZone: o.timeZone });
}

/** A session's day and times: "Tue 14:00–15:30". */
export function sessionTimeText(startsAt: number, durationMinutes: number, o: ClockOptions = {}): string {
  const day = new Date(startsAt).toLocaleDateString(o.locale ?? [], { weekday: 'short', timeZone: o.timeZone });
  return `${day} ${clockTime(startsAt, o)}–${clockTime(startsAt + durationMinutes * 60_000, o)}`;
}
