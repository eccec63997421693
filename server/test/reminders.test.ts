/**
 * Email reminders end to end over a real SMTP server (the smtp-server package on 127.0.0.1, a
 * random port): the ReminderSender on an injected clock, an in-memory ReminderSource standing for
 * the database, and the real SmtpMailer (nodemailer). Checks that the day-before and the hour-before
 * emails arrive once each, with the .ics attached, that a restart does not send them again, and
 * that a refusal or an outage of the mail server releases the claim so the next minute sends.
 */
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SmtpMailer } from '../src/adapters/mail/SmtpMailer.js';
import { ReminderSender, type ReminderSource } from '../src/app/ReminderSender.js';
import { type ReminderKind, type ReminderRecipient, type UpcomingOccurrence, DAY_MS } from '../src/app/reminders.js';
import { ManualClock } from './support/ManualClock.js';
import { leaves, parseCalendar, parseMime } from './support/mime.js';

const MINUTE_MS = 60_000;
const START = Date.parse('2026-03-10T22:00:00Z'); // Tuesday 6:00 PM in New York

const member: ReminderRecipient = {
  key: 'member:m1',
  email: 'sam@example.org',
  name: 'Sam Rivera',
  role: 'member',
  link: 'https://circle.clinic.example/g#tok-sam-0123456789',
};
const therapist: ReminderRecipient = {
  key: 'staff:t1',
  email: 'lee@clinic.example',
  name: 'Lee Chen',
  role: 'therapist',
};

const occurrence: UpcomingOccurrence = {
  occurrenceId: 'occ-1',
  groupTitle: 'Tuesday evening group',
  startsAt: START,
  endsAt: START + 90 * MINUTE_MS,
  timeZone: 'America/New_York',
  recipients: [member, therapist],
};

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The database's part, in memory: one row per claimed reminder, as a unique key would keep it. */
class MemorySource implements ReminderSource {
  readonly claims = new Set<string>();
  constructor(private readonly occurrences: UpcomingOccurrence[]) {}
  async upcoming(now: number, horizonMs: number) {
    return this.occurrences.filter((o) => o.startsAt > now && o.startsAt <= now + horizonMs);
  }
  async claim(occurrenceId: string, recipientKey: string, kind: ReminderKind) {
    const key = `${occurrenceId}|${recipientKey}|${kind}`;
    if (this.claims.has(key)) return false;
    this.claims.add(key);
    return true;
  }
  async release(occurrenceId: string, recipientKey: string, kind: ReminderKind) {
    this.claims.delete(`${occurrenceId}|${recipientKey}|${kind}`);
  }
  async calendarFor(occurrenceId: string) {
    const o = this.occurrences.find((x) => x.occurrenceId === occurrenceId)!;
    return [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Circle//Reminders test//EN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      `UID:${o.occurrenceId}@circle`,
      `DTSTAMP:${stamp(START - 2 * DAY_MS)}`,
      `DTSTART:${stamp(o.startsAt)}`,
      `DTEND:${stamp(o.endsAt)}`,
      `SUMMARY:${o.groupTitle}`,
      'SEQUENCE:0',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  }
}

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that keeps every message; `refuseNext` answers 451 to that many recipients. */
class TestSmtp {
  readonly received: Received[] = [];
  refuseNext = 0;
  port = 0;
  private server: SMTPServer | null = null;

  async listen(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (this.refuseNext > 0) {
          this.refuseNext--;
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        callback();
      },
      onData: (stream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.to.includes(address));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const smtp = new TestSmtp();
  await smtp.listen();
  cleanups.push(() => smtp.close());
  const source = new MemorySource([occurrence]);
  const clock = new ManualClock(START - 2 * DAY_MS);
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const mailer = new SmtpMailer({ url: `smtp://127.0.0.1:${smtp.port}`, from: 'Circle <no-reply@localhost>' });
  cleanups.push(() => mailer.close());
  const sender = new ReminderSender({ source, mailer, clock, logger });
  cleanups.push(() => sender.stop());

  /** Wait for the pass under way to finish (the next one is then on the clock). */
  const idle = () => vi.waitFor(() => expect(clock.pending()).toHaveLength(1), { timeout: 15_000, interval: 5 });
  /** Run one pass at exactly `at` (any pass on the way there runs at its own time). */
  const passAt = async (at: number) => {
    await idle();
    const next = clock.pending()[0]!.at;
    if (at > next) {
      clock.advance(at - MINUTE_MS - clock.now());
      await idle();
    }
    clock.advance(at - clock.now());
    await idle();
  };
  sender.start();
  await idle();
  return { smtp, source, clock, logger, logLines, mailer, sender, idle, passAt };
}

describe('email reminders over a real SMTP server', () => {
  test('the day-before and the hour-before each arrive once, with the session attached as .ics', async () => {
    const { smtp, source, clock, logger, logLines, mailer, passAt } = await setup();
    expect(smtp.received).toEqual([]);

    await passAt(START - DAY_MS - MINUTE_MS);
    expect(smtp.received).toEqual([]);

    await passAt(START - DAY_MS + MINUTE_MS);
    expect(smtp.to(member.email)).toHaveLength(1);
    expect(smtp.to(therapist.email)).toHaveLength(1);

    for (const minutes of [2, 3, 60, 120]) await passAt(START - DAY_MS + minutes * MINUTE_MS);
    expect(smtp.received).toHaveLength(2);

    await passAt(START - 59 * MINUTE_MS);
    expect(smtp.to(member.email)).toHaveLength(2);
    expect(smtp.to(therapist.email)).toHaveLength(2);
    for (const minutes of [58, 30, 1, -1, -60]) await passAt(START - minutes * MINUTE_MS);
    expect(smtp.received).toHaveLength(4);

    // A restart (a new sender over the same database) inside the hour-before window sends nothing again.
    const restarted = new ReminderSender({ source, mailer, clock, logger });
    await restarted.pass();
    expect(smtp.received).toHaveLength(4);

    const [dayBefore, hourBefore] = smtp.to(member.email).map((r) => parseMime(r.raw));
    expect(dayBefore!.headers.get('subject')).toBe('Reminder: your group meets Tuesday, March 10 at 6:00 PM EDT');
    expect(hourBefore!.headers.get('subject')).toBe('Starting soon: your group at 6:00 PM EDT');
    expect(dayBefore!.headers.get('from')).toBe('Circle <no-reply@localhost>');
    expect(dayBefore!.headers.get('list-unsubscribe')).toBe(`<${member.link}>`);

    const parts = leaves(dayBefore!);
    const text = parts.find((p) => p.headers.get('content-type')?.startsWith('text/plain'))!.body;
    expect(text).toContain(member.link);
    expect(text).toContain('Tuesday, March 10, from 6:00 PM to 7:30 PM (Eastern Daylight Time)');
    expect(text).toContain('turn off "Email reminders"');
    const ics = parts.find((p) => p.headers.get('content-type')?.startsWith('text/calendar'))!;
    expect(ics.headers.get('content-type')).toMatch(/method=PUBLISH/i);
    expect(ics.headers.get('content-disposition')).toMatch(/attachment; filename="?session\.ics"?/);
    const calendar = parseCalendar(ics.body);
    expect(calendar.name).toBe('VCALENDAR');
    expect(calendar.props.get('METHOD')).toBe('PUBLISH');
    const event = calendar.children.find((c) => c.name === 'VEVENT')!;
    expect(event.props.get('UID')).toBe('occ-1@circle');
    expect(event.props.get('DTSTART')).toBe('20260310T220000Z');

    const staff = parseMime(smtp.to(therapist.email)[0]!.raw);
    expect(staff.headers.has('list-unsubscribe')).toBe(false);
    expect(leaves(staff).some((p) => p.headers.get('content-type')?.startsWith('text/calendar'))).toBe(true);

    // Logs name occurrences and recipients by id only.
    const sent = logLines.filter((l) => l.includes('reminder sent'));
    expect(sent).toHaveLength(4);
    expect(sent[0]).toContain('"recipient":"member:m1"');
    for (const line of logLines) {
      for (const secret of [member.email, therapist.email, 'Sam', 'Lee', 'tok-sam', occurrence.groupTitle]) {
        expect(line).not.toContain(secret);
      }
    }
  });

  test('a recipient the mail server refuses for now is released and sent the next minute', async () => {
    const { smtp, source, passAt, logLines } = await setup();
    smtp.refuseNext = 1; // the member, first in the list
    await passAt(START - DAY_MS + MINUTE_MS);
    expect(smtp.to(member.email)).toHaveLength(0);
    expect(smtp.to(therapist.email)).toHaveLength(1);
    expect(source.claims.has('occ-1|member:m1|day-before')).toBe(false);
    expect(logLines.some((l) => l.includes('reminder not sent') && l.includes('"responseCode":451'))).toBe(true);

    await passAt(START - DAY_MS + 2 * MINUTE_MS);
    expect(smtp.to(member.email)).toHaveLength(1);
    expect(smtp.to(therapist.email)).toHaveLength(1);
    expect(source.claims.has('occ-1|member:m1|day-before')).toBe(true);
  });

  test('a mail server that is down: the claims are released and the next minute, with it back, sends', async () => {
    const { smtp, source, passAt, logLines } = await setup();
    const port = smtp.port;
    await smtp.close();
    await passAt(START - DAY_MS + MINUTE_MS);
    expect(source.claims.size).toBe(0);
    // One line for the pass (the rest of it is left for the next minute), with ids and codes only.
    const failures = logLines.filter((l) => l.includes('reminder not sent'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('"recipient":"member:m1"');
    expect(failures[0]).toMatch(/"code":"E[A-Z]+"/);
    expect(failures[0]).not.toContain(member.email);

    await passAt(START - DAY_MS + 2 * MINUTE_MS);
    expect(source.claims.size).toBe(0);

    await smtp.listen(port);
    await passAt(START - DAY_MS + 3 * MINUTE_MS);
    expect(smtp.to(member.email)).toHaveLength(1);
    expect(smtp.to(therapist.email)).toHaveLength(1);
    expect(source.claims.size).toBe(2);
  });

  test('down through the day-before window: only the hour-before is sent, late but inside its window', async () => {
    const { smtp, source, clock, logger, mailer, sender, idle } = await setup();
    // Circle stops two days before and starts again half an hour before the start.
    await sender.stop();
    clock.advance(START - 30 * MINUTE_MS - clock.now());
    const restarted = new ReminderSender({ source, mailer, clock, logger });
    cleanups.push(() => restarted.stop());
    restarted.start();
    await idle();
    expect(smtp.received.map((r) => parseMime(r.raw).headers.get('subject'))).toEqual([
      'Starting soon: your group at 6:00 PM EDT',
      'Starting soon: your group at 6:00 PM EDT',
    ]);
  });
});
