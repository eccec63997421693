/**
 * What a person reads when the server refuses: one text per ErrorCode (shared/src/errors.ts; a test
 * fails when a code has none), plus the refusals the client itself words.
 */
export const errors = {
  INVALID_PAYLOAD: 'That request was not understood.',
  UNKNOWN_EVENT: 'That action does not exist.',
  PROTOCOL_MISMATCH: 'This page is out of date. Please reload it.',
  UNAUTHORIZED: 'You need a valid link to do that.',
  INVITE_INVALID: 'This invitation link is not valid any more. Ask your therapist for a new one.',
  FORBIDDEN: 'Your role in this session does not allow that.',
  NOT_FOUND: 'That session or person was not found.',
  NOT_ADMITTED: 'Your therapist has not let you in yet.',
  AGREEMENT_REQUIRED: 'Please read and accept the group agreement first.',
  ROOM_FULL: 'This group is full.',
  ROOM_LOCKED: 'The therapist has locked this session.',
  NAME_TAKEN: 'Someone in this session already uses that name.',
  REMOVED: 'You were removed from this session.',
  SESSION_ENDED: 'This session has ended.',
  NOT_YOUR_TURN: 'It is not your turn to speak yet.',
  INVALID_STATE: 'That cannot be done right now.',
  RATE_LIMITED: 'Too many requests. Please wait a moment.',
  MEDIA_ERROR: 'Audio or video could not be set up.',
  INTERNAL: 'Something went wrong on our side.',
  WRONG_NODE: 'Connecting you to your group…',
  REPLACED: 'Your link was opened in another window or device. The session continues there.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request as JSON in UTF-8.',
  PAYLOAD_TOO_LARGE: 'That request is too large.',
  UNAVAILABLE: 'Circle could not save that just now. Trying again…',
  RESTARTING: 'Circle is restarting. Reconnecting you in a moment…',
  TOTP_REQUIRED: 'Your clinic requires 2-step sign-in. Set it up to continue.',
  GROUP_FULL: 'This group has as many active members as it allows.',
  LOBBY_NOT_OPEN: 'The waiting room opens shortly before the session starts.',
  REACTIONS_OFF: 'The therapist has turned reactions off for this session.',
  /** Refusals the client words itself (no code from the server). */
  client: {
    unreachable: 'Circle could not be reached. Check your connection and try again.',
    tooManyAttempts: 'Too many attempts. Please wait a moment and try again.',
    waitSeconds_one: 'Too many attempts. Please wait {{count}} second and try again.',
    waitSeconds_other: 'Too many attempts. Please wait {{count}} seconds and try again.',
    waitMinutes_one: 'Too many attempts. Please wait {{count}} minute and try again.',
    waitMinutes_other: 'Too many attempts. Please wait {{count}} minutes and try again.',
  },
} as const;
