/**
 * The member's page keeps time by the server's clock: the offset is measured when the page is fetched
 * (server `now` − this device's clock), so a wrong device clock does not open the waiting room early
 * or late. Times are shown in the member's own time zone (this browser's), with the zone named.
 */

/** How far the server's clock is ahead of this device's, in ms, measured when an answer arrived. */
export function serverOffsetMs(serverNowIso: string, deviceNowMs: number): number {
  const server = Date.parse(serverNowIso);
  return Number.isNaN(server) ? 0 : server - deviceNowMs;
}

/** "2 days, 3 hours" / "3 hours, 12 minutes" / "12 minutes, 5 seconds" / "45 seconds"; 0 or less: null. */
export function countdownText(ms: number): string | null {
  if (ms <= 0) return null;
  const s = Math.ceil(ms / 1000);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const unit = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
  const two = (a: string, n: number, one: string) => (n > 0 ? `${a}, ${unit(n, one)}` : a);
  if (days > 0) return two(unit(days, 'day'), hours, 'hour');
  if (hours > 0) return two(unit(hours, 'hour'), minutes, 'minute');
  if (minutes > 0) return two(unit(minutes, 'minute'), seconds, 'second');
  return unit(seconds, 'second');
}

/** This browser's time zone. */
export function myTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "Tuesday, January 5 at 6:00 PM" in `timeZone` (default: this browser's). */
export function formatSessionDate(iso: string, timeZone = myTimeZone(), locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(at);
  return `${day} at ${formatClock(iso, timeZone, locale)}`;
}

/** "6:00 PM" in `timeZone` (default: this browser's). */
export function formatClock(iso: string, timeZone = myTimeZone(), locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "Eastern Standard Time" (or the zone's id when the browser has no name for it). */
export function zoneName(iso: string, timeZone = myTimeZone(), locale?: string): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** "The waiting room opens at 5:50 PM (10 minutes before)." */
export function lobbyLine(lobbyOpensAt: string, startsAt: string, timeZone = myTimeZone(), locale?: string): string {
  const minutes = Math.round((Date.parse(startsAt) - Date.parse(lobbyOpensAt)) / 60_000);
  const before = minutes <= 0 ? 'when the session starts' : `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} before`;
  return `The waiting room opens at ${formatClock(lobbyOpensAt, timeZone, locale)} (${before}).`;
}
