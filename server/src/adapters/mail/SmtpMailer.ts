import { type Transporter, createTransport } from 'nodemailer';
import type { MailMessage, Mailer } from '../../app/ReminderSender.js';

export interface SmtpSettings {
  /** SMTP_URL: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  url: string;
  /** SMTP_FROM: the From header, e.g. `Circle <no-reply@clinic.example>`. */
  from: string;
}

/** A mail server that stops answering must not hold a reminder pass for minutes. */
const TIMEOUT_MS = 20_000;

/**
 * Sends email through an SMTP server with nodemailer: one connection per message (a few reminders
 * a minute at most), the calendar attached as `session.ics` (`text/calendar; method=PUBLISH`),
 * and a `List-Unsubscribe` header when the message names where to stop them.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = createTransport({
      url: settings.url,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      // Nothing about the message or the server's conversation goes to the console.
      logger: false,
      debug: false,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      ...(message.unsubscribeUrl ? { list: { unsubscribe: message.unsubscribeUrl } } : {}),
      ...(message.calendar
        ? {
            attachments: [
              {
                filename: 'session.ics',
                content: message.calendar,
                contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
              },
            ],
          }
        : {}),
    });
  }

  close(): void {
    this.transport.close();
  }
}
