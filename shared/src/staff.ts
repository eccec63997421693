/**
 * Staff accounts and the clinician's home: the HTTP contract (request bodies and answers) the
 * server enforces and the client parses. Members never have an account; staff sign in with an
 * email and password (optionally a second step), and their browser holds a session cookie.
 *
 *   POST /api/setup                 setupBody → 201 Me + cookie   (the owner, from the one-time link printed at first start)
 *   POST /api/auth/login            loginBody → 200 Me + cookie; 401 UNAUTHORIZED; 429 RATE_LIMITED + Retry-After
 *   POST /api/auth/logout           → 204 (this browser)
 *   POST /api/auth/logout-everywhere → 204 (every session of this account)
 *   POST /api/auth/password         setPasswordBody → 200 Me + cookie (from a one-time set-password link)
 *   GET  /api/me                    → 200 Me | 401
 *   GET  /api/staff                 (admin) → 200 StaffList
 *   POST /api/staff                 (admin) addStaffBody → 201 StaffLink
 *   POST /api/staff/:id/disable     (admin) → 204 (the account's sessions end at once)
 *   POST /api/staff/:id/reset       (admin) → 200 StaffLink (a new one-time set-password link; old sign-ins end)
 *   GET  /api/my/sessions           (therapist, supervisor) → 200 MySessions
 *   POST /api/sessions              (therapist cookie, or the admin token) createSessionBody → 201 SessionCreated
 *   POST /api/sessions/:id/start    (its therapist) → 200 RoomEntry: the room, entered as its therapist
 *   GET  /api/audit                 (admin) auditQuery → 200 AuditPage
 *   GET  /api/me/totp               → 200 TotpStatus (own 2-step sign-in)
 *   POST /api/me/totp/start         → 200 TotpSetup (a new secret, pending until confirmed)
 *   POST /api/me/totp/confirm       totpConfirmBody → 200 RecoveryCodes (shown once); 400 on `code`
 *   POST /api/me/totp/disable       totpDisableBody → 204; 401 on `password` or `code`
 *   GET  /api/clinic/settings       (admin) → 200 ClinicSettings
 *   PUT  /api/clinic/settings       (admin) clinicSettingsBody → 200 ClinicSettings
 *
 * 2-step sign-in: an account with it answers login without (or with a wrong) `totp` with 401 on
 * field `totp`. When the clinic requires it, an account without it is signed in but every staff
 * route other than /api/me, sign-out and the /api/me/totp routes answers 403 TOTP_REQUIRED.
 *
 * Every state-changing request made with the cookie must come from Circle's own origin (Origin or
 * Referer checked: CSRF); the admin token and API tokens (Bearer) are not cookies and need no check.
 */
import './zodConfig.js';
import { z } from 'zod';

export const StaffRole = { owner: 'owner', admin: 'admin', therapist: 'therapist', supervisor: 'supervisor' } as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];
export const staffRoleSchema = z.enum([StaffRole.owner, StaffRole.admin, StaffRole.therapist, StaffRole.supervisor]);

export const STAFF_LIMITS = {
  NAME_CHARS: 80,
  EMAIL_CHARS: 254,
  PASSWORD_MIN: 12,
  PASSWORD_MAX: 256,
  TOKEN_CHARS: 256,
} as const;

const name = z.string().trim().min(1).max(STAFF_LIMITS.NAME_CHARS);
const email = z.string().trim().toLowerCase().max(STAFF_LIMITS.EMAIL_CHARS).pipe(z.email());
/** Length is checked here; strength (common and breached passwords, the person's own name or email) on the server. */
const password = z.string().min(1).max(STAFF_LIMITS.PASSWORD_MAX);
const oneTimeToken = z.string().min(16).max(STAFF_LIMITS.TOKEN_CHARS);

export const setupBody = z.strictObject({ token: oneTimeToken, name, email, password });
export type SetupBody = z.input<typeof setupBody>;

export const loginBody = z.strictObject({
  email,
  password,
  /** A 6-digit code from an authenticator app, or a recovery code (accounts with 2-step sign-in). */
  totp: z.string().trim().min(6).max(32).optional(),
});
export type LoginBody = z.input<typeof loginBody>;

export const setPasswordBody = z.strictObject({ token: oneTimeToken, password });
export type SetPasswordBody = z.input<typeof setPasswordBody>;

export const addStaffBody = z.strictObject({ name, email, role: staffRoleSchema.exclude(['owner']) });
export type AddStaffBody = z.input<typeof addStaffBody>;

export const auditQuery = z.strictObject({
  actor: z.string().max(80).optional(),
  sessionId: z.string().max(64).optional(),
  action: z.string().max(40).optional(),
  before: z.coerce.number().int().positive().optional(),
});
export type AuditQuery = z.input<typeof auditQuery>;

/** A code from the authenticator app (6 digits) or a recovery code. */
const secondStepCode = z.string().trim().min(6).max(32);

export const totpConfirmBody = z.strictObject({ code: secondStepCode });
export type TotpConfirmBody = z.input<typeof totpConfirmBody>;

export const totpDisableBody = z.strictObject({ password, code: secondStepCode });
export type TotpDisableBody = z.input<typeof totpDisableBody>;

export const clinicSettingsBody = z.strictObject({ requireTotp: z.boolean() });
export type ClinicSettingsBody = z.input<typeof clinicSettingsBody>;

export const clinicSettingsSchema = z.object({ requireTotp: z.boolean() });
export type ClinicSettings = z.infer<typeof clinicSettingsSchema>;

/** A new authenticator secret (base32) and the otpauth:// link an app reads (as text or a QR code). */
export const totpSetupSchema = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type TotpSetup = z.infer<typeof totpSetupSchema>;

/** Ten one-time codes for when the phone is lost: shown once, never again. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).length(10) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

export const totpStatusSchema = z.object({
  enabled: z.boolean(),
  /** The clinic requires 2-step sign-in for everyone. */
  required: z.boolean(),
  recoveryCodesLeft: z.number(),
});
export type TotpStatus = z.infer<typeof totpStatusSchema>;

/** Who is signed in. */
export const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: staffRoleSchema,
  /** 2-step sign-in: `due` when the clinic requires it and this account has not set it up (absent from older servers). */
  twoStep: z.object({ enabled: z.boolean(), due: z.boolean() }).optional(),
});
export type Me = z.infer<typeof meSchema>;

export const staffListSchema = z.object({
  staff: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      role: staffRoleSchema,
      status: z.enum(['invited', 'active', 'disabled']),
      lastSignInAt: z.string().nullable(),
    }),
  ),
});
export type StaffList = z.infer<typeof staffListSchema>;

/** A one-time link (valid for a limited time) for the person to set their password. */
export const staffLinkSchema = z.object({ id: z.string(), setPasswordUrl: z.string(), expiresAt: z.string() });
export type StaffLink = z.infer<typeof staffLinkSchema>;

export const mySessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number(),
  status: z.enum(['scheduled', 'live', 'ended']),
  /** Members invited (not revoked). */
  members: z.number(),
});
export type MySession = z.infer<typeof mySessionSchema>;
export const mySessionsSchema = z.object({ upcoming: z.array(mySessionSchema), past: z.array(mySessionSchema) });
export type MySessions = z.infer<typeof mySessionsSchema>;

/** Entering a room as its therapist: the room's address, opened in this browser (never sent to anyone). */
export const roomEntrySchema = z.object({ joinUrl: z.string() });
export type RoomEntry = z.infer<typeof roomEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      sessionId: z.string().nullable(),
      targetId: z.string().nullable(),
    }),
  ),
  /** Pass as `before` for the next (older) page; null at the end. */
  next: z.number().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
