import './zodConfig.js';
import { z } from 'zod';
import { AGENDA_TEMPLATE_IDS, AgendaPolicy } from './agenda.js';
import { LANGUAGES } from './i18n/index.js';
import { STAFF_MESSAGE_CHARS, statsReportSchema } from './health.js';
import { Role, roleSchema } from './roles.js';

export { Role, roleSchema };
import { boundsProblem, type ValueBounds } from './bounds.js';
import { SOURCE_OF_KIND, mediaClaimProblem } from './mediaClaims.js';
import { REACTION_KINDS, type ReactionKind } from './reactions.js';

export { PROTOCOL_VERSION, LIMITS } from './limits.js';
import { LIMITS } from './limits.js';

export const SpeakingMode = { open: 'open', facilitated: 'facilitated' } as const;
export type SpeakingMode = (typeof SpeakingMode)[keyof typeof SpeakingMode];

export const TurnExpiry = { soft: 'soft', hard: 'hard' } as const;
export type TurnExpiry = (typeof TurnExpiry)[keyof typeof TurnExpiry];

export const MediaSource = { mic: 'mic', camera: 'camera' } as const;
export type MediaSource = (typeof MediaSource)[keyof typeof MediaSource];

/**
 * An id of a session, person, producer, alert, message…: short, URL-safe, and never the name of
 * something every JavaScript object already has (`__proto__`, `constructor`, `toString`…), so an id
 * can never reach an inherited property of a record keyed by ids.
 */
export const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.ID_CHARS)
  .regex(/^[A-Za-z0-9_-]+$/, 'id')
  .refine((s) => !(s in Object.prototype), 'reserved');
const id = idSchema;
/** Raw P-256 public key (uncompressed point) and a wrapped media key, as sent over the socket. */
export const E2EE_PUBLIC_KEY_BYTES = 65;
export const E2EE_WRAPPED_BYTES = 66;
/** Bytes as unpadded base64url, exactly `min`–`max` bytes long once decoded. */
const base64url = (min: number, max: number) =>
  z
    .string()
    .min(Math.ceil((min * 4) / 3))
    .max(Math.ceil((max * 4) / 3))
    .regex(/^[A-Za-z0-9_-]+$/, 'base64url');
/** Trimmed text with no control characters. */
const text = (max: number) =>
  z
    .string()
    .max(max * 4)
    .trim()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'control characters are not allowed');
const requiredText = (max: number) => text(max).refine((s) => s.length > 0, 'required');

export const displayNameSchema = requiredText(LIMITS.DISPLAY_NAME_CHARS);

/** RTP parameters and capabilities nest four levels (codecs → rtcpFeedback → entry → field). */
export const MEDIA_BLOB_BOUNDS: ValueBounds = { maxDepth: 6, maxNodes: 2048, maxBytes: LIMITS.MEDIA_BLOB_BYTES };

/**
 * A mediasoup blob (RTP parameters, capabilities) that mediasoup validates itself: an object,
 * bounded in depth, count and size before anything reads it (measured without recursion).
 */
const mediaBlob = z.record(z.string().max(64), z.unknown()).check((ctx) => {
  const problem = boundsProblem(ctx.value, MEDIA_BLOB_BOUNDS);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

const dtlsParameters = z.strictObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.strictObject({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().min(1).max(200),
      }),
    )
    .min(1)
    .max(8),
});

const empty = z.strictObject({});

/** A producer's claim (kind, source) against what it carries (`mediaClaimProblem`), as a schema issue. */
function claimIssue(
  ctx: { value: { kind: 'audio' | 'video'; rtpParameters: unknown }; issues: z.core.$ZodRawIssue[] },
  source: MediaSource,
): void {
  const problem = mediaClaimProblem(ctx.value.kind, source, ctx.value.rtpParameters);
  if (!problem) return;
  const path = problem.field === 'source' ? ['source'] : ['rtpParameters', 'codecs'];
  ctx.issues.push({ code: 'custom', message: problem.message, path, input: ctx.value });
}

export const agendaItemSchema = z.strictObject({
  title: requiredText(60),
  plannedMinutes: z.number().int().min(1).max(90),
  note: text(280).optional(),
  policy: z.enum([AgendaPolicy.open, AgendaPolicy.facilitated, AgendaPolicy.roundRobin, AgendaPolicy.pairs]),
});

/** Every client→server event and its payload schema: the runtime gate and the source of the types. */
export const clientEventSchemas = {
  // sessions, lobby, roles
  'session:checkIn': z.strictObject({
    agreementVersion: z.string().min(1).max(16),
    /** The language the member read the agreement in (the client's current language); absent: the room's default. */
    language: z.enum(LANGUAGES).optional(),
    location: requiredText(LIMITS.LOCATION_CHARS),
    privateSafePlace: z.literal(true),
    emergencyContact: text(LIMITS.EMERGENCY_CONTACT_CHARS).optional(),
  }),
  /** `unencrypted`: the therapist lets in a browser that cannot encrypt, and the room's media goes in the clear. */
  'lobby:admit': z.strictObject({ participantId: id, unencrypted: z.literal(true).optional() }),
  'lobby:admitAll': empty,
  'lobby:decline': z.strictObject({
    participantId: id,
    message: text(LIMITS.MESSAGE_CHARS).optional(),
  }),
  'participant:remove': z.strictObject({ participantId: id }),
  'room:lock': z.strictObject({ locked: z.boolean() }),
  /** End the session for everyone. */
  'room:end': empty,
  'room:leave': empty,
  'clock:ping': z.strictObject({ clientTime: z.number().finite() }),
  /** The client saw a gap in its room patches: send the whole room again (a `room:state`). */
  'room:resync': empty,

  // media
  'media:capabilities': empty,
  'media:join': z.strictObject({ rtpCapabilities: mediaBlob }),
  'transport:create': z.strictObject({
    direction: z.enum(['send', 'recv']),
    /** Plain RTP (load bots and tests): refused unless the server allows it (ALLOW_PLAIN_RTP). */
    plain: z.boolean().optional(),
  }),
  'transport:connectPlain': z.strictObject({
    transportId: id,
    ip: z.enum(['127.0.0.1', '::1']),
    port: z.number().int().min(1024).max(65535),
  }),
  'transport:connect': z.strictObject({ transportId: id, dtlsParameters }),
  'transport:restartIce': z.strictObject({ transportId: id }),
  'producer:create': z
    .strictObject({
      transportId: id,
      kind: z.enum(['audio', 'video']),
      source: z.enum([MediaSource.mic, MediaSource.camera]),
      rtpParameters: mediaBlob,
      /** Start paused (muted). Audio also starts paused whenever the server says the sender may not speak. */
      paused: z.boolean().optional(),
    })
    // What it claims is what it carries: the microphone sends Opus audio, the camera VP8/H264 video.
    .check((ctx) => claimIssue(ctx, ctx.value.source)),
  'producer:setPaused': z.strictObject({ producerId: id, paused: z.boolean() }),
  'producer:close': z.strictObject({ producerId: id }),
  'consumer:create': z.strictObject({ producerId: id }),
  'consumer:resume': z.strictObject({ consumerId: id }),
  /** How large this consumer's tile is on the receiver's screen (device pixels); the SFU picks layers from it. */
  'consumer:setView': z.strictObject({
    consumerId: id,
    width: z.number().int().min(0).max(LIMITS.TILE_PIXELS),
    height: z.number().int().min(0).max(LIMITS.TILE_PIXELS),
    visible: z.boolean(),
  }),
  /** Audio-only: stop sending video and receive the lowest video layers (chosen, or after a weak network). */
  'media:setAudioOnly': z.strictObject({ audioOnly: z.boolean(), reason: z.enum(['chosen', 'network']).optional() }),

  // connection check before entering (its own transports; nobody else ever sees it)
  'check:start': empty,
  'check:connect': z.strictObject({ transportId: id, dtlsParameters }),
  'check:produce': z
    .strictObject({ transportId: id, kind: z.enum(['audio', 'video']), rtpParameters: mediaBlob })
    .check((ctx) => claimIssue(ctx, SOURCE_OF_KIND[ctx.value.kind])),
  'check:consume': z.strictObject({ producerId: id, rtpCapabilities: mediaBlob }),
  'check:end': empty,

  // speaking turns and muting
  'hand:raise': empty,
  'hand:lower': empty,
  'floor:give': z.strictObject({ participantId: id }),
  'floor:next': empty,
  'floor:takeBack': empty,
  'floor:end': empty,
  /** A member passes in a round robin ("Not now"), before or during their turn. */
  'turn:pass': empty,
  /** A member listens only: a round robin passes over them. */
  'speaking:listenOnly': z.strictObject({ on: z.boolean() }),
  'speaking:setMode': z.strictObject({ mode: z.enum([SpeakingMode.open, SpeakingMode.facilitated]) }),
  'speaking:setTurn': z.strictObject({
    turnSeconds: z.number().int().min(30).max(1800),
    expiry: z.enum([TurnExpiry.soft, TurnExpiry.hard]),
  }),
  'participant:mute': z.strictObject({ participantId: id }),
  'participant:muteAll': empty,
  'participant:askUnmute': z.strictObject({ participantId: id }),
  'participant:stopCamera': z.strictObject({ participantId: id }),

  // agenda
  'agenda:set': z.strictObject({ items: z.array(agendaItemSchema).max(12) }),
  'agenda:useTemplate': z.strictObject({ templateId: z.enum(AGENDA_TEMPLATE_IDS as [string, ...string[]]) }),
  'agenda:start': empty,
  'agenda:pause': empty,
  'agenda:resume': empty,
  'agenda:next': empty,
  'agenda:previous': empty,
  'agenda:extend': z.strictObject({ minutes: z.union([z.literal(1), z.literal(5)]) }),

  // crisis
  'crisis:alert': empty,
  'crisis:acknowledge': z.strictObject({ alertId: id }),
  // chat
  'chat:send': z.strictObject({ text: requiredText(LIMITS.MESSAGE_CHARS) }),
  'chat:delete': z.strictObject({ messageId: id }),
  'chat:setEnabled': z.strictObject({ enabled: z.boolean() }),
  /** Focus mode: members see only the therapists (their own self-view aside). */
  'room:setFocusMode': z.strictObject({ on: z.boolean() }),
  'chat:private': z.strictObject({
    /** A therapist replying names the member; a member writing to the therapists leaves it out. */
    memberId: id.optional(),
    text: requiredText(LIMITS.MESSAGE_CHARS),
  }),
  'chat:history': empty,

  // quiet reactions (shown a few seconds on the sender's tile; never stored)
  'reaction:send': z.strictObject({ kind: z.enum(REACTION_KINDS as [ReactionKind, ...ReactionKind[]]) }),
  'reactions:setEnabled': z.strictObject({ enabled: z.boolean() }),

  // breakout pairs
  'pairs:start': z.strictObject({
    minutes: z.number().int().min(1).max(60),
    /** Manual pairing: groups of member ids (2 or 3 each). Random when left out. */
    groups: z.array(z.array(id).min(2).max(3)).max(8).optional(),
  }),
  'pairs:end': empty,
  'pairs:visit': z.strictObject({ pairId: id.nullable() }),
  'pairs:broadcast': z.strictObject({ text: requiredText(LIMITS.MESSAGE_CHARS) }),

  'crisis:sideRoom': z.strictObject({ alertId: id }),
  'crisis:return': z.strictObject({ alertId: id }),
  'room:break': z.strictObject({ on: z.boolean() }),
  'crisis:resolve': z.strictObject({ alertId: id, note: text(LIMITS.NOTE_CHARS).optional() }),

  // end-to-end encrypted media (issue 25): keys made in browsers, relayed as opaque blobs
  /** This browser's device public key (raw P-256, base64url): handed to the others in the room. */
  'e2ee:announce': z.strictObject({ publicKey: base64url(E2EE_PUBLIC_KEY_BYTES, E2EE_PUBLIC_KEY_BYTES) }),
  /** This sender's media key, wrapped to one participant's device key: the server relays it unread. */
  'e2ee:key': z.strictObject({ to: id, blob: base64url(E2EE_WRAPPED_BYTES, E2EE_WRAPPED_BYTES) }),
  /** This browser cannot encrypt media: a therapist decides whether it comes in, with everyone told. */
  'e2ee:cannotEncrypt': empty,

  // supervision: session health, the browser's own stats, the private staff line
  'stats:report': statsReportSchema,
  'health:history': empty,
  'health:sessions': empty,
  'staff:message': z.strictObject({ text: requiredText(STAFF_MESSAGE_CHARS) }),
} as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;
export type ParsedPayload<E extends ClientEventName> = z.output<(typeof clientEventSchemas)[E]>;

export function isClientEventName(name: string): name is ClientEventName {
  return Object.prototype.hasOwnProperty.call(clientEventSchemas, name);
}

// ---------------------------------------------------------------- HTTP bodies

export const createSessionBody = z.strictObject({
  title: requiredText(LIMITS.TITLE_CHARS),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  durationMinutes: z.number().int().min(60).max(120).default(90),
  maxMembers: z.number().int().min(1).max(LIMITS.MAX_MEMBERS).default(10),
});
export type CreateSessionBody = z.input<typeof createSessionBody>;

export const createInviteBody = z.strictObject({
  role: roleSchema,
  displayName: displayNameSchema,
});
export type CreateInviteBody = z.input<typeof createInviteBody>;

/** `GET /api/sessions/:id/record` query: JSON (the default) or one CSV sheet. */
export const recordQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).optional() });

/** The handshake a socket sends in `auth` when it connects. */
export const handshakeSchema = z.strictObject({
  protocolVersion: z.number().int(),
  token: z.string().min(1).max(LIMITS.TOKEN_CHARS),
});
export type Handshake = z.input<typeof handshakeSchema>;

/** The first issue in a zod error as a field path (for INVALID_PAYLOAD). */
export function fieldOf(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return '(root)';
  // An unexpected key names itself, so the person fixing the request sees which one.
  const path = first.code === 'unrecognized_keys' && first.keys[0] ? [...first.path, first.keys[0]] : first.path;
  return path.length > 0 ? path.join('.') : '(root)';
}
