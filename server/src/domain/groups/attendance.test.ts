import { describe, expect, it, test } from 'vitest';
import type { AttendanceSheet, AttendanceStatus } from '@circle/shared';
import { ATTENDANCE_RULES, attendanceCsv, computeAttendance, csvField, policyFlags, type Stint } from './attendance.js';

const MIN = 60_000;
const S = Date.parse('2027-01-05T23:00:00Z');
const E = S + 90 * MIN;
const at = (m: number) => S + m * MIN;
const stint = (from: number, to: number | null): Stint => ({ joinedAt: at(from), leftAt: to === null ? null : at(to) });
const compute = (stints: Stint[], over: Partial<Parameters<typeof computeAttendance>[0]> = {}) =>
  computeAttendance({ startsAt: S, plannedEndsAt: E, endedAt: E, stints, excused: false, now: E + 60 * MIN, ...over });

describe('attendance from joins and leaves', () => {
  test.each([
    ['there for the whole session, two minutes early (lobby time counts)', [stint(-2, 90)], 'attended', 92],
    ['in the lobby early: up to the lobby slack counts', [stint(-30, 90)], 'attended', 100],
    ['five minutes late is still on time', [stint(5, 90)], 'attended', 85],
    ['just over five minutes late is late', [stint(5.5, 90)], 'late', 85],
    ['leaving ten minutes before the end is not early', [stint(0, 80)], 'attended', 80],
    ['leaving more than ten minutes before the end is early', [stint(0, 79)], 'left-early', 79],
    ['late and left early counts as late', [stint(20, 40)], 'late', 20],
    ['time in the room after the end does not count', [stint(0, 200)], 'attended', 90],
  ] as const)('%s', (_, stints, status, minutes) => {
    expect(compute([...stints])).toEqual({ status, minutes });
  });

  it('a rejoin adds to the time, and the last leave decides leaving early', () => {
    // Left early at 30, came back at 40 until the end: attended, 80 minutes.
    expect(compute([stint(0, 30), stint(40, 90)])).toEqual({ status: 'attended', minutes: 80 });
    expect(compute([stint(0, 30), stint(40, 60)])).toEqual({ status: 'left-early', minutes: 50 });
  });

  it('overlapping stints (two tabs, a reconnect) are counted once', () => {
    expect(compute([stint(0, 60), stint(30, 90), stint(45, 50)])).toEqual({ status: 'attended', minutes: 90 });
  });

  it('the order the stints arrive in does not matter', () => {
    expect(compute([stint(40, 90), stint(0, 30)])).toEqual(compute([stint(0, 30), stint(40, 90)]));
  });

  it('a room ended early ends the session there', () => {
    const r = compute([stint(0, null)], { endedAt: at(50) });
    expect(r).toEqual({ status: 'attended', minutes: 50 });
    // Leaving at 45 of a session ended at 50 is not early.
    expect(compute([stint(0, 45)], { endedAt: at(50) }).status).toBe('attended');
  });

  it('a room running over still counts only to the planned end', () => {
    expect(compute([stint(0, 120)], { endedAt: at(120) })).toEqual({ status: 'attended', minutes: 90 });
  });

  it('a stint still open counts as present until now, and never as leaving early', () => {
    expect(compute([stint(0, null)], { endedAt: null, now: at(30) })).toEqual({ status: 'attended', minutes: 30 });
    expect(compute([stint(0, 20), stint(25, null)], { endedAt: null, now: at(40) })).toEqual({
      status: 'attended',
      minutes: 35,
    });
    expect(compute([stint(0, null)], { endedAt: null, now: at(500) })).toEqual({ status: 'attended', minutes: 90 });
  });

  test.each([
    [false, 'absent'],
    [true, 'excused'],
  ] as const)('no stints, excused %s: %s', (excused, status) => {
    expect(compute([], { excused })).toEqual({ status, minutes: 0 });
  });

  it('someone who said they could not come but came anyway is counted by their stints', () => {
    expect(compute([stint(0, 90)], { excused: true })).toEqual({ status: 'attended', minutes: 90 });
  });

  it('the rules are the documented ones', () => {
    expect(ATTENDANCE_RULES).toMatchObject({ lateAfterMs: 5 * MIN, leftEarlyBeforeMs: 10 * MIN });
  });
});

describe('attendance policy flags', () => {
  const policy = { consecutiveUnexcused: 2, totalUnexcused: 3 };
  const s = (...x: AttendanceStatus[]) => x;

  test.each([
    ['nothing for full attendance', s('attended', 'late', 'left-early'), []],
    ['nothing for one absence', s('attended', 'absent', 'attended'), []],
    ['two in a row', s('attended', 'absent', 'absent'), [{ rule: 'consecutive', count: 2 }]],
    [
      'the longest run is the count',
      s('absent', 'absent', 'absent', 'attended'),
      [
        { rule: 'consecutive', count: 3 },
        { rule: 'total', count: 3 },
      ],
    ],
    ['three in all, none in a row', s('absent', 'attended', 'absent', 'late', 'absent'), [{ rule: 'total', count: 3 }]],
    ['excused absences count towards neither rule', s('excused', 'excused', 'excused', 'absent'), []],
    ['an excused absence does not break a run', s('absent', 'excused', 'absent'), [{ rule: 'consecutive', count: 2 }]],
    ['left-early breaks a run', s('absent', 'left-early', 'absent'), []],
    [
      'a run that ended still flags (the longest, not the latest)',
      s('absent', 'absent', 'attended', 'attended'),
      [{ rule: 'consecutive', count: 2 }],
    ],
  ] as const)('%s', (_, statuses, flags) => {
    expect(policyFlags('m1', statuses, policy)).toEqual(flags.map((f) => ({ memberId: 'm1', ...f })));
  });

  it('follows the group policy', () => {
    expect(policyFlags('m1', s('absent', 'absent'), { consecutiveUnexcused: 3, totalUnexcused: 5 })).toEqual([]);
    expect(policyFlags('m1', s('absent'), { consecutiveUnexcused: 1, totalUnexcused: 1 })).toEqual([
      { memberId: 'm1', rule: 'consecutive', count: 1 },
      { memberId: 'm1', rule: 'total', count: 1 },
    ]);
  });
});

/** RFC 4180 reader for the test: fields, quoted fields with doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe('attendance CSV', () => {
  const cell = (
    memberId: string,
    occurrenceId: string,
    status: AttendanceStatus,
    minutes: number,
    corrected = false,
  ) => ({
    memberId,
    occurrenceId,
    status,
    minutes,
    computed: status,
    corrected,
    excusedByMember: false,
  });
  const sheet: AttendanceSheet = {
    members: [
      { id: 'm1', displayName: 'Ana, "A" Ruiz', status: 'active' },
      { id: 'm2', displayName: '=HYPERLINK("http://x")', status: 'active' },
      { id: 'm3', displayName: 'Line\nbreak', status: 'paused' },
    ],
    occurrences: [
      { id: 'o1', index: 1, startsAt: '2027-01-05T23:00:00.000Z' },
      { id: 'o2', index: 2, startsAt: '2027-01-12T23:00:00.000Z' },
    ],
    cells: [
      cell('m1', 'o2', 'absent', 0, true),
      cell('m1', 'o1', 'attended', 90),
      cell('m2', 'o1', 'late', 70),
      cell('m3', 'o1', 'excused', 0),
    ],
    flags: [],
    policy: { consecutiveUnexcused: 2, totalUnexcused: 3 },
  };

  it('has the header and one row per cell, member by member, sessions oldest first', () => {
    const text = attendanceCsv(sheet, { timeZone: 'America/New_York' });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['member', 'session', 'date', 'status', 'minutes', 'corrected'],
      ['Ana, "A" Ruiz', '1', '2027-01-05 18:00', 'attended', '90', 'no'],
      ['Ana, "A" Ruiz', '2', '2027-01-12 18:00', 'absent', '0', 'yes'],
      ['\'=HYPERLINK("http://x")', '1', '2027-01-05 18:00', 'late', '70', 'no'],
      ['Line\nbreak', '1', '2027-01-05 18:00', 'excused', '0', 'no'],
    ]);
  });

  it('dates are UTC without a time zone', () => {
    expect(parseCsv(attendanceCsv(sheet))[1]![2]).toBe('2027-01-05 23:00');
  });

  it('a sheet with no cells is just the header', () => {
    expect(attendanceCsv({ ...sheet, cells: [] })).toBe('member,session,date,status,minutes,corrected\r\n');
  });

  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=a,b', '"\'=a,b"'],
    ['a=b', 'a=b'],
  ])('the field %j is written as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });
});
