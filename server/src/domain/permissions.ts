import type { ApiScope, ClientEventName, ParticipantStatus, Role, StaffRole } from '@circle/shared';

const ALL: readonly Role[] = ['member', 'therapist', 'supervisor'];
const STAFF: readonly Role[] = ['therapist', 'supervisor'];
const THERAPIST: readonly Role[] = ['therapist'];
const PUBLISHERS: readonly Role[] = ['member', 'therapist'];
const MEMBER: readonly Role[] = ['member'];
const SUPERVISOR: readonly Role[] = ['supervisor'];

/** Who may do something, and whether only once admitted to the room. */
export interface Rule {
  readonly roles: readonly Role[];
  readonly admitted: boolean;
}

const rule = (roles: readonly Role[], admitted: boolean): Rule => ({ roles, admitted });

/**
 * The one permission table: who may send each client event. The socket adapter checks it before
 * dispatch; the domain checks each command against the row of the event it comes from; the HTTP
 * routes check their rows below. A member sending a therapist's command gets FORBIDDEN.
 */
export const PERMISSIONS: Readonly<Record<ClientEventName, Rule>> = {
  'session:checkIn': rule(MEMBER, false),
  'lobby:admit': rule(THERAPIST, true),
  'lobby:admitAll': rule(THERAPIST, true),
  'lobby:decline': rule(THERAPIST, true),
  'participant:remove': rule(THERAPIST, true),
  'room:lock': rule(THERAPIST, true),
  'room:end': rule(THERAPIST, true),
  'room:leave': rule(ALL, false),
  'clock:ping': rule(ALL, false),
  /** Anyone connected receives the room (the lobby its own small view): anyone may ask for it again. */
  'room:resync': rule(ALL, false),
  'media:capabilities': rule(ALL, true),
  'media:join': rule(ALL, true),
  'transport:create': rule(ALL, true),
  'transport:connect': rule(ALL, true),
  'transport:connectPlain': rule(ALL, true),
  'transport:restartIce': rule(ALL, true),
  'producer:create': rule(PUBLISHERS, true),
  'producer:setPaused': rule(PUBLISHERS, true),
  'producer:close': rule(PUBLISHERS, true),
  'consumer:create': rule(ALL, true),
  'consumer:resume': rule(ALL, true),
  'consumer:setView': rule(ALL, true),
  'media:setAudioOnly': rule(ALL, true),
  'check:start': rule(ALL, false),
  'check:connect': rule(ALL, false),
  'check:produce': rule(ALL, false),
  'check:consume': rule(ALL, false),
  'check:end': rule(ALL, false),
  'hand:raise': rule(MEMBER, true),
  'hand:lower': rule(MEMBER, true),
  'floor:give': rule(THERAPIST, true),
  'floor:next': rule(THERAPIST, true),
  'floor:takeBack': rule(THERAPIST, true),
  'floor:end': rule(PUBLISHERS, true),
  'turn:pass': rule(MEMBER, true),
  'speaking:listenOnly': rule(MEMBER, true),
  'speaking:setMode': rule(THERAPIST, true),
  'speaking:setTurn': rule(THERAPIST, true),
  'participant:mute': rule(THERAPIST, true),
  'participant:muteAll': rule(THERAPIST, true),
  'participant:askUnmute': rule(THERAPIST, true),
  'participant:stopCamera': rule(THERAPIST, true),
  'agenda:set': rule(THERAPIST, true),
  'agenda:useTemplate': rule(THERAPIST, true),
  'agenda:start': rule(THERAPIST, true),
  'agenda:pause': rule(THERAPIST, true),
  'agenda:resume': rule(THERAPIST, true),
  'agenda:next': rule(THERAPIST, true),
  'agenda:previous': rule(THERAPIST, true),
  'agenda:extend': rule(THERAPIST, true),
  'crisis:alert': rule(MEMBER, false),
  'crisis:acknowledge': rule(STAFF, true),
  'crisis:resolve': rule(STAFF, true),
  'chat:send': rule(ALL, true),
  'chat:delete': rule(THERAPIST, true),
  'chat:setEnabled': rule(THERAPIST, true),
  'room:setFocusMode': rule(THERAPIST, true),
  'chat:private': rule(ALL, false),
  'chat:history': rule(ALL, false),
  'reaction:send': rule(PUBLISHERS, true),
  'reactions:setEnabled': rule(THERAPIST, true),
  'pairs:start': rule(THERAPIST, true),
  'pairs:end': rule(THERAPIST, true),
  'pairs:visit': rule(THERAPIST, true),
  'pairs:broadcast': rule(THERAPIST, true),
  'crisis:sideRoom': rule(THERAPIST, true),
  'crisis:return': rule(THERAPIST, true),
  'room:break': rule(THERAPIST, true),
  'stats:report': rule(PUBLISHERS, true),
  'health:history': rule(STAFF, true),
  'health:sessions': rule(SUPERVISOR, true),
  'staff:message': rule(STAFF, true),
  /** Everyone in the room holds media keys, supervisors too (as the visible participants they are). */
  'e2ee:announce': rule(ALL, true),
  'e2ee:key': rule(ALL, true),
  /** Said before admission, so the therapist can decide at the door. */
  'e2ee:cannotEncrypt': rule(ALL, false),
};

/** HTTP calls a participant's invitation token may make (the admin token may make them all). */
export const HTTP_PERMISSIONS = {
  /** GET /api/sessions/:id */
  'session:read': rule(STAFF, false),
  /** GET /api/sessions/:id/record */
  'record:read': rule(THERAPIST, false),
  /** POST /api/sessions/:id/invites */
  'invite:create': rule(THERAPIST, false),
  /** DELETE /api/sessions/:id/invites/:inviteId */
  'invite:revoke': rule(THERAPIST, false),
} as const satisfies Record<string, Rule>;
export type HttpAction = keyof typeof HTTP_PERMISSIONS;

/**
 * The scope an API token needs for each admin API call (ADMIN_TOKEN, the bootstrap token, has every
 * scope). A token without it gets FORBIDDEN; tokens never manage tokens or staff accounts.
 */
export const TOKEN_SCOPES = {
  /** POST /api/sessions */
  'session:create': 'sessions:write',
  'session:read': 'sessions:read',
  'record:read': 'records:read',
  'invite:create': 'sessions:write',
  'invite:revoke': 'sessions:write',
  /** GET /api/audit */
  'audit:read': 'audit:read',
  /** POST /api/groups, POST /api/groups/:id/members */
  'group:create': 'groups:write',
  'group:members': 'groups:write',
  /** GET /api/groups/:id, GET /api/groups/:id/occurrences */
  'group:read': 'groups:read',
  /** GET /api/groups/:id/attendance (and .csv) */
  'group:attendance': 'attendance:read',
} as const satisfies Record<
  HttpAction | 'session:create' | 'audit:read' | 'group:create' | 'group:members' | 'group:read' | 'group:attendance',
  ApiScope
>;
export type TokenAction = keyof typeof TOKEN_SCOPES;

export function tokenCan(scopes: readonly ApiScope[], action: TokenAction): boolean {
  return scopes.includes(TOKEN_SCOPES[action]);
}

/** May `role` send `event` (or make the HTTP call `action`)? */
export function can(role: Role, event: ClientEventName): boolean {
  return PERMISSIONS[event].roles.includes(role);
}

export function canCall(role: Role, action: HttpAction): boolean {
  return HTTP_PERMISSIONS[action].roles.includes(role);
}

/** Why this participant may not send `event` now, or null: FORBIDDEN for the role, NOT_ADMITTED before admission. */
export function refusal(
  participant: { role: Role; status: ParticipantStatus },
  event: ClientEventName,
): 'FORBIDDEN' | 'NOT_ADMITTED' | null {
  const r = PERMISSIONS[event];
  if (!r.roles.includes(participant.role)) return 'FORBIDDEN';
  if (r.admitted && participant.status !== 'admitted') return 'NOT_ADMITTED';
  return null;
}

const ADMINS: readonly StaffRole[] = ['owner', 'admin'];
const EVERY_STAFF: readonly StaffRole[] = ['owner', 'admin', 'therapist', 'supervisor'];
const CLINICIANS: readonly StaffRole[] = ['therapist', 'supervisor'];
const THERAPIST_ACCOUNT: readonly StaffRole[] = ['therapist'];
const SUPERVISOR_ACCOUNT: readonly StaffRole[] = ['supervisor'];
const OVERSIGHT: readonly StaffRole[] = ['supervisor', 'owner', 'admin'];

/**
 * What a signed-in staff account may do over HTTP, by its role (checked by every staff route).
 * A therapist's own sessions also give it the therapist's row of HTTP_PERMISSIONS above (the
 * cookie stands for the session's therapist); a participant's invitation token reaches none of these.
 */
export const STAFF_PERMISSIONS = {
  /** GET /api/me, POST /api/auth/logout, /api/auth/logout-everywhere */
  'me:read': EVERY_STAFF,
  /** POST /api/me/totp/start, /confirm, /disable: one's own 2-step sign-in (open while enrolment is due) */
  'me:totp': EVERY_STAFF,
  /** GET /api/clinic/settings */
  'settings:read': ADMINS,
  /** PUT /api/clinic/settings (require 2-step sign-in for everyone) */
  'settings:write': ADMINS,
  /** GET /api/staff */
  'staff:list': ADMINS,
  /** POST /api/staff */
  'staff:add': ADMINS,
  /** POST /api/staff/:id/disable */
  'staff:disable': ADMINS,
  /** POST /api/staff/:id/reset */
  'staff:reset': ADMINS,
  /** GET /api/audit */
  'audit:read': ADMINS,
  /** GET /api/staff/sso, POST /api/staff/sso/:id/approve, /api/staff/sso/:id/decline (single sign-on requests) */
  'staff:sso': ADMINS,
  /** GET /api/tokens, POST /api/tokens, DELETE /api/tokens/:id */
  'tokens:manage': ADMINS,
  /** GET /api/my/sessions (supervisors: every session, for now) */
  'sessions:mine': CLINICIANS,
  /** POST /api/sessions with the cookie: a session owned by the caller */
  'session:create': THERAPIST_ACCOUNT,
  /** POST /api/sessions/:id/start (and only the session's owner) */
  'session:start': THERAPIST_ACCOUNT,
  /** GET /api/supervision/live: every live session here with its health and open alerts (no names) */
  'supervision:live': OVERSIGHT,
  /** POST /api/sessions/:id/observe: enter a live session as a visible supervisor */
  'session:observe': SUPERVISOR_ACCOUNT,
  /**
   * Groups (shared/src/groups.ts). A therapist reaches the groups it leads or co-leads, a supervisor
   * the groups it is assigned to; these rows say what each role may do there.
   */
  /** GET /api/groups, GET /api/groups/:id, /occurrences */
  'group:read': CLINICIANS,
  /** POST /api/groups (the caller leads it) */
  'group:create': THERAPIST_ACCOUNT,
  /** PATCH /api/groups/:id, move/cancel/restore an occurrence, start its room */
  'group:edit': THERAPIST_ACCOUNT,
  /** POST /api/groups/:id/members, member status, personal links */
  'group:members': THERAPIST_ACCOUNT,
  /** GET /api/groups/:id/attendance (and .csv) */
  'group:attendance': CLINICIANS,
  /** PUT /api/groups/:id/attendance/:occ/:mid (audited) */
  'group:attendance:correct': THERAPIST_ACCOUNT,
  /** GET /api/groups/:id/notes/:occ/:mid (audited when read) */
  'group:notes:read': CLINICIANS,
  /** PUT /api/groups/:id/notes/:occ/:mid */
  'group:notes:write': THERAPIST_ACCOUNT,
} as const satisfies Record<string, readonly StaffRole[]>;
export type StaffAction = keyof typeof STAFF_PERMISSIONS;

/** What a signed-in account whose 2-step sign-in the clinic requires, and who has not set it up, may still do. */
export const OPEN_BEFORE_ENROLMENT: readonly StaffAction[] = ['me:read', 'me:totp'];

export function staffCan(role: StaffRole, action: StaffAction): boolean {
  return (STAFF_PERMISSIONS[action] as readonly StaffRole[]).includes(role);
}
