import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLanguage, startI18n } from '../../i18n';
import {
  attendanceCellText,
  flagText,
  formatInZone,
  isoToZonedLocal,
  nextToStart,
  occurrenceStatusText,
  policyText,
  scheduleText,
  zonedLocalToIso,
} from './groupFormat';

beforeAll(async () => {
  await startI18n();
  await setLanguage('en');
});

describe('a time typed for the group is read in the group’s time zone', () => {
  it.each([
    ['winter in New York (UTC−5)', '2027-01-05T18:00', 'America/New_York', '2027-01-05T23:00:00.000Z'],
    ['summer in New York (UTC−4)', '2027-07-06T18:00', 'America/New_York', '2027-07-06T22:00:00.000Z'],
    ['the day after spring-forward', '2027-03-15T09:00', 'America/New_York', '2027-03-15T13:00:00.000Z'],
    ['just before fall-back', '2027-11-06T18:00', 'America/New_York', '2027-11-06T22:00:00.000Z'],
    ['just after fall-back', '2027-11-08T18:00', 'America/New_York', '2027-11-08T23:00:00.000Z'],
    ['Berlin in summer (UTC+2)', '2027-06-01T10:30', 'Europe/Berlin', '2027-06-01T08:30:00.000Z'],
    ['Kolkata (UTC+5:30)', '2027-06-01T10:30', 'Asia/Kolkata', '2027-06-01T05:00:00.000Z'],
    ['UTC itself', '2027-06-01T10:30', 'UTC', '2027-06-01T10:30:00.000Z'],
  ])('%s', (_case, local, zone, iso) => {
    expect(zonedLocalToIso(local, zone)).toBe(iso);
    expect(isoToZonedLocal(iso, zone)).toBe(local);
  });

  it('a time skipped by spring-forward moves on by the gap (2:30 → 3:30 EDT)', () => {
    expect(zonedLocalToIso('2027-03-14T02:30', 'America/New_York')).toBe('2027-03-14T07:30:00.000Z');
  });

  it('a time repeated by fall-back takes the first (EDT)', () => {
    expect(zonedLocalToIso('2027-11-07T01:30', 'America/New_York')).toBe('2027-11-07T05:30:00.000Z');
  });

  it.each([['not a date'], ['2027-02-30T10:00'], ['2027-01-05T25:00'], ['']])(
    'an unreadable value (%s) is null',
    (v) => {
      expect(zonedLocalToIso(v, 'America/New_York')).toBeNull();
    },
  );
});

describe('a group’s times are shown in its zone, with the zone named', () => {
  const now = new Date('2027-01-02T12:00:00Z');
  it('same instant, two zones', () => {
    expect(formatInZone('2027-01-05T23:00:00.000Z', 'America/New_York', now, 'en-US')).toBe('Tue, Jan 5, 6:00 PM EST');
    expect(formatInZone('2027-01-05T23:00:00.000Z', 'America/Los_Angeles', now, 'en-US')).toBe(
      'Tue, Jan 5, 3:00 PM PST',
    );
  });
  it('the year only when it is not this year', () => {
    expect(formatInZone('2028-01-04T23:00:00.000Z', 'America/New_York', now, 'en-US')).toBe(
      'Tue, Jan 4, 2028, 6:00 PM EST',
    );
  });
  it('an unreadable time is shown as it came', () => {
    expect(formatInZone('soon', 'America/New_York', now, 'en-US')).toBe('soon');
  });
});

describe('the group page says its rules in words', () => {
  it('the attendance policy', () => {
    expect(policyText({ consecutiveUnexcused: 2, totalUnexcused: 3 })).toBe(
      'Flag after 2 unexcused absences in a row or 3 in all',
    );
    expect(policyText({ consecutiveUnexcused: 1, totalUnexcused: 4 })).toBe(
      'Flag after 1 unexcused absence in a row or 4 in all',
    );
  });
  it('a flag', () => {
    expect(flagText({ memberId: 'm1', rule: 'consecutive', count: 2 })).toBe('2 unexcused absences in a row');
    expect(flagText({ memberId: 'm1', rule: 'total', count: 3 })).toBe('3 unexcused absences in all');
  });
  it('the schedule', () => {
    expect(
      scheduleText(
        {
          weekdays: ['tue', 'thu'],
          time: '18:00',
          timeZone: 'America/New_York',
          startDate: '2027-01-05',
          everyWeeks: 2,
          endDate: null,
        },
        'en-US',
      ),
    ).toBe('Tuesdays and Thursdays at 6:00 PM (America/New_York), every 2 weeks from Jan 5, 2027');
  });
});

describe('attendance cells are words, not colours', () => {
  const cell = { corrected: false, excusedByMember: false, minutes: 0 };
  it.each([
    [{ ...cell, status: 'attended' as const, minutes: 90 }, 'Attended'],
    [{ ...cell, status: 'late' as const }, 'Late'],
    [{ ...cell, status: 'left-early' as const }, 'Left early'],
    [{ ...cell, status: 'absent' as const }, 'Absent'],
    [{ ...cell, status: 'excused' as const, excusedByMember: true }, 'Excused (told in advance)'],
    [{ ...cell, status: 'attended' as const, corrected: true }, 'Attended (corrected)'],
  ])('%o reads “%s”', (c, text) => {
    expect(attendanceCellText(c)).toBe(text);
  });
});

describe('occurrences', () => {
  const occ = (id: string, status: 'scheduled' | 'cancelled' | 'live' | 'ended', startsAt: string, moved = false) => ({
    id,
    index: 1,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString(),
    plannedStartsAt: startsAt,
    moved,
    status,
    sessionId: null,
    hasRecord: false,
  });
  it('a moved one says so', () => {
    expect(occurrenceStatusText({ status: 'scheduled', moved: true })).toBe('Moved');
    expect(occurrenceStatusText({ status: 'cancelled', moved: false })).toBe('Cancelled');
  });
  it('the next to start skips ended and cancelled ones; a live one comes first', () => {
    const list = [
      occ('a', 'ended', '2027-01-05T23:00:00Z'),
      occ('b', 'cancelled', '2027-01-12T23:00:00Z'),
      occ('c', 'scheduled', '2027-01-19T23:00:00Z'),
    ];
    expect(nextToStart(list, Date.parse('2027-01-10T00:00:00Z'))?.id).toBe('c');
    expect(nextToStart([...list, occ('d', 'live', '2027-01-26T23:00:00Z')])?.id).toBe('d');
  });
});

describe('in Spanish, the same rules in Spanish words and formats', () => {
  beforeAll(() => setLanguage('es'));
  afterAll(() => setLanguage('en'));

  it('the schedule, with Spanish weekdays, list, time and date', () => {
    expect(
      scheduleText({
        weekdays: ['tue', 'thu'],
        time: '18:00',
        timeZone: 'America/New_York',
        startDate: '2027-01-05',
        everyWeeks: 1,
        endDate: '2027-03-02',
      }),
    ).toBe(
      // es-US, as in the reminder emails: "6:00 p.m.", not Spain's "18:00".
      'Los martes y jueves a las 6:00 p.m. (America/New_York), cada semana desde el 5 ene 2027 hasta el 2 mar 2027',
    );
  });
  it('plurals from the Spanish rules', () => {
    expect(policyText({ consecutiveUnexcused: 1, totalUnexcused: 4 })).toBe(
      'Marcar tras 1 ausencia sin justificar seguida o 4 en total',
    );
    expect(flagText({ memberId: 'm1', rule: 'total', count: 3 })).toBe('3 ausencias sin justificar en total');
  });
  it('statuses and cells', () => {
    expect(occurrenceStatusText({ status: 'live', moved: false })).toBe('En curso');
    expect(attendanceCellText({ status: 'excused', corrected: false, excusedByMember: true, minutes: 0 })).toBe(
      'Justificada (avisó con antelación)',
    );
  });
  it('a time in the group’s zone, in Spanish', () => {
    expect(formatInZone('2027-01-05T23:00:00.000Z', 'America/New_York', new Date('2027-01-02T12:00:00Z'))).toMatch(
      /^mar, 5 (de )?ene, 6:00 p\.\s?m\./,
    );
  });
});
