import type { ApiScope } from '@circle/shared';
import type { ApiTokenRow, ApiTokenStore } from '../../app/ApiTokens.js';
import type { Db, Row } from './Db.js';

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ms = (v: unknown): number | null => (v === null || v === undefined ? null : new Date(v as string).getTime());

function toRow(r: Row): ApiTokenRow {
  return {
    id: r.id as string,
    name: r.name as string,
    scopes: (r.scopes as string).split(' ').filter(Boolean) as ApiScope[],
    createdAt: ms(r.created_at) ?? 0,
    createdBy: (r.created_by as string | null) ?? null,
    createdByName: (r.created_by_name as string | null) ?? null,
    lastUsedAt: ms(r.last_used_at),
    revokedAt: ms(r.revoked_at),
  };
}

const SELECT = `select t.id, t.name, t.scopes, t.created_at, t.created_by, a.name as created_by_name,
                       t.last_used_at, t.revoked_at
                from api_tokens t left join staff_accounts a on a.id = t.created_by`;

export class PgApiTokens implements ApiTokenStore {
  constructor(private readonly db: Db) {}

  async insert(row: ApiTokenRow, hash: string): Promise<void> {
    await this.db.query(
      `insert into api_tokens (id, name, token_hash, scopes, created_at, created_by) values ($1, $2, $3, $4, $5, $6)`,
      [row.id, row.name, hash, row.scopes.join(' '), ts(row.createdAt), row.createdBy],
    );
  }

  async list(): Promise<ApiTokenRow[]> {
    return (await this.db.query(`${SELECT} order by t.revoked_at is not null, t.created_at desc, t.id`)).map(toRow);
  }

  async byHash(hash: string): Promise<ApiTokenRow | undefined> {
    const [r] = await this.db.query(`${SELECT} where t.token_hash = $1`, [hash]);
    return r && toRow(r);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    const rows = await this.db.query(
      'update api_tokens set revoked_at = coalesce(revoked_at, $2) where id = $1 returning id',
      [id, ts(at)],
    );
    return rows.length === 1;
  }

  async touch(id: string, at: number, everyMs: number): Promise<void> {
    await this.db.query(
      `update api_tokens set last_used_at = $2
       where id = $1 and (last_used_at is null or last_used_at <= $3)`,
      [id, ts(at), ts(at - everyMs)],
    );
  }
}
