/**
 * Backups of the system of record: every Circle table, read in one REPEATABLE READ READ ONLY
 * transaction (one consistent instant), as gzipped JSON with the schema version it was taken at.
 * A restore goes into an empty database only: it migrates it to the backup's schema version, loads
 * the rows in one transaction, then migrates forward to this code's version.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Db, Row, Sql } from './Db.js';
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.js';
import { writeAudit } from './projection.js';

/**
 * Every table Circle keeps, parents before children (the order rows are loaded in), with its key and
 * the schema version that made it. Staff sign-in sessions and one-time links are not kept: a restore
 * signs everyone out and old links stop working.
 */
export const CIRCLE_TABLES = [
  { name: 'circle_settings', orderBy: 'key', since: 1 },
  { name: 'staff_accounts', orderBy: 'id', since: 3 },
  { name: 'staff_recovery_codes', orderBy: 'account_id, code_hash', since: 4 },
  { name: 'sessions', orderBy: 'id', since: 1 },
  { name: 'invites', orderBy: 'id', since: 1 },
  { name: 'room_state', orderBy: 'session_id', since: 1 },
  { name: 'session_records', orderBy: 'session_id', since: 1 },
  { name: 'attendance', orderBy: 'session_id, participant_id, joined_at', since: 1 },
  { name: 'audit_log', orderBy: 'id', since: 1 },
  { name: 'api_tokens', orderBy: 'id', since: 5 },
  { name: 'staff_sso_identities', orderBy: 'id', since: 6 },
  { name: 'groups', orderBy: 'id', since: 7 },
  { name: 'group_co_therapists', orderBy: 'group_id, account_id', since: 7 },
  { name: 'group_agreements', orderBy: 'group_id, language, version', since: 7 },
  { name: 'group_occurrences', orderBy: 'id', since: 7 },
  { name: 'group_members', orderBy: 'id', since: 7 },
  { name: 'group_member_history', orderBy: 'id', since: 7 },
  { name: 'occurrence_invites', orderBy: 'occurrence_id, invite_id', since: 7 },
  { name: 'attendance_corrections', orderBy: 'id', since: 7 },
  { name: 'excusals', orderBy: 'occurrence_id, member_id', since: 7 },
  { name: 'progress_notes', orderBy: 'occurrence_id, member_id', since: 7 },
  { name: 'reminders_sent', orderBy: 'occurrence_id, recipient, kind', since: 7 },
] as const;

/** Tables with a bigserial id: their sequences go on after the restored rows. */
const SERIAL_TABLES: readonly { name: CircleTable; since: number }[] = [
  { name: 'audit_log', since: 1 },
  { name: 'group_member_history', since: 7 },
  { name: 'attendance_corrections', since: 7 },
];

/** The tables a backup at schema `version` has. */
const tablesAt = (version: number) => CIRCLE_TABLES.filter((t) => t.since <= version);

export type CircleTable = (typeof CIRCLE_TABLES)[number]['name'];

export const BACKUP_FORMAT = 'circle-backup/1';

export interface Backup {
  format: typeof BACKUP_FORMAT;
  /** Names this backup in the audit log (`dump:<id>`, `restore:<id>`). */
  id: string;
  takenAt: string;
  /** The schema version the rows are in: a restore migrates to it before loading them. */
  schemaVersion: number;
  /** Each row as PostgreSQL's own JSON of it (timestamps with their offset, jsonb as it is). */
  tables: Record<CircleTable, Row[]>;
}

/** The database cannot take this restore: the message says why and what to do. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

/** Read every table at one instant. Written to the audit log as `backup` (`dump:<id>`) once taken. */
export async function takeBackup(db: Db, actor = 'operator'): Promise<Backup> {
  const backup = await db.transaction(async (tx) => {
    // The first statement of the transaction: every read below sees the same snapshot.
    await tx.query('set transaction isolation level repeatable read, read only');
    const version = await versionIn(tx);
    const tables = {} as Record<CircleTable, Row[]>;
    for (const t of tablesAt(version)) {
      const rows = await tx.query<{ row: Row }>(`select to_jsonb(t) as row from ${t.name} t order by ${t.orderBy}`);
      tables[t.name] = rows.map((r) => r.row);
    }
    return {
      format: BACKUP_FORMAT,
      id: randomUUID(),
      takenAt: new Date().toISOString(),
      schemaVersion: version,
      tables,
    } satisfies Backup;
  });
  await writeAudit(db, { actor, action: 'backup', targetId: `dump:${backup.id}` });
  return backup;
}

async function versionIn(tx: Sql): Promise<number> {
  const [v] = await tx.query<{ version: number | null }>('select max(version)::int as version from circle_migrations');
  return v?.version ?? 0;
}

export function encodeBackup(backup: Backup): Buffer {
  return gzipSync(JSON.stringify(backup));
}

export function decodeBackup(bytes: Buffer): Backup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(bytes).toString('utf8'));
  } catch {
    throw new RestoreRefusedError('the file is not a Circle backup (not gzipped JSON)');
  }
  const b = parsed as Partial<Backup> | null;
  if (b?.format !== BACKUP_FORMAT || typeof b.schemaVersion !== 'number' || typeof b.tables !== 'object') {
    throw new RestoreRefusedError(`the file is not a Circle backup (${BACKUP_FORMAT})`);
  }
  for (const t of tablesAt(b.schemaVersion)) {
    if (!Array.isArray(b.tables[t.name])) throw new RestoreRefusedError(`the backup has no ${t.name} table`);
  }
  return b as Backup;
}

/** Rows in each Circle table (0 for a table that does not exist yet). */
export async function rowCounts(db: Sql): Promise<Record<CircleTable, number>> {
  const counts = {} as Record<CircleTable, number>;
  for (const t of CIRCLE_TABLES) {
    const [exists] = await db.query<{ yes: boolean }>('select to_regclass($1) is not null as yes', [t.name]);
    const [n] = exists?.yes ? await db.query<{ n: number }>(`select count(*)::int as n from ${t.name}`) : [];
    counts[t.name] = n?.n ?? 0;
  }
  return counts;
}

const BATCH_ROWS = 500;

/**
 * Load `backup` into an empty database: migrate to its schema version, insert its rows (one
 * transaction), record the restore in the audit log, then migrate forward.
 */
export async function restoreBackup(
  db: Db,
  backup: Backup,
  actor = 'operator',
): Promise<{ rows: number; from: number; to: number }> {
  if (backup.schemaVersion > SCHEMA_VERSION) {
    throw new RestoreRefusedError(
      `the backup is at schema version ${backup.schemaVersion}, newer than this Circle (${SCHEMA_VERSION}): update Circle`,
    );
  }
  const found = await schemaVersion(db);
  if (found > backup.schemaVersion) {
    throw new RestoreRefusedError(
      `the database is at schema version ${found}, newer than the backup (${backup.schemaVersion}): restore into an empty database`,
    );
  }
  const counts = await rowCounts(db);
  const filled = Object.entries(counts).filter(([, n]) => n > 0);
  if (filled.length > 0) {
    throw new RestoreRefusedError(
      `the database is not empty (${filled.map(([t, n]) => `${t}: ${n}`).join(', ')}): ` +
        'restore into a new database or an empty DATA_DIR, before Circle first starts on it',
    );
  }
  await migrate(db, backup.schemaVersion);
  let rows = 0;
  await db.transaction(async (tx) => {
    // Refuse a race: someone (a Circle starting) wrote since the check above.
    const again = await rowCounts(tx);
    if (Object.values(again).some((n) => n > 0)) throw new RestoreRefusedError('the database was written to meanwhile');
    for (const t of tablesAt(backup.schemaVersion)) {
      const all = backup.tables[t.name];
      for (let i = 0; i < all.length; i += BATCH_ROWS) {
        const batch = all.slice(i, i + BATCH_ROWS);
        await tx.query(`insert into ${t.name} select * from jsonb_populate_recordset(null::${t.name}, $1::jsonb)`, [
          JSON.stringify(batch),
        ]);
        rows += batch.length;
      }
    }
    // The audit log's (and the other serial tables') ids go on after the restored ones.
    for (const t of SERIAL_TABLES.filter((s) => s.since <= backup.schemaVersion)) {
      await tx.query(
        `select setval(pg_get_serial_sequence('${t.name}', 'id'), coalesce(max(id), 1), max(id) is not null) from ${t.name}`,
      );
    }
    await writeAudit(tx, { actor, action: 'backup', targetId: `restore:${backup.id}` });
  });
  const { to } = await migrate(db);
  return { rows, from: backup.schemaVersion, to };
}
