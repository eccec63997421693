/**
 * A member's place in a group, kept as history (each change a dated entry with a staff-only note),
 * never as a single overwritten status. Pure: the history and the group's counts in, a new history or
 * a refusal (as data) out.
 *
 *   screening  → waitlisted | active | discharged
 *   waitlisted → active | screening | discharged
 *   active     → paused | discharged
 *   paused     → active | discharged
 *   discharged → screening (re-referral)
 *
 * Roster changes apply to future occurrences only: attendance asks `statusAt(history, startsAt)`.
 */
import type { MemberStatus } from '@circle/shared';

export interface MemberHistoryEntry {
  status: MemberStatus;
  at: number;
  /** Staff-only. */
  note: string | null;
  /** The staff account that made the change. */
  by: string | null;
}

export type MembershipResult =
  { ok: true; history: MemberHistoryEntry[] } | { ok: false; code: 'INVALID_STATE' | 'GROUP_FULL' };

/** The group's state that decides whether someone may become active. */
export interface RosterLimits {
  /** Active members now, not counting this one. */
  activeCount: number;
  maxMembers: number;
  /** A closed group past its late-join window. */
  rosterClosed: boolean;
}

const ALLOWED: Record<MemberStatus, readonly MemberStatus[]> = {
  screening: ['waitlisted', 'active', 'discharged'],
  waitlisted: ['active', 'screening', 'discharged'],
  active: ['paused', 'discharged'],
  paused: ['active', 'discharged'],
  discharged: ['screening'],
};

/** The statuses a membership may start in (paused needs a past as active; discharged, a past at all). */
export const INITIAL_MEMBER_STATUSES: readonly MemberStatus[] = ['screening', 'waitlisted', 'active'];

export function canTransition(from: MemberStatus, to: MemberStatus): boolean {
  return ALLOWED[from].includes(to);
}

/**
 * Becoming active needs a free place (GROUP_FULL) and, for a newcomer (from screening or waitlisted, or
 * joining as active), an open roster (INVALID_STATE). A paused member comes back even when it is closed.
 */
function admit(from: MemberStatus | null, limits: RosterLimits): MembershipResult | null {
  if (limits.activeCount >= limits.maxMembers) return { ok: false, code: 'GROUP_FULL' };
  if (from !== 'paused' && limits.rosterClosed) return { ok: false, code: 'INVALID_STATE' };
  return null;
}

const entry = (status: MemberStatus, at: number, note?: string | null, by?: string | null): MemberHistoryEntry => ({
  status,
  at,
  note: note ?? null,
  by: by ?? null,
});

/**
 * One change of status, appended to the history. Refused (INVALID_STATE): no history yet, a change not
 * in the table above (the same status included), or a time before the last entry (history is in order).
 */
export function transition(
  input: {
    history: readonly MemberHistoryEntry[];
    to: MemberStatus;
    at: number;
    note?: string;
    by?: string;
  } & RosterLimits,
): MembershipResult {
  const last = input.history[input.history.length - 1];
  if (last === undefined || input.at < last.at || !canTransition(last.status, input.to)) {
    return { ok: false, code: 'INVALID_STATE' };
  }
  if (input.to === 'active') {
    const refused = admit(last.status, input);
    if (refused) return refused;
  }
  return { ok: true, history: [...input.history, entry(input.to, input.at, input.note, input.by)] };
}

/**
 * A new membership's history. Starting as active needs the roster limits (capacity and a roster still
 * open); starting as paused or discharged is refused (INVALID_STATE).
 */
export function initialHistory(
  status: Exclude<MemberStatus, 'active'>,
  at: number,
  note?: string | null,
  by?: string | null,
): MembershipResult;
export function initialHistory(
  status: MemberStatus,
  at: number,
  note: string | null | undefined,
  by: string | null | undefined,
  limits: RosterLimits,
): MembershipResult;
export function initialHistory(
  status: MemberStatus,
  at: number,
  note?: string | null,
  by?: string | null,
  limits?: RosterLimits,
): MembershipResult {
  if (!INITIAL_MEMBER_STATUSES.includes(status)) return { ok: false, code: 'INVALID_STATE' };
  if (status === 'active') {
    if (limits === undefined) return { ok: false, code: 'INVALID_STATE' };
    const refused = admit(null, limits);
    if (refused) return refused;
  }
  return { ok: true, history: [entry(status, at, note, by)] };
}

/** The status in force at `at` (the last entry at or before it); null: not yet a member then. */
export function statusAt(history: readonly MemberHistoryEntry[], at: number): MemberStatus | null {
  let status: MemberStatus | null = null;
  for (const e of history) {
    if (e.at > at) break;
    status = e.status;
  }
  return status;
}

/** Whether the member is expected at an occurrence starting at `startsAt`: active then. */
export function expectedAt(history: readonly MemberHistoryEntry[], startsAt: number): boolean {
  return statusAt(history, startsAt) === 'active';
}

/** The current status (the last entry), or null for an empty history. */
export function currentStatus(history: readonly MemberHistoryEntry[]): MemberStatus | null {
  return history[history.length - 1]?.status ?? null;
}
