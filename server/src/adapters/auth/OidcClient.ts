/**
 * The OpenID Connect provider, through `openid-client`: discovery on first use (retried on the next
 * attempt when the provider cannot be reached, never at start), authorization code with PKCE (S256),
 * state and nonce; the ID token checked (signature, issuer, audience, nonce), the email from it or
 * from userinfo.
 */
import * as oidc from 'openid-client';
import type { OidcSettings } from '../../config.js';
import { type OidcFlow, type OidcIdentity, type OidcPort, OidcUnavailableError } from '../../app/StaffSso.js';

/** Seconds to wait for the provider on each request. */
const PROVIDER_TIMEOUT_S = 10;
const SCOPE = 'openid email profile';

export const oidcRedirectUri = (publicUrl: string) => `${publicUrl}/api/auth/oidc/callback`;

const errorName = (err: unknown) =>
  err instanceof Error
    ? `${err.name}${'code' in err ? ` ${String(err.code)}` : ''}: ${err.message.slice(0, 160)}`
    : 'unknown';

export class OpenIdClient implements OidcPort {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: string,
    private readonly onProblem: (what: string, detail: string) => void,
  ) {}

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        // http:// is accepted (by config) only for a provider on this machine: the tests' own.
        new URL(this.settings.issuer).protocol === 'http:'
          ? { execute: [oidc.allowInsecureRequests], timeout: PROVIDER_TIMEOUT_S }
          : { timeout: PROVIDER_TIMEOUT_S },
      )
      .catch((err: unknown) => {
        this.configuration = undefined;
        this.onProblem('discovery failed', errorName(err));
        throw new OidcUnavailableError(`the identity provider at ${this.settings.issuer} cannot be reached`);
      });
    return this.configuration;
  }

  async begin(): Promise<{ url: string; flow: OidcFlow }> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, flow: { state, nonce, codeVerifier } };
  }

  async finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity> {
    const config = await this.config();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      this.onProblem('sign-in answer refused', errorName(err));
      throw err;
    }
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    let email = typeof claims.email === 'string' ? claims.email : undefined;
    let verified = claims.email_verified === true;
    let name = typeof claims.name === 'string' ? claims.name : undefined;
    if (email === undefined) {
      // Many providers put the email in userinfo only (for the code flow): ask there, for this subject.
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = typeof info.email === 'string' ? info.email : undefined;
      verified = info.email_verified === true;
      name ??= typeof info.name === 'string' ? info.name : undefined;
    }
    return { issuer: claims.iss, subject: claims.sub, email, emailVerified: verified, name };
  }
}
