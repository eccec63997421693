/**
 * Plain constants of the wire contract, with no zod: the browser's first screen reads these through
 * `@circle/shared/constants` without loading the schemas (schemas.ts and health.ts re-export them).
 */

/** Protocol version, checked when a socket connects. Bump on any incompatible wire change. */
export const PROTOCOL_VERSION = 2;

export const LIMITS = {
  DISPLAY_NAME_CHARS: 40,
  TITLE_CHARS: 120,
  LOCATION_CHARS: 120,
  EMERGENCY_CONTACT_CHARS: 160,
  NOTE_CHARS: 1000,
  MESSAGE_CHARS: 280,
  ID_CHARS: 64,
  TOKEN_CHARS: 1024,
  /** Upper bound for a serialised mediasoup parameter blob (RTP/DTLS parameters, capabilities). */
  MEDIA_BLOB_BYTES: 32 * 1024,
  /** socket.io maxHttpBufferSize: one inbound message at most. */
  SOCKET_MESSAGE_BYTES: 64 * 1024,
  MAX_MEMBERS: 16,
  /** Largest tile edge a client may report (device pixels). */
  TILE_PIXELS: 8192,
} as const;

/** A browser sends one `stats:report` per interval; the server refuses them faster than that. */
export const STATS_REPORT_INTERVAL_MS = 2_000;
/** Timer jitter a browser is allowed before a report counts as too early. */
export const STATS_REPORT_TOLERANCE_MS = 250;
/** How far back the supervisor's charts go. */
export const HEALTH_HISTORY_MS = 10 * 60_000;
/** A staff line message, at most. */
export const STAFF_MESSAGE_CHARS = 500;
