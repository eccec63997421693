import type { TotpState, TotpStore } from '../../app/totpStore.js';
import type { Db } from './Db.js';

const ts = (ms: number) => new Date(ms).toISOString();

export class PgTotp implements TotpStore {
  constructor(private readonly db: Db) {}

  async state(accountId: string): Promise<TotpState | undefined> {
    const [r] = await this.db.query<{
      totp_secret: string | null;
      totp_pending_secret: string | null;
      totp_last_step: string | number | null;
    }>('select totp_secret, totp_pending_secret, totp_last_step from staff_accounts where id = $1', [accountId]);
    if (!r) return undefined;
    return {
      secret: r.totp_secret,
      pendingSecret: r.totp_pending_secret,
      lastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    };
  }

  async setPending(accountId: string, encryptedSecret: string): Promise<void> {
    await this.db.query('update staff_accounts set totp_pending_secret = $2 where id = $1', [
      accountId,
      encryptedSecret,
    ]);
  }

  async enable(accountId: string, step: number, codeHashes: readonly string[], now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `update staff_accounts set totp_secret = totp_pending_secret, totp_pending_secret = null, totp_last_step = $2
         where id = $1 and totp_pending_secret is not null`,
        [accountId, step],
      );
      await tx.query('delete from staff_recovery_codes where account_id = $1', [accountId]);
      for (const hash of codeHashes) {
        await tx.query('insert into staff_recovery_codes (account_id, code_hash, created_at) values ($1, $2, $3)', [
          accountId,
          hash,
          ts(now),
        ]);
      }
    });
  }

  async disable(accountId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        'update staff_accounts set totp_secret = null, totp_pending_secret = null, totp_last_step = null where id = $1',
        [accountId],
      );
      await tx.query('delete from staff_recovery_codes where account_id = $1', [accountId]);
    });
  }

  async useStep(accountId: string, step: number): Promise<boolean> {
    const rows = await this.db.query(
      `update staff_accounts set totp_last_step = $2
       where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id`,
      [accountId, step],
    );
    return rows.length === 1;
  }

  async useRecoveryCode(accountId: string, codeHash: string, now: number): Promise<boolean> {
    const rows = await this.db.query(
      `update staff_recovery_codes set used_at = $3
       where account_id = $1 and code_hash = $2 and used_at is null returning code_hash`,
      [accountId, codeHash, ts(now)],
    );
    return rows.length === 1;
  }

  async recoveryCodesLeft(accountId: string): Promise<number> {
    const [r] = await this.db.query<{ n: number }>(
      'select count(*)::int as n from staff_recovery_codes where account_id = $1 and used_at is null',
      [accountId],
    );
    return Number(r?.n ?? 0);
  }

  async setting(key: string): Promise<string | undefined> {
    const [r] = await this.db.query<{ value: string }>('select value from circle_settings where key = $1', [key]);
    return r?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.query(
      'insert into circle_settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value',
      [key, value],
    );
  }
}
