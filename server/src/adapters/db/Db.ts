/**
 * The one data layer: plain PostgreSQL SQL with `$1` parameters, run by PGlite (WASM Postgres in
 * this process, a folder on disk: the embedded default) or by a PostgreSQL server (`pg`, with
 * DATABASE_URL). Both speak the same SQL and run the same migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

/** What every query needs: run one statement; run several in one transaction. */
export interface Sql {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Run `fn` in one transaction: all of it is stored, or none. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Whether the database answers now (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Where the data is: a PGlite folder (or `:memory:` for tests), or a PostgreSQL server's URL. */
export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

/** The database could not be opened: the message names the setting to look at. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target.url);
}

const MEMORY = ':memory:';

/**
 * A clinic's data is small: 16 MB of shared buffers (PostgreSQL's default is 128 MB) keeps the
 * embedded database's memory about 125 MB lower in this process.
 */
const PGLITE_CONF = ['shared_buffers=16MB', 'work_mem=2MB'];

async function openPglite(dataDir: string): Promise<Db> {
  let lite: PGlite;
  try {
    if (dataDir !== MEMORY) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      fs.accessSync(dataDir, fs.constants.W_OK);
    }
    lite = await PGlite.create({
      ...(dataDir === MEMORY ? {} : { dataDir: path.resolve(dataDir) }),
      postgresqlconf: PGLITE_CONF,
    });
  } catch (err) {
    throw new DatabaseUnavailableError(
      `the data folder DATA_DIR=${dataDir} could not be opened (${(err as Error).message}); ` +
        'check that it exists, is writable, and that no other Circle process uses it',
    );
  }
  // PGlite answers one query at a time; its own queue keeps them in order.
  return {
    kind: 'pglite',
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      return (await lite.query<T>(text, [...params])).rows;
    },
    async exec(text: string) {
      await lite.exec(text);
    },
    transaction: (fn) =>
      lite.transaction((tx) =>
        fn({
          query: async (t, p = []) => (await tx.query(t, [...p])).rows as never,
          exec: async (t) => void (await tx.exec(t)),
        }),
      ),
    async ping() {
      return !lite.closed;
    },
    async close() {
      if (!lite.closed) await lite.close();
    },
  };
}

async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    // A statement that hangs (a server gone quiet) fails instead of holding the room's queue.
    query_timeout: 10_000,
  });
  // An idle client whose server went away emits 'error' on the pool: logged by the caller's ping, never fatal.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(
      `the PostgreSQL server at DATABASE_URL could not be reached (${(err as Error).message})`,
    );
  }
  return {
    kind: 'postgres',
    async query<T extends Row>(text: string, params: readonly unknown[] = []) {
      return (await pool.query(text, [...params])).rows as T[];
    },
    async exec(text: string) {
      await pool.query(text);
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection that dies while checked out (the server stopped) emits 'error' on the client, which
      // the pool only listens for while the client is idle: without this, an exception that ends the process.
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      try {
        await client.query('begin');
        const result = await fn({
          query: async (t, p = []) => (await client.query(t, [...p])).rows as never,
          exec: async (t) => void (await client.query(t)),
        });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        // A connection that could not even roll back (or died) is dropped, not returned to the pool.
        client.off('error', onError);
        client.release(broken);
      }
    },
    async ping() {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await pool.end().catch(() => undefined);
    },
  };
}
