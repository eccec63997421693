/** The room's page around its screens: the top bar, connecting, and how a session closed. */
export const app = {
  brand: 'Circle',
  welcome: {
    title: 'Welcome to Circle',
    text: 'To join a group, open the invitation link your therapist sent you.',
  },
  ended: {
    leftTitle: 'You have left the session',
    closedTitle: 'Session closed',
    removed: 'Your therapist has removed you from this session.',
    declined: 'Your therapist could not admit you to this session.',
    left: 'Take care of yourself.',
    replaced: 'You joined this session from another window or device.',
    ended: 'The session has ended. Thank you for being part of the group today.',
    leftByMistake: 'Left by mistake, or ready to come back?',
    rejoin: 'Rejoin the session',
  },
  failed: {
    title: 'We could not connect you',
    text: 'Please check your connection and try again.',
    tryAgain: 'Try again',
  },
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  restarting: 'Circle is restarting — reconnecting you…',
  closedForYou: 'This session is closed for you.',
  continue: 'Continue',
  joinSession: 'Join the session',
} as const;
