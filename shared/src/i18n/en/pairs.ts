/** Practice in pairs (breakouts): the member's banner and the therapist's controls. */
export const pairs = {
  yourPartner: 'your partner',
  banner:
    'Practising in pairs with {{names}} · <timer>{{time}}</timer> left. Everyone returns to the group when time is up.',
  timeLeft: 'Time left in pairs',
  title: 'Practice in pairs',
  minutes: 'Minutes',
  start: 'Start pairs at random',
  left: '<timer>{{time}}</timer> left',
  join: 'Join pair {{names}}',
  back: 'Back to the main room',
  end: 'Bring everyone back',
  message: 'Message to all pairs',
  send: 'Send to all pairs',
} as const;
