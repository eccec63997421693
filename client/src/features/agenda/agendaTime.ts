import type { AgendaView } from '@circle/shared';

/** Time left in the current item at server time `now` (negative: overtime). */
export function itemRemaining(agenda: AgendaView, now: number): number | null {
  if (agenda.itemEndsAt !== null) return agenda.itemEndsAt - now;
  return agenda.itemRemainingMs;
}

/** Time left in the whole session at server time `now`. */
export function sessionRemaining(agenda: AgendaView, now: number): number | null {
  if (agenda.sessionRemainingMs === null) return null;
  const atSnapshot = Math.max(0, agenda.itemRemainingMs ?? 0);
  const later = agenda.sessionRemainingMs - atSnapshot;
  const left = itemRemaining(agenda, now);
  return Math.max(0, left ?? 0) + later;
}

export function formatSigned(ms: number): string {
  const over = ms < 0;
  const total = Math.ceil(Math.abs(ms) / 1000);
  const text = `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
  return over ? `${text} over` : text;
}
