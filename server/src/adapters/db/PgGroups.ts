/** The groups' records in PostgreSQL (migration 7): see app/GroupsStore.ts for what each call means. */
import type {
  AttendancePolicy,
  AttendanceStatus,
  GroupKind,
  MemberStatus,
  RoomSettings,
  Schedule,
} from '@circle/shared';
import { DEFAULT_ROOM_SETTINGS } from '@circle/shared';
import { isLanguage, LANGUAGES, type Language } from '@circle/shared/i18n';
import type {
  AttendanceRow,
  CorrectionRow,
  ExcusalRow,
  GroupRow,
  GroupScope,
  GroupUpdate,
  GroupsStore,
  MemberRow,
  OccurrenceInviteRow,
  StoredOccurrence,
} from '../../app/GroupsStore.js';
import type { MemberHistoryEntry } from '../../domain/groups/membership.js';
import type { Db, Row, Sql } from './Db.js';

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (v: unknown): number | null => (v === null || v === undefined ? null : new Date(v as string).getTime());
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

const GROUP_SELECT = `
  select g.*,
    coalesce((select json_agg(c.account_id order by c.account_id) from group_co_therapists c where c.group_id = g.id), '[]') as co_therapist_ids,
    (select json_agg(json_build_object('language', a.language, 'version', a.version, 'text', a.text))
       from (select distinct on (language) language, version, text from group_agreements
             where group_id = g.id order by language, version desc) a) as agreements
  from groups g`;

/** The newest version per language (a language never written: version 0, the standard text). */
function toAgreements(v: unknown): GroupRow['agreements'] {
  const out = Object.fromEntries(LANGUAGES.map((l) => [l, { version: 0, text: null }])) as GroupRow['agreements'];
  for (const a of json<{ language: string; version: number; text: string | null }[] | null>(v) ?? []) {
    if (isLanguage(a.language)) out[a.language] = { version: Number(a.version), text: a.text ?? null };
  }
  return out;
}

function toGroup(r: Row): GroupRow {
  return {
    id: r.id as string,
    title: r.title as string,
    kind: r.kind as GroupKind,
    sessionCount: r.session_count === null ? null : Number(r.session_count),
    schedule: json<Schedule>(r.schedule),
    durationMinutes: Number(r.duration_minutes),
    maxMembers: Number(r.max_members),
    lateJoinSessions: Number(r.late_join_sessions),
    leadTherapistId: r.lead_therapist_id as string,
    coTherapistIds: json<string[]>(r.co_therapist_ids),
    supervisorId: (r.supervisor_id as string | null) ?? null,
    agendaTemplateId: (r.agenda_template_id as string | null) ?? null,
    // Groups made before a setting existed get its default.
    settings: { ...DEFAULT_ROOM_SETTINGS, ...json<Partial<RoomSettings>>(r.settings) },
    lobbyOpensMinutes: Number(r.lobby_opens_minutes),
    attendancePolicy: json<AttendancePolicy>(r.attendance_policy),
    createdAt: ms(r.created_at) ?? 0,
    createdBy: r.created_by as string,
    language: isLanguage(r.language) ? r.language : 'en',
    agreements: toAgreements(r.agreements),
  };
}

function toOccurrence(r: Row): StoredOccurrence {
  return {
    id: r.id as string,
    groupId: r.group_id as string,
    index: Number(r.index),
    plannedStartsAt: ms(r.planned_starts_at) ?? 0,
    startsAt: ms(r.starts_at) ?? 0,
    durationMinutes: Number(r.duration_minutes),
    cancelledAt: ms(r.cancelled_at),
    cancelReason: (r.cancel_reason as string | null) ?? null,
    sequence: Number(r.sequence),
    sessionId: (r.session_id as string | null) ?? null,
    sessionEndedAt: ms(r.session_ended_at),
    hasRecord: r.has_record === true,
  };
}

function toHistory(r: Row): MemberHistoryEntry {
  return {
    status: r.status as MemberStatus,
    at: ms(r.at) ?? 0,
    note: (r.note as string | null) ?? null,
    by: (r.by as string | null) ?? null,
  };
}

async function setCoTherapists(sql: Sql, groupId: string, ids: readonly string[]): Promise<void> {
  await sql.query('delete from group_co_therapists where group_id = $1', [groupId]);
  for (const id of new Set(ids)) {
    await sql.query('insert into group_co_therapists (group_id, account_id) values ($1, $2)', [groupId, id]);
  }
}

async function insertOccurrences(
  sql: Sql,
  groupId: string,
  list: readonly { id: string; index: number; plannedStartsAt: number }[],
  durationMinutes: number,
): Promise<void> {
  if (list.length === 0) return;
  await sql.query(
    `insert into group_occurrences (id, group_id, index, planned_starts_at, starts_at, duration_minutes)
     select o.id, $2, o.index, o.at, o.at, $3
     from unnest($1::text[], $4::int[], $5::timestamptz[]) as o(id, index, at)
     on conflict (group_id, index) do nothing`,
    [list.map((o) => o.id), groupId, durationMinutes, list.map((o) => o.index), list.map((o) => ts(o.plannedStartsAt))],
  );
}

const UPDATE_COLUMNS: Record<string, { column: string; json?: boolean }> = {
  title: { column: 'title' },
  durationMinutes: { column: 'duration_minutes' },
  maxMembers: { column: 'max_members' },
  lateJoinSessions: { column: 'late_join_sessions' },
  supervisorId: { column: 'supervisor_id' },
  agendaTemplateId: { column: 'agenda_template_id' },
  settings: { column: 'settings', json: true },
  lobbyOpensMinutes: { column: 'lobby_opens_minutes' },
  attendancePolicy: { column: 'attendance_policy', json: true },
  language: { column: 'language' },
};

export class PgGroups implements GroupsStore {
  constructor(private readonly db: Db) {}

  async insertGroup(g: GroupRow, occurrences: { id: string; index: number; plannedStartsAt: number }[]) {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into groups (id, title, kind, session_count, schedule, duration_minutes, max_members, late_join_sessions,
           lead_therapist_id, supervisor_id, agenda_template_id, settings, lobby_opens_minutes, attendance_policy, created_at, created_by, language)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          g.id,
          g.title,
          g.kind,
          g.sessionCount,
          JSON.stringify(g.schedule),
          g.durationMinutes,
          g.maxMembers,
          g.lateJoinSessions,
          g.leadTherapistId,
          g.supervisorId,
          g.agendaTemplateId,
          JSON.stringify(g.settings),
          g.lobbyOpensMinutes,
          JSON.stringify(g.attendancePolicy),
          ts(g.createdAt),
          g.createdBy,
          g.language,
        ],
      );
      await setCoTherapists(tx, g.id, g.coTherapistIds);
      // Version 1 in every language (text null: the standard agreement in it).
      for (const language of LANGUAGES) {
        await tx.query(
          `insert into group_agreements (group_id, language, version, text, created_at, created_by)
           values ($1, $2, 1, $3, $4, $5)`,
          [g.id, language, g.agreements[language].text, ts(g.createdAt), g.createdBy],
        );
      }
      await insertOccurrences(tx, g.id, occurrences, g.durationMinutes);
    });
  }

  async group(id: string): Promise<GroupRow | undefined> {
    const [r] = await this.db.query(`${GROUP_SELECT} where g.id = $1`, [id]);
    return r && toGroup(r);
  }

  async groups(scope: GroupScope): Promise<GroupRow[]> {
    if (scope === 'all') return (await this.db.query(`${GROUP_SELECT} order by g.created_at, g.id`)).map(toGroup);
    if ('supervisorId' in scope) {
      return (
        await this.db.query(`${GROUP_SELECT} where g.supervisor_id = $1 order by g.created_at, g.id`, [
          scope.supervisorId,
        ])
      ).map(toGroup);
    }
    return (
      await this.db.query(
        `${GROUP_SELECT} where g.lead_therapist_id = $1
           or exists (select 1 from group_co_therapists c where c.group_id = g.id and c.account_id = $1)
         order by g.created_at, g.id`,
        [scope.therapistId],
      )
    ).map(toGroup);
  }

  async updateGroup(
    id: string,
    patch: GroupUpdate,
    agreements: readonly { language: Language; text: string | null; by: string }[],
    now: number,
  ) {
    await this.db.transaction(async (tx) => {
      const sets: string[] = [];
      const values: unknown[] = [id];
      for (const [key, value] of Object.entries(patch)) {
        const c = UPDATE_COLUMNS[key];
        if (!c || value === undefined) continue;
        values.push(c.json ? JSON.stringify(value) : value);
        sets.push(`${c.column} = $${values.length}`);
      }
      if (sets.length > 0) await tx.query(`update groups set ${sets.join(', ')} where id = $1`, values);
      if (patch.coTherapistIds) await setCoTherapists(tx, id, patch.coTherapistIds);
      if (patch.durationMinutes !== undefined) {
        // Changes apply to future occurrences only: one that has a room or has begun keeps its length.
        await tx.query(
          'update group_occurrences set duration_minutes = $2 where group_id = $1 and session_id is null and starts_at > $3',
          [id, patch.durationMinutes, ts(now)],
        );
      }
      for (const a of agreements) {
        await tx.query(
          `insert into group_agreements (group_id, language, version, text, created_at, created_by)
           select $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5 from group_agreements
           where group_id = $1 and language = $2`,
          [id, a.language, a.text, ts(now), a.by],
        );
      }
    });
  }

  async occurrences(groupId: string): Promise<StoredOccurrence[]> {
    const rows = await this.db.query(
      `select o.*, s.ended_at as session_ended_at,
         exists (select 1 from session_records r where r.session_id = o.session_id) as has_record
       from group_occurrences o left join sessions s on s.id = o.session_id
       where o.group_id = $1 order by o.index`,
      [groupId],
    );
    return rows.map(toOccurrence);
  }

  async occurrencesStarting(from: number, to: number): Promise<StoredOccurrence[]> {
    const rows = await this.db.query(
      `select o.*, s.ended_at as session_ended_at, false as has_record
       from group_occurrences o left join sessions s on s.id = o.session_id
       where o.starts_at > $1 and o.starts_at <= $2 order by o.starts_at, o.id`,
      [ts(from), ts(to)],
    );
    return rows.map(toOccurrence);
  }

  async claimReminder(occurrenceId: string, recipient: string, kind: string, at: number): Promise<boolean> {
    const rows = await this.db.query(
      `insert into reminders_sent (occurrence_id, recipient, kind, sent_at) values ($1, $2, $3, $4)
       on conflict do nothing returning 1 as claimed`,
      [occurrenceId, recipient, kind, ts(at)],
    );
    return rows.length === 1;
  }

  async unclaimReminder(occurrenceId: string, recipient: string, kind: string): Promise<void> {
    await this.db.query('delete from reminders_sent where occurrence_id = $1 and recipient = $2 and kind = $3', [
      occurrenceId,
      recipient,
      kind,
    ]);
  }

  async addOccurrences(
    groupId: string,
    list: { id: string; index: number; plannedStartsAt: number }[],
    durationMinutes: number,
  ): Promise<void> {
    await insertOccurrences(this.db, groupId, list, durationMinutes);
  }

  async moveOccurrence(id: string, startsAt: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('update group_occurrences set starts_at = $2, sequence = sequence + 1 where id = $1', [
        id,
        ts(startsAt),
      ]);
      // The new time gets its own reminders.
      await tx.query('delete from reminders_sent where occurrence_id = $1', [id]);
    });
  }

  async cancelOccurrence(id: string, at: number, reason: string | null): Promise<void> {
    await this.db.query(
      'update group_occurrences set cancelled_at = $2, cancel_reason = $3, sequence = sequence + 1 where id = $1',
      [id, ts(at), reason],
    );
  }

  async restoreOccurrence(id: string): Promise<void> {
    await this.db.query(
      'update group_occurrences set cancelled_at = null, cancel_reason = null, sequence = sequence + 1 where id = $1',
      [id],
    );
  }

  async bindSession(occurrenceId: string, sessionId: string): Promise<string | null> {
    await this.db.query('update group_occurrences set session_id = $2 where id = $1 and session_id is null', [
      occurrenceId,
      sessionId,
    ]);
    const [r] = await this.db.query<{ session_id: string | null }>(
      'select session_id from group_occurrences where id = $1',
      [occurrenceId],
    );
    return r?.session_id ?? null;
  }

  async members(groupId: string): Promise<MemberRow[]> {
    const rows = await this.db.query('select * from group_members where group_id = $1 order by created_at, id', [
      groupId,
    ]);
    const history = await this.db.query(
      `select h.* from group_member_history h join group_members m on m.id = h.member_id
       where m.group_id = $1 order by h.id`,
      [groupId],
    );
    return rows.map((r) => this.toMember(r, history));
  }

  async member(id: string): Promise<MemberRow | undefined> {
    const [r] = await this.db.query('select * from group_members where id = $1', [id]);
    if (!r) return undefined;
    const history = await this.db.query('select * from group_member_history where member_id = $1 order by id', [id]);
    return this.toMember(r, history);
  }

  private toMember(r: Row, history: Row[]): MemberRow {
    return {
      id: r.id as string,
      groupId: r.group_id as string,
      displayName: r.display_name as string,
      email: (r.email as string | null) ?? null,
      status: r.status as MemberStatus,
      linkVersion: Number(r.link_version),
      linkRevoked: r.link_revoked === true,
      reminders: r.reminders === true,
      createdAt: ms(r.created_at) ?? 0,
      history: history.filter((h) => h.member_id === r.id).map(toHistory),
    };
  }

  async insertMember(m: Omit<MemberRow, 'history'>, history: MemberHistoryEntry[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into group_members (id, group_id, display_name, email, status, link_version, link_revoked, reminders, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [m.id, m.groupId, m.displayName, m.email, m.status, m.linkVersion, m.linkRevoked, m.reminders, ts(m.createdAt)],
      );
      for (const h of history) {
        await tx.query(
          'insert into group_member_history (member_id, status, at, note, by) values ($1, $2, $3, $4, $5)',
          [m.id, h.status, ts(h.at), h.note, h.by],
        );
      }
    });
  }

  async appendStatus(memberId: string, h: MemberHistoryEntry): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('insert into group_member_history (member_id, status, at, note, by) values ($1, $2, $3, $4, $5)', [
        memberId,
        h.status,
        ts(h.at),
        h.note,
        h.by,
      ]);
      await tx.query('update group_members set status = $2 where id = $1', [memberId, h.status]);
    });
  }

  async setLink(memberId: string, link: { version: number; revoked: boolean }): Promise<void> {
    await this.db.query('update group_members set link_version = $2, link_revoked = $3 where id = $1', [
      memberId,
      link.version,
      link.revoked,
    ]);
  }

  async setReminders(memberId: string, on: boolean): Promise<void> {
    await this.db.query('update group_members set reminders = $2 where id = $1', [memberId, on]);
  }

  async occurrenceInvites(groupId: string): Promise<OccurrenceInviteRow[]> {
    const rows = await this.db.query(
      `select i.occurrence_id, i.member_id, i.invite_id from occurrence_invites i
       join group_occurrences o on o.id = i.occurrence_id where o.group_id = $1 order by i.created_at`,
      [groupId],
    );
    return rows.map((r) => ({
      occurrenceId: r.occurrence_id as string,
      memberId: r.member_id as string,
      inviteId: r.invite_id as string,
    }));
  }

  async insertOccurrenceInvite(row: OccurrenceInviteRow, at: number): Promise<void> {
    await this.db.query(
      `insert into occurrence_invites (occurrence_id, member_id, invite_id, created_at) values ($1, $2, $3, $4)
       on conflict do nothing`,
      [row.occurrenceId, row.memberId, row.inviteId, ts(at)],
    );
  }

  async attendanceRows(sessionIds: readonly string[]): Promise<AttendanceRow[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.db.query(
      'select session_id, participant_id, joined_at, left_at from attendance where session_id = any($1::text[])',
      [[...sessionIds]],
    );
    return rows.map((r) => ({
      sessionId: r.session_id as string,
      participantId: r.participant_id as string,
      joinedAt: ms(r.joined_at) ?? 0,
      leftAt: ms(r.left_at),
    }));
  }

  async corrections(groupId: string): Promise<CorrectionRow[]> {
    const rows = await this.db.query(
      `select c.* from attendance_corrections c join group_occurrences o on o.id = c.occurrence_id
       where o.group_id = $1 order by c.id`,
      [groupId],
    );
    return rows.map((r) => ({
      occurrenceId: r.occurrence_id as string,
      memberId: r.member_id as string,
      status: r.status as AttendanceStatus,
      reason: (r.reason as string | null) ?? null,
      by: r.by as string,
      at: ms(r.at) ?? 0,
    }));
  }

  async insertCorrection(c: CorrectionRow): Promise<void> {
    await this.db.query(
      'insert into attendance_corrections (occurrence_id, member_id, status, reason, by, at) values ($1, $2, $3, $4, $5, $6)',
      [c.occurrenceId, c.memberId, c.status, c.reason, c.by, ts(c.at)],
    );
  }

  async excusals(groupId: string): Promise<ExcusalRow[]> {
    const rows = await this.db.query(
      `select e.* from excusals e join group_occurrences o on o.id = e.occurrence_id where o.group_id = $1 order by e.at`,
      [groupId],
    );
    return rows.map((r) => ({
      occurrenceId: r.occurrence_id as string,
      memberId: r.member_id as string,
      at: ms(r.at) ?? 0,
      seenAt: ms(r.seen_at),
    }));
  }

  async insertExcusal(occurrenceId: string, memberId: string, at: number): Promise<boolean> {
    const rows = await this.db.query(
      'insert into excusals (occurrence_id, member_id, at) values ($1, $2, $3) on conflict do nothing returning at',
      [occurrenceId, memberId, ts(at)],
    );
    return rows.length === 1;
  }

  async markExcusalsSeen(groupId: string, at: number): Promise<void> {
    await this.db.query(
      `update excusals set seen_at = $2 where seen_at is null
         and occurrence_id in (select id from group_occurrences where group_id = $1)`,
      [groupId, ts(at)],
    );
  }

  async note(occurrenceId: string, memberId: string): Promise<{ text: string; updatedAt: number } | undefined> {
    const [r] = await this.db.query(
      'select text, updated_at from progress_notes where occurrence_id = $1 and member_id = $2',
      [occurrenceId, memberId],
    );
    return r && { text: r.text as string, updatedAt: ms(r.updated_at) ?? 0 };
  }

  async putNote(occurrenceId: string, memberId: string, text: string, at: number, by: string): Promise<void> {
    await this.db.query(
      `insert into progress_notes (occurrence_id, member_id, text, updated_at, updated_by) values ($1, $2, $3, $4, $5)
       on conflict (occurrence_id, member_id) do update set text = excluded.text, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
      [occurrenceId, memberId, text, ts(at), by],
    );
  }
}
