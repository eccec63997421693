/**
 * Single sign-on with OpenID Connect: a browser's attempt (state, nonce and PKCE verifier kept here,
 * keyed by a random id in a short-lived httpOnly cookie), the provider's verified identity mapped to
 * a staff account by an administrator's approval, then the same cookie session as a password
 * sign-in. Results are data (`{ outcome }`), never thrown; the HTTP adapter maps them to redirects
 * and writes the audit log. The provider itself is behind the `OidcPort` (adapters/auth/OidcClient.ts).
 */
import { randomBytes } from 'node:crypto';
import type { ApproveSsoBody, SsoOutcome } from '@circle/shared';
import type { Clock } from './clock.js';
import type { SignedIn, StaffAuth } from './StaffAuth.js';
import type { StaffAccount, StaffStore } from './staffStore.js';

/** What must be kept between sending the browser to the provider and its coming back. */
export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the provider says signed in (from the checked ID token, and its userinfo). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

/** The provider could not be reached (discovery, token endpoint): try again later. */
export class OidcUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcUnavailableError';
  }
}

export interface OidcPort {
  /** The provider's authorization URL for a new attempt (code + PKCE S256 + state + nonce). Throws OidcUnavailableError. */
  begin(): Promise<{ url: string; flow: OidcFlow }>;
  /** Check the provider's answer (the callback URL) against the flow: the identity; throws when it does not check out. */
  finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity>;
}

export type SsoStatus = 'pending' | 'approved' | 'declined';

export interface SsoIdentity {
  id: string;
  issuer: string;
  subject: string;
  email: string;
  name: string;
  status: SsoStatus;
  accountId: string | null;
  requestedAt: number;
}

export interface SsoStore {
  identity(issuer: string, subject: string): Promise<SsoIdentity | undefined>;
  identityById(id: string): Promise<SsoIdentity | undefined>;
  pending(): Promise<SsoIdentity[]>;
  /** A new pending request, or an existing identity asked again (pending again unless approved). */
  request(i: Omit<SsoIdentity, 'status' | 'accountId'>): Promise<SsoIdentity>;
  /** Decide a pending request (false: it was not pending). */
  decide(
    id: string,
    status: 'approved' | 'declined',
    accountId: string | null,
    by: string,
    at: number,
  ): Promise<boolean>;
}

/** How long a browser has to come back from the provider. */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;
/** Attempts in flight remembered at most (the oldest forgotten first). */
const MAX_FLOWS = 10_000;

export type SsoCallbackResult =
  | { outcome: 'signed-in'; signed: SignedIn; identityId: string }
  | { outcome: SsoOutcome; identityId?: string; accountId?: string };

export type ApproveResult =
  | { accountId: string; created: boolean }
  | { code: 'NOT_FOUND' | 'INVALID_STATE' | 'FORBIDDEN' }
  | {
      code: 'INVALID_PAYLOAD';
      field: string;
    };

const newId = () => randomBytes(9).toString('base64url');

export class StaffSso {
  private readonly flows = new Map<string, { flow: OidcFlow; expiresAt: number }>();

  constructor(
    private readonly port: OidcPort,
    private readonly store: SsoStore,
    private readonly staff: StaffStore,
    private readonly auth: StaffAuth,
    private readonly clock: Clock,
  ) {}

  /** A new attempt: the id for the browser's cookie and where to send it; or `unavailable`. */
  async start(): Promise<{ flowId: string; url: string } | { outcome: 'unavailable' }> {
    let begun: { url: string; flow: OidcFlow };
    try {
      begun = await this.port.begin();
    } catch (err) {
      if (err instanceof OidcUnavailableError) return { outcome: 'unavailable' };
      throw err;
    }
    const now = this.clock.now();
    for (const [id, f] of this.flows) if (f.expiresAt <= now) this.flows.delete(id);
    if (this.flows.size >= MAX_FLOWS) {
      const oldest = this.flows.keys().next().value;
      if (oldest !== undefined) this.flows.delete(oldest);
    }
    const flowId = randomBytes(24).toString('base64url');
    this.flows.set(flowId, { flow: begun.flow, expiresAt: now + OIDC_FLOW_TTL_MS });
    return { flowId, url: begun.url };
  }

  /**
   * The browser is back from the provider. The flow is used once (a replay finds nothing). A verified
   * email is required; an identity an administrator approved signs in to its account if that account
   * is active; any other identity is (again) a pending request.
   */
  async callback(flowId: string | undefined, callbackUrl: URL): Promise<SsoCallbackResult> {
    const kept = flowId === undefined ? undefined : this.flows.get(flowId);
    if (flowId !== undefined) this.flows.delete(flowId);
    if (!kept || kept.expiresAt <= this.clock.now()) return { outcome: 'failed' };
    let who: OidcIdentity;
    try {
      who = await this.port.finish(callbackUrl, kept.flow);
    } catch (err) {
      if (err instanceof OidcUnavailableError) return { outcome: 'unavailable' };
      return { outcome: 'failed' };
    }
    if (!who.email || !who.emailVerified) return { outcome: 'unverified' };
    const now = this.clock.now();
    const known = await this.store.identity(who.issuer, who.subject);
    if (known?.status === 'approved' && known.accountId) {
      const account = await this.staff.account(known.accountId);
      if (account?.status !== 'active') return { outcome: 'refused', identityId: known.id, accountId: known.accountId };
      const signed = await this.auth.startSsoSession(account);
      return { outcome: 'signed-in', signed, identityId: known.id };
    }
    const asked = await this.store.request({
      id: known?.id ?? newId(),
      issuer: who.issuer,
      subject: who.subject,
      email: who.email.toLowerCase(),
      name: (who.name ?? '').trim().slice(0, 80) || who.email,
      requestedAt: now,
    });
    return { outcome: 'pending', identityId: asked.id };
  }

  /** Requests waiting for an administrator, each with the account its email matches (if any). */
  async pending(): Promise<{ request: SsoIdentity; account: StaffAccount | undefined }[]> {
    const rows = await this.store.pending();
    return Promise.all(
      rows.map(async (request) => ({ request, account: await this.staff.accountByEmail(request.email) })),
    );
  }

  /**
   * Approve a pending request: a new active account with `role` (the provider's name and email), or a
   * link to an existing account that is not disabled (an invited one becomes active: it signs in with
   * single sign-on, without a password). The person then signs in again.
   */
  async approve(id: string, body: ApproveSsoBody, by: StaffAccount): Promise<ApproveResult> {
    const request = await this.store.identityById(id);
    if (!request) return { code: 'NOT_FOUND' };
    if (request.status !== 'pending') return { code: 'INVALID_STATE' };
    const now = this.clock.now();
    let accountId: string;
    let created = false;
    if ('accountId' in body) {
      const account = await this.staff.account(body.accountId);
      if (!account) return { code: 'NOT_FOUND' };
      if (account.status === 'disabled') return { code: 'INVALID_STATE' };
      // The owner's account answers to its own approval only: an administrator cannot give an identity of theirs the owner's rights.
      if (account.role === 'owner' && by.role !== 'owner') return { code: 'FORBIDDEN' };
      if (account.status === 'invited') await this.staff.updateAccount(account.id, { status: 'active' });
      accountId = account.id;
    } else {
      const account: StaffAccount = {
        id: newId(),
        name: request.name,
        email: request.email,
        role: body.role,
        status: 'active',
        passwordHash: null,
        createdAt: now,
        lastSignInAt: null,
        failedAttempts: 0,
        lockedUntil: null,
      };
      // The email has an account already: link to it instead.
      if (!(await this.staff.insertAccount(account))) return { code: 'INVALID_PAYLOAD', field: 'email' };
      accountId = account.id;
      created = true;
    }
    if (!(await this.store.decide(id, 'approved', accountId, `staff:${by.id}`, now))) return { code: 'INVALID_STATE' };
    return { accountId, created };
  }

  async decline(id: string, by: string): Promise<{ ok: true } | { code: 'NOT_FOUND' | 'INVALID_STATE' }> {
    const request = await this.store.identityById(id);
    if (!request) return { code: 'NOT_FOUND' };
    if (!(await this.store.decide(id, 'declined', null, by, this.clock.now()))) return { code: 'INVALID_STATE' };
    return { ok: true };
  }
}
