/**
 * Staff accounts as the rest of the server sees them: the port the staff service uses, implemented
 * over PostgreSQL (adapters/db/PgStaff.ts). Tokens appear here only as their sha256 hashes.
 */
import type { AuditQuery, StaffRole } from '@circle/shared';

export type StaffStatus = 'invited' | 'active' | 'disabled';
export type OneTimePurpose = 'setup' | 'set-password';

export interface StaffAccount {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  status: StaffStatus;
  passwordHash: string | null;
  createdAt: number;
  lastSignInAt: number | null;
  failedAttempts: number;
  lockedUntil: number | null;
}

export interface StaffSession {
  /** sha256 of the cookie's token. */
  id: string;
  accountId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface OwnedSession {
  id: string;
  title: string;
  startsAt: number;
  durationMinutes: number;
  endedAt: number | null;
  members: number;
}

export interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  sessionId: string | null;
  targetId: string | null;
}

export interface StaffStore {
  hasOwner(): Promise<boolean>;
  account(id: string): Promise<StaffAccount | undefined>;
  accountByEmail(email: string): Promise<StaffAccount | undefined>;
  accounts(): Promise<StaffAccount[]>;
  /** false: the email is taken. */
  insertAccount(account: StaffAccount): Promise<boolean>;
  updateAccount(
    id: string,
    patch: Partial<
      Pick<StaffAccount, 'passwordHash' | 'status' | 'lastSignInAt' | 'failedAttempts' | 'lockedUntil' | 'name'>
    >,
  ): Promise<void>;
  insertToken(t: {
    hash: string;
    purpose: OneTimePurpose;
    accountId: string | null;
    createdAt: number;
    expiresAt: number;
  }): Promise<void>;
  /** The account of a valid (unused, unexpired) token, without using it. */
  tokenAccount(hash: string, purpose: OneTimePurpose, now: number): Promise<string | undefined>;
  /** Mark a valid (unused, unexpired) token used, once: its account (null for setup), or undefined. */
  useToken(hash: string, purpose: OneTimePurpose, now: number): Promise<{ accountId: string | null } | undefined>;
  /** Unused tokens of this purpose (and account) stop working. */
  voidTokens(purpose: OneTimePurpose, accountId: string | null, now: number): Promise<void>;
  insertSession(s: StaffSession): Promise<void>;
  session(id: string): Promise<StaffSession | undefined>;
  touchSession(id: string, lastSeenAt: number): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteSessionsOf(accountId: string): Promise<void>;
  /** Sessions owned by the account; null: every session. Newest start first. */
  ownedSessions(accountId: string | null): Promise<OwnedSession[]>;
  /** The session's owner account, null when it has none, undefined when there is no such session. */
  sessionOwner(sessionId: string): Promise<string | null | undefined>;
  /** The invitations bound to this account (its own entries into rooms), on any node. */
  accountInvites(accountId: string): Promise<string[]>;
  auditPage(query: AuditQuery, limit: number): Promise<AuditRow[]>;
}
