/**
 * Staff sign-in: the owner's setup from the one-time link, passwords (strength rule, hashing),
 * sign-in with lockout per account and per address, cookie sessions with idle and absolute
 * timeouts, one-time set-password links. Results are data (`{ code }`), never thrown; the HTTP
 * adapter maps them to answers and writes the audit log.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AddStaffBody, Me, StaffRole } from '@circle/shared';
import type { Clock } from './clock.js';
import type { StaffAccount, StaffStore } from './staffStore.js';
import { type PasswordProblem, passwordProblem } from '../domain/password.js';
import { lockoutMs, retryAfterMs } from '../domain/lockout.js';
import type { SecondStep } from './StaffTotp.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
  /** A hash to verify against when there is no account, so the answer takes as long. */
  dummy(): Promise<string>;
}

export interface StaffAuthOptions {
  publicUrl: string;
  idleMs: number;
  absoluteMs: number;
  setupTtlMs: number;
  setPasswordTtlMs: number;
  isCommonPassword: (lowercase: string) => boolean;
  /** The second step of a sign-in (2-step sign-in, StaffTotp.check); absent: passwords only. */
  secondStep?: (accountId: string, code: string | undefined) => Promise<SecondStep>;
}

/** Failures in a row from one address allowed before it is locked (more than one account's: a shared office). */
const ADDRESS_FREE_FAILURES = 19;
/** A session's last-seen time is written at most this often (each request would otherwise write). */
const TOUCH_EVERY_MS = 30_000;
/** Addresses remembered for lockout at most (the oldest forgotten first). */
const MAX_ADDRESSES = 10_000;

export type Refusal =
  | { code: 'UNAUTHORIZED'; field?: string }
  | { code: 'RATE_LIMITED'; retryAfterMs: number }
  | { code: 'INVALID_PAYLOAD'; field: string; problem?: PasswordProblem }
  | { code: 'NOT_FOUND' }
  | { code: 'INVALID_STATE' };

export interface SignedIn {
  account: StaffAccount;
  /** The cookie's value (only its hash is stored). */
  token: string;
  expiresAt: number;
}

export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const newId = () => randomBytes(9).toString('base64url');

export const meOf = (a: StaffAccount): Me => ({ id: a.id, name: a.name, email: a.email, role: a.role });

export class StaffAuth {
  private readonly addresses = new Map<string, { failures: number; lockedUntil: number | null }>();

  constructor(
    private readonly store: StaffStore,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly options: StaffAuthOptions,
  ) {}

  /** How long a sign-in lasts at most (the cookie's lifetime). */
  get absoluteMs(): number {
    return this.options.absoluteMs;
  }

  /** With no owner yet: a new one-time setup link (older unused ones stop working); else undefined. */
  async setupLink(): Promise<{ url: string; expiresAt: number } | undefined> {
    if (await this.store.hasOwner()) return undefined;
    const now = this.clock.now();
    await this.store.voidTokens('setup', null, now);
    const token = newToken();
    const expiresAt = now + this.options.setupTtlMs;
    await this.store.insertToken({ hash: sha256(token), purpose: 'setup', accountId: null, createdAt: now, expiresAt });
    return { url: `${this.options.publicUrl}/setup#${token}`, expiresAt };
  }

  /** The owner, from the setup link: created, signed in. */
  async setup(input: { token: string; name: string; email: string; password: string }): Promise<SignedIn | Refusal> {
    const problem = passwordProblem(input.password, input, this.options.isCommonPassword);
    if (problem) return { code: 'INVALID_PAYLOAD', field: 'password', problem };
    const now = this.clock.now();
    if (await this.store.hasOwner()) return { code: 'UNAUTHORIZED' };
    const used = await this.store.useToken(sha256(input.token), 'setup', now);
    if (!used) return { code: 'UNAUTHORIZED' };
    const account: StaffAccount = {
      id: newId(),
      name: input.name,
      email: input.email,
      role: 'owner',
      status: 'active',
      passwordHash: await this.hasher.hash(input.password),
      createdAt: now,
      lastSignInAt: now,
      failedAttempts: 0,
      lockedUntil: null,
    };
    if (!(await this.store.insertAccount(account))) return { code: 'INVALID_PAYLOAD', field: 'email' };
    return this.startSession(account, now);
  }

  /**
   * Email and password. Locked accounts and addresses wait (RATE_LIMITED); every other failure is
   * the same UNAUTHORIZED, after the same work (an unknown email is checked against a dummy hash).
   * Then the second step (accounts with 2-step sign-in): without a code, UNAUTHORIZED on `totp`
   * (not a failure: the person is asked for it); a wrong or replayed code counts as a failure.
   */
  async login(
    input: { email: string; password: string; totp?: string | undefined },
    address: string,
  ): Promise<(SignedIn & { accountId: string; usedRecoveryCode: boolean }) | (Refusal & { accountId?: string })> {
    const now = this.clock.now();
    const place = this.addresses.get(address);
    const addressWait = retryAfterMs(place?.lockedUntil ?? null, now);
    const account = await this.store.accountByEmail(input.email);
    const accountWait = retryAfterMs(account?.lockedUntil ?? null, now);
    const wait = Math.max(addressWait, accountWait);
    if (wait > 0) {
      return { code: 'RATE_LIMITED', retryAfterMs: wait, ...(account ? { accountId: account.id } : {}) };
    }
    const ok = await this.checkPassword(account, input.password);
    const step =
      ok && account && this.options.secondStep ? await this.options.secondStep(account.id, input.totp) : 'none';
    if (step === 'missing' && account) return { code: 'UNAUTHORIZED', field: 'totp', accountId: account.id };
    if (!ok || !account || step === 'wrong') {
      this.failedFrom(address, now);
      if (account) {
        const failures = account.failedAttempts + 1;
        const lock = lockoutMs(failures);
        await this.store.updateAccount(account.id, {
          failedAttempts: failures,
          lockedUntil: lock > 0 ? now + lock : null,
        });
        return { code: 'UNAUTHORIZED', accountId: account.id, ...(step === 'wrong' ? { field: 'totp' } : {}) };
      }
      return { code: 'UNAUTHORIZED' };
    }
    this.addresses.delete(address);
    await this.store.updateAccount(account.id, { failedAttempts: 0, lockedUntil: null, lastSignInAt: now });
    return { ...(await this.startSession(account, now)), accountId: account.id, usedRecoveryCode: step === 'recovery' };
  }

  private async checkPassword(account: StaffAccount | undefined, password: string): Promise<boolean> {
    const hash = account?.passwordHash ?? (await this.hasher.dummy());
    const matches = await this.hasher.verify(password, hash);
    return matches && account !== undefined && account.status === 'active' && account.passwordHash !== null;
  }

  private failedFrom(address: string, now: number): void {
    const failures = (this.addresses.get(address)?.failures ?? 0) + 1;
    const lock = lockoutMs(failures, ADDRESS_FREE_FAILURES);
    this.addresses.delete(address);
    if (this.addresses.size >= MAX_ADDRESSES) {
      const oldest = this.addresses.keys().next().value;
      if (oldest !== undefined) this.addresses.delete(oldest);
    }
    this.addresses.set(address, { failures, lockedUntil: lock > 0 ? now + lock : null });
  }

  /** Single sign-on: the provider vouched for an approved identity of this (active) account. */
  async startSsoSession(account: StaffAccount): Promise<SignedIn> {
    const now = this.clock.now();
    // The password's lockout is left as it is: it guards the password, which was not used here.
    await this.store.updateAccount(account.id, { lastSignInAt: now });
    return this.startSession(account, now);
  }

  /** A new sign-in session (the browser's old one, if any, is dropped by the caller: rotation). */
  private async startSession(account: StaffAccount, now: number): Promise<SignedIn> {
    const token = newToken();
    const expiresAt = now + this.options.absoluteMs;
    await this.store.insertSession({
      id: sha256(token),
      accountId: account.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
    return { account: { ...account, lastSignInAt: now }, token, expiresAt };
  }

  /** The active account signed in with this cookie token, or undefined (expired, idle, disabled, unknown). */
  async signedIn(token: string | undefined): Promise<{ account: StaffAccount; sessionId: string } | undefined> {
    if (!token || token.length > 256) return undefined;
    const id = sha256(token);
    const session = await this.store.session(id);
    if (!session) return undefined;
    const now = this.clock.now();
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.options.idleMs) {
      await this.store.deleteSession(id);
      return undefined;
    }
    const account = await this.store.account(session.accountId);
    if (account?.status !== 'active') {
      await this.store.deleteSession(id);
      return undefined;
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await this.store.touchSession(id, now);
    return { account, sessionId: id };
  }

  /** Drop the session of this cookie token (sign-out, or rotation at sign-in). */
  async endSession(token: string | undefined): Promise<void> {
    if (token && token.length <= 256) await this.store.deleteSession(sha256(token));
  }

  async endAllSessions(accountId: string): Promise<void> {
    await this.store.deleteSessionsOf(accountId);
  }

  async list(): Promise<StaffAccount[]> {
    return this.store.accounts();
  }

  /** A new staff account (invited: no password yet) and its one-time set-password link. */
  async add(
    input: Required<Pick<AddStaffBody, 'name' | 'email'>> & { role: StaffRole },
  ): Promise<{ account: StaffAccount; url: string; expiresAt: number } | Refusal> {
    const now = this.clock.now();
    const account: StaffAccount = {
      id: newId(),
      name: input.name,
      email: input.email,
      role: input.role,
      status: 'invited',
      passwordHash: null,
      createdAt: now,
      lastSignInAt: null,
      failedAttempts: 0,
      lockedUntil: null,
    };
    if (!(await this.store.insertAccount(account))) return { code: 'INVALID_PAYLOAD', field: 'email' };
    return { account, ...(await this.passwordLink(account.id, now)) };
  }

  private async passwordLink(accountId: string, now: number): Promise<{ url: string; expiresAt: number }> {
    await this.store.voidTokens('set-password', accountId, now);
    const token = newToken();
    const expiresAt = now + this.options.setPasswordTtlMs;
    await this.store.insertToken({
      hash: sha256(token),
      purpose: 'set-password',
      accountId,
      createdAt: now,
      expiresAt,
    });
    return { url: `${this.options.publicUrl}/set-password#${token}`, expiresAt };
  }

  /** Disable: no sign-in, every session ended (the caller also drops its live room connections). */
  async disable(accountId: string): Promise<StaffAccount | Refusal> {
    const account = await this.store.account(accountId);
    if (!account) return { code: 'NOT_FOUND' };
    if (account.role === 'owner') return { code: 'INVALID_STATE' };
    await this.store.updateAccount(accountId, { status: 'disabled' });
    await this.store.deleteSessionsOf(accountId);
    await this.store.voidTokens('set-password', accountId, this.clock.now());
    return { ...account, status: 'disabled' };
  }

  /** Reset access: old sign-ins end, the password stops working, a new set-password link. */
  async reset(accountId: string): Promise<{ account: StaffAccount; url: string; expiresAt: number } | Refusal> {
    const account = await this.store.account(accountId);
    if (!account) return { code: 'NOT_FOUND' };
    if (account.role === 'owner') return { code: 'INVALID_STATE' };
    const now = this.clock.now();
    await this.store.updateAccount(accountId, {
      passwordHash: null,
      status: account.status === 'disabled' ? 'disabled' : 'invited',
      failedAttempts: 0,
      lockedUntil: null,
    });
    await this.store.deleteSessionsOf(accountId);
    return { account, ...(await this.passwordLink(accountId, now)) };
  }

  /** A password from a one-time link: set, the account active, signed in (other sign-ins end). */
  async setPassword(input: { token: string; password: string }): Promise<SignedIn | Refusal> {
    const now = this.clock.now();
    const hash = sha256(input.token);
    const accountId = await this.store.tokenAccount(hash, 'set-password', now);
    const account = accountId ? await this.store.account(accountId) : undefined;
    if (!account || account.status === 'disabled') return { code: 'UNAUTHORIZED' };
    // A weak password leaves the link working: the person tries a better one.
    const problem = passwordProblem(input.password, account, this.options.isCommonPassword);
    if (problem) return { code: 'INVALID_PAYLOAD', field: 'password', problem };
    const used = await this.store.useToken(hash, 'set-password', now);
    if (used?.accountId !== account.id) return { code: 'UNAUTHORIZED' };
    await this.store.updateAccount(account.id, {
      passwordHash: await this.hasher.hash(input.password),
      status: 'active',
      failedAttempts: 0,
      lockedUntil: null,
      lastSignInAt: now,
    });
    await this.store.deleteSessionsOf(account.id);
    return this.startSession({ ...account, status: 'active' }, now);
  }

  /** The demo's therapist (DEMO_SESSION): made once, given a new password each run; the password. */
  async demoTherapist(email: string, name: string): Promise<{ account: StaffAccount; password: string }> {
    const password = randomBytes(12).toString('base64url');
    const now = this.clock.now();
    let account = await this.store.accountByEmail(email);
    if (!account) {
      account = {
        id: newId(),
        name,
        email,
        role: 'therapist',
        status: 'active',
        passwordHash: null,
        createdAt: now,
        lastSignInAt: null,
        failedAttempts: 0,
        lockedUntil: null,
      };
      await this.store.insertAccount(account);
    }
    await this.store.updateAccount(account.id, {
      passwordHash: await this.hasher.hash(password),
      status: 'active',
      failedAttempts: 0,
      lockedUntil: null,
    });
    return { account: { ...account, status: 'active' }, password };
  }
}
