/**
 * API tokens over HTTP (shared/src/staff.ts): an owner or admin (the cookie), or the bootstrap
 * ADMIN_TOKEN, lists, creates and revokes them. An API token never manages tokens.
 */
import express, { type Request } from 'express';
import { type ApiToken, type ApiTokenCreated, type ApiTokenList, createTokenBody, fieldOf } from '@circle/shared';
import type { ApiTokenRow } from '../../app/ApiTokens.js';
import { staffCan } from '../../domain/permissions.js';
import type { StaffRouteKit } from './staffRoutes.js';
import type { Caller } from './httpApp.js';
import { HttpError } from './httpError.js';

type TokenRouteKit = Pick<StaffRouteKit, 'deps' | 'wrap' | 'audit' | 'staffOf' | 'serviceCallerOf'>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const tokenOf = (r: ApiTokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  created: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy === null ? 'admin' : `staff:${r.createdBy}`,
  createdByName: r.createdByName,
  lastUsedAt: iso(r.lastUsedAt),
  revokedAt: iso(r.revokedAt),
});

export function tokenRoutes(kit: TokenRouteKit): express.Router {
  const { deps, wrap, audit } = kit;
  const { tokens } = deps;
  const logger = deps.logger;
  const router = express.Router();

  /** An owner or admin signed in (the cookie), or the admin token; 401 / 403 otherwise. */
  const manager = async (req: Request): Promise<Caller & { kind: 'admin' | 'staff' }> => {
    const service = await kit.serviceCallerOf(req);
    if (service?.kind === 'admin') return service;
    if (service) {
      logger.warn({ tokenId: service.tokenId }, 'an api token may not manage tokens');
      throw new HttpError('FORBIDDEN');
    }
    const signed = await kit.staffOf(req);
    if (!signed) throw new HttpError('UNAUTHORIZED');
    if (!staffCan(signed.account.role, 'tokens:manage')) {
      logger.warn({ accountId: signed.account.id }, 'forbidden token management');
      throw new HttpError('FORBIDDEN');
    }
    return { kind: 'staff', account: signed.account, role: null };
  };

  router.get(
    '/tokens',
    wrap(async (req, res) => {
      await manager(req);
      res.json({ tokens: (await tokens.list()).map(tokenOf) } satisfies ApiTokenList);
    }),
  );

  router.post(
    '/tokens',
    wrap(async (req, res) => {
      const caller = await manager(req);
      const body = createTokenBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const { row, token } = await tokens.create({
        name: body.data.name,
        scopes: body.data.scopes,
        createdBy: caller.kind === 'staff' ? caller.account.id : null,
      });
      await audit(caller, 'token:create', undefined, row.id);
      logger.info({ tokenId: row.id, scopes: row.scopes }, 'api token created');
      res.status(201).json({ id: row.id, token } satisfies ApiTokenCreated);
    }),
  );

  router.delete(
    '/tokens/:id',
    wrap(async (req, res) => {
      const caller = await manager(req);
      const id = req.params.id;
      if (typeof id !== 'string' || id.length > 64) throw new HttpError('INVALID_PAYLOAD', 'id');
      if (!(await tokens.revoke(id))) throw new HttpError('NOT_FOUND');
      await audit(caller, 'token:revoke', undefined, id);
      logger.info({ tokenId: id }, 'api token revoked');
      res.status(204).end();
    }),
  );

  return router;
}
