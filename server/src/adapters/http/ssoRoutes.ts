/**
 * Single sign-on over HTTP (the routes of shared/src/staff.ts marked OIDC): the public options, the
 * two browser navigations to and back from the provider (answered with redirects, never JSON: a
 * person is looking at them), and the administrator's pending requests. The attempt's id travels in
 * a short-lived httpOnly cookie scoped to these paths; state, nonce and the PKCE verifier stay here.
 */
import express, { type Request, type Response } from 'express';
import {
  type AuthOptions,
  type SsoApproved,
  type SsoOutcome,
  type SsoRequests,
  approveSsoBody,
  fieldOf,
} from '@circle/shared';
import { OIDC_FLOW_TTL_MS, type StaffSso } from '../../app/StaffSso.js';
import type { StaffAccount } from '../../app/staffStore.js';
import { staffCan } from '../../domain/permissions.js';
import type { Caller } from './httpApp.js';
import { HttpError } from './httpError.js';
import { STAFF_COOKIE, cookieValue, setStaffCookie } from './staffCookie.js';
import type { StaffRouteKit } from './staffRoutes.js';

export const OIDC_FLOW_COOKIE = 'circle_oidc';
const FLOW_COOKIE_PATH = '/api/auth/oidc';

export function ssoRoutes(kit: StaffRouteKit): express.Router {
  const { deps, wrap, audit } = kit;
  const { auth } = deps.staff;
  const sso = deps.staff.sso;
  const logger = deps.logger;
  const secure = deps.publicUrl.startsWith('https:');
  const router = express.Router();
  const asStaff = (account: StaffAccount): Caller => ({ kind: 'staff', account, role: null });
  const backToSignIn = (res: Response, outcome: SsoOutcome) => res.redirect(302, `/signin?sso=${outcome}`);

  router.get(
    '/auth/options',
    wrap(async (_req, res) => {
      res.json({ sso: sso !== undefined } satisfies AuthOptions);
    }),
  );

  router.get(
    '/auth/oidc/start',
    wrap(async (_req, res) => {
      if (!sso) return void backToSignIn(res, 'off');
      const r = await sso.start();
      if ('outcome' in r) return void backToSignIn(res, r.outcome);
      // SameSite=Lax: sent on the provider's top-level redirect back to the callback, not on cross-site posts.
      res.cookie(OIDC_FLOW_COOKIE, r.flowId, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: FLOW_COOKIE_PATH,
        maxAge: OIDC_FLOW_TTL_MS,
      });
      res.redirect(302, r.url);
    }),
  );

  router.get(
    '/auth/oidc/callback',
    wrap(async (req, res) => {
      if (!sso) return void backToSignIn(res, 'off');
      const flowId = cookieValue(req.headers.cookie, OIDC_FLOW_COOKIE);
      res.clearCookie(OIDC_FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: FLOW_COOKIE_PATH });
      // The URL the provider redirected to, as registered (PUBLIC_URL), with its query (code, state, iss).
      const callbackUrl = new URL(`${deps.publicUrl}/api/auth/oidc/callback`);
      callbackUrl.search = new URL(req.originalUrl, 'http://x').search;
      const r = await sso.callback(flowId, callbackUrl);
      if (r.outcome === 'signed-in') {
        // Rotation, as at a password sign-in: this browser's old session ends.
        await auth.endSession(cookieValue(req.headers.cookie, STAFF_COOKIE));
        setStaffCookie(res, r.signed.token, auth.absoluteMs, secure);
        await audit(asStaff(r.signed.account), 'staff:sso-login', undefined, r.signed.account.id);
        return void res.redirect(302, '/home');
      }
      if (r.outcome === 'pending') {
        await deps.records.audit({ actor: 'anonymous', action: 'staff:sso-requested', targetId: r.identityId });
        logger.info({ identityId: r.identityId }, 'single sign-on waits for approval');
      } else {
        await deps.records.audit({
          actor: r.accountId ? `staff:${r.accountId}` : 'anonymous',
          action: 'staff:sso-refused',
          ...(r.identityId === undefined ? {} : { targetId: r.identityId }),
        });
        logger.info({ identityId: r.identityId, accountId: r.accountId, outcome: r.outcome }, 'single sign-on refused');
      }
      backToSignIn(res, r.outcome);
    }),
  );

  /** A signed-in administrator (the permission table's `staff:sso`), with single sign-on configured. */
  const admin = async (req: Request): Promise<{ caller: StaffAccount; sso: StaffSso }> => {
    const signed = await kit.staffOf(req);
    if (!signed) throw new HttpError('UNAUTHORIZED');
    if (!staffCan(signed.account.role, 'staff:sso')) throw new HttpError('FORBIDDEN');
    if (!sso) throw new HttpError('NOT_FOUND');
    return { caller: signed.account, sso };
  };

  router.get(
    '/staff/sso',
    wrap(async (req, res) => {
      const rows = await (await admin(req)).sso.pending();
      res.json({
        requests: rows.map(({ request, account }) => ({
          id: request.id,
          email: request.email,
          name: request.name,
          requestedAt: new Date(request.requestedAt).toISOString(),
          accountId: account?.id ?? null,
        })),
      } satisfies SsoRequests);
    }),
  );

  router.post(
    '/staff/sso/:id/approve',
    wrap(async (req, res) => {
      const { caller, sso } = await admin(req);
      const id = kit.pathId(req, 'id');
      const body = approveSsoBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const r = await sso.approve(id, body.data, caller);
      if ('code' in r) throw new HttpError(r.code, 'field' in r ? r.field : undefined);
      if (r.created) await audit(asStaff(caller), 'staff:add', undefined, r.accountId);
      await audit(asStaff(caller), 'staff:sso-approve', undefined, id);
      logger.info({ identityId: id, accountId: r.accountId, by: caller.id }, 'single sign-on approved');
      res.json({ accountId: r.accountId } satisfies SsoApproved);
    }),
  );

  router.post(
    '/staff/sso/:id/decline',
    wrap(async (req, res) => {
      const { caller, sso } = await admin(req);
      const id = kit.pathId(req, 'id');
      const r = await sso.decline(id, `staff:${caller.id}`);
      if ('code' in r) throw new HttpError(r.code);
      await audit(asStaff(caller), 'staff:sso-decline', undefined, id);
      logger.info({ identityId: id, by: caller.id }, 'single sign-on declined');
      res.status(204).end();
    }),
  );

  return router;
}
