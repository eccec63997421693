/**
 * The system of record, on both engines it runs on: PGlite in a folder (the embedded default) and
 * a real PostgreSQL server (Debian's, started on its own port in a temporary folder). The same
 * migrations, the same SQL, the same answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresServerAvailable, startPostgresServer, type PostgresServer } from '@circle/testkit/postgresServer';
import { type Db, openDatabase, DatabaseUnavailableError } from '../src/adapters/db/Db.js';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  SchemaTooNewError,
  migrate,
  schemaVersion,
} from '../src/adapters/db/migrations.js';
import { PgRoomStore } from '../src/adapters/db/PgRoomStore.js';
import { PgRecords } from '../src/adapters/db/PgRecords.js';
import { createRoom, type RoomState } from '../src/domain/room.js';

const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
let seq = 0;

/** A room with a therapist and two members who joined and one who left, and three invites. */
function roomWithPeople(): RoomState {
  const s = createRoom({ sessionId: `db${++seq}-${Date.now()}`, title: 'Tuesday group', now: T0 });
  const invite = (id: string, role: 'therapist' | 'member', displayName: string) => {
    s.invites[id] = { id, role, displayName, createdAt: T0, expiresAt: T0 + 86_400_000, revoked: false };
  };
  invite(`${s.sessionId}-t`, 'therapist', 'Dr. Rivera');
  invite(`${s.sessionId}-a`, 'member', 'Avery');
  invite(`${s.sessionId}-b`, 'member', 'Blake');
  return s;
}

function withAttendance(s: RoomState, id: string, role: 'therapist' | 'member', stints: [number, number | null][]) {
  const name = s.invites[id]?.displayName ?? id;
  s.participants[id] = {
    ...(Object.values(s.participants)[0] ?? ({} as never)),
    id,
    role,
    displayName: name,
    status: 'admitted',
    connected: false,
    attendance: stints.map(([j, l]) => ({ joinedAt: T0 + j * 60_000, leftAt: l === null ? null : T0 + l * 60_000 })),
  } as RoomState['participants'][string];
}

interface Engine {
  open(): Promise<Db>;
  /** Close `db` and open the same data again, as a restarted process would. */
  restart(db: Db): Promise<Db>;
  /** An empty database of its own. */
  fresh(): Promise<Db>;
}

function contract(name: string, makeEngine: () => Engine): void {
  describe(`database contract: ${name}`, () => {
    const engine = makeEngine();
    let db: Db;
    beforeAll(async () => {
      db = await engine.open();
      await migrate(db);
    });
    afterAll(async () => {
      await db?.close();
    });

    test('migrations run from an empty database to the newest version, and a second run changes nothing', async () => {
      const empty = await engine.fresh();
      try {
        expect(await schemaVersion(empty)).toBe(0);
        expect(await migrate(empty)).toEqual({ from: 0, to: SCHEMA_VERSION });
        expect(await migrate(empty)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
        const applied = await empty.query<{ version: number }>(
          'select version from circle_migrations order by version',
        );
        expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await empty.close();
      }
    });

    test('from the previous version: data written then is kept, and the new step is applied', async () => {
      const old = await engine.fresh();
      try {
        // The step before the last (versions may skip numbers while parallel branches are merged).
        const previous = MIGRATIONS[MIGRATIONS.length - 2]?.version ?? 0;
        await migrate(old, previous);
        expect(await schemaVersion(old)).toBe(previous);
        // Written as the previous version's code wrote it (its columns only).
        const s = roomWithPeople();
        await old.query(
          `insert into sessions (id, title, created_at, starts_at, duration_minutes, max_members)
           values ($1, $2, now(), now(), 90, 10)`,
          [s.sessionId, s.title],
        );
        for (const i of Object.values(s.invites)) {
          await old.query(
            `insert into invites (id, session_id, role, display_name, created_at, expires_at)
             values ($1, $2, $3, $4, now(), now() + interval '1 day')`,
            [i.id, s.sessionId, i.role, i.displayName],
          );
        }
        expect(await migrate(old)).toEqual({ from: previous, to: SCHEMA_VERSION });
        const [kept] = await old.query<{ title: string; owner_account_id: string | null }>(
          'select title, owner_account_id from sessions where id = $1',
          [s.sessionId],
        );
        expect(kept).toEqual({ title: 'Tuesday group', owner_account_id: null });
        const invites = await old.query('select id from invites where session_id = $1', [s.sessionId]);
        expect(invites).toHaveLength(3);
        // The new code writes over it.
        await new PgRoomStore(old).save(s);
        expect((await new PgRoomStore(old).load(s.sessionId))?.title).toBe('Tuesday group');
      } finally {
        await old.close();
      }
    });

    test('a database newer than this code is refused, unchanged', async () => {
      const newer = await engine.fresh();
      try {
        await migrate(newer);
        await newer.query(
          `insert into circle_migrations (version, name) values (${SCHEMA_VERSION + 1}, 'from the future')`,
        );
        await expect(migrate(newer)).rejects.toBeInstanceOf(SchemaTooNewError);
        expect(await schemaVersion(newer)).toBe(SCHEMA_VERSION + 1);
      } finally {
        await newer.close();
      }
    });

    test('the invitation secret is made once and read back by a restart; INVITE_SECRET wins when set', async () => {
      const first = await new PgRecords(db).inviteSecret();
      expect(first.length).toBeGreaterThanOrEqual(40);
      db = await engine.restart(db);
      expect(await new PgRecords(db).inviteSecret()).toBe(first);
      expect(await new PgRecords(db).inviteSecret('configured')).toBe('configured');
      expect(await new PgRecords(db).inviteSecret()).toBe(first);
    });

    test('a session, its invitations and a revocation are rows, readable by another connection', async () => {
      const store = new PgRoomStore(db);
      const s = roomWithPeople();
      await store.save(s);
      const bId = `${s.sessionId}-b`;
      await store.save({ ...s, invites: { ...s.invites, [bId]: { ...s.invites[bId]!, revoked: true } } });
      db = await engine.restart(db);
      {
        const other = db;
        const [session] = await other.query<{ title: string; max_members: number; ended_at: unknown }>(
          'select title, max_members, ended_at from sessions where id = $1',
          [s.sessionId],
        );
        expect(session).toMatchObject({ title: 'Tuesday group', max_members: 10, ended_at: null });
        const rows = await other.query<{ display_name: string; revoked: boolean }>(
          'select display_name, revoked_at is not null as revoked from invites where session_id = $1 order by display_name',
          [s.sessionId],
        );
        expect(rows).toEqual([
          { display_name: 'Avery', revoked: false },
          { display_name: 'Blake', revoked: true },
          { display_name: 'Dr. Rivera', revoked: false },
        ]);
      }
    });

    test('an invitation the room no longer has (a write refused later) is not kept', async () => {
      const store = new PgRoomStore(db);
      const s = roomWithPeople();
      await store.save(s);
      const { [`${s.sessionId}-b`]: _gone, ...rest } = s.invites;
      await new PgRoomStore(db).save({ ...s, invites: rest });
      const rows = await db.query('select id from invites where session_id = $1', [s.sessionId]);
      expect(rows).toHaveLength(2);
    });

    test('an ended session has its record and every stint of attendance, with join and leave times', async () => {
      const store = new PgRoomStore(db);
      const s = roomWithPeople();
      withAttendance(s, `${s.sessionId}-t`, 'therapist', [[0, null]]);
      withAttendance(s, `${s.sessionId}-a`, 'member', [
        [1, 20],
        [25, null],
      ]);
      await store.save(s);
      expect(await db.query('select 1 from session_records where session_id = $1', [s.sessionId])).toHaveLength(0);
      await store.save({ ...s, endedAt: T0 + 90 * 60_000, endedBy: `${s.sessionId}-t` });
      // Written once more (people leaving after the end): one audit entry for the end, by its therapist.
      await new PgRoomStore(db).save({ ...s, endedAt: T0 + 90 * 60_000, endedBy: `${s.sessionId}-t` });
      expect(
        await db.query(`select actor from audit_log where session_id = $1 and action = 'session:end'`, [s.sessionId]),
      ).toEqual([{ actor: `participant:${s.sessionId}-t` }]);
      const [rec] = await db.query<{ record: { attendance: { displayName: string }[]; session: { id: string } } }>(
        'select record from session_records where session_id = $1',
        [s.sessionId],
      );
      expect(rec?.record.session.id).toBe(s.sessionId);
      expect(rec?.record.attendance.map((a) => a.displayName).sort()).toEqual(['Avery', 'Avery', 'Dr. Rivera']);
      const stints = await db.query<{ participant_id: string; minutes: number }>(
        `select participant_id, round(extract(epoch from (left_at - joined_at)) / 60)::int as minutes
           from attendance where session_id = $1 order by joined_at`,
        [s.sessionId],
      );
      expect(stints).toEqual([
        { participant_id: `${s.sessionId}-t`, minutes: 90 },
        { participant_id: `${s.sessionId}-a`, minutes: 19 },
        { participant_id: `${s.sessionId}-a`, minutes: 65 },
      ]);
    });

    test('the audit log takes new entries and refuses any change or removal', async () => {
      const records = new PgRecords(db);
      await records.audit({ actor: 'admin', action: 'session:create', sessionId: 'audit-1' });
      await records.audit({ actor: 'participant:p1', action: 'record:export', sessionId: 'audit-1' });
      const rows = await db.query<{ actor: string; action: string }>(
        `select actor, action from audit_log where session_id = 'audit-1' order by id`,
      );
      expect(rows).toEqual([
        { actor: 'admin', action: 'session:create' },
        { actor: 'participant:p1', action: 'record:export' },
      ]);
      await expect(db.query(`update audit_log set actor = 'someone else'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
      expect(await db.query(`select 1 from audit_log where session_id = 'audit-1'`)).toHaveLength(2);
    });

    test('retention removes finished sessions older than the cut-off, with everything of theirs, and keeps the rest', async () => {
      const store = new PgRoomStore(db);
      const old = { ...roomWithPeople(), endedAt: T0 - 40 * 86_400_000 };
      const recent = { ...roomWithPeople(), endedAt: T0 - 86_400_000 };
      const live = roomWithPeople();
      for (const s of [old, recent, live]) await store.save(s);
      const purged = await new PgRecords(db).purgeFinished(T0 - 30 * 86_400_000);
      expect(purged).toBeGreaterThanOrEqual(1);
      for (const table of ['sessions', 'room_state', 'session_records', 'invites']) {
        const key = table === 'sessions' ? 'id' : 'session_id';
        expect(await db.query(`select 1 from ${table} where ${key} = $1`, [old.sessionId])).toHaveLength(0);
      }
      expect(await store.load(recent.sessionId)).toBeDefined();
      expect(await store.load(live.sessionId)).toBeDefined();
      const [audit] = await db.query(`select 1 from audit_log where action = 'records:purge'`);
      expect(audit).toBeDefined();
    });

    test('one transaction: all of it is stored, or none', async () => {
      await db.query('create table if not exists tx_probe (id int primary key)');
      await expect(
        db.transaction(async (tx) => {
          await tx.query('insert into tx_probe values (1)');
          await tx.query('insert into tx_probe values (1)');
        }),
      ).rejects.toThrow();
      expect(await db.query('select 1 from tx_probe')).toHaveLength(0);
    });
  });
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'circle-pglite-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// PGlite: one process (and one open instance) per folder; a restart closes it and opens the folder again.
contract('PGlite in a folder', () => {
  const dir = tempDir();
  return {
    open: () => openDatabase({ kind: 'pglite', dataDir: dir }),
    restart: async (db) => {
      await db.close();
      return openDatabase({ kind: 'pglite', dataDir: dir });
    },
    fresh: () => openDatabase({ kind: 'pglite', dataDir: ':memory:' }),
  };
});

const havePostgres = postgresServerAvailable();
if (!havePostgres) console.warn('database.contract: PostgreSQL is not installed here; its run is SKIPPED');

describe.skipIf(!havePostgres)('on a PostgreSQL server', () => {
  let server: PostgresServer | undefined;
  let n = 0;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  const url = () => {
    if (!server) throw new Error('postgres not started');
    return server.url;
  };
  contract('PostgreSQL', () => ({
    open: () => openDatabase({ kind: 'postgres', url: url() }),
    restart: async (db) => {
      await db.close();
      return openDatabase({ kind: 'postgres', url: url() });
    },
    fresh: async () => {
      const admin = await openDatabase({ kind: 'postgres', url: url() });
      const name = `fresh_${++n}`;
      await admin.query(`create database ${name}`);
      await admin.close();
      return openDatabase({ kind: 'postgres', url: url().replace(/\/circle$/, `/${name}`) });
    },
  }));
});

describe('opening the data folder', () => {
  test('a data folder that cannot be used is refused with a message naming DATA_DIR', async () => {
    const file = path.join(tempDir(), 'not-a-folder');
    await import('node:fs').then((fs) => fs.writeFileSync(file, 'x'));
    const err = await openDatabase({ kind: 'pglite', dataDir: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toContain('DATA_DIR');
  });

  test('a PostgreSQL server that does not answer is refused with a message naming DATABASE_URL', async () => {
    const err = await openDatabase({ kind: 'postgres', url: 'postgres://circle@127.0.0.1:1/circle' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toContain('DATABASE_URL');
  });
});
