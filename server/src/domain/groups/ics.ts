/**
 * An iCalendar (RFC 5545) writer for a group's sessions, by hand: a member's "Add to calendar" and the
 * reminder emails. Pure: the events and `now` (for DTSTAMP) in, the text out.
 *
 * - Lines end in CRLF and are folded so no line is longer than 75 octets of UTF-8 (a continuation line
 *   starts with one space, which counts); a character is never split across lines.
 * - TEXT values escape backslash, semicolon, comma and line breaks (as \n); other control characters,
 *   which TEXT may not carry, are dropped.
 * - Times are UTC (`YYYYMMDDTHHMMSSZ`), so no VTIMEZONE is needed; calendars show them in the
 *   reader's own zone.
 * - A cancelled session stays in the feed with STATUS:CANCELLED and a higher SEQUENCE, so calendars
 *   that imported it earlier strike it out instead of keeping a stale meeting.
 */

export interface CalendarEvent {
  /** Stable across versions of the same session (the occurrence's id and the host). */
  uid: string;
  startsAt: number;
  endsAt: number;
  title: string;
  description: string;
  url?: string;
  cancelled: boolean;
  /** Bumped each time the session is moved, cancelled or restored. */
  sequence: number;
}

export const ICS_PRODID = '-//Circle//Group sessions//EN';
const MAX_LINE_OCTETS = 75;

// eslint-disable-next-line no-control-regex
const DISALLOWED_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(DISALLOWED_CONTROLS, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A URI value: no escaping, but no control characters (they would break the line). */
function uriValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, ''); // eslint-disable-line no-control-regex
}

/** UTC date-time, seconds precision: 20270105T230000Z. */
export function icsDateTime(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Octets of one code point in UTF-8. */
function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** One content line folded at 75 octets (RFC 5545 §3.1), joined with CRLF + space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch);
    const limit = parts.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + n > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function calendar(input: { calendarName: string; events: readonly CalendarEvent[]; now: number }): string {
  const stamp = icsDateTime(input.now);
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeText(input.calendarName)}`,
    `X-WR-CALNAME:${escapeText(input.calendarName)}`,
  ];
  for (const e of input.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `SEQUENCE:${Math.max(0, Math.floor(e.sequence))}`,
      `DTSTART:${icsDateTime(e.startsAt)}`,
      `DTEND:${icsDateTime(e.endsAt)}`,
      `SUMMARY:${escapeText(e.title)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
    );
    if (e.url !== undefined) lines.push(`URL:${uriValue(e.url)}`);
    lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
