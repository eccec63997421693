/**
 * What a room's state means for the clinic's tables: the session row, its invitations (and
 * revocations), and once it has ended its record and attendance. Written idempotently from the
 * whole state, so writing the same state twice, or a later one, is always right.
 */
import { randomBytes } from 'node:crypto';
import type { RoomState } from '../../domain/room.js';
import { sessionRecord } from '../../domain/record.js';
import type { Sql } from './Db.js';

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The part of the state the session and invite rows hold: a change here must reach the database. */
export function metaKey(state: RoomState): string {
  return JSON.stringify([
    state.title,
    state.startsAt,
    state.durationMinutes,
    state.maxMembers,
    state.locked,
    state.chat.enabled,
    state.speaking.mode,
    state.endedAt,
    Object.values(state.invites).map((i) => [i.id, i.revoked]),
  ]);
}

export async function writeSession(sql: Sql, state: RoomState): Promise<void> {
  const roles: Record<string, number> = {};
  for (const i of Object.values(state.invites)) if (!i.revoked) roles[i.role] = (roles[i.role] ?? 0) + 1;
  await sql.query(
    `insert into sessions (id, title, created_at, starts_at, duration_minutes, max_members, settings, roles, ended_at, owner_account_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (id) do update set title = excluded.title, owner_account_id = excluded.owner_account_id, starts_at = excluded.starts_at,
       duration_minutes = excluded.duration_minutes, max_members = excluded.max_members,
       settings = excluded.settings, roles = excluded.roles, ended_at = excluded.ended_at`,
    [
      state.sessionId,
      state.title,
      ts(state.createdAt),
      ts(state.startsAt),
      state.durationMinutes,
      state.maxMembers,
      JSON.stringify({
        locked: state.locked,
        chatEnabled: state.chat.enabled,
        speakingMode: state.speaking.mode,
        turnSeconds: state.speaking.turnSeconds,
      }),
      JSON.stringify(roles),
      ts(state.endedAt),
      state.ownerAccountId ?? null,
    ],
  );
  const invites = Object.values(state.invites);
  if (invites.length > 0) {
    await sql.query(
      `insert into invites (id, session_id, role, display_name, created_at, expires_at, revoked_at, account_id)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::text[])
       on conflict (id) do update set revoked_at = coalesce(invites.revoked_at, excluded.revoked_at)
         where invites.session_id = excluded.session_id`,
      [
        invites.map((i) => i.id),
        invites.map(() => state.sessionId),
        invites.map((i) => i.role),
        invites.map((i) => i.displayName),
        invites.map((i) => ts(i.createdAt)),
        invites.map((i) => ts(i.expiresAt)),
        invites.map((i) => (i.revoked ? new Date().toISOString() : null)),
        invites.map((i) => i.accountId ?? null),
      ],
    );
  }
  // An invitation the room does not have (a write that was refused after this one) is not kept.
  await sql.query('delete from invites where session_id = $1 and not (id = any($2::text[]))', [
    state.sessionId,
    invites.map((i) => i.id),
  ]);
}

/** A finished session's record and attendance; once written, later writes of the same session replace it. */
export async function writeRecord(sql: Sql, state: RoomState): Promise<void> {
  if (state.endedAt === null) return;
  const record = sessionRecord(state, state.endedAt);
  const [already] = await sql.query('select 1 from session_records where session_id = $1', [state.sessionId]);
  if (!already) {
    await writeAudit(sql, {
      actor: state.endedBy ? `participant:${state.endedBy}` : 'system',
      action: 'session:end',
      sessionId: state.sessionId,
    });
  }
  await sql.query(
    `insert into session_records (session_id, finished_at, record) values ($1, $2, $3)
     on conflict (session_id) do update set finished_at = excluded.finished_at, record = excluded.record`,
    [state.sessionId, ts(state.endedAt), JSON.stringify(record)],
  );
  await sql.query('delete from attendance where session_id = $1', [state.sessionId]);
  const stints = Object.values(state.participants).flatMap((p) =>
    p.attendance.map((s) => ({ id: p.id, role: p.role, joinedAt: s.joinedAt, leftAt: s.leftAt ?? state.endedAt })),
  );
  if (stints.length > 0) {
    await sql.query(
      `insert into attendance (session_id, participant_id, role, joined_at, left_at)
       select $1, * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
       on conflict do nothing`,
      [
        state.sessionId,
        stints.map((s) => s.id),
        stints.map((s) => s.role),
        stints.map((s) => ts(s.joinedAt)),
        stints.map((s) => ts(s.leftAt)),
      ],
    );
  }
}

export async function writeAudit(
  sql: Sql,
  e: { actor: string; action: string; sessionId?: string; targetId?: string },
): Promise<void> {
  await sql.query('insert into audit_log (actor, action, session_id, target_id) values ($1, $2, $3, $4)', [
    e.actor,
    e.action,
    e.sessionId ?? null,
    e.targetId ?? null,
  ]);
}

export const newSecret = () => randomBytes(32).toString('base64url');
