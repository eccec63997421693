import type { ClientEventName, Role } from '@circle/shared';

const ALL: readonly Role[] = ['member', 'therapist', 'supervisor'];
const STAFF: readonly Role[] = ['therapist', 'supervisor'];
const THERAPIST: readonly Role[] = ['therapist'];
const PUBLISHERS: readonly Role[] = ['member', 'therapist'];
const MEMBER: readonly Role[] = ['member'];
const SUPERVISOR: readonly Role[] = ['supervisor'];

/**
 * Who may send each client event. The socket adapter checks this before dispatch and the
 * domain checks it again; a member sending a therapist's command gets FORBIDDEN.
 */
export const PERMISSIONS: Readonly<Record<ClientEventName, readonly Role[]>> = {
  'session:checkIn': MEMBER,
  'lobby:admit': THERAPIST,
  'lobby:admitAll': THERAPIST,
  'lobby:decline': THERAPIST,
  'participant:remove': THERAPIST,
  'room:lock': THERAPIST,
  'room:end': THERAPIST,
  'room:leave': ALL,
  'clock:ping': ALL,
  'media:capabilities': ALL,
  'media:join': ALL,
  'transport:create': ALL,
  'transport:connect': ALL,
  'transport:connectPlain': ALL,
  'transport:restartIce': ALL,
  'producer:create': PUBLISHERS,
  'producer:setPaused': PUBLISHERS,
  'producer:close': PUBLISHERS,
  'consumer:create': ALL,
  'consumer:resume': ALL,
  'consumer:setView': ALL,
  'media:setAudioOnly': ALL,
  'check:start': ALL,
  'check:connect': ALL,
  'check:produce': ALL,
  'check:consume': ALL,
  'check:end': ALL,
  'hand:raise': MEMBER,
  'hand:lower': MEMBER,
  'floor:give': THERAPIST,
  'floor:next': THERAPIST,
  'floor:takeBack': THERAPIST,
  'floor:end': PUBLISHERS,
  'turn:pass': MEMBER,
  'speaking:listenOnly': MEMBER,
  'speaking:setMode': THERAPIST,
  'speaking:setTurn': THERAPIST,
  'participant:mute': THERAPIST,
  'participant:muteAll': THERAPIST,
  'participant:askUnmute': THERAPIST,
  'participant:stopCamera': THERAPIST,
  'agenda:set': THERAPIST,
  'agenda:useTemplate': THERAPIST,
  'agenda:start': THERAPIST,
  'agenda:pause': THERAPIST,
  'agenda:resume': THERAPIST,
  'agenda:next': THERAPIST,
  'agenda:previous': THERAPIST,
  'agenda:extend': THERAPIST,
  'crisis:alert': MEMBER,
  'crisis:acknowledge': STAFF,
  'crisis:resolve': STAFF,
  'chat:send': ALL,
  'chat:delete': THERAPIST,
  'chat:setEnabled': THERAPIST,
  'chat:private': ALL,
  'chat:history': ALL,
  'pairs:start': THERAPIST,
  'pairs:end': THERAPIST,
  'pairs:visit': THERAPIST,
  'pairs:broadcast': THERAPIST,
  'crisis:sideRoom': THERAPIST,
  'crisis:return': THERAPIST,
  'room:break': THERAPIST,
  'stats:report': PUBLISHERS,
  'health:history': STAFF,
  'health:sessions': SUPERVISOR,
  'staff:message': STAFF,
};

/** Events a participant may send before being admitted to the room (lobby, check-in, crisis). */
export const BEFORE_ADMISSION: ReadonlySet<ClientEventName> = new Set<ClientEventName>([
  'session:checkIn',
  'room:leave',
  'clock:ping',
  'crisis:alert',
  // The connection check runs on its own transports, never shared with anyone.
  'check:start',
  'check:connect',
  'check:produce',
  'check:consume',
  'check:end',
]);

export function can(role: Role, event: ClientEventName): boolean {
  return PERMISSIONS[event].includes(role);
}

export const ROLES = ALL;
export const isStaff = (role: Role): boolean => STAFF.includes(role);
