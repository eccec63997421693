/**
 * Every sentence the room says in a notice: the server sends a key and its details (shared/src/notices.ts),
 * each person reads it in their own language. The last three are the client's own notices.
 */
export const notices = {
  welcomeBack: "You're back. Your microphone is muted.",
  mutedByTherapist: 'Your therapist muted your microphone.',
  mutedEveryone: 'Your therapist muted everyone.',
  askedToUnmute: 'Your therapist invites you to unmute. It is your choice.',
  cameraStopped: 'Your therapist turned off your camera.',
  floorGiven: 'You have the floor. Unmute when you are ready.',
  floorEnded: 'Your turn has ended.',
  turnWarning: '30 seconds left in your turn.',
  turnOverHard: 'Your time is up. Thank you.',
  turnOverSoft: 'Your time is up. Please finish your thought.',
  turnPassedStaff_notNow: '{{name}} passed (Not now).',
  turnPassedStaff_listenOnly: '{{name}} passed (listening only).',
  turnPassedMember: 'You passed. That is fine: raise your hand later if you want to speak.',
  crisisEscalatedMember:
    'We have asked the clinical supervisor to reach you too. If you are in danger now, call or text 988, or call 911.',
  crisisEscalatedStaff: 'A crisis alert has not been acknowledged.',
  agendaItemStarted: 'Now: {{title}}.',
  agendaItemSoon: '2 minutes left in {{title}}.',
  agendaItemEnded: 'Time is up for {{title}}.',
  breakStarted: 'The group is taking a short break.',
  breakEnded: 'The group is back from the break.',
  pairsStarted_one: 'You are practising with {{partners}} for {{count}} minute.',
  pairsStarted_other: 'You are practising with {{partners}} for {{count}} minutes.',
  pairsBroadcast: 'From your therapist: {{text}}',
  pairsEnded: 'Everyone is back in the main room.',
  networkAudioOnly: 'Your connection is struggling, so we switched you to audio only. Others can still hear you.',
  cannotEncryptInRoom:
    '{{name}} is back on a browser that cannot encrypt: they see and hear no one until you let them in without encryption (People).',
  mediaRestarted: 'Reconnecting audio and video…',
  privateMessage: 'New private message from {{name}}.',
  privateMessageBefore: '{{name}} sent you a private message before you joined.',
  dismiss: 'Dismiss message',
} as const;
