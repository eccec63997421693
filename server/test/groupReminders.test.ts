/**
 * Group reminders through the whole server: SMTP_URL points at a real SMTP server (smtp-server on
 * 127.0.0.1), a closed group's first session is ahead on an injected clock, and the day-before and
 * hour-before emails reach the active member who has an address (with their personal link and the
 * session's .ics) and the lead therapist, once each; a member who switched reminders off, one who
 * is only waitlisted, and a session that was cancelled get nothing.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createGroupBody } from '@circle/shared';
import { ManualClock } from './support/ManualClock.js';
import { startTestCircle, type TestCircle } from './support/harness.js';
import { TestSmtp } from './support/smtp.js';
import { leaves, parseCalendar, parseMime } from './support/mime.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// A Tuesday at 6:00 PM in New York (22:00 UTC, daylight time), far enough from now to be "ahead".
const FIRST = Date.parse('2030-03-12T22:00:00Z');
const clock = new ManualClock(FIRST - 3 * DAY);

/**
 * Wait until `check` holds, moving the clock on a second at each look: the sender's next pass (a
 * minute after the last one finished) comes due on the way, at most a few minutes past the jump.
 */
async function whileTimePasses(check: () => void): Promise<void> {
  await vi.waitFor(
    () => {
      clock.advance(1_000);
      check();
    },
    { timeout: 20_000, interval: 10 },
  );
}

describe('email reminders for a group (SMTP_URL set)', () => {
  const smtp = new TestSmtp();
  let t: TestCircle;

  beforeAll(async () => {
    await smtp.listen();
    t = await startTestCircle({ clock }, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
  });
  afterAll(async () => {
    await t?.close();
    await smtp.close();
  });

  test('the day before and an hour before: the member (with the link and the .ics) and the therapist, once each', async () => {
    const circle = t.circle;
    const lead = await circle.staff.demoTherapist('reminders-lead@clinic.example', 'Dr. Lane');
    const group = await circle.groups.create(
      createGroupBody.parse({
        title: 'Tuesday evening group',
        kind: 'closed',
        sessionCount: 3,
        schedule: { weekdays: ['tue'], time: '18:00', timeZone: 'America/New_York', startDate: '2030-03-12' },
        durationMinutes: 90,
      }),
      { kind: 'staff', account: lead.account },
    );
    const by = lead.account.id;
    const sam = await circle.groups.addMember(
      group,
      { displayName: 'Sam', email: 'sam@example.org', status: 'active' },
      by,
    );
    const quiet = await circle.groups.addMember(
      group,
      { displayName: 'Quinn', email: 'quinn@example.org', status: 'active' },
      by,
    );
    await circle.groups.setReminders(quiet.member, false);
    await circle.groups.addMember(group, { displayName: 'Wren', email: 'wren@example.org', status: 'waitlisted' }, by);
    const [, second] = await circle.groups.occurrences(group);
    await circle.groups.cancel(group, second!.id, null);

    // 23 hours before: the day-before reminders.
    clock.advance(FIRST - 23 * HOUR - clock.now());
    await whileTimePasses(() => expect(smtp.to('sam@example.org')).toHaveLength(1));
    await whileTimePasses(() => expect(smtp.to('reminders-lead@clinic.example')).toHaveLength(1));
    const mail = parseMime(smtp.to('sam@example.org')[0]!.raw);
    expect(mail.headers.get('subject')).toBe('Reminder: your group meets Tuesday, March 12 at 6:00 PM EDT');
    const parts = leaves(mail);
    const text = parts.find((p) => p.headers.get('content-type')?.startsWith('text/plain'))!.body;
    expect(text).toContain(sam.url);
    const ics = parseCalendar(parts.find((p) => p.headers.get('content-type')?.startsWith('text/calendar'))!.body);
    const event = ics.children.find((c) => c.name === 'VEVENT')!;
    expect(event.props.get('DTSTART')).toBe('20300312T220000Z');
    expect(event.props.get('SUMMARY')).toBe('Tuesday evening group');

    // 30 minutes before: the hour-before ones; another pass a minute later sends nothing more.
    clock.advance(FIRST - 30 * MINUTE - clock.now());
    await whileTimePasses(() => expect(smtp.to('sam@example.org')).toHaveLength(2));
    await whileTimePasses(() => expect(smtp.to('reminders-lead@clinic.example')).toHaveLength(2));
    expect(parseMime(smtp.to('sam@example.org')[1]!.raw).headers.get('subject')).toBe(
      'Starting soon: your group at 6:00 PM EDT',
    );

    // The cancelled second session's days pass without a word; the third gets its reminders.
    const third = FIRST + 2 * 7 * DAY;
    clock.advance(third - 23 * HOUR - clock.now());
    await whileTimePasses(() => expect(smtp.to('sam@example.org')).toHaveLength(3));
    expect(parseMime(smtp.to('sam@example.org')[2]!.raw).headers.get('subject')).toContain('March 26');
    expect(smtp.to('quinn@example.org')).toHaveLength(0);
    expect(smtp.to('wren@example.org')).toHaveLength(0);
  });
});
