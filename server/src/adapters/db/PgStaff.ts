import type { AuditQuery } from '@circle/shared';
import type {
  AuditRow,
  OneTimePurpose,
  OwnedSession,
  StaffAccount,
  StaffSession,
  StaffStore,
} from '../../app/staffStore.js';
import type { Db, Row } from './Db.js';

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (v: unknown): number | null => (v === null || v === undefined ? null : new Date(v as string).getTime());

function toAccount(r: Row): StaffAccount {
  return {
    id: r.id as string,
    name: r.name as string,
    email: r.email as string,
    role: r.role as StaffAccount['role'],
    status: r.status as StaffAccount['status'],
    passwordHash: (r.password_hash as string | null) ?? null,
    createdAt: ms(r.created_at) ?? 0,
    lastSignInAt: ms(r.last_sign_in_at),
    failedAttempts: Number(r.failed_attempts),
    lockedUntil: ms(r.locked_until),
  };
}

const COLUMNS: Record<string, string> = {
  passwordHash: 'password_hash',
  status: 'status',
  lastSignInAt: 'last_sign_in_at',
  failedAttempts: 'failed_attempts',
  lockedUntil: 'locked_until',
  name: 'name',
};

export class PgStaff implements StaffStore {
  constructor(private readonly db: Db) {}

  async hasOwner(): Promise<boolean> {
    const [r] = await this.db.query(`select 1 from staff_accounts where role = 'owner' limit 1`);
    return r !== undefined;
  }

  async account(id: string): Promise<StaffAccount | undefined> {
    const [r] = await this.db.query('select * from staff_accounts where id = $1', [id]);
    return r && toAccount(r);
  }

  async accountByEmail(email: string): Promise<StaffAccount | undefined> {
    const [r] = await this.db.query('select * from staff_accounts where lower(email) = lower($1)', [email]);
    return r && toAccount(r);
  }

  async accounts(): Promise<StaffAccount[]> {
    return (await this.db.query('select * from staff_accounts order by created_at, id')).map(toAccount);
  }

  async insertAccount(a: StaffAccount): Promise<boolean> {
    const rows = await this.db.query(
      `insert into staff_accounts (id, name, email, role, password_hash, status, created_at, last_sign_in_at, failed_attempts, locked_until)
       values ($1, $2, lower($3), $4, $5, $6, $7, $8, $9, $10) on conflict do nothing returning id`,
      [
        a.id,
        a.name,
        a.email,
        a.role,
        a.passwordHash,
        a.status,
        ts(a.createdAt),
        ts(a.lastSignInAt),
        a.failedAttempts,
        ts(a.lockedUntil),
      ],
    );
    return rows.length === 1;
  }

  async updateAccount(id: string, patch: Parameters<StaffStore['updateAccount']>[1]): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    for (const [key, value] of Object.entries(patch)) {
      const column = COLUMNS[key];
      if (!column) continue;
      values.push(key === 'lastSignInAt' || key === 'lockedUntil' ? ts(value as number | null) : value);
      sets.push(`${column} = $${values.length}`);
    }
    if (sets.length === 0) return;
    await this.db.query(`update staff_accounts set ${sets.join(', ')} where id = $1`, values);
  }

  async insertToken(t: Parameters<StaffStore['insertToken']>[0]): Promise<void> {
    await this.db.query(
      'insert into staff_tokens (token_hash, purpose, account_id, created_at, expires_at) values ($1, $2, $3, $4, $5)',
      [t.hash, t.purpose, t.accountId, ts(t.createdAt), ts(t.expiresAt)],
    );
  }

  async tokenAccount(hash: string, purpose: OneTimePurpose, now: number): Promise<string | undefined> {
    const [r] = await this.db.query<{ account_id: string | null }>(
      `select account_id from staff_tokens where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3`,
      [hash, purpose, ts(now)],
    );
    return r?.account_id ?? undefined;
  }

  async useToken(
    hash: string,
    purpose: OneTimePurpose,
    now: number,
  ): Promise<{ accountId: string | null } | undefined> {
    const [r] = await this.db.query<{ account_id: string | null }>(
      `update staff_tokens set used_at = $3 where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3
       returning account_id`,
      [hash, purpose, ts(now)],
    );
    return r && { accountId: r.account_id };
  }

  async voidTokens(purpose: OneTimePurpose, accountId: string | null, now: number): Promise<void> {
    await this.db.query(
      `update staff_tokens set used_at = $3 where purpose = $1 and account_id is not distinct from $2 and used_at is null`,
      [purpose, accountId, ts(now)],
    );
  }

  async insertSession(s: StaffSession): Promise<void> {
    await this.db.query(
      'insert into staff_sessions (id, account_id, created_at, last_seen_at, expires_at) values ($1, $2, $3, $4, $5)',
      [s.id, s.accountId, ts(s.createdAt), ts(s.lastSeenAt), ts(s.expiresAt)],
    );
  }

  async session(id: string): Promise<StaffSession | undefined> {
    const [r] = await this.db.query('select * from staff_sessions where id = $1', [id]);
    if (!r) return undefined;
    return {
      id: r.id as string,
      accountId: r.account_id as string,
      createdAt: ms(r.created_at) ?? 0,
      lastSeenAt: ms(r.last_seen_at) ?? 0,
      expiresAt: ms(r.expires_at) ?? 0,
    };
  }

  async touchSession(id: string, lastSeenAt: number): Promise<void> {
    await this.db.query('update staff_sessions set last_seen_at = $2 where id = $1', [id, ts(lastSeenAt)]);
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.query('delete from staff_sessions where id = $1', [id]);
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.db.query('delete from staff_sessions where account_id = $1', [accountId]);
  }

  async ownedSessions(accountId: string | null): Promise<OwnedSession[]> {
    const rows = await this.db.query(
      `select id, title, starts_at, duration_minutes, ended_at, coalesce((roles->>'member')::int, 0) as members
       from sessions where ($1::text is null or owner_account_id = $1) order by starts_at desc, id limit 500`,
      [accountId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      title: r.title as string,
      startsAt: ms(r.starts_at) ?? 0,
      durationMinutes: Number(r.duration_minutes),
      endedAt: ms(r.ended_at),
      members: Number(r.members),
    }));
  }

  async sessionOwner(sessionId: string): Promise<string | null | undefined> {
    const [r] = await this.db.query<{ owner_account_id: string | null }>(
      'select owner_account_id from sessions where id = $1',
      [sessionId],
    );
    return r ? r.owner_account_id : undefined;
  }

  async accountInvites(accountId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>('select id from invites where account_id = $1', [accountId]);
    return rows.map((r) => r.id);
  }

  async auditPage(q: AuditQuery, limit: number): Promise<AuditRow[]> {
    const rows = await this.db.query(
      `select id, at, actor, action, session_id, target_id from audit_log
       where ($1::text is null or actor = $1) and ($2::text is null or session_id = $2)
         and ($3::text is null or action = $3) and ($4::bigint is null or id < $4)
       order by id desc limit $5`,
      [q.actor ?? null, q.sessionId ?? null, q.action ?? null, q.before ?? null, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: ms(r.at) ?? 0,
      actor: r.actor as string,
      action: r.action as string,
      sessionId: (r.session_id as string | null) ?? null,
      targetId: (r.target_id as string | null) ?? null,
    }));
  }
}
