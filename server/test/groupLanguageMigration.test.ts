/**
 * Migration 8 (#24) on a database written by the previous Circle: a group and its agreement
 * versions written then read as an English group with English versions, and a Spanish text added
 * afterwards is a version of its own.
 */
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../src/adapters/db/Db.js';
import { migrate } from '../src/adapters/db/migrations.js';
import { PgGroups } from '../src/adapters/db/PgGroups.js';

describe('migration 8: group languages', () => {
  test('a group from before keeps its agreement as English; each language then has versions of its own', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: ':memory:' });
    try {
      await migrate(db, 7);
      await db.query(
        `insert into staff_accounts (id, email, name, role, status, created_at)
         values ('t1', 'rivera@clinic.example', 'Dr. Rivera', 'therapist', 'active', now())`,
      );
      await db.query(
        `insert into groups (id, title, kind, session_count, schedule, duration_minutes, max_members,
           lead_therapist_id, settings, lobby_opens_minutes, attendance_policy, created_at, created_by)
         values ('g1', 'Tuesday group', 'closed', 6, '{}', 90, 8, 't1', '{}', 10, '{}', now(), 't1')`,
      );
      for (const [version, text] of [
        [1, null],
        [2, 'Be kind.'],
      ] as const) {
        await db.query(
          `insert into group_agreements (group_id, version, text, created_at, created_by) values ('g1', $1, $2, now(), 't1')`,
          [version, text],
        );
      }
      await migrate(db);
      const groups = new PgGroups(db);
      const before = await groups.group('g1');
      expect(before?.language).toBe('en');
      expect(before?.agreements).toEqual({ en: { version: 2, text: 'Be kind.' }, es: { version: 0, text: null } });
      await groups.updateGroup(
        'g1',
        { language: 'es' },
        [{ language: 'es', text: 'Sea amable.', by: 't1' }],
        Date.now(),
      );
      const after = await groups.group('g1');
      expect(after?.language).toBe('es');
      expect(after?.agreements).toEqual({
        en: { version: 2, text: 'Be kind.' },
        es: { version: 1, text: 'Sea amable.' },
      });
    } finally {
      await db.close();
    }
  });
});
