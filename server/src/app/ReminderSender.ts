import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import {
  type DueReminder,
  type ReminderKind,
  type UpcomingOccurrence,
  REMINDER_HORIZON_MS,
  dueReminders,
  reminderEmail,
} from './reminders.js';
import { SampledLog } from './sampledLog.js';

/**
 * What the sender needs of the groups' data (the database in production). Only occurrences that
 * will take place are listed (not cancelled ones), with the recipients who should hear about them:
 * active members with an address and reminders switched on, and the group's therapists with one.
 */
export interface ReminderSource {
  /** Occurrences starting in (now, now + horizonMs], each with its recipients. */
  upcoming(now: number, horizonMs: number): Promise<UpcomingOccurrence[]>;
  /**
   * Record that this reminder is being sent; false when it already was (by this node before a
   * restart, or by another node). An insert on a unique key: the one guard against sending twice.
   */
  claim(occurrenceId: string, recipientKey: string, kind: ReminderKind): Promise<boolean>;
  /** Undo a claim whose email could not be sent, so the next pass tries again (within its window). */
  release(occurrenceId: string, recipientKey: string, kind: ReminderKind): Promise<void>;
  /** The occurrence as an iCalendar file (`.ics` text), attached to its reminders. */
  calendarFor(occurrenceId: string): Promise<string>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** iCalendar text attached as `session.ics` (`text/calendar; method=PUBLISH`). */
  calendar?: string;
  /** Where the recipient stops these emails (the `List-Unsubscribe` header): a member's page. */
  unsubscribeUrl?: string;
}

/** Sends one email; rejects when the mail server did not take it (adapters/mail/SmtpMailer.ts). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A failed send, as the sender sees it: nodemailer's error code and the server's reply code, never text. */
export type SendFailure = { code?: string; responseCode?: number };

export const REMINDER_PASS_MS = 60_000;

export interface ReminderSenderDeps {
  source: ReminderSource;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** How often to look for due reminders (default a minute). */
  everyMs?: number;
}

/** Errors that say the mail server itself is unreachable: the rest of this pass would fail the same way. */
const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'EAUTH', 'ETLS']);

function failureOf(err: unknown): SendFailure {
  if (typeof err !== 'object' || err === null) return {};
  const { code, responseCode } = err as { code?: unknown; responseCode?: unknown };
  return {
    ...(typeof code === 'string' ? { code: code.slice(0, 40) } : {}),
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
  };
}

/** The server refused this address for good (5xx on the recipient): trying every minute would not help. */
const refusedForGood = (f: SendFailure) => f.code === 'EENVELOPE' && (f.responseCode ?? 0) >= 500;

/**
 * Every minute: asks the source for the next day's occurrences, works out which reminders are due
 * (reminders.ts), and for each claims it, sends it and, if sending failed, releases the claim so the
 * next pass retries. The claim makes restarts and several nodes safe: at most one email per
 * reminder. Logs carry ids (occurrence, recipient key) and error codes, never names or addresses.
 */
export class ReminderSender {
  private timer: unknown = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  private readonly faults: SampledLog;
  private readonly everyMs: number;

  constructor(private readonly deps: ReminderSenderDeps) {
    this.everyMs = deps.everyMs ?? REMINDER_PASS_MS;
    this.faults = new SampledLog(60_000, () => deps.clock.now());
  }

  /** Run a pass now and then every `everyMs` (the next one is scheduled when the last has finished). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.runPass();
  }

  /** Stop the timer and wait for a pass under way to finish. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** One pass: every due reminder claimed, sent, or released on failure. Resolves when done. */
  async pass(): Promise<void> {
    const { source, clock, logger } = this.deps;
    const now = clock.now();
    let upcoming: UpcomingOccurrence[];
    try {
      upcoming = await source.upcoming(now, REMINDER_HORIZON_MS);
    } catch (err) {
      this.faults.error(logger, failureOf(err), 'reminders: could not read the upcoming sessions; retried next minute');
      return;
    }
    const calendars = new Map<string, Promise<string>>();
    for (const due of dueReminders(now, upcoming)) {
      const outcome = await this.deliver(due, calendars);
      if (outcome === 'server-down') return;
    }
  }

  private runPass(): void {
    if (!this.running) return;
    this.inFlight = this.pass()
      .catch((err: unknown) => {
        this.faults.error(this.deps.logger, failureOf(err), 'reminders: a pass failed; retried next minute');
      })
      .finally(() => {
        this.inFlight = null;
        if (this.running) this.timer = this.deps.clock.setTimer(() => this.runPass(), this.everyMs);
      });
  }

  private async deliver(
    { occurrence, recipient, kind }: DueReminder,
    calendars: Map<string, Promise<string>>,
  ): Promise<'sent' | 'skipped' | 'failed' | 'server-down'> {
    const { source, mailer, logger } = this.deps;
    const ids = { occurrenceId: occurrence.occurrenceId, recipient: recipient.key, kind };
    let claimed: boolean;
    try {
      claimed = await source.claim(occurrence.occurrenceId, recipient.key, kind);
    } catch (err) {
      this.faults.error(
        logger,
        { ...ids, ...failureOf(err) },
        'reminders: could not record a reminder; retried next minute',
      );
      return 'failed';
    }
    if (!claimed) return 'skipped';
    try {
      let calendar = calendars.get(occurrence.occurrenceId);
      if (!calendar) {
        calendar = source.calendarFor(occurrence.occurrenceId);
        calendars.set(occurrence.occurrenceId, calendar);
      }
      await mailer.send({
        to: recipient.email,
        ...reminderEmail(kind, occurrence, recipient),
        calendar: await calendar,
        ...(recipient.role === 'member' && recipient.link ? { unsubscribeUrl: recipient.link } : {}),
      });
      logger.info(ids, 'reminder sent');
      return 'sent';
    } catch (err) {
      const failure = failureOf(err);
      if (refusedForGood(failure)) {
        logger.warn({ ...ids, ...failure }, 'reminder refused by the mail server for this address; not retried');
        return 'failed';
      }
      try {
        await source.release(occurrence.occurrenceId, recipient.key, kind);
      } catch (releaseErr) {
        this.faults.error(
          logger,
          { ...ids, ...failureOf(releaseErr) },
          'reminders: could not release a failed reminder',
        );
      }
      this.faults.error(logger, { ...ids, ...failure }, 'reminder not sent; retried next minute');
      return failure.code && CONNECTION_CODES.has(failure.code) ? 'server-down' : 'failed';
    }
  }
}
