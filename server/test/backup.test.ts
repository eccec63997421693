/**
 * Backup and restore: a database with sessions, invitations, a finished record and its attendance is
 * dumped and restored into an empty PGlite and into a real PostgreSQL with the same contents; a
 * database that is not empty is refused; the embedded database is backed up through the running
 * server (PGlite is one process per folder); each backup and restore is in the audit log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresServerAvailable, startPostgresServer, type PostgresServer } from '@circle/testkit/postgresServer';
import { startTestCircle, type TestCircle } from './support/harness.js';
import { type Db, type Row, openDatabase } from '../src/adapters/db/Db.js';
import { SCHEMA_VERSION } from '../src/adapters/db/migrations.js';
import {
  type Backup,
  CIRCLE_TABLES,
  RestoreRefusedError,
  decodeBackup,
  encodeBackup,
  restoreBackup,
  takeBackup,
} from '../src/adapters/db/backup.js';
import { backupTo, restoreFrom } from '../src/backup.js';
import { createGroupBody } from '@circle/shared';

const havePostgres = postgresServerAvailable();
if (!havePostgres) console.warn('backup.test: postgresql is not installed here; the PostgreSQL restore is SKIPPED');

/** A row with its timestamps as instants: PGlite and a server may print them in different time zones. */
const normal = (row: Row) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v) ? Date.parse(v) : v,
    ]),
  );

/** Every table's rows as they are now, normalised; the audit log up to `auditUpTo` (later rows are the restore's own). */
async function contents(db: Db, auditUpTo: number): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of CIRCLE_TABLES) {
    const rows = await db.query<{ row: Row }>(`select to_jsonb(t) as row from ${t.name} t order by ${t.orderBy}`);
    out[t.name] = rows.map((r) => normal(r.row)).filter((r) => t.name !== 'audit_log' || Number(r.id) <= auditUpTo);
  }
  return out;
}

describe('backup and restore', () => {
  let circle: TestCircle;
  let backup: Backup;
  let expected: Record<string, unknown[]>;
  let lastAuditId = 0;
  let postgres: PostgresServer | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'circle-backup-'));

  beforeAll(async () => {
    circle = await startTestCircle();
    // Two sessions with invitations; one finished, with its record and attendance.
    const open = await circle.createSession({ title: 'Tuesday group' });
    await open.invite('member', 'Alex');
    const finished = await circle.createSession({ title: 'Thursday group' });
    const therapist = await finished.connectTherapist();
    await finished.joinAsMember('Sam', therapist);
    await therapist.call('room:end', {});
    await circle.circle.records.audit({ actor: 'admin', action: 'session:view', sessionId: open.id });
    // A group of weeks with a member (and so its occurrences, history and a status change).
    const lead = await circle.circle.staff.demoTherapist('backup-lead@clinic.example', 'Dr. Backup');
    const groups = circle.circle.groups;
    const group = await groups.create(
      createGroupBody.parse({
        title: 'Wednesday skills group',
        kind: 'closed',
        sessionCount: 4,
        schedule: { weekdays: ['wed'], time: '18:00', timeZone: 'America/New_York', startDate: '2030-01-02' },
        durationMinutes: 90,
        agreement: 'We keep what is shared here.',
      }),
      { kind: 'staff', account: lead.account },
    );
    const { member } = await groups.addMember(group, { displayName: 'Robin', status: 'screening' }, lead.account.id);
    await groups.setStatus(group, member.id, 'active', 'screened', lead.account.id);

    backup = decodeBackup(encodeBackup(await takeBackup(circle.circle.db)));
    lastAuditId = Math.max(...backup.tables.audit_log.map((r) => Number(r.id)));
    expected = Object.fromEntries(Object.entries(backup.tables).map(([t, rows]) => [t, rows.map((r) => normal(r))]));
    if (havePostgres) postgres = await startPostgresServer();
  }, 60_000);
  afterAll(async () => {
    await circle?.close();
    await postgres?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('every table of the schema is in a backup, except sign-in sessions and one-time links', async () => {
    const rows = await circle.circle.db.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const ephemeral = ['circle_migrations', 'staff_sessions', 'staff_tokens'];
    const kept = rows.map((r) => r.name).filter((n) => !ephemeral.includes(n));
    expect(CIRCLE_TABLES.map((t) => t.name).sort()).toEqual(kept.sort());
    expect(backup.tables.groups).toHaveLength(1);
    expect(backup.tables.group_member_history).toHaveLength(2);
    expect(backup.tables.group_occurrences).toHaveLength(4);
  });

  test('a backup holds every table at the current schema version, and is in the audit log', async () => {
    expect(backup.schemaVersion).toBe(SCHEMA_VERSION);
    expect(backup.tables.sessions.map((s) => s.title).sort()).toEqual(['Thursday group', 'Tuesday group']);
    expect(backup.tables.invites.map((i) => i.display_name)).toEqual(expect.arrayContaining(['Alex', 'Sam']));
    expect(backup.tables.session_records).toHaveLength(1);
    expect(backup.tables.attendance.map((a) => a.role).sort()).toEqual(['member', 'therapist']);
    expect(backup.tables.circle_settings.map((s) => s.key)).toContain('invite_secret');
    const audit = await circle.circle.db.query<{ action: string; target_id: string }>(
      "select action, target_id from audit_log where action = 'backup'",
    );
    expect(audit).toContainEqual({ action: 'backup', target_id: `dump:${backup.id}` });
  });

  test('restored into an empty PGlite: the same contents, the restore audited, ids go on', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
    try {
      const r = await restoreBackup(db, backup);
      expect(r.to).toBe(SCHEMA_VERSION);
      expect(await contents(db, lastAuditId)).toEqual(expected);
      const [restore] = await db.query<{ id: string }>('select id from audit_log where target_id = $1', [
        `restore:${backup.id}`,
      ]);
      expect(Number(restore?.id)).toBe(lastAuditId + 1);
    } finally {
      await db.close();
    }
  });

  test.skipIf(!havePostgres)('restored into an empty PostgreSQL server: the same contents', async () => {
    const db = await openDatabase({ kind: 'postgres', url: postgres!.url });
    try {
      await restoreBackup(db, backup);
      expect(await contents(db, lastAuditId)).toEqual(expected);
      // A database that is not empty is refused, and left as it was.
      const before = await contents(db, Number.MAX_SAFE_INTEGER);
      await expect(restoreBackup(db, backup)).rejects.toThrow(RestoreRefusedError);
      expect(await contents(db, Number.MAX_SAFE_INTEGER)).toEqual(before);
    } finally {
      await db.close();
    }
  });

  test('a database that is not empty is refused', async () => {
    await expect(restoreBackup(circle.circle.db, backup)).rejects.toThrow(/not empty/);
  });

  test('the embedded database on disk: backed up through the running server, restored with it stopped', async () => {
    const dataDir = path.join(tmp, 'data');
    const running = await startTestCircle({}, { DATA_DIR: dataDir });
    let stopped = false;
    try {
      const s = await running.createSession({ title: 'On disk' });
      await s.invite('member', 'Riley');
      const file = path.join(tmp, 'backups', 'disk.json.gz');
      await backupTo(file, { DATA_DIR: dataDir });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const taken = decodeBackup(fs.readFileSync(file));
      expect(taken.tables.invites.map((i) => i.display_name)).toContain('Riley');

      // Nobody else gets the dump: not without the token, not through a proxy.
      const local = JSON.parse(fs.readFileSync(path.join(dataDir, 'circle-server.json'), 'utf8')) as {
        port: number;
        token: string;
      };
      const ask = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${local.port}/internal/backup`, { method: 'POST', headers });
      expect(fs.statSync(path.join(dataDir, 'circle-server.json')).mode & 0o777).toBe(0o600);
      expect((await ask({ authorization: `Bearer ${running.config.adminToken}` })).status).toBe(404);
      expect((await ask({ authorization: `Bearer ${local.token}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(
        404,
      );

      // Restoring over the running server's folder is refused; into a new folder it works.
      await expect(restoreFrom(file, { DATA_DIR: dataDir })).rejects.toThrow(/stop it first/);
      const copy = path.join(tmp, 'restored');
      await restoreFrom(file, { DATA_DIR: copy });
      await running.close();
      stopped = true;
      expect(fs.existsSync(path.join(dataDir, 'circle-server.json'))).toBe(false);
      const restarted = await startTestCircle({}, { DATA_DIR: copy });
      try {
        expect(await restarted.circle.sessions.get(s.id)).toBeDefined();
      } finally {
        await restarted.close();
      }
      // With Circle stopped, the backup opens the folder itself.
      const again = path.join(tmp, 'backups', 'stopped.json.gz');
      await backupTo(again, { DATA_DIR: dataDir });
      expect(decodeBackup(fs.readFileSync(again)).tables.sessions.map((r) => r.title)).toEqual(['On disk']);
    } finally {
      if (!stopped) await running.close();
    }
  }, 60_000);
});
