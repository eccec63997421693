import { describe, expect, it, test } from 'vitest';
import { calendar, escapeText, foldLine, icsDateTime, ICS_PRODID, type CalendarEvent } from './ics.js';

const NOW = Date.parse('2027-01-01T12:00:00Z');
const S = Date.parse('2027-01-05T23:00:00Z');
const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'occ-1@circle.example',
  startsAt: S,
  endsAt: S + 90 * 60_000,
  title: 'Tuesday group',
  description: 'Your group meets at this time.',
  url: 'https://circle.example/g',
  cancelled: false,
  sequence: 0,
  ...over,
});

const octets = (s: string) => new TextEncoder().encode(s).length;
/** Unfold (RFC 5545 §3.1), then split into [name, value] pairs. */
function parse(text: string): [string, string][] {
  expect(text.endsWith('\r\n')).toBe(true);
  // Every physical line ends in CRLF: no bare LF or CR anywhere.
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) expect(octets(line)).toBeLessThanOrEqual(75);
  const unfolded = text
    .replace(/\r\n[ \t]/g, '')
    .slice(0, -2)
    .split('\r\n');
  return unfolded.map((line) => {
    const i = line.indexOf(':');
    return [line.slice(0, i), line.slice(i + 1)];
  });
}
const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const events = (lines: [string, string][]) => {
  const out: Map<string, string>[] = [];
  let cur: Map<string, string> | null = null;
  for (const [k, v] of lines) {
    if (k === 'BEGIN' && v === 'VEVENT') cur = new Map();
    else if (k === 'END' && v === 'VEVENT' && cur) {
      out.push(cur);
      cur = null;
    } else cur?.set(k, v);
  }
  return out;
};

describe('iCalendar feed', () => {
  it('wraps the events in a published calendar', () => {
    const lines = parse(calendar({ calendarName: 'Tuesday group', events: [event()], now: NOW }));
    expect(lines[0]).toEqual(['BEGIN', 'VCALENDAR']);
    expect(lines.at(-1)).toEqual(['END', 'VCALENDAR']);
    const head = new Map(
      lines.slice(
        1,
        lines.findIndex(([k, v]) => k === 'BEGIN' && v === 'VEVENT'),
      ),
    );
    expect(head.get('VERSION')).toBe('2.0');
    expect(head.get('PRODID')).toBe(ICS_PRODID);
    expect(head.get('METHOD')).toBe('PUBLISH');
    expect(head.get('CALSCALE')).toBe('GREGORIAN');
    expect(head.get('NAME')).toBe('Tuesday group');
    expect(head.get('X-WR-CALNAME')).toBe('Tuesday group');
  });

  it('writes every field of an event, times in UTC', () => {
    const [e] = events(parse(calendar({ calendarName: 'G', events: [event({ sequence: 2 })], now: NOW })));
    expect(Object.fromEntries(e!)).toEqual({
      UID: 'occ-1@circle.example',
      DTSTAMP: '20270101T120000Z',
      SEQUENCE: '2',
      DTSTART: '20270105T230000Z',
      DTEND: '20270106T003000Z',
      SUMMARY: 'Tuesday group',
      DESCRIPTION: 'Your group meets at this time.',
      URL: 'https://circle.example/g',
      STATUS: 'CONFIRMED',
      TRANSP: 'OPAQUE',
    });
  });

  it('marks a cancelled session and leaves out a missing URL', () => {
    const { url: _, ...noUrl } = event({ cancelled: true, sequence: 1 });
    const [e] = events(parse(calendar({ calendarName: 'G', events: [noUrl], now: NOW })));
    expect(e!.get('STATUS')).toBe('CANCELLED');
    expect(e!.has('URL')).toBe(false);
  });

  it('keeps each event separate and in order', () => {
    const list = [
      event({ uid: 'a' }),
      event({ uid: 'b', startsAt: S + 7 * 86_400_000, endsAt: S + 7 * 86_400_000 + 3_600_000 }),
    ];
    const got = events(parse(calendar({ calendarName: 'G', events: list, now: NOW })));
    expect(got.map((e) => [e.get('UID'), e.get('DTSTART'), e.get('DTEND')])).toEqual([
      ['a', '20270105T230000Z', '20270106T003000Z'],
      ['b', '20270112T230000Z', '20270113T000000Z'],
    ]);
  });

  it('a calendar with no events is still valid', () => {
    const lines = parse(calendar({ calendarName: 'G', events: [], now: NOW }));
    expect(events(lines)).toEqual([]);
    expect(lines.at(-1)).toEqual(['END', 'VCALENDAR']);
  });

  test.each([
    'Anxiety group, Tuesdays; bring water',
    'Line one\nLine two\r\nLine three',
    'Back\\slash and a colon: here',
    'Emoji 🌿🧘‍♀️ and accents: café, naïve',
    'A long title '.repeat(20) + '🌿'.repeat(40),
  ])('a title and description %j come back unchanged after unfolding and unescaping', (text) => {
    const lines = parse(
      calendar({ calendarName: text, events: [event({ title: text, description: text })], now: NOW }),
    );
    const [e] = events(lines);
    const normalised = text.replace(/\r\n/g, '\n');
    expect(unescape(new Map(lines).get('X-WR-CALNAME')!)).toBe(normalised);
    expect(unescape(e!.get('SUMMARY')!)).toBe(normalised);
    expect(unescape(e!.get('DESCRIPTION')!)).toBe(normalised);
  });

  it('drops control characters TEXT may not carry', () => {
    expect(escapeText('a\u0007b\u0000c\td')).toBe('abc\td');
  });

  test.each([
    ['a\\b', 'a\\\\b'],
    ['a;b', 'a\\;b'],
    ['a,b', 'a\\,b'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\nb'],
    ['a\rb', 'a\\nb'],
    ['a:b"c', 'a:b"c'],
  ])('escapes %j as %j', (raw, escaped) => {
    expect(escapeText(raw)).toBe(escaped);
  });
});

describe('line folding', () => {
  it('leaves a line of 75 octets alone and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('continuation lines hold 74 octets after their leading space', () => {
    const folded = foldLine('y'.repeat(75 + 74 + 10));
    expect(folded.split('\r\n').map((l) => l.length)).toEqual([75, 75, 11]);
  });

  test.each([
    ['2-octet', 'é'],
    ['3-octet', '€'],
    ['4-octet (a surrogate pair)', '🌿'],
  ])('never splits a %s character', (_, ch) => {
    const line = `SUMMARY:${ch.repeat(60)}`;
    const physical = foldLine(line).split('\r\n');
    for (const p of physical) {
      expect(octets(p)).toBeLessThanOrEqual(75);
      expect(p).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
      expect([...p.replace(/^ /, '').replace('SUMMARY:', '')].every((c) => c === ch)).toBe(true);
    }
    expect(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });
});

describe('date-times', () => {
  it('are UTC to the second', () => {
    expect(icsDateTime(Date.parse('2027-03-14T01:59:26.535Z'))).toBe('20270314T015926Z');
  });
});
