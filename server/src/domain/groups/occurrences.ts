/**
 * One occurrence of a group's series: its own record (as calendar tools keep each occurrence of a
 * series), so it can be moved or cancelled alone. Pure: records and `now` (epoch ms) in, answers out.
 */
import type { GroupKind, OccurrenceStatus } from '@circle/shared';

export interface OccurrenceRecord {
  id: string;
  /** 1-based position in the series. */
  index: number;
  /** Where the schedule put it (epoch ms). */
  plannedStartsAt: number;
  /** Where it is now (moved, or the planned time). */
  startsAt: number;
  durationMinutes: number;
  cancelledAt: number | null;
  /** The room, once opened. */
  sessionId: string | null;
  /** When its room was ended, if it was. */
  sessionEndedAt: number | null;
  /** Its room has people in it now. */
  live: boolean;
}

export type OccurrenceCheck = { ok: true } | { ok: false; code: 'INVALID_STATE' };

const MINUTE_MS = 60_000;
const OK: OccurrenceCheck = { ok: true };
const INVALID: OccurrenceCheck = { ok: false, code: 'INVALID_STATE' };

/** When it is planned to end (epoch ms). */
export function occurrenceEndsAt(o: OccurrenceRecord): number {
  return o.startsAt + o.durationMinutes * MINUTE_MS;
}

/** cancelled > live > ended (its room ended, or its time is over) > scheduled. */
export function occurrenceStatus(o: OccurrenceRecord, now: number): OccurrenceStatus {
  if (o.cancelledAt !== null) return 'cancelled';
  if (o.live) return 'live';
  if (o.sessionEndedAt !== null || now >= occurrenceEndsAt(o)) return 'ended';
  return 'scheduled';
}

const byStart = (a: OccurrenceRecord, b: OccurrenceRecord) => a.startsAt - b.startsAt || a.index - b.index;

/** The first one (by start) not cancelled whose end is still ahead; a live or just-started one counts. */
export function nextOccurrence(list: readonly OccurrenceRecord[], now: number): OccurrenceRecord | null {
  const ahead = list.filter((o) => {
    const s = occurrenceStatus(o, now);
    return s === 'scheduled' || s === 'live';
  });
  return [...ahead].sort(byStart)[0] ?? null;
}

/**
 * Whether a member may go in now: not cancelled, not ended, from `lobbyOpensMinutes` before the start
 * until its planned end. A live room stays open past its planned end (a session running over lets a
 * member who dropped come back).
 */
export function lobbyOpen(o: OccurrenceRecord, lobbyOpensMinutes: number, now: number): boolean {
  const status = occurrenceStatus(o, now);
  if (status === 'live') return true;
  if (status !== 'scheduled') return false;
  return now >= o.startsAt - lobbyOpensMinutes * MINUTE_MS && now < occurrenceEndsAt(o);
}

/** A scheduled one (not ended, live or cancelled) may move to a time still ahead. */
export function canMove(o: OccurrenceRecord, newStartsAt: number, now: number): OccurrenceCheck {
  if (occurrenceStatus(o, now) !== 'scheduled') return INVALID;
  return newStartsAt > now ? OK : INVALID;
}

/** A scheduled one (not ended, live or already cancelled) may be cancelled. */
export function canCancel(o: OccurrenceRecord, now: number): OccurrenceCheck {
  return occurrenceStatus(o, now) === 'scheduled' ? OK : INVALID;
}

/** A cancelled one may be scheduled again while its start is still ahead (move it first otherwise). */
export function canRestore(o: OccurrenceRecord, now: number): OccurrenceCheck {
  return o.cancelledAt !== null && o.startsAt > now ? OK : INVALID;
}

/** Whether an occurrence has begun: its start has come, or its room was opened early and used. */
function hasStarted(o: OccurrenceRecord, now: number): boolean {
  return now >= o.startsAt || o.live || o.sessionEndedAt !== null;
}

/**
 * Whether the roster is fixed now. Open groups never close. A closed group closes once its
 * (1 + lateJoinSessions)-th occurrence that is not cancelled (in start order) has started.
 */
export function rosterClosed(
  kind: GroupKind,
  lateJoinSessions: number,
  list: readonly OccurrenceRecord[],
  now: number,
): boolean {
  if (kind === 'open') return false;
  const held = list.filter((o) => o.cancelledAt === null).sort(byStart);
  const last = held[Math.max(0, Math.floor(lateJoinSessions))];
  return last !== undefined && hasStarted(last, now);
}
