/**
 * The session record a therapist downloads: planned vs actual agenda, attendance with join/leave
 * times, speaking turns and crisis events. Built from room state only; never written to logs.
 */
import type { RoomState } from './room.js';
import { byId } from './roomState.js';

export interface SessionRecord {
  session: { id: string; title: string; startsAt: string; durationMinutes: number; generatedAt: string };
  agenda: {
    title: string;
    plannedMinutes: number;
    actualMinutes: number | null;
    startedAt: string | null;
    endedAt: string | null;
  }[];
  attendance: {
    participantId: string;
    displayName: string;
    role: string;
    joinedAt: string;
    leftAt: string | null;
    minutes: number;
  }[];
  turns: { participantId: string; displayName: string; startedAt: string; endedAt: string | null; seconds: number }[];
  /** Round-robin passes: "Not now", or passed over while listening only. */
  passes: { participantId: string; displayName: string; at: string; how: 'not-now' | 'listening-only' }[];
  /** Short breaks, and why (a therapist's pause, or a private room with no co-therapist). */
  breaks: { startedAt: string; endedAt: string | null; minutes: number; cause: 'therapist' | 'side-room' }[];
  crisis: {
    alertId: string;
    participantId: string;
    displayName: string;
    event: string;
    at: string;
    actorId: string;
    note: string | null;
  }[];
  /** Chat is kept only in the room and in this download. */
  chat: { at: string; from: string; to: string; text: string }[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

export function sessionRecord(state: RoomState, now: number): SessionRecord {
  const name = (id: string) => byId(state.participants, id)?.displayName ?? '';
  return {
    session: {
      id: state.sessionId,
      title: state.title,
      startsAt: new Date(state.startsAt).toISOString(),
      durationMinutes: state.durationMinutes,
      generatedAt: new Date(now).toISOString(),
    },
    agenda: state.agenda.items.map((it, i) => {
      const running =
        i === state.agenda.current && state.agenda.runningSince !== null ? now - state.agenda.runningSince : 0;
      return {
        title: it.title,
        plannedMinutes: it.plannedMinutes,
        actualMinutes: it.startedAt === null ? null : minutes(it.elapsedMs + running),
        startedAt: iso(it.startedAt),
        endedAt: iso(it.endedAt),
      };
    }),
    attendance: Object.values(state.participants).flatMap((p) =>
      p.attendance.map((s) => ({
        participantId: p.id,
        displayName: p.displayName,
        role: p.role,
        joinedAt: new Date(s.joinedAt).toISOString(),
        leftAt: iso(s.leftAt),
        minutes: minutes((s.leftAt ?? now) - s.joinedAt),
      })),
    ),
    turns: state.turnLog.map((t) => ({
      participantId: t.participantId,
      displayName: name(t.participantId),
      startedAt: new Date(t.startedAt).toISOString(),
      endedAt: iso(t.endedAt),
      seconds: Math.round(((t.endedAt ?? now) - t.startedAt) / 1000),
    })),
    passes: (state.passLog ?? []).map((p) => ({
      participantId: p.participantId,
      displayName: name(p.participantId),
      at: new Date(p.at).toISOString(),
      how: p.how,
    })),
    breaks: (state.breakLog ?? []).map((b) => ({
      startedAt: new Date(b.startedAt).toISOString(),
      endedAt: iso(b.endedAt),
      minutes: minutes((b.endedAt ?? now) - b.startedAt),
      cause: b.cause,
    })),
    crisis: state.crisis.flatMap((a) =>
      a.history.map((h) => ({
        alertId: a.id,
        participantId: a.participantId,
        displayName: name(a.participantId),
        event: h.type,
        at: new Date(h.at).toISOString(),
        actorId: h.actorId,
        note: h.type === 'resolved' ? a.note : null,
      })),
    ),
    chat: [
      ...state.chat.group.map((m) => ({
        at: m.at,
        from: name(m.fromId),
        to: 'group',
        text: m.removed ? '(removed by therapist)' : m.text,
      })),
      ...state.chat.private.map((m) => ({
        at: m.at,
        from: name(m.fromId),
        to: m.fromId === m.memberId ? 'therapists' : name(m.memberId),
        text: m.text,
      })),
    ]
      .sort((a, b) => a.at - b.at)
      .map((m) => ({ ...m, at: new Date(m.at).toISOString() })),
  };
}

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One CSV with a `section` column, so it opens as a single sheet. */
export function recordCsv(r: SessionRecord): string {
  const rows: unknown[][] = [
    ['section', 'name', 'role_or_event', 'start', 'end', 'planned_minutes', 'actual_minutes', 'note'],
  ];
  for (const a of r.agenda)
    rows.push(['agenda', a.title, '', a.startedAt, a.endedAt, a.plannedMinutes, a.actualMinutes, '']);
  for (const a of r.attendance)
    rows.push(['attendance', a.displayName, a.role, a.joinedAt, a.leftAt, '', a.minutes, '']);
  for (const t of r.turns)
    rows.push(['turn', t.displayName, '', t.startedAt, t.endedAt, '', Math.round((t.seconds / 60) * 10) / 10, '']);
  for (const p of r.passes) rows.push(['pass', p.displayName, p.how, p.at, '', '', '', '']);
  for (const b of r.breaks) rows.push(['break', '', b.cause, b.startedAt, b.endedAt, '', b.minutes, '']);
  for (const c of r.crisis) rows.push(['crisis', c.displayName, c.event, c.at, '', '', '', c.note]);
  for (const m of r.chat) rows.push(['chat', m.from, `to ${m.to}`, m.at, '', '', '', m.text]);
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
