/**
 * 2-step sign-in for staff accounts: setting up an authenticator (a pending secret, confirmed by a
 * first code), recovery codes (shown once, stored hashed, each used once), the check at sign-in
 * (±1 step, a code never accepted twice), turning it off, and the clinic's "required for everyone".
 * Secrets are stored encrypted (AES-256-GCM, key derived from the server's secret) and never logged.
 * Results are data (`{ code }`), never thrown.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import type { PasswordHasher, Refusal } from './StaffAuth.js';
import type { StaffAccount } from './staffStore.js';
import type { TotpStore } from './totpStore.js';
import {
  RECOVERY_CODE_COUNT,
  base32Encode,
  isTotpCode,
  matchTotp,
  newRecoveryCode,
  newTotpSecret,
  normalRecoveryCode,
  otpauthUrl,
} from './totp.js';

const REQUIRE_TOTP_KEY = 'require_totp';
const ISSUER = 'Circle';

/** What the second step at sign-in found. */
export type SecondStep = 'none' | 'ok' | 'recovery' | 'missing' | 'wrong';

export interface TotpStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

/** Encrypts secrets at rest: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export class SecretBox {
  private readonly key: Buffer;

  constructor(serverSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', serverSecret, 'circle', 'totp secret at rest', 32));
  }

  seal(plain: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** undefined: not sealed with this key (the server's secret changed) or damaged. */
  open(sealed: string): Buffer | undefined {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}

export class StaffTotp {
  constructor(
    private readonly store: TotpStore,
    private readonly box: SecretBox,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  private codeHash(accountId: string, code: string): string {
    return createHash('sha256')
      .update(`${accountId}:${normalRecoveryCode(code)}`)
      .digest('hex');
  }

  async requireTotp(): Promise<boolean> {
    return (await this.store.setting(REQUIRE_TOTP_KEY)) === 'true';
  }

  async setRequireTotp(on: boolean): Promise<void> {
    await this.store.setSetting(REQUIRE_TOTP_KEY, on ? 'true' : 'false');
  }

  async status(accountId: string): Promise<TotpStatus> {
    const state = await this.store.state(accountId);
    const enabled = state?.secret != null;
    return {
      enabled,
      required: await this.requireTotp(),
      recoveryCodesLeft: enabled ? await this.store.recoveryCodesLeft(accountId) : 0,
    };
  }

  /** The clinic requires 2-step sign-in and this account has not set it up: only enrolment is open to it. */
  async enrolmentDue(accountId: string): Promise<boolean> {
    if (!(await this.requireTotp())) return false;
    return (await this.store.state(accountId))?.secret == null;
  }

  /** A new secret to set up (replacing one being set up); refused while 2-step sign-in is on. */
  async start(account: StaffAccount): Promise<{ secret: string; otpauthUrl: string } | Refusal> {
    const state = await this.store.state(account.id);
    if (!state) return { code: 'NOT_FOUND' };
    if (state.secret !== null) return { code: 'INVALID_STATE' };
    const secret = newTotpSecret();
    await this.store.setPending(account.id, this.box.seal(secret));
    const text = base32Encode(secret);
    return { secret: text, otpauthUrl: otpauthUrl({ issuer: ISSUER, account: account.email, secret: text }) };
  }

  /** The first code from the app turns it on: ten recovery codes, shown this once. */
  async confirm(account: StaffAccount, code: string): Promise<{ recoveryCodes: string[] } | Refusal> {
    const state = await this.store.state(account.id);
    if (!state) return { code: 'NOT_FOUND' };
    if (state.secret !== null || state.pendingSecret === null) return { code: 'INVALID_STATE' };
    const secret = this.box.open(state.pendingSecret);
    if (!secret) return { code: 'INVALID_STATE' };
    const step = matchTotp(secret, code.replace(/\s/g, ''), this.clock.now(), null);
    if (step === null) return { code: 'INVALID_PAYLOAD', field: 'code' };
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.store.enable(
      account.id,
      step,
      recoveryCodes.map((c) => this.codeHash(account.id, c)),
      this.clock.now(),
    );
    return { recoveryCodes };
  }

  /**
   * The second step of a sign-in (the password was right): 'none' when the account has no 2-step
   * sign-in, 'missing' without a code, 'wrong' for a wrong or already used code, 'ok' or 'recovery'.
   */
  async check(accountId: string, code: string | undefined): Promise<SecondStep> {
    const state = await this.store.state(accountId);
    if (!state?.secret) return 'none';
    if (code === undefined || code.trim() === '') return 'missing';
    const typed = code.replace(/\s/g, '');
    if (isTotpCode(typed)) {
      const secret = this.box.open(state.secret);
      if (!secret) return 'wrong';
      const step = matchTotp(secret, typed, this.clock.now(), state.lastStep);
      if (step === null) return 'wrong';
      return (await this.store.useStep(accountId, step)) ? 'ok' : 'wrong';
    }
    const used = await this.store.useRecoveryCode(accountId, this.codeHash(accountId, typed), this.clock.now());
    return used ? 'recovery' : 'wrong';
  }

  /** Off, with the password and a current code (or a recovery code). */
  async disable(account: StaffAccount, password: string, code: string): Promise<'recovery' | 'ok' | Refusal> {
    const ok = account.passwordHash !== null && (await this.hasher.verify(password, account.passwordHash));
    if (!ok) return { code: 'UNAUTHORIZED', field: 'password' };
    // Required by the clinic: it stays on (an admin can lift the requirement first).
    if (await this.requireTotp()) return { code: 'INVALID_STATE' };
    const step = await this.check(account.id, code);
    if (step === 'none') return { code: 'INVALID_STATE' };
    if (step !== 'ok' && step !== 'recovery') return { code: 'UNAUTHORIZED', field: 'code' };
    await this.store.disable(account.id);
    return step;
  }

  /**
   * An administrator reset this account's access (a lost phone, lost recovery codes): its 2-step
   * sign-in is removed with its password, and set up again after the new password (at once when the
   * clinic requires it).
   */
  async resetByAdmin(accountId: string): Promise<void> {
    await this.store.disable(accountId);
  }
}
