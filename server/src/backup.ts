/**
 * The operator's backup and restore (`npm run backup [-- FILE]`, `npm run restore -- FILE`; in a
 * container `node server/dist/src/backup.js backup|restore FILE`). The database is the one Circle
 * uses: DATABASE_URL, else PGlite in DATA_DIR (./data).
 *
 * backup: every Circle table at one instant (backup.ts), gzipped JSON, file mode 0600 (it holds
 *   health information). With PGlite and Circle running on that folder, the running server takes
 *   the dump and hands it over its local channel (localBackup.ts): PGlite must never be opened by
 *   two processes. Default file: ./backups/circle-<time>.json.gz.
 * restore: into an empty database only (a new PostgreSQL database, or an empty DATA_DIR with Circle
 *   stopped), then start Circle on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { databaseTarget } from './config.js';
import { type Db, openDatabase } from './adapters/db/Db.js';
import { schemaVersion } from './adapters/db/migrations.js';
import { decodeBackup, encodeBackup, restoreBackup, takeBackup } from './adapters/db/backup.js';
import { LOCAL_BACKUP_PATH, runningServer } from './adapters/http/localBackup.js';
import type { Env } from './env.js';

const USAGE = 'usage: backup [FILE]  |  restore FILE';

export function defaultBackupFile(now = new Date()): string {
  return path.join('backups', `circle-${now.toISOString().replace(/[:.]/g, '-')}.json.gz`);
}

/** Take a backup of the database `env` names and write it to `file`; where it went and how big. */
export async function backupTo(file: string, env: Env = process.env): Promise<{ file: string; bytes: number }> {
  const target = databaseTarget(env);
  let bytes: Buffer;
  const running = target.kind === 'pglite' ? runningServer(target.dataDir) : undefined;
  if (running) {
    const res = await fetch(`http://127.0.0.1:${running.port}${LOCAL_BACKUP_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.token}` },
    }).catch((err: Error) => {
      throw new Error(
        `Circle is running on DATA_DIR (pid ${running.pid}) but did not answer on 127.0.0.1:${running.port} ` +
          `(${err.message}); it must listen on loopback (HOST 127.0.0.1, 0.0.0.0 or ::)`,
      );
    });
    if (!res.ok) throw new Error(`the running Circle (pid ${running.pid}) refused the backup (HTTP ${res.status})`);
    bytes = Buffer.from(await res.arrayBuffer());
  } else {
    if (target.kind === 'pglite' && !fs.existsSync(target.dataDir)) {
      throw new Error(`there is no database in DATA_DIR=${target.dataDir}: check DATA_DIR (or set DATABASE_URL)`);
    }
    const db = await openDatabase(target);
    try {
      if ((await schemaVersion(db)) === 0) throw new Error('the database is empty: Circle has never started on it');
      bytes = encodeBackup(await takeBackup(db));
    } finally {
      await db.close();
    }
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, bytes, { mode: 0o600 });
  return { file, bytes: bytes.length };
}

/** Restore `file` into the (empty) database `env` names. */
export async function restoreFrom(file: string, env: Env = process.env): Promise<{ rows: number; to: number }> {
  const target = databaseTarget(env);
  if (target.kind === 'pglite') {
    const running = runningServer(target.dataDir);
    if (running) throw new Error(`Circle is running on DATA_DIR (pid ${running.pid}): stop it first`);
  }
  const backup = decodeBackup(fs.readFileSync(file));
  const db: Db = await openDatabase(target);
  try {
    return await restoreBackup(db, backup);
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, file] = argv;
  const where = (env: Env) => (env.DATABASE_URL ? 'DATABASE_URL' : `DATA_DIR=${env.DATA_DIR || './data'}`);
  if (command === 'backup') {
    const r = await backupTo(file ?? defaultBackupFile());
    process.stdout.write(`backup of ${where(process.env)} written to ${r.file} (${r.bytes} bytes)\n`);
  } else if (command === 'restore' && file) {
    const r = await restoreFrom(file);
    process.stdout.write(`restored ${r.rows} rows from ${file} into ${where(process.env)} (schema version ${r.to})\n`);
  } else {
    throw new Error(USAGE);
  }
}

// Run as a script (not when imported by the tests).
if (process.argv[1] && /backup\.(ts|js)$/.test(process.argv[1])) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
