/**
 * The member's page keeps time by the server's clock: the offset is measured when the page is fetched
 * (server `now` − this device's clock), so a wrong device clock does not open the waiting room early
 * or late. Times are shown in the member's own time zone (this browser's), with the zone named, and
 * written in the language of the page (`locale` for Intl; the sentences from the `member` catalogue).
 */
import i18next from 'i18next';

/** How far the server's clock is ahead of this device's, in ms, measured when an answer arrived. */
export function serverOffsetMs(serverNowIso: string, deviceNowMs: number): number {
  const server = Date.parse(serverNowIso);
  return Number.isNaN(server) ? 0 : server - deviceNowMs;
}

type Unit = 'day' | 'hour' | 'minute' | 'second';

/** "2 days, 3 hours" / "3 hours, 12 minutes" / "12 minutes, 5 seconds" / "45 seconds"; 0 or less: null. */
export function countdownText(ms: number): string | null {
  if (ms <= 0) return null;
  const s = Math.ceil(ms / 1000);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const unit = (count: number, u: Unit) => i18next.t(`member:countdown.${u}`, { count });
  const two = (count: number, u: Unit, next: number, nu: Unit) =>
    next > 0 ? i18next.t('member:countdown.pair', { first: unit(count, u), second: unit(next, nu) }) : unit(count, u);
  if (days > 0) return two(days, 'day', hours, 'hour');
  if (hours > 0) return two(hours, 'hour', minutes, 'minute');
  if (minutes > 0) return two(minutes, 'minute', seconds, 'second');
  return unit(seconds, 'second');
}

/** This browser's time zone. */
export function myTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "Tuesday, January 5 at 6:00 PM" / "martes, 5 de enero, a las 18:00" in `timeZone` (default: this browser's). */
export function formatSessionDate(iso: string, timeZone = myTimeZone(), locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(at);
  return i18next.t('member:next.dateAt', { day, time: formatClock(iso, timeZone, locale) });
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
  const time = formatClock(lobbyOpensAt, timeZone, locale);
  return minutes <= 0
    ? i18next.t('member:next.lobbyOpensAtStart', { time })
    : i18next.t('member:next.lobbyOpens', { time, count: minutes });
}
