/**
 * Every sentence the room says to people in a notice, in one table (like the error texts in
 * errors.ts): the domain picks a line and fills in its details; nothing else writes notice text.
 */
export const NOTICE_TEXT = {
  welcomeBack: () => "You're back. Your microphone is muted.",
  mutedByTherapist: () => 'Your therapist muted your microphone.',
  mutedEveryone: () => 'Your therapist muted everyone.',
  askedToUnmute: () => 'Your therapist invites you to unmute. It is your choice.',
  cameraStopped: () => 'Your therapist turned off your camera.',
  floorGiven: () => 'You have the floor. Unmute when you are ready.',
  floorEnded: () => 'Your turn has ended.',
  turnWarning: () => '30 seconds left in your turn.',
  turnOverHard: () => 'Your time is up. Thank you.',
  turnOverSoft: () => 'Your time is up. Please finish your thought.',
  turnPassedStaff: (p: { name: string; how: 'Not now' | 'listening only' }) => `${p.name} passed (${p.how}).`,
  turnPassedMember: () => 'You passed. That is fine: raise your hand later if you want to speak.',
  crisisEscalatedMember: () =>
    'We have asked the clinical supervisor to reach you too. If you are in danger now, call or text 988, or call 911.',
  crisisEscalatedStaff: () => 'A crisis alert has not been acknowledged.',
  agendaItemStarted: (p: { title: string }) => `Now: ${p.title}.`,
  agendaItemSoon: (p: { title: string }) => `2 minutes left in ${p.title}.`,
  agendaItemEnded: (p: { title: string }) => `Time is up for ${p.title}.`,
  breakStarted: () => 'The group is taking a short break.',
  breakEnded: () => 'The group is back from the break.',
  pairsStarted: (p: { partners: readonly string[]; minutes: number }) =>
    `You are practising with ${p.partners.join(' and ')} for ${p.minutes} minutes.`,
  pairsBroadcast: (p: { text: string }) => `From your therapist: ${p.text}`,
  pairsEnded: () => 'Everyone is back in the main room.',
  networkAudioOnly: () => 'Your connection is struggling, so we switched you to audio only. Others can still hear you.',
} as const;
