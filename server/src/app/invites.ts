import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an invite token carries: the session, the invite (= participant) id, and its expiry. */
export interface InviteClaims {
  sessionId: string;
  inviteId: string;
  expiresAt: number;
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function signInvite(secret: string, claims: InviteClaims): string {
  const body = b64(JSON.stringify({ s: claims.sessionId, i: claims.inviteId, e: claims.expiresAt }));
  return `${body}.${mac(secret, body)}`;
}

/** The claims of a well-signed, unexpired token, or null. Revocation is checked against the room. */
export function verifyInvite(secret: string, token: string, now: number): InviteClaims | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 1024) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      s?: unknown;
      i?: unknown;
      e?: unknown;
    };
    if (typeof raw.s !== 'string' || typeof raw.i !== 'string' || typeof raw.e !== 'number') return null;
    if (raw.e <= now) return null;
    return { sessionId: raw.s, inviteId: raw.i, expiresAt: raw.e };
  } catch {
    return null;
  }
}
