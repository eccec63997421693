/** The waiting room, until a therapist admits the member. */
export const lobby = {
  waiting: 'You are in the waiting room. Your therapist will let you in soon.',
  sessionTime: 'Session time: <time>{{when}}</time> ({{minutes}} minutes).',
  breathe: 'Take a breath. If you need help now, the Crisis support button is always at the top.',
} as const;
