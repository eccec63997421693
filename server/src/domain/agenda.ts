/**
 * The session agenda as a pure clock driven by `now`: ordered items, start/pause/resume/next/previous,
 * extensions and overtime. No timers here; the room schedules `agendaTick` at the times this reports.
 */
import {
  AGENDA_WARNING_MS,
  SESSION_MINUTES,
  type AgendaItemInput,
  type AgendaPolicy,
  type AgendaStatus,
  type AgendaView,
} from '@circle/shared';

export interface AgendaItem {
  id: string;
  title: string;
  plannedMinutes: number;
  note: string | null;
  policy: AgendaPolicy;
  /** Extensions granted to this item. */
  extraMs: number;
  /** Time spent running this item, not counting the stretch since `runningSince`. */
  elapsedMs: number;
  startedAt: number | null;
  endedAt: number | null;
}

export interface Agenda {
  items: AgendaItem[];
  status: AgendaStatus;
  current: number;
  runningSince: number | null;
  /** Warnings already given for the current item. */
  warned: { soon: boolean; end: boolean };
  nextId: number;
}

export type AgendaError = 'INVALID_STATE';
export type AgendaResult = { ok: true; agenda: Agenda } | { ok: false; code: AgendaError };

export function emptyAgenda(): Agenda {
  return {
    items: [],
    status: 'not-started',
    current: -1,
    runningSince: null,
    warned: { soon: false, end: false },
    nextId: 1,
  };
}

const fail = (): AgendaResult => ({ ok: false, code: 'INVALID_STATE' });
const ok = (agenda: Agenda): AgendaResult => ({ ok: true, agenda });

export function currentItem(a: Agenda): AgendaItem | null {
  return a.current >= 0 ? (a.items[a.current] ?? null) : null;
}

function itemElapsed(a: Agenda, index: number, now: number): number {
  const item = a.items[index];
  if (!item) return 0;
  const running = index === a.current && a.runningSince !== null ? now - a.runningSince : 0;
  return item.elapsedMs + running;
}

/** Time left in the current item at `now`; negative means overtime. */
export function itemRemainingMs(a: Agenda, now: number): number | null {
  const item = currentItem(a);
  if (!item || a.status === 'not-started' || a.status === 'finished') return null;
  return item.plannedMinutes * 60_000 + item.extraMs - itemElapsed(a, a.current, now);
}

function withItems(a: Agenda, f: (item: AgendaItem, index: number) => AgendaItem): Agenda {
  return { ...a, items: a.items.map(f) };
}

/** Stop the clock on the current item (its elapsed time banked). */
function bank(a: Agenda, now: number): Agenda {
  if (a.runningSince === null) return a;
  const since = a.runningSince;
  return {
    ...withItems(a, (it, i) => (i === a.current ? { ...it, elapsedMs: it.elapsedMs + (now - since) } : it)),
    runningSince: null,
  };
}

function enter(a: Agenda, index: number, now: number, running: boolean): Agenda {
  // Entering (or re-entering) an item: it has a start and, while it runs again, no end.
  const next = withItems(a, (it, i) => (i === index ? { ...it, startedAt: it.startedAt ?? now, endedAt: null } : it));
  return { ...next, current: index, runningSince: running ? now : null, warned: { soon: false, end: false } };
}

function close(a: Agenda, now: number): Agenda {
  return withItems(a, (it, i) => (i === a.current ? { ...it, endedAt: now } : it));
}

export function setItems(a: Agenda, inputs: readonly AgendaItemInput[]): AgendaResult {
  // Items that have started (even ones left again with "previous") keep their place; the rest are replaced.
  let lastStarted = a.status === 'not-started' ? -1 : a.current;
  a.items.forEach((it, i) => {
    if (it.startedAt !== null) lastStarted = Math.max(lastStarted, i);
  });
  const kept = a.items.slice(0, lastStarted + 1);
  let nextId = a.nextId;
  const fresh: AgendaItem[] = inputs.map((i) => ({
    id: `i${nextId++}`,
    title: i.title,
    plannedMinutes: i.plannedMinutes,
    note: i.note ?? null,
    policy: i.policy,
    extraMs: 0,
    elapsedMs: 0,
    startedAt: null,
    endedAt: null,
  }));
  const items = [...kept, ...fresh];
  if (a.status === 'finished' && fresh.length > 0) {
    // New items after the end: the clock waits on the first of them until the therapist resumes.
    return ok({
      ...a,
      items,
      nextId,
      status: 'paused',
      current: kept.length,
      runningSince: null,
      warned: { soon: false, end: false },
    });
  }
  return ok({ ...a, items, nextId });
}

export function start(a: Agenda, now: number): AgendaResult {
  if (a.status !== 'not-started' || a.items.length === 0) return fail();
  return ok({ ...enter(a, 0, now, true), status: 'running' });
}

export function pause(a: Agenda, now: number): AgendaResult {
  if (a.status !== 'running') return fail();
  return ok({ ...bank(a, now), status: 'paused' });
}

export function resume(a: Agenda, now: number): AgendaResult {
  if (a.status !== 'paused') return fail();
  if (a.current >= a.items.length) return fail();
  return ok({ ...a, runningSince: now, status: 'running' });
}

export function next(a: Agenda, now: number): AgendaResult {
  if (a.status !== 'running' && a.status !== 'paused') return fail();
  const running = a.status === 'running';
  const closed = close(bank(a, now), now);
  if (a.current + 1 >= a.items.length) return ok({ ...closed, status: 'finished', runningSince: null });
  return ok(enter(closed, a.current + 1, now, running));
}

export function previous(a: Agenda, now: number): AgendaResult {
  if (a.status === 'finished') {
    // Reopen the last item.
    const reopened = withItems(a, (it, i) => (i === a.current ? { ...it, endedAt: null } : it));
    return ok({ ...reopened, runningSince: now, status: 'running', warned: { soon: false, end: false } });
  }
  if (a.status === 'not-started' || a.current <= 0) return fail();
  const running = a.status === 'running';
  const left = close(bank(a, now), now);
  const reopened = withItems(left, (it, i) => (i === a.current - 1 ? { ...it, endedAt: null } : it));
  return ok(enter(reopened, a.current - 1, now, running));
}

/** Stop the agenda for good: the current item closes; items that never ran stay unrun. */
export function finish(a: Agenda, now: number): Agenda {
  if (a.status !== 'running' && a.status !== 'paused') return a;
  return { ...close(bank(a, now), now), status: 'finished', runningSince: null };
}

export function extend(a: Agenda, minutes: number): AgendaResult {
  if (a.status !== 'running' && a.status !== 'paused') return fail();
  const more = minutes * 60_000;
  return ok({
    ...withItems(a, (it, i) => (i === a.current ? { ...it, extraMs: it.extraMs + more } : it)),
    warned: { soon: false, end: false },
  });
}

export type AgendaWarning = { kind: 'soon' | 'end'; title: string };

/** Warnings due at `now`, and when to look again. */
export function tick(a: Agenda, now: number): { agenda: Agenda; warnings: AgendaWarning[]; nextAt: number | null } {
  const item = currentItem(a);
  const left = itemRemainingMs(a, now);
  if (!item || left === null || a.status !== 'running') return { agenda: a, warnings: [], nextAt: null };
  const warnings: AgendaWarning[] = [];
  let warned = a.warned;
  if (!warned.soon && left <= AGENDA_WARNING_MS && left > 0) {
    warned = { ...warned, soon: true };
    warnings.push({ kind: 'soon', title: item.title });
  }
  if (!warned.end && left <= 0) {
    warned = { soon: true, end: true };
    warnings.push({ kind: 'end', title: item.title });
  }
  const nextAt =
    !warned.soon && left > AGENDA_WARNING_MS
      ? now + left - AGENDA_WARNING_MS
      : !warned.end
        ? now + Math.max(0, left)
        : null;
  return { agenda: { ...a, warned }, warnings, nextAt };
}

export function totalPlannedMinutes(a: Agenda): number {
  return a.items.reduce((sum, it) => sum + it.plannedMinutes + it.extraMs / 60_000, 0);
}

export function agendaView(a: Agenda, now: number): AgendaView {
  const left = itemRemainingMs(a, now);
  const later = a.items.slice(a.current + 1).reduce((sum, it) => sum + it.plannedMinutes * 60_000, 0);
  const total = totalPlannedMinutes(a);
  return {
    items: a.items.map((it, i) => ({
      id: it.id,
      title: it.title,
      plannedMinutes: it.plannedMinutes,
      note: it.note,
      policy: it.policy,
      state:
        i < a.current || a.status === 'finished'
          ? 'done'
          : i === a.current && a.status !== 'not-started'
            ? 'current'
            : 'upcoming',
      actualMs: it.startedAt === null ? null : itemElapsed(a, i, now),
    })),
    status: a.status,
    currentIndex: a.status === 'not-started' || a.status === 'finished' ? null : a.current,
    itemEndsAt: a.status === 'running' && left !== null ? now + left : null,
    itemRemainingMs: left,
    sessionRemainingMs:
      a.status === 'not-started' ? total * 60_000 : a.status === 'finished' ? 0 : Math.max(0, left ?? 0) + later,
    asOf: now,
    totalPlannedMinutes: Math.round(total),
    warning:
      a.items.length > 0 && (total < SESSION_MINUTES.min || total > SESSION_MINUTES.max)
        ? `The plan adds up to ${Math.round(total)} minutes; sessions usually run ${SESSION_MINUTES.min}–${SESSION_MINUTES.max}.`
        : null,
  };
}
