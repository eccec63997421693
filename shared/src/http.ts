/**
 * The HTTP API's answers, as the server sends them: one zod schema each, so the client parses a
 * response instead of casting it, and the server's handlers are type-checked against the same shape.
 * (Request bodies are in schemas.ts: `createSessionBody`, `createInviteBody`, `recordQuerySchema`.)
 */
import './zodConfig.js';
import { z } from 'zod';
import { ErrorCode } from './errors.js';
import { roleSchema } from './roles.js';
import { ParticipantStatus } from './views.js';

const isoTime = z.string();

/** Every refusal: `{ error: WireError }` with the status from the error table. */
export const httpErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode)),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type HttpErrorResponse = z.infer<typeof httpErrorSchema>;

/** `POST /api/sessions` (admin): 201. */
export const sessionCreatedSchema = z.object({ id: z.string(), therapistUrl: z.string() });
export type SessionCreated = z.infer<typeof sessionCreatedSchema>;

/** `POST /api/sessions/:id/invites`: 201, the new invitation and its link. */
export const inviteCreatedSchema = z.object({ id: z.string(), role: roleSchema, url: z.string() });
export type InviteCreated = z.infer<typeof inviteCreatedSchema>;

/** `GET /api/sessions/:id`: the session, its invitations and who is in it. */
export const sessionDetailSchema = z.object({
  id: z.string(),
  title: z.string(),
  startsAt: isoTime,
  durationMinutes: z.number(),
  maxMembers: z.number(),
  status: z.enum(['open', 'locked']),
  invites: z.array(
    z.object({
      id: z.string(),
      role: roleSchema,
      displayName: z.string(),
      revoked: z.boolean(),
      expiresAt: isoTime,
    }),
  ),
  roster: z.array(
    z.object({
      id: z.string(),
      role: roleSchema,
      displayName: z.string(),
      status: z.enum(Object.values(ParticipantStatus)),
      connected: z.boolean(),
    }),
  ),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

/** `GET /api/sessions/:id/record` (JSON, the default): the record a therapist downloads. */
export const sessionRecordSchema = z.object({
  session: z.object({
    id: z.string(),
    title: z.string(),
    startsAt: isoTime,
    durationMinutes: z.number(),
    generatedAt: isoTime,
  }),
  agenda: z.array(
    z.object({
      title: z.string(),
      plannedMinutes: z.number(),
      actualMinutes: z.number().nullable(),
      startedAt: isoTime.nullable(),
      endedAt: isoTime.nullable(),
    }),
  ),
  attendance: z.array(
    z.object({
      participantId: z.string(),
      displayName: z.string(),
      role: z.string(),
      joinedAt: isoTime,
      leftAt: isoTime.nullable(),
      minutes: z.number(),
    }),
  ),
  turns: z.array(
    z.object({
      participantId: z.string(),
      displayName: z.string(),
      startedAt: isoTime,
      endedAt: isoTime.nullable(),
      seconds: z.number(),
    }),
  ),
  /** Round-robin passes: "Not now", or passed over while listening only. */
  passes: z.array(
    z.object({
      participantId: z.string(),
      displayName: z.string(),
      at: isoTime,
      how: z.enum(['not-now', 'listening-only']),
    }),
  ),
  /** Short breaks, and why (a therapist's pause, or a private room with no co-therapist). */
  breaks: z.array(
    z.object({
      startedAt: isoTime,
      endedAt: isoTime.nullable(),
      minutes: z.number(),
      cause: z.enum(['therapist', 'side-room']),
    }),
  ),
  crisis: z.array(
    z.object({
      alertId: z.string(),
      participantId: z.string(),
      displayName: z.string(),
      event: z.string(),
      at: isoTime,
      actorId: z.string(),
      note: z.string().nullable(),
    }),
  ),
  /** Chat is kept only in the room and in this download. */
  chat: z.array(z.object({ at: isoTime, from: z.string(), to: z.string(), text: z.string() })),
});
export type SessionRecordResponse = z.infer<typeof sessionRecordSchema>;
