import type { AuditEntry, Records } from '../../app/records.js';
import type { Db } from './Db.js';
import { newSecret, writeAudit } from './projection.js';

const SECRET_KEY = 'invite_secret';

export class PgRecords implements Records {
  constructor(private readonly db: Db) {}

  audit(entry: AuditEntry): Promise<void> {
    return writeAudit(this.db, entry);
  }

  async inviteSecret(configured?: string): Promise<string> {
    if (configured) return configured;
    // Made once: the first node to start stores it; every later start (and every node) reads it.
    await this.db.query('insert into circle_settings (key, value) values ($1, $2) on conflict (key) do nothing', [
      SECRET_KEY,
      newSecret(),
    ]);
    const [row] = await this.db.query<{ value: string }>('select value from circle_settings where key = $1', [
      SECRET_KEY,
    ]);
    if (!row) throw new Error('the invite secret could not be stored');
    return row.value;
  }

  async purgeFinished(before: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const gone = await tx.query<{ id: string }>(
        'delete from sessions where ended_at is not null and ended_at < $1 returning id',
        [new Date(before).toISOString()],
      );
      if (gone.length > 0) await writeAudit(tx, { actor: 'system', action: 'records:purge' });
      return gone.length;
    });
  }

  ping(): Promise<boolean> {
    return this.db.ping();
  }
}
