import { describe, expect, test } from 'vitest';
import {
  type ReminderRecipient,
  type UpcomingOccurrence,
  DAY_MS,
  HOUR_MS,
  dueReminders,
  reminderEmail,
  reminderWindow,
} from './reminders.js';

const MINUTE_MS = 60_000;
const start = Date.parse('2026-03-10T22:00:00Z'); // Tuesday 6:00 PM in New York, daylight time

const member: ReminderRecipient = {
  key: 'member:m1',
  email: 'sam@example.org',
  name: 'Sam',
  role: 'member',
  link: 'https://circle.clinic.example/g#tok-abc',
};
const therapist: ReminderRecipient = {
  key: 'staff:t1',
  email: 'lee@clinic.example',
  name: 'Lee',
  role: 'therapist',
};

function occurrence(over: Partial<UpcomingOccurrence> = {}): UpcomingOccurrence {
  return {
    occurrenceId: 'occ-1',
    groupTitle: 'Tuesday evening group',
    startsAt: start,
    endsAt: start + 90 * MINUTE_MS,
    timeZone: 'America/New_York',
    recipients: [member, therapist],
    ...over,
  };
}

describe('reminder windows', () => {
  test.each([
    ['more than a day ahead', start - DAY_MS - MINUTE_MS, null],
    ['exactly 24 hours ahead (the window is open at its end only)', start - DAY_MS, null],
    ['a minute into the day-before window', start - DAY_MS + MINUTE_MS, 'day-before'],
    ['three hours ahead (late, still the day before)', start - 3 * HOUR_MS, 'day-before'],
    ['exactly an hour ahead', start - HOUR_MS, 'day-before'],
    ['59 minutes ahead', start - 59 * MINUTE_MS, 'hour-before'],
    ['at the start', start, 'hour-before'],
    ['a minute after the start: never after', start + MINUTE_MS, null],
  ])('%s → %s', (_what, now, kind) => {
    expect(reminderWindow(now, start)).toBe(kind);
  });

  test('each recipient of each occurrence in its window is due, nobody outside it', () => {
    const later = occurrence({
      occurrenceId: 'occ-2',
      startsAt: start + 7 * DAY_MS,
      endsAt: start + 7 * DAY_MS + HOUR_MS,
    });
    const due = dueReminders(start - 2 * HOUR_MS, [occurrence(), later]);
    expect(due.map((d) => [d.occurrence.occurrenceId, d.recipient.key, d.kind])).toEqual([
      ['occ-1', 'member:m1', 'day-before'],
      ['occ-1', 'staff:t1', 'day-before'],
    ]);
  });

  /** A pass a minute, from two days before to after the start, with a claim set as the sender uses it. */
  function simulate(passes: number[]): string[] {
    const claimed = new Set<string>();
    const sent: string[] = [];
    for (const now of passes) {
      for (const d of dueReminders(now, [occurrence({ recipients: [member] })])) {
        const key = `${d.occurrence.occurrenceId}|${d.recipient.key}|${d.kind}`;
        if (claimed.has(key)) continue;
        claimed.add(key);
        sent.push(`${d.kind}@${(start - now) / MINUTE_MS}min`);
      }
    }
    return sent;
  }
  const everyMinute = (from: number, to: number) =>
    Array.from({ length: (to - from) / MINUTE_MS + 1 }, (_, i) => from + i * MINUTE_MS);

  test('a pass every minute sends the day-before once, at 24 hours, and the hour-before once, at an hour', () => {
    expect(simulate(everyMinute(start - 2 * DAY_MS, start + HOUR_MS))).toEqual([
      'day-before@1439min',
      'hour-before@59min',
    ]);
  });

  test('down through the whole day-before window: only the hour-before goes, late but inside its window', () => {
    expect(simulate(everyMinute(start - 30 * MINUTE_MS, start + HOUR_MS))).toEqual(['hour-before@30min']);
  });

  test('down from the day before until after the start: nothing is sent late', () => {
    expect(simulate([start - 2 * DAY_MS, ...everyMinute(start + MINUTE_MS, start + HOUR_MS)])).toEqual([]);
  });

  test('back three hours before the start: the missed day-before goes late, then the hour-before', () => {
    expect(simulate(everyMinute(start - 3 * HOUR_MS, start))).toEqual(['day-before@180min', 'hour-before@59min']);
  });
});

describe('the reminder email', () => {
  const CLINICAL =
    /therap|diagnos|treat|depress|anxi|disorder|suicid|patient|clinic(?!\.example)|counsel|mental|psych|trauma|addict/i;

  test.each([
    ['day-before', 'member'],
    ['hour-before', 'member'],
    ['day-before', 'therapist'],
    ['hour-before', 'therapist'],
  ] as const)('%s to a %s carries no clinical words', (kind, role) => {
    const email = reminderEmail(kind, occurrence(), role === 'member' ? member : therapist);
    expect(email.subject).not.toMatch(CLINICAL);
    expect(email.text).not.toMatch(CLINICAL);
    expect(email.html).not.toMatch(CLINICAL);
  });

  test('the subject and the first line say "your group" and the time, never the group’s title', () => {
    const email = reminderEmail('day-before', occurrence({ groupTitle: 'Grief circle' }), member);
    expect(email.subject).toBe('Reminder: your group meets Tuesday, March 10 at 6:00 PM EDT');
    const [greeting, first] = email.text.split('\n\n');
    expect(greeting).toBe('Hello Sam,');
    expect(`${email.subject} ${first}`).not.toContain('Grief');
    expect(email.text).toContain('Group: Grief circle');
    expect(reminderEmail('hour-before', occurrence(), member).subject).toBe('Starting soon: your group at 6:00 PM EDT');
  });

  test('a member’s email has the personal link and how to stop reminders there, then the 988 line last', () => {
    const email = reminderEmail('day-before', occurrence(), member);
    expect(email.text).toContain('https://circle.clinic.example/g#tok-abc');
    expect(email.html).toContain('<a href="https://circle.clinic.example/g#tok-abc">');
    expect(email.text).toMatch(/To stop these emails, open your link and turn off "Email reminders"/);
    expect(email.text.trim().split('\n\n').at(-1)).toMatch(/call or text 988, or chat at 988lifeline\.org.*call 911/);
  });

  test('the same local time on each side of a daylight-saving change (written in the group’s zone)', () => {
    const before = Date.parse('2026-03-03T23:00:00Z'); // a week earlier: 6:00 PM standard time
    const winter = reminderEmail(
      'day-before',
      occurrence({ startsAt: before, endsAt: before + 90 * MINUTE_MS }),
      member,
    );
    const summer = reminderEmail('day-before', occurrence(), member);
    expect(winter.text).toContain('Tuesday, March 3, from 6:00 PM to 7:30 PM (Eastern Standard Time)');
    expect(summer.text).toContain('Tuesday, March 10, from 6:00 PM to 7:30 PM (Eastern Daylight Time)');
    const autumn = Date.parse('2026-11-03T23:00:00Z'); // after the change back: 6:00 PM EST again
    expect(
      reminderEmail('hour-before', occurrence({ startsAt: autumn, endsAt: autumn + HOUR_MS }), member).subject,
    ).toBe('Starting soon: your group at 6:00 PM EST');
  });

  test('another zone: the same instant in Berlin time', () => {
    const email = reminderEmail('day-before', occurrence({ timeZone: 'Europe/Berlin' }), member);
    expect(email.text).toContain('Tuesday, March 10, from 11:00 PM to Wednesday, March 11, 12:30 AM');
  });

  test('names, titles and links are escaped in the HTML part', () => {
    const email = reminderEmail('day-before', occurrence({ groupTitle: '<b>Tuesdays</b> & more' }), {
      ...member,
      name: 'Sam "<script>"',
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>Tuesdays');
    expect(email.html).toContain('&#60;b&#62;Tuesdays&#60;/b&#62; &#38; more');
  });

  test('a therapist’s email says why they get it and has no member link or stop switch', () => {
    const email = reminderEmail('hour-before', occurrence(), therapist);
    expect(email.text).toContain('because you lead this group');
    expect(email.text).not.toContain('/g#');
    expect(email.text).not.toContain('Email reminders');
  });
});

describe('the reminder email in the group’s language', () => {
  const spanish = (over: Partial<UpcomingOccurrence> = {}) => occurrence({ language: 'es', ...over });

  test('subject, greeting and times in Spanish, dates written by Intl in the group’s zone', () => {
    const email = reminderEmail('day-before', spanish(), member);
    expect(email.subject).toBe('Recordatorio: su grupo se reúne el martes, 10 de marzo, a las 6:00 p.m. EDT');
    const [greeting, first] = email.text.split('\n\n');
    expect(greeting).toBe('Hola, Sam:');
    expect(first).toBe(
      'Le recordamos que su grupo se reúne el martes, 10 de marzo, de 6:00 p.m. a 7:30 p.m. (hora de verano oriental).',
    );
    expect(reminderEmail('hour-before', spanish(), member).subject).toBe(
      'Empieza pronto: su grupo a las 6:00 p.m. EDT',
    );
  });

  test('the member’s link, how to stop the emails (named as the Spanish page names the switch), the 988 line last', () => {
    const email = reminderEmail('day-before', spanish(), member);
    expect(email.text).toContain('https://circle.clinic.example/g#tok-abc');
    expect(email.text).toContain('«Recordatorios por correo electrónico»');
    expect(email.text.trim().split('\n\n').at(-1)).toMatch(/988.*988lifeline\.org.*911/);
  });

  test.each([
    ['day-before', 'member'],
    ['hour-before', 'therapist'],
  ] as const)('%s to a %s: no clinical words in Spanish either', (kind, role) => {
    const email = reminderEmail(kind, spanish(), role === 'member' ? member : therapist);
    const CLINICAL = /terap|diagn|tratam|depres|ansie|trastorno|suicid|paciente|clínic|psic|trauma|adicc|mental/i;
    expect(`${email.subject}\n${email.text}`).not.toMatch(CLINICAL);
  });

  test('no language given: English, as before', () => {
    expect(reminderEmail('hour-before', occurrence(), member).subject).toBe('Starting soon: your group at 6:00 PM EDT');
  });
});
