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
 *   GET  /api/supervision/live      (supervisor, admin) → 200 LiveSessions: each live session's health and open alerts
 *   POST /api/sessions/:id/observe  (supervisor) → 200 RoomEntry: the room, entered openly as a supervisor
 *   GET  /api/auth/options          → 200 AuthOptions (public: which ways to sign in this Circle offers)
 *   GET  /api/auth/oidc/start       → 302 to the identity provider (single sign-on; OIDC_ISSUER set), or 302 /signin?sso=<SsoOutcome>
 *   GET  /api/auth/oidc/callback    → 302 /home + cookie, or 302 /signin?sso=<SsoOutcome>
 *   GET  /api/staff/sso             (admin) → 200 SsoRequests (first single sign-ons waiting for approval)
 *   POST /api/staff/sso/:id/approve (admin) approveSsoBody → 200 { accountId } (a new account with a role, or a link to one)
 *   POST /api/staff/sso/:id/decline (admin) → 204
 *   GET  /api/audit                 (admin, or a token with audit:read) auditQuery → 200 AuditPage
 *   GET  /api/tokens                (admin) → 200 ApiTokenList (never the tokens themselves)
 *   POST /api/tokens                (admin) createTokenBody → 201 ApiTokenCreated (the token, shown this once)
 *   DELETE /api/tokens/:id          (admin) → 204 (refused at once afterwards)
 *
 * API tokens (`Authorization: Bearer circle_pat_…`) are for integrations: each carries scopes, and
 * each admin API route needs one (server/src/domain/permissions.ts). ADMIN_TOKEN has every scope.
 *
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
import { ConnectionQuality } from './health.js';

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

/** A live session as supervision sees it: who is connected (counts), open alerts, the worst connection. */
export const liveSessionSchema = z.object({
  sessionId: z.string(),
  title: z.string().nullable(),
  participants: z.object({ member: z.number(), therapist: z.number(), supervisor: z.number() }),
  openAlerts: z.number(),
  /** Crisis alerts not yet resolved; escalated ones are those the therapist has not acknowledged in time. */
  openCrisisAlerts: z.number(),
  worst: z.enum(Object.values(ConnectionQuality)),
  sampledAt: z.number().nullable(),
});
export type LiveSession = z.infer<typeof liveSessionSchema>;
export const liveSessionsSchema = z.object({ sessions: z.array(liveSessionSchema) });
export type LiveSessions = z.infer<typeof liveSessionsSchema>;

/** Which ways to sign in this Circle offers (GET /api/auth/options, no sign-in needed). */
export const authOptionsSchema = z.object({ sso: z.boolean() });
export type AuthOptions = z.infer<typeof authOptionsSchema>;

/**
 * Why single sign-on sent the browser back to /signin (`?sso=`): `pending` (an administrator has to
 * approve this identity first), `declined`, `refused` (the account is disabled or not active),
 * `unverified` (the provider does not vouch for the email), `failed` (the answer did not check out:
 * state, nonce, code), `unavailable` (the provider cannot be reached), `off` (not configured).
 */
export const SsoOutcome = {
  pending: 'pending',
  declined: 'declined',
  refused: 'refused',
  unverified: 'unverified',
  failed: 'failed',
  unavailable: 'unavailable',
  off: 'off',
} as const;
export type SsoOutcome = (typeof SsoOutcome)[keyof typeof SsoOutcome];
export const ssoOutcomeSchema = z.enum(Object.values(SsoOutcome) as [SsoOutcome, ...SsoOutcome[]]);

export const ssoRequestsSchema = z.object({
  requests: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      requestedAt: z.string(),
      /** The staff account with this email, if there is one (approving links to it). */
      accountId: z.string().nullable(),
    }),
  ),
});
export type SsoRequests = z.infer<typeof ssoRequestsSchema>;

/** Approve a single sign-on: a new account with this role, or a link to an existing account. */
export const approveSsoBody = z.union([
  z.strictObject({ role: staffRoleSchema.exclude(['owner']) }),
  z.strictObject({ accountId: z.string().min(1).max(64) }),
]);
export type ApproveSsoBody = z.input<typeof approveSsoBody>;
export const ssoApprovedSchema = z.object({ accountId: z.string() });
export type SsoApproved = z.infer<typeof ssoApprovedSchema>;

/** What an API token may do: each admin API route needs one of these (ADMIN_TOKEN has them all). */
export const ApiScope = {
  /** POST /api/sessions, POST /api/sessions/:id/invites, DELETE /api/sessions/:id/invites/:inviteId */
  sessionsWrite: 'sessions:write',
  /** GET /api/sessions/:id */
  sessionsRead: 'sessions:read',
  /** GET /api/sessions/:id/record */
  recordsRead: 'records:read',
  /** GET /api/audit */
  auditRead: 'audit:read',
  /** POST /api/groups, POST /api/groups/:id/members */
  groupsWrite: 'groups:write',
  /** GET /api/groups/:id, GET /api/groups/:id/occurrences */
  groupsRead: 'groups:read',
  /** GET /api/groups/:id/attendance (and .csv) */
  attendanceRead: 'attendance:read',
} as const;
export type ApiScope = (typeof ApiScope)[keyof typeof ApiScope];
export const API_SCOPES: readonly ApiScope[] = Object.values(ApiScope);
export const apiScopeSchema = z.enum([
  ApiScope.sessionsWrite,
  ApiScope.sessionsRead,
  ApiScope.recordsRead,
  ApiScope.auditRead,
  ApiScope.groupsWrite,
  ApiScope.groupsRead,
  ApiScope.attendanceRead,
]);
/** Every API token starts with this (recognisable in logs and by secret scanners). */
export const API_TOKEN_PREFIX = 'circle_pat_';

export const createTokenBody = z.strictObject({
  name,
  scopes: z
    .array(apiScopeSchema)
    .min(1)
    .max(API_SCOPES.length)
    .refine((a) => new Set(a).size === a.length, 'each scope once'),
});
export type CreateTokenBody = z.input<typeof createTokenBody>;

/** The token itself appears in this answer only: it is stored as its sha256. */
export const apiTokenCreatedSchema = z.object({ id: z.string(), token: z.string() });
export type ApiTokenCreated = z.infer<typeof apiTokenCreatedSchema>;

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(apiScopeSchema),
  created: z.string(),
  /** `staff:<account id>` or `admin` (ADMIN_TOKEN), as in the audit log. */
  createdBy: z.string(),
  /** The creator's name (null: ADMIN_TOKEN). */
  createdByName: z.string().nullable(),
  /** Within a minute. */
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;
