import type { SsoIdentity, SsoStatus, SsoStore } from '../../app/StaffSso.js';
import type { Db, Row } from './Db.js';

const ts = (ms: number) => new Date(ms).toISOString();

function toIdentity(r: Row): SsoIdentity {
  return {
    id: r.id as string,
    issuer: r.issuer as string,
    subject: r.subject as string,
    email: r.email as string,
    name: r.name as string,
    status: r.status as SsoStatus,
    accountId: (r.account_id as string | null) ?? null,
    requestedAt: new Date(r.requested_at as string).getTime(),
  };
}

/** Single sign-on identities over PostgreSQL (migration 6). */
export class PgSso implements SsoStore {
  constructor(private readonly db: Db) {}

  async identity(issuer: string, subject: string): Promise<SsoIdentity | undefined> {
    const [r] = await this.db.query('select * from staff_sso_identities where issuer = $1 and subject = $2', [
      issuer,
      subject,
    ]);
    return r && toIdentity(r);
  }

  async identityById(id: string): Promise<SsoIdentity | undefined> {
    const [r] = await this.db.query('select * from staff_sso_identities where id = $1', [id]);
    return r && toIdentity(r);
  }

  async pending(): Promise<SsoIdentity[]> {
    const rows = await this.db.query(
      `select * from staff_sso_identities where status = 'pending' order by requested_at, id limit 200`,
    );
    return rows.map(toIdentity);
  }

  async request(i: Omit<SsoIdentity, 'status' | 'accountId'>): Promise<SsoIdentity> {
    const [r] = await this.db.query(
      `insert into staff_sso_identities (id, issuer, subject, email, name, status, requested_at)
       values ($1, $2, $3, $4, $5, 'pending', $6)
       on conflict (issuer, subject) do update set
         email = excluded.email, name = excluded.name, requested_at = excluded.requested_at,
         status = case when staff_sso_identities.status = 'approved' then 'approved' else 'pending' end,
         decided_at = case when staff_sso_identities.status = 'approved' then staff_sso_identities.decided_at end,
         decided_by = case when staff_sso_identities.status = 'approved' then staff_sso_identities.decided_by end
       returning *`,
      [i.id, i.issuer, i.subject, i.email, i.name, ts(i.requestedAt)],
    );
    if (!r) throw new Error('sso request not stored');
    return toIdentity(r);
  }

  async decide(
    id: string,
    status: 'approved' | 'declined',
    accountId: string | null,
    by: string,
    at: number,
  ): Promise<boolean> {
    const rows = await this.db.query(
      `update staff_sso_identities set status = $2, account_id = $3, decided_by = $4, decided_at = $5
       where id = $1 and status = 'pending' returning id`,
      [id, status, accountId, by, ts(at)],
    );
    return rows.length === 1;
  }
}
