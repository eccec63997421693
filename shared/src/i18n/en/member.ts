/** A member's page for their group (`/g#token`): the next session, the countdown, reminders. */
export const member = {
  loading: 'Loading your group…',
  noLink: {
    title: 'Your group page',
    text: 'To see your group, open the personal link your therapist sent you.',
  },
  invalid: {
    title: 'This link no longer works',
    text: 'This link no longer works. Ask your therapist for a new one.',
  },
  loadError: { title: 'We could not load your group' },
  tryAgain: 'Try again',
  greeting: 'Hi {{name}}',
  discharged: 'Your place in this group has ended. Thank you for the time you spent with the group.',
  waiting: 'You are not in the group’s sessions for now. Your therapist will tell you when that changes.',
  noSessions: 'No sessions are planned right now. Your therapist will let you know.',
  next: {
    title: 'Next session',
    /** A day and a time of day, already formatted for the language: "Tuesday, January 5" + "6:00 PM". */
    dateAt: '{{day}} at {{time}}',
    timeZone: 'In your time zone: {{zoneName}} ({{zone}}).',
    join: 'Join the waiting room',
    joining: 'Opening the waiting room…',
    lobbyOpens_one: 'The waiting room opens at {{time}} ({{count}} minute before).',
    lobbyOpens_other: 'The waiting room opens at {{time}} ({{count}} minutes before).',
    lobbyOpensAtStart: 'The waiting room opens at {{time}} (when the session starts).',
    told: 'Your therapist knows you can’t come on {{when}}.',
    addToCalendar: 'Add to calendar',
    cantMakeIt: 'I can’t make it this week',
    cantQuestion: 'Tell your therapist you can’t come on {{when}}? Your absence will count as excused.',
    cantYes: 'Yes, tell my therapist',
    cantNo: 'No, I can come',
  },
  countdown: {
    startsIn: 'Starts in <strong>{{left}}</strong>',
    started: 'The session has started.',
    /** Two units of the time left: "2 days, 3 hours". */
    pair: '{{first}}, {{second}}',
    day_one: '{{count}} day',
    day_other: '{{count}} days',
    hour_one: '{{count}} hour',
    hour_other: '{{count}} hours',
    minute_one: '{{count}} minute',
    minute_other: '{{count}} minutes',
    second_one: '{{count}} second',
    second_other: '{{count}} seconds',
  },
  reminders: {
    label: 'Email reminders',
    switch: 'Email me a reminder the day before and an hour before each session',
    hint: 'Reminders say only the group’s name and the time.',
  },
  crisisInline: {
    title: 'If you want to talk to someone now',
    text: 'The 988 Suicide & Crisis Lifeline is free, confidential and open 24 hours a day, 7 days a week.',
  },
} as const;
