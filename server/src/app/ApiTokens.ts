/**
 * API tokens for integrations: named, scoped, shown once (only the sha256 is stored), revocable,
 * with a last-used time written at most once a minute per token. Checked on every call from the
 * store, so a revoked token is refused at once on every node.
 */
import { randomBytes } from 'node:crypto';
import { API_TOKEN_PREFIX, type ApiScope } from '@circle/shared';
import type { Clock } from './clock.js';
import { sha256 } from './StaffAuth.js';

export interface ApiTokenRow {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdAt: number;
  /** The staff account that made it; null: ADMIN_TOKEN. */
  createdBy: string | null;
  createdByName: string | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** The port, over PostgreSQL in adapters/db/PgApiTokens.ts. */
export interface ApiTokenStore {
  insert(row: ApiTokenRow, hash: string): Promise<void>;
  list(): Promise<ApiTokenRow[]>;
  byHash(hash: string): Promise<ApiTokenRow | undefined>;
  /** Revoked (kept revoked at its first time); false: no such token. */
  revoke(id: string, at: number): Promise<boolean>;
  /** Set last_used_at to `at` unless it is already within `everyMs` of it. */
  touch(id: string, at: number, everyMs: number): Promise<void>;
}

/** The last-used time is written at most this often per token (each call would otherwise write). */
export const TOKEN_TOUCH_EVERY_MS = 60_000;
/** Longest accepted bearer value that may be an API token. */
const TOKEN_MAX_CHARS = 128;

const newId = () => randomBytes(9).toString('base64url');

export const isApiToken = (bearer: string) => bearer.startsWith(API_TOKEN_PREFIX);

export class ApiTokens {
  constructor(
    private readonly store: ApiTokenStore,
    private readonly clock: Clock,
  ) {}

  /** A new token: its row, and the token itself (to show once). */
  async create(input: {
    name: string;
    scopes: readonly ApiScope[];
    createdBy: string | null;
  }): Promise<{ row: ApiTokenRow; token: string }> {
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: ApiTokenRow = {
      id: newId(),
      name: input.name,
      scopes: [...input.scopes],
      createdAt: this.clock.now(),
      createdBy: input.createdBy,
      createdByName: null,
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.insert(row, sha256(token));
    return { row, token };
  }

  list(): Promise<ApiTokenRow[]> {
    return this.store.list();
  }

  revoke(id: string): Promise<boolean> {
    return this.store.revoke(id, this.clock.now());
  }

  /** The live (not revoked) token this bearer value is, or undefined; its last use noted. */
  async verify(bearer: string): Promise<ApiTokenRow | undefined> {
    if (!isApiToken(bearer) || bearer.length > TOKEN_MAX_CHARS) return undefined;
    const row = await this.store.byHash(sha256(bearer));
    if (!row || row.revokedAt !== null) return undefined;
    const now = this.clock.now();
    if (row.lastUsedAt === null || now - row.lastUsedAt >= TOKEN_TOUCH_EVERY_MS) {
      await this.store.touch(row.id, now, TOKEN_TOUCH_EVERY_MS);
    }
    return row;
  }
}
