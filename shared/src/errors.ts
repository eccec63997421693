/** The closed set of error codes a client can receive, with the HTTP status and the text a person sees. */
export const ErrorCode = {
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  UNKNOWN_EVENT: 'UNKNOWN_EVENT',
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  UNAUTHORIZED: 'UNAUTHORIZED',
  INVITE_INVALID: 'INVITE_INVALID',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  NOT_ADMITTED: 'NOT_ADMITTED',
  AGREEMENT_REQUIRED: 'AGREEMENT_REQUIRED',
  ROOM_FULL: 'ROOM_FULL',
  ROOM_LOCKED: 'ROOM_LOCKED',
  NAME_TAKEN: 'NAME_TAKEN',
  REMOVED: 'REMOVED',
  SESSION_ENDED: 'SESSION_ENDED',
  NOT_YOUR_TURN: 'NOT_YOUR_TURN',
  INVALID_STATE: 'INVALID_STATE',
  RATE_LIMITED: 'RATE_LIMITED',
  MEDIA_ERROR: 'MEDIA_ERROR',
  INTERNAL: 'INTERNAL',
  /** Another server node owns this room: reconnect to `nodeUrl` (several nodes sharing one Redis). */
  WRONG_NODE: 'WRONG_NODE',
  /** A newer connection opened this invitation link: the older one is closed. */
  REPLACED: 'REPLACED',
  /** An HTTP body that is not JSON in UTF-8. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /**
   * The server could not store the change just now (its database or Redis is unreachable): nothing
   * was changed; the same request may be sent again after a short wait.
   */
  UNAVAILABLE: 'UNAVAILABLE',
  /** The server is restarting: reconnect in a moment (nothing is lost). */
  RESTARTING: 'RESTARTING',
  /** The clinic requires 2-step sign-in and this account has not set it up: only setting it up is open. */
  TOTP_REQUIRED: 'TOTP_REQUIRED',
  /** The group has as many active members as it allows. */
  GROUP_FULL: 'GROUP_FULL',
  /** A member's way into the lobby opens shortly before the session starts. */
  LOBBY_NOT_OPEN: 'LOBBY_NOT_OPEN',
  /** The therapist turned reactions off for this session. */
  REACTIONS_OFF: 'REACTIONS_OFF',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorInfo {
  readonly httpStatus: number;
  readonly text: string;
}

export const ERRORS: Readonly<Record<ErrorCode, ErrorInfo>> = {
  INVALID_PAYLOAD: { httpStatus: 400, text: 'That request was not understood.' },
  UNKNOWN_EVENT: { httpStatus: 400, text: 'That action does not exist.' },
  PROTOCOL_MISMATCH: {
    httpStatus: 426,
    text: 'This page is out of date. Please reload it.',
  },
  UNAUTHORIZED: { httpStatus: 401, text: 'You need a valid link to do that.' },
  INVITE_INVALID: {
    httpStatus: 401,
    text: 'This invitation link is not valid any more. Ask your therapist for a new one.',
  },
  FORBIDDEN: { httpStatus: 403, text: 'Your role in this session does not allow that.' },
  NOT_FOUND: { httpStatus: 404, text: 'That session or person was not found.' },
  NOT_ADMITTED: { httpStatus: 403, text: 'Your therapist has not let you in yet.' },
  AGREEMENT_REQUIRED: {
    httpStatus: 403,
    text: 'Please read and accept the group agreement first.',
  },
  ROOM_FULL: { httpStatus: 409, text: 'This group is full.' },
  ROOM_LOCKED: { httpStatus: 423, text: 'The therapist has locked this session.' },
  NAME_TAKEN: { httpStatus: 409, text: 'Someone in this session already uses that name.' },
  REMOVED: { httpStatus: 403, text: 'You were removed from this session.' },
  SESSION_ENDED: { httpStatus: 410, text: 'This session has ended.' },
  NOT_YOUR_TURN: { httpStatus: 409, text: 'It is not your turn to speak yet.' },
  INVALID_STATE: { httpStatus: 409, text: 'That cannot be done right now.' },
  RATE_LIMITED: { httpStatus: 429, text: 'Too many requests. Please wait a moment.' },
  MEDIA_ERROR: { httpStatus: 500, text: 'Audio or video could not be set up.' },
  INTERNAL: { httpStatus: 500, text: 'Something went wrong on our side.' },
  WRONG_NODE: { httpStatus: 421, text: 'Connecting you to your group…' },
  REPLACED: {
    httpStatus: 409,
    text: 'Your link was opened in another window or device. The session continues there.',
  },
  UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, text: 'Send the request as JSON in UTF-8.' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, text: 'That request is too large.' },
  UNAVAILABLE: { httpStatus: 503, text: 'Circle could not save that just now. Trying again…' },
  RESTARTING: { httpStatus: 503, text: 'Circle is restarting. Reconnecting you in a moment…' },
  TOTP_REQUIRED: {
    httpStatus: 403,
    text: 'Your clinic requires 2-step sign-in. Set it up to continue.',
  },
  GROUP_FULL: { httpStatus: 409, text: 'This group has as many active members as it allows.' },
  LOBBY_NOT_OPEN: { httpStatus: 409, text: 'The waiting room opens shortly before the session starts.' },
  REACTIONS_OFF: { httpStatus: 409, text: 'The therapist has turned reactions off for this session.' },
};

/** Codes that mean "nothing happened, try again shortly": clients retry these with backoff. */
export const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['UNAVAILABLE', 'RESTARTING', 'RATE_LIMITED']);

export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE.has(code);
}

export interface WireError {
  code: ErrorCode;
  message: string;
  /** The field at fault, for INVALID_PAYLOAD. */
  field?: string;
  /** For WRONG_NODE: the public address of the node that owns the room. */
  nodeUrl?: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export function errorOf(code: ErrorCode, field?: string): WireError {
  return field === undefined ? { code, message: ERRORS[code].text } : { code, message: ERRORS[code].text, field };
}

export function fail(code: ErrorCode, field?: string): { ok: false; error: WireError } {
  return { ok: false, error: errorOf(code, field) };
}

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${String(x)}`);
}
