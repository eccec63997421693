/**
 * Backups of the embedded database while Circle runs. PGlite is one process per data folder: a
 * second process must not open it, so `npm run backup` asks the running server for the dump.
 *
 * The channel is local only: at start the server writes `circle-server.json` into DATA_DIR (a 0700
 * folder; the file 0600, so only the operator's account can read it) with its pid, its port and a
 * token made for this run. POST /internal/backup answers only calls from loopback carrying that
 * token (and not relayed by a proxy), with the gzipped dump (backup.ts); anyone else gets 404. The
 * file is removed when the server stops. The server must listen on loopback too (HOST 127.0.0.1,
 * 0.0.0.0 or ::). While the dump is read, PGlite's one connection is busy: commands wait for it
 * (milliseconds for a clinic's records).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Logger } from 'pino';

export const SERVER_FILE = 'circle-server.json';
export const LOCAL_BACKUP_PATH = '/internal/backup';

/** What the running server leaves in DATA_DIR for the operator's tools. */
export interface ServerFile {
  pid: number;
  port: number;
  token: string;
}

export const newLocalToken = () => randomBytes(32).toString('base64url');

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** POST /internal/backup: the gzipped dump, for a loopback caller with this run's token. */
export function localBackupRoutes(token: string, dump: () => Promise<Buffer>, logger: Logger): express.Router {
  const router = express.Router();
  router.post(LOCAL_BACKUP_PATH, (req, res) => {
    const given = Buffer.from(/^Bearer (.{1,200})$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
    const want = Buffer.from(token);
    // From this machine, and not relayed by a reverse proxy on it (which also connects from loopback).
    const local = LOOPBACK.has(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined;
    if (!local || given.length !== want.length || !timingSafeEqual(given, want)) {
      res.status(404).end();
      return;
    }
    dump().then(
      (bytes) => {
        logger.info({ bytes: bytes.length }, 'backup taken');
        res.set('Cache-Control', 'no-store').type('application/gzip').send(bytes);
      },
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message.slice(0, 200) : typeof err }, 'backup failed');
        res.status(503).json({ error: 'the backup could not be taken' });
      },
    );
  });
  return router;
}

export function writeServerFile(dataDir: string, file: ServerFile): string {
  const where = path.join(dataDir, SERVER_FILE);
  fs.writeFileSync(where, JSON.stringify(file), { mode: 0o600 });
  fs.chmodSync(where, 0o600);
  return where;
}

/** The running server's file, if one is there and its process is alive. */
export function runningServer(dataDir: string): ServerFile | undefined {
  let file: ServerFile;
  try {
    file = JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_FILE), 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
  try {
    process.kill(file.pid, 0);
    return file;
  } catch (err) {
    // EPERM: alive, but another user's: still running.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? file : undefined;
  }
}
