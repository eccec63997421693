/**
 * A real OpenID Connect provider for the tests (the `oidc-provider` package) on a free loopback port,
 * with one confidential client and a few accounts, and a browser stand-in that signs in at it with
 * plain HTTP requests: redirects followed by hand, cookies kept per origin, the provider's own login
 * and consent forms filled in and posted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface ProviderAccount {
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

/** A free loopback port (for Circle's PUBLIC_URL, which the provider must know as the redirect URI). */
export async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export async function startTestProvider(
  redirectUri: string,
  accounts: Record<string, ProviderAccount>,
): Promise<TestProvider> {
  // The provider needs its issuer (the port) first: the server answers 503 until it is made.
  const route: { handler?: ReturnType<Provider['callback']> } = {};
  const server = createServer((req, res) => {
    if (route.handler) void route.handler(req, res);
    else res.writeHead(503).end();
  });
  const port = await listen(server);
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'circle-test';
  const clientSecret = 'circle-test-secret-0123456789abcdef';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['circle-test-cookie-key'] },
    // Set, so the provider does not print a notice for each default.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, sub) => {
      const a = accounts[sub];
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: a.email, email_verified: a.emailVerified, name: a.name }),
      };
    },
  });
  route.handler = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's cookies, per origin (path and expiry ignored: enough for one sign-in). */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  header(url: string): string | undefined {
    const jar = this.byOrigin.get(new URL(url).origin);
    if (!jar || jar.size === 0) return undefined;
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(url: string, res: Response): void {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const m = /^([^=]+)=([^;]*)/.exec(c);
      if (!m) continue;
      const name = m[1]!;
      const value = m[2]!;
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    this.byOrigin.set(origin, jar);
  }

  set(url: string, name: string, value: string): void {
    const origin = new URL(url).origin;
    const jar = this.byOrigin.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.byOrigin.set(origin, jar);
  }

  get(url: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(url).origin)?.get(name);
  }
}

/** One request as a browser makes it: the jar's cookies sent, the answer's kept, no redirect followed. */
export async function browse(
  jar: CookieJar,
  url: string,
  init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const cookie = jar.header(url);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.origin = new URL(url).origin;
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    redirect: 'manual',
    ...(body ? { body } : {}),
  });
  jar.take(url, res);
  return res;
}

/** The first form of an HTML page: its action and its inputs' names and values. */
function formOf(html: string, pageUrl: string): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), pageUrl).href, fields };
}

/**
 * Sign in at the provider as `login`, from its authorization URL: follow its redirects, fill in its
 * login form (any password: the dev login checks none) and consent form, until it sends the browser
 * back to the client. Returns that callback URL (not opened).
 */
export async function signInAtProvider(jar: CookieJar, authorizationUrl: string, login: string): Promise<string> {
  const issuerOrigin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  let next: { method: 'GET' | 'POST'; form?: Record<string, string> } = { method: 'GET' };
  for (let step = 0; step < 12; step++) {
    const res = await browse(jar, url, next);
    if (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.get('location') ?? '', url).href;
      if (new URL(location).origin !== issuerOrigin) return location;
      url = location;
      next = { method: 'GET' };
      continue;
    }
    const html = await res.text();
    const form = formOf(html, url);
    if (res.status !== 200 || !form) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
    if ('login' in form.fields) {
      form.fields.login = login;
      form.fields.password = 'any';
    }
    url = form.action;
    next = { method: 'POST', form: form.fields };
  }
  throw new Error('the provider did not send the browser back');
}
