import { DateTime } from 'luxon';

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

const LOCALE = 'en-US';

/** "Tuesday, March 10", "6:00 PM", "EDT", "Eastern Daylight Time": an instant in the group's zone. */
function when(ms: number, timeZone: string) {
  const t = DateTime.fromMillis(ms, { zone: timeZone, locale: LOCALE });
  return {
    date: t.toISODate(),
    day: t.toFormat('cccc, LLLL d'),
    time: t.toFormat('h:mm a'),
    zone: t.toFormat('ZZZZ'),
    zoneName: t.toFormat('ZZZZZ'),
  };
}

/** An occurrence's date and time written out in its group's time zone. */
export function sessionTime(occurrence: Pick<UpcomingOccurrence, 'startsAt' | 'endsAt' | 'timeZone'>): {
  /** "Tuesday, March 10 at 6:00 PM EDT" */
  short: string;
  /** "6:00 PM EDT" */
  start: string;
  /** "Tuesday, March 10, from 6:00 PM to 7:30 PM (Eastern Daylight Time)" */
  long: string;
} {
  const start = when(occurrence.startsAt, occurrence.timeZone);
  const end = when(occurrence.endsAt, occurrence.timeZone);
  const endText = end.date === start.date ? end.time : `${end.day}, ${end.time}`;
  return {
    short: `${start.day} at ${start.time} ${start.zone}`,
    start: `${start.time} ${start.zone}`,
    long: `${start.day}, from ${start.time} to ${endText} (${start.zoneName})`,
  };
}

const CRISIS_LINE =
  'If you need to talk to someone right now, call or text 988, or chat at 988lifeline.org: free, any time, day or night. If your life is in danger, call 911.';

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
  const time = sessionTime(occurrence);
  const member = recipient.role === 'member';
  const subject =
    kind === ReminderKind.dayBefore
      ? `Reminder: your group meets ${time.short}`
      : `Starting soon: your group at ${time.start}`;
  const opening =
    kind === ReminderKind.dayBefore
      ? `This is a reminder that your group meets ${time.long}.`
      : `Your group starts soon: ${time.long}.`;
  const paragraphs: Paragraph[] = [`Hello ${recipient.name},`, opening, `Group: ${occurrence.groupTitle}`];
  if (member && recipient.link) {
    paragraphs.push(
      { text: 'Your personal link (the same every week):', link: recipient.link },
      'It opens the way in a few minutes before the start. The attached calendar file adds the time to your calendar.',
      'If you cannot come, open your link and choose "I can\'t make it this week" so your group leader knows.',
      'To stop these emails, open your link and turn off "Email reminders".',
    );
  } else if (member) {
    paragraphs.push('The attached calendar file adds the time to your calendar.');
  } else {
    paragraphs.push(
      ...(recipient.link ? [{ text: 'Open Circle:', link: recipient.link }] : []),
      'You get this email because you lead this group. The attached calendar file adds the time to your calendar.',
    );
  }
  paragraphs.push(CRISIS_LINE);

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
