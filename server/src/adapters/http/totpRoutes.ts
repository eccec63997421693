/**
 * 2-step sign-in over HTTP (the routes of shared/src/staff.ts): one's own authenticator (status,
 * set up, confirm, turn off) and the clinic setting that requires it for everyone (admins).
 * Secrets and recovery codes go to the person who asked, once, and never into a log.
 */
import express, { type Request } from 'express';
import {
  type ClinicSettings,
  type RecoveryCodes,
  type TotpSetup,
  type TotpStatus,
  clinicSettingsBody,
  fieldOf,
  totpConfirmBody,
  totpDisableBody,
} from '@circle/shared';
import type { StaffAccount } from '../../app/staffStore.js';
import type { StaffAction } from '../../domain/permissions.js';
import { HttpError } from './httpError.js';
import type { StaffRouteKit } from './staffRoutes.js';

export function totpRoutes(
  kit: StaffRouteKit,
  staffCaller: (req: Request, action: StaffAction) => Promise<StaffAccount>,
): express.Router {
  const { deps, wrap } = kit;
  const totp = deps.staff.totp;
  const logger = deps.logger;
  const router = express.Router();
  const auditAs = (account: StaffAccount, action: Parameters<StaffRouteKit['audit']>[1]) =>
    kit.audit({ kind: 'staff', account, role: null }, action, undefined, account.id);

  router.get(
    '/me/totp',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'me:totp');
      res.json((await totp.status(account.id)) satisfies TotpStatus);
    }),
  );

  router.post(
    '/me/totp/start',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'me:totp');
      const r = await totp.start(account);
      if ('code' in r) throw new HttpError(r.code as HttpError['code']);
      res.set('Cache-Control', 'no-store');
      res.json(r satisfies TotpSetup);
    }),
  );

  router.post(
    '/me/totp/confirm',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'me:totp');
      const body = totpConfirmBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const r = await totp.confirm(account, body.data.code);
      if ('code' in r) throw new HttpError(r.code as HttpError['code'], 'field' in r ? r.field : undefined);
      await auditAs(account, 'staff:totp-enable');
      logger.info({ accountId: account.id }, '2-step sign-in turned on');
      res.set('Cache-Control', 'no-store');
      res.json(r satisfies RecoveryCodes);
    }),
  );

  router.post(
    '/me/totp/disable',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'me:totp');
      const body = totpDisableBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const r = await totp.disable(account, body.data.password, body.data.code);
      if (typeof r !== 'string') throw new HttpError(r.code as HttpError['code'], 'field' in r ? r.field : undefined);
      if (r === 'recovery') await auditAs(account, 'staff:recovery-code-used');
      await auditAs(account, 'staff:totp-disable');
      logger.info({ accountId: account.id }, '2-step sign-in turned off');
      res.status(204).end();
    }),
  );

  router.get(
    '/clinic/settings',
    wrap(async (req, res) => {
      await staffCaller(req, 'settings:read');
      res.json({ requireTotp: await totp.requireTotp() } satisfies ClinicSettings);
    }),
  );

  router.put(
    '/clinic/settings',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'settings:write');
      const body = clinicSettingsBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      await totp.setRequireTotp(body.data.requireTotp);
      await kit.audit({ kind: 'staff', account, role: null }, 'clinic:settings', undefined, 'requireTotp');
      logger.info({ by: account.id, requireTotp: body.data.requireTotp }, 'clinic setting changed');
      res.json({ requireTotp: body.data.requireTotp } satisfies ClinicSettings);
    }),
  );

  return router;
}
