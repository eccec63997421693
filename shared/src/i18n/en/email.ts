/**
 * Reminder emails and calendar files, in the group's language (written by the server). Dates and
 * times come already formatted for the language and the group's time zone.
 */
export const email = {
  /** "Tuesday, March 10 at 6:00 PM EDT" */
  short: '{{day}} at {{time}} {{zone}}',
  /** "6:00 PM EDT" */
  start: '{{time}} {{zone}}',
  /** "Tuesday, March 10, from 6:00 PM to 7:30 PM (Eastern Daylight Time)" */
  long: '{{day}}, from {{start}} to {{end}} ({{zoneName}})',
  /** The end on another day: "Wednesday, March 11, 12:30 AM" */
  endOtherDay: '{{day}}, {{time}}',
  subjectDayBefore: 'Reminder: your group meets {{when}}',
  subjectHourBefore: 'Starting soon: your group at {{when}}',
  openingDayBefore: 'This is a reminder that your group meets {{when}}.',
  openingHourBefore: 'Your group starts soon: {{when}}.',
  hello: 'Hello {{name}},',
  group: 'Group: {{title}}',
  personalLink: 'Your personal link (the same every week):',
  opensEarly:
    'It opens the way in a few minutes before the start. The attached calendar file adds the time to your calendar.',
  cantCome: 'If you cannot come, open your link and choose "I can\'t make it this week" so your group leader knows.',
  stop: 'To stop these emails, open your link and turn off "Email reminders".',
  calendarOnly: 'The attached calendar file adds the time to your calendar.',
  openCircle: 'Open Circle:',
  therapist:
    'You get this email because you lead this group. The attached calendar file adds the time to your calendar.',
  crisis:
    'If you need to talk to someone right now, call or text 988, or chat at 988lifeline.org: free, any time, day or night. If your life is in danger, call 911.',
  calendarDescription: 'Your group session. Open your personal link a few minutes before the start to join.',
} as const;
