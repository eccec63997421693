/**
 * 2-step sign-in as the rest of the server sees it: the port StaffTotp uses, implemented over
 * PostgreSQL (adapters/db/PgTotp.ts). Secrets arrive here already encrypted; recovery codes as hashes.
 */
export interface TotpState {
  /** The confirmed secret (encrypted), or null: 2-step sign-in is off. */
  secret: string | null;
  /** A secret being set up, not yet confirmed (encrypted). */
  pendingSecret: string | null;
  /** The newest step a code was accepted for. */
  lastStep: number | null;
}

export interface TotpStore {
  state(accountId: string): Promise<TotpState | undefined>;
  setPending(accountId: string, encryptedSecret: string): Promise<void>;
  /** The pending secret becomes the secret (with the step just used) and the recovery codes are replaced. */
  enable(accountId: string, step: number, codeHashes: readonly string[], now: number): Promise<void>;
  /** Off: secret, pending secret and recovery codes gone. */
  disable(accountId: string): Promise<void>;
  /** Record `step` as used, once: false when it (or a later one) already was (a replay, or a race). */
  useStep(accountId: string, step: number): Promise<boolean>;
  /** Mark an unused recovery code used, once: false when there is none such. */
  useRecoveryCode(accountId: string, codeHash: string, now: number): Promise<boolean>;
  recoveryCodesLeft(accountId: string): Promise<number>;
  /** A clinic-wide setting (key/value rows, as circle_settings keeps them). */
  setting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}
