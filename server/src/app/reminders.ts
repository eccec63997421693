import { DateTime } from 'luxon';
import type { Language } from '@circle/shared/i18n';
import { emailTexts, intlLocaleOf } from './i18n.js';

/**
 * Email reminders of a group's sessions, as pure functions: which reminders are due now, and what
 * they say. Sending, claiming (never twice) and the timer live in ReminderSender.ts.
 *
 * What a reminder may say: a phone's lock screen shows the sender, the subject and the first line,
 * so those carry only "your group" and the time. The group's title (as the clinic named it) appears
 * further down, with the personal link and how to stop the emails; never a diagnosis, a note or
 * anything about other members.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** How far ahead the sender asks for occurrences: the day-before window opens 24 hours before. */
export const REMINDER_HORIZON_MS = DAY_MS;

export const ReminderKind = { dayBefore: 'day-before', hourBefore: 'hour-before' } as const;
export type ReminderKind = (typeof ReminderKind)[keyof typeof ReminderKind];

export interface ReminderRecipient {
  /** Stable and id-only (`member:<memberId>`, `staff:<accountId>`): the claim's key and what logs show. */
  key: string;
  email: string;
  name: string;
  role: 'member' | 'therapist';
  /** A member's personal page (`PUBLIC_URL/g#token`): the way in, and where reminders are switched off. */
  link?: string;
}

export interface UpcomingOccurrence {
  occurrenceId: string;
  groupTitle: string;
  startsAt: number;
  endsAt: number;
  /** The group's IANA time zone: times in the email are written in it. */
  timeZone: string;
  /** The group's language: the email and its calendar file are written in it (English when absent). */
  language?: Language;
  recipients: ReminderRecipient[];
}

export interface DueReminder {
  occurrence: UpcomingOccurrence;
  recipient: ReminderRecipient;
  kind: ReminderKind;
}

/**
 * The reminder window `now` falls in: the day before is (start − 24 h, start − 1 h], the hour
 * before is (start − 1 h, start]. After the start nothing is due; a window that passed while the
 * server was down is not made up later.
 */
export function reminderWindow(now: number, startsAt: number): ReminderKind | null {
  if (now > startsAt) return null;
  if (now > startsAt - HOUR_MS) return ReminderKind.hourBefore;
  if (now > startsAt - DAY_MS) return ReminderKind.dayBefore;
  return null;
}

/**
 * Every (occurrence, recipient, kind) whose window `now` is in. The same answer minute after minute
 * within a window: the sender's claim is what makes each one go out once.
 */
export function dueReminders(now: number, upcoming: readonly UpcomingOccurrence[]): DueReminder[] {
  const due: DueReminder[] = [];
  for (const occurrence of upcoming) {
    const kind = reminderWindow(now, occurrence.startsAt);
    if (!kind) continue;
    for (const recipient of occurrence.recipients) due.push({ occurrence, recipient, kind });
  }
  return due;
}

export interface ReminderEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * "Tuesday, March 10", "6:00 PM", "EDT", "Eastern Daylight Time" ("martes, 10 de marzo", "6:00 p.m.",
 * "EDT", "hora de verano oriental"): an instant in the group's zone, written by Intl in its language.
 */
function when(ms: number, timeZone: string, language: Language) {
  const t = DateTime.fromMillis(ms, { zone: timeZone, locale: intlLocaleOf(language) });
  // Intl puts a narrow no-break space before AM/PM; mail clients and plain text read a plain one.
  const plain = (s: string) => s.replace(/\u202f/g, ' ');
  return {
    date: t.toISODate(),
    day: t.toLocaleString({ weekday: 'long', month: 'long', day: 'numeric' }),
    time: plain(t.toLocaleString({ hour: 'numeric', minute: '2-digit' })),
    zone: t.toFormat('ZZZZ'),
    zoneName: t.toFormat('ZZZZZ'),
  };
}

/** An occurrence's date and time written out in its group's time zone and language (default English). */
export function sessionTime(occurrence: Pick<UpcomingOccurrence, 'startsAt' | 'endsAt' | 'timeZone' | 'language'>): {
  /** "Tuesday, March 10 at 6:00 PM EDT" */
  short: string;
  /** "6:00 PM EDT" */
  start: string;
  /** "Tuesday, March 10, from 6:00 PM to 7:30 PM (Eastern Daylight Time)" */
  long: string;
} {
  const language = occurrence.language ?? 'en';
  const t = emailTexts(language);
  const start = when(occurrence.startsAt, occurrence.timeZone, language);
  const end = when(occurrence.endsAt, occurrence.timeZone, language);
  const endText = end.date === start.date ? end.time : t('endOtherDay', { day: end.day, time: end.time });
  return {
    short: t('short', { day: start.day, time: start.time, zone: start.zone }),
    start: t('start', { time: start.time, zone: start.zone }),
    long: t('long', { day: start.day, start: start.time, end: endText, zoneName: start.zoneName }),
  };
}

/** One paragraph of the email; `link` turns the given URL into a link in the HTML part. */
type Paragraph = string | { text: string; link: string };

/**
 * The reminder's subject and body in plain language: when (in the group's time zone), the personal
 * link, how to stop the emails (members: the switch on their page), and the 988 line at the bottom.
 */
export function reminderEmail(
  kind: ReminderKind,
  occurrence: UpcomingOccurrence,
  recipient: ReminderRecipient,
): ReminderEmail {
  const t = emailTexts(occurrence.language ?? 'en');
  const time = sessionTime(occurrence);
  const member = recipient.role === 'member';
  const subject =
    kind === ReminderKind.dayBefore
      ? t('subjectDayBefore', { when: time.short })
      : t('subjectHourBefore', { when: time.start });
  const opening =
    kind === ReminderKind.dayBefore
      ? t('openingDayBefore', { when: time.long })
      : t('openingHourBefore', { when: time.long });
  const paragraphs: Paragraph[] = [
    t('hello', { name: recipient.name }),
    opening,
    t('group', { title: occurrence.groupTitle }),
  ];
  if (member && recipient.link) {
    paragraphs.push({ text: t('personalLink'), link: recipient.link }, t('opensEarly'), t('cantCome'), t('stop'));
  } else if (member) {
    paragraphs.push(t('calendarOnly'));
  } else {
    paragraphs.push(...(recipient.link ? [{ text: t('openCircle'), link: recipient.link }] : []), t('therapist'));
  }
  paragraphs.push(t('crisis'));

  const text = paragraphs.map((p) => (typeof p === 'string' ? p : `${p.text}\n${p.link}`)).join('\n\n') + '\n';
  const html =
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">' +
    paragraphs
      .map((p) =>
        typeof p === 'string'
          ? `<p>${escapeHtml(p)}</p>`
          : `<p>${escapeHtml(p.text)}<br><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>`,
      )
      .join('') +
    '</body></html>';
  return { subject, text, html };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
