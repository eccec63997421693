/**
 * The staff session cookie and the same-origin check (CSRF) for requests a browser makes with it.
 */
import type { Request, Response } from 'express';

export const STAFF_COOKIE = 'circle_staff';

/** One cookie's value from a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

/** httpOnly (no script reads it), SameSite=Lax, the whole site, Secure when Circle is served over https. */
export function setStaffCookie(res: Response, token: string, maxAgeMs: number, secure: boolean): void {
  res.cookie(STAFF_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: maxAgeMs });
}

export function clearStaffCookie(res: Response, secure: boolean): void {
  res.clearCookie(STAFF_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure });
}

const originOf = (url: string): string | undefined => {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
};

/**
 * Whether the request comes from Circle's own pages: its Origin (or, without one, its Referer) is
 * PUBLIC_URL's origin, or, behind a trusted proxy (TRUST_PROXY), the origin the request was made to.
 */
export function sameOrigin(req: Request, publicUrl: string, behindProxy: boolean): boolean {
  const given = req.get('origin') ?? (req.get('referer') ? originOf(req.get('referer') ?? '') : undefined);
  if (!given || given === 'null') return false;
  if (given === originOf(publicUrl)) return true;
  if (!behindProxy) return false;
  const own = req.host ? originOf(`${req.protocol}://${req.host}`) : undefined;
  return own !== undefined && given === own;
}
