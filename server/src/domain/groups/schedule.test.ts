import { describe, expect, it, test } from 'vitest';
import { DateTime } from 'luxon';
import { WEEKDAYS, type Schedule, type Weekday } from '@circle/shared';
import { MAX_PLANNED_OCCURRENCES, plannedOccurrences, weekdayOf } from './schedule.js';

const utc = (iso: string) => Date.parse(iso);
const sched = (s: Partial<Schedule> & Pick<Schedule, 'weekdays' | 'time' | 'timeZone' | 'startDate'>): Schedule => ({
  everyWeeks: 1,
  ...s,
});
const starts = (s: Schedule, opts: Parameters<typeof plannedOccurrences>[1]) =>
  plannedOccurrences(s, opts).map((o) => new Date(o.plannedStartsAt).toISOString());
const local = (ms: number, tz: string) => DateTime.fromMillis(ms, { zone: tz }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");

describe('planned occurrences across daylight-saving changes', () => {
  test.each([
    // America/New_York springs forward on Sunday 8 March 2026 and falls back on Sunday 1 November 2026.
    ['America/New_York', 'tue', '2026-03-03', ['2026-03-03T23:00:00.000Z', '2026-03-10T22:00:00.000Z']],
    ['America/New_York', 'tue', '2026-10-27', ['2026-10-27T22:00:00.000Z', '2026-11-03T23:00:00.000Z']],
    // Europe/London: 29 March and 25 October 2026.
    ['Europe/London', 'thu', '2026-03-26', ['2026-03-26T18:00:00.000Z', '2026-04-02T17:00:00.000Z']],
    ['Europe/London', 'thu', '2026-10-22', ['2026-10-22T17:00:00.000Z', '2026-10-29T18:00:00.000Z']],
    // Australia/Sydney (southern hemisphere): summer time ends 5 April 2026 and starts 4 October 2026.
    ['Australia/Sydney', 'wed', '2026-04-01', ['2026-04-01T07:00:00.000Z', '2026-04-08T08:00:00.000Z']],
    ['Australia/Sydney', 'wed', '2026-09-30', ['2026-09-30T08:00:00.000Z', '2026-10-07T07:00:00.000Z']],
  ] as const)('18:00 in %s on %s from %s stays 18:00 local while the UTC instant shifts', (tz, day, from, expected) => {
    const s = sched({ weekdays: [day], time: '18:00', timeZone: tz, startDate: from });
    const got = plannedOccurrences(s, { count: 2 });
    expect(got.map((o) => new Date(o.plannedStartsAt).toISOString())).toEqual(expected);
    expect(got.map((o) => o.index)).toEqual([1, 2]);
    for (const o of got) expect(local(o.plannedStartsAt, tz).slice(11, 16)).toBe('18:00');
  });

  test.each([
    ['02:30', '2026-03-08T07:00:00.000Z', '2026-03-08T03:00 -04:00'],
    ['02:00', '2026-03-08T07:00:00.000Z', '2026-03-08T03:00 -04:00'],
    ['02:59', '2026-03-08T07:00:00.000Z', '2026-03-08T03:00 -04:00'],
    ['03:00', '2026-03-08T07:00:00.000Z', '2026-03-08T03:00 -04:00'],
    ['01:59', '2026-03-08T06:59:00.000Z', '2026-03-08T01:59 -05:00'],
  ])('a time in the spring-forward gap (%s) moves to the first instant after the gap', (time, iso, wall) => {
    const [o] = plannedOccurrences(
      sched({ weekdays: ['sun'], time, timeZone: 'America/New_York', startDate: '2026-03-08' }),
      { count: 1 },
    );
    expect(new Date(o!.plannedStartsAt).toISOString()).toBe(iso);
    expect(local(o!.plannedStartsAt, 'America/New_York')).toBe(wall);
  });

  it('a gap time moves forward in Europe/London too (01:30 on 29 March 2026 is 02:00 BST)', () => {
    expect(
      starts(sched({ weekdays: ['sun'], time: '01:30', timeZone: 'Europe/London', startDate: '2026-03-29' }), {
        count: 1,
      }),
    ).toEqual(['2026-03-29T01:00:00.000Z']);
  });

  test.each([
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', '-04:00'],
    ['America/New_York', '2026-11-01', '01:00', '2026-11-01T05:00:00.000Z', '-04:00'],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', '+01:00'],
    ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-04T15:30:00.000Z', '+11:00'],
  ])('an ambiguous fall-back time in %s (%s %s) takes the earlier instant', (tz, date, time, iso, offset) => {
    const [o] = plannedOccurrences(
      sched({ weekdays: [weekdayOf(utc(`${date}T12:00:00Z`), tz)], time, timeZone: tz, startDate: date }),
      {
        count: 1,
      },
    );
    expect(new Date(o!.plannedStartsAt).toISOString()).toBe(iso);
    expect(local(o!.plannedStartsAt, tz)).toBe(`${date}T${time} ${offset}`);
  });
});

describe('planned occurrences follow the schedule', () => {
  it('every second week counts from the Monday-based week of the start date', () => {
    // Start Wednesday 7 January 2026; the Monday of that week (5 January) is before the start.
    expect(
      starts(sched({ weekdays: ['mon'], time: '09:00', timeZone: 'UTC', startDate: '2026-01-07', everyWeeks: 2 }), {
        count: 3,
      }),
    ).toEqual(['2026-01-19T09:00:00.000Z', '2026-02-02T09:00:00.000Z', '2026-02-16T09:00:00.000Z']);
  });

  it('several weekdays come in date order whatever order they are given in', () => {
    expect(
      starts(sched({ weekdays: ['thu', 'mon'], time: '17:30', timeZone: 'UTC', startDate: '2026-01-06' }), {
        count: 4,
      }),
    ).toEqual([
      '2026-01-08T17:30:00.000Z',
      '2026-01-12T17:30:00.000Z',
      '2026-01-15T17:30:00.000Z',
      '2026-01-19T17:30:00.000Z',
    ]);
  });

  it('a start date in mid-week skips the weekdays before it in that week', () => {
    expect(
      starts(sched({ weekdays: ['mon', 'wed', 'fri'], time: '12:00', timeZone: 'UTC', startDate: '2026-01-07' }), {
        count: 3,
      }),
    ).toEqual(['2026-01-07T12:00:00.000Z', '2026-01-09T12:00:00.000Z', '2026-01-12T12:00:00.000Z']);
  });

  it('the end date is inclusive and is a local date', () => {
    // 20:00 in New York on 27 January is 01:00 UTC on the 28th: still on the end date locally.
    const s = sched({
      weekdays: ['tue'],
      time: '20:00',
      timeZone: 'America/New_York',
      startDate: '2026-01-06',
      endDate: '2026-01-27',
    });
    expect(starts(s, {})).toEqual([
      '2026-01-07T01:00:00.000Z',
      '2026-01-14T01:00:00.000Z',
      '2026-01-21T01:00:00.000Z',
      '2026-01-28T01:00:00.000Z',
    ]);
  });

  test.each([
    [3, '2026-02-24', 3],
    [10, '2026-01-27', 4],
  ])('count %i and end date %s: whichever comes first (%i)', (count, endDate, n) => {
    const s = sched({ weekdays: ['tue'], time: '10:00', timeZone: 'UTC', startDate: '2026-01-06', endDate });
    expect(plannedOccurrences(s, { count })).toHaveLength(n);
  });

  it('with neither count nor end date it stops before `until` (exclusive)', () => {
    const s = sched({ weekdays: ['tue'], time: '10:00', timeZone: 'UTC', startDate: '2026-01-06' });
    expect(starts(s, { until: utc('2026-01-20T10:00:00Z') })).toEqual([
      '2026-01-06T10:00:00.000Z',
      '2026-01-13T10:00:00.000Z',
    ]);
    expect(plannedOccurrences(s, { until: utc('2026-01-20T10:00:01Z') })).toHaveLength(3);
  });

  it('`until` does not shorten a series bounded by a count', () => {
    const s = sched({ weekdays: ['tue'], time: '10:00', timeZone: 'UTC', startDate: '2026-01-06' });
    expect(plannedOccurrences(s, { count: 5, until: utc('2026-01-07T00:00:00Z') })).toHaveLength(5);
  });

  it('is always capped at `max`, 104 by default', () => {
    const s = sched({ weekdays: ['mon', 'thu'], time: '10:00', timeZone: 'UTC', startDate: '2026-01-05' });
    expect(plannedOccurrences(s, {})).toHaveLength(MAX_PLANNED_OCCURRENCES);
    expect(plannedOccurrences(s, { count: 500 })).toHaveLength(104);
    expect(plannedOccurrences(s, { count: 10, max: 4 })).toHaveLength(4);
    expect(plannedOccurrences({ ...s, endDate: '2036-01-01' }, {})).toHaveLength(104);
    expect(plannedOccurrences(s, { max: Infinity })).toHaveLength(104);
    expect(plannedOccurrences(s, { count: 0 })).toEqual([]);
  });

  it('refuses an unknown time zone', () => {
    expect(() =>
      plannedOccurrences(
        sched({ weekdays: ['mon'], time: '10:00', timeZone: 'Mars/Olympus', startDate: '2026-01-05' }),
        {},
      ),
    ).toThrow(RangeError);
  });
});

describe('planned occurrences: properties over many schedules', () => {
  // A small deterministic generator, so a failure names a reproducible case.
  let seed = 20;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const zones = [
    'America/New_York',
    'Europe/London',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'America/Sao_Paulo',
    'Asia/Kolkata',
    'Pacific/Chatham',
    'UTC',
  ];
  const cases = Array.from({ length: 40 }, (_, i) => {
    const days = WEEKDAYS.filter(() => rand(3) === 0);
    const weekdays: Weekday[] = days.length > 0 ? days : [WEEKDAYS[rand(7)]!];
    const hh = String(rand(24)).padStart(2, '0');
    const mm = String(rand(4) * 15).padStart(2, '0');
    const month = String(1 + rand(12)).padStart(2, '0');
    const day = String(1 + rand(28)).padStart(2, '0');
    return [
      i,
      sched({
        weekdays,
        time: `${hh}:${mm}`,
        timeZone: zones[i % zones.length]!,
        startDate: `2026-${month}-${day}`,
        everyWeeks: 1 + rand(3),
      }),
    ] as const;
  });

  test.each(cases)('case %i: ordered, on the schedule, at the wall time whenever it exists', (_, s) => {
    const list = plannedOccurrences(s, { count: 60 });
    expect(list).toHaveLength(60);
    list.forEach((o, i) => {
      expect(o.index).toBe(i + 1);
      if (i > 0) expect(o.plannedStartsAt).toBeGreaterThan(list[i - 1]!.plannedStartsAt);
      const d = DateTime.fromMillis(o.plannedStartsAt, { zone: s.timeZone });
      expect(s.weekdays).toContain(weekdayOf(o.plannedStartsAt, s.timeZone));
      expect(d.toISODate()! >= s.startDate).toBe(true);
      const wall = d.toFormat('HH:mm');
      if (wall !== s.time) {
        // Only in a gap: the minute before shows an earlier wall time than asked for (the clock jumped).
        const before = DateTime.fromMillis(o.plannedStartsAt - 60_000, { zone: s.timeZone }).toFormat('HH:mm');
        expect(before < s.time && wall > s.time).toBe(true);
      }
      // Ambiguous times take the earlier instant: the same wall time an hour (or half) earlier does not exist on that day.
      for (const back of [30, 60]) {
        const earlier = DateTime.fromMillis(o.plannedStartsAt - back * 60_000, { zone: s.timeZone });
        expect(earlier.toISODate() === d.toISODate() && earlier.toFormat('HH:mm') === wall).toBe(false);
      }
    });
  });
});

describe('weekdayOf', () => {
  test.each([
    ['2026-03-03T23:00:00Z', 'America/New_York', 'tue'],
    ['2026-03-03T23:00:00Z', 'Australia/Sydney', 'wed'],
    ['2026-03-03T23:00:00Z', 'UTC', 'tue'],
    ['2026-03-08T23:59:00Z', 'Europe/London', 'sun'],
  ])('%s in %s is a %s', (iso, tz, day) => {
    expect(weekdayOf(utc(iso), tz)).toBe(day);
  });
});
