import fs from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  type ApiScope,
  type Role,
  createInviteBody,
  createSessionBody,
  fieldOf,
  idSchema,
  recordQuerySchema,
  type InviteCreated,
  type SessionCreated,
  type SessionDetail,
  type SessionRecordResponse,
} from '@circle/shared';
import type { StaffAuth } from '../../app/StaffAuth.js';
import type { StaffAccount, StaffStore } from '../../app/staffStore.js';
import type { StaffTotp } from '../../app/StaffTotp.js';
import { STAFF_COOKIE, cookieValue, sameOrigin } from './staffCookie.js';
import { staffRoutes } from './staffRoutes.js';
import { ssoRoutes } from './ssoRoutes.js';
import type { StaffSso } from '../../app/StaffSso.js';
import { tokenRoutes } from './tokenRoutes.js';
import { groupRoutes } from './groupRoutes.js';
import { memberRoutes } from './memberRoutes.js';
import type { Groups } from '../../app/Groups.js';
import { type ApiTokens, isApiToken } from '../../app/ApiTokens.js';
import { HttpError, RateLimited, sendError } from './httpError.js';
import type { Logger } from 'pino';
import type { Sessions } from '../../app/Sessions.js';
import type { RoomActor } from '../../app/RoomActor.js';
import type { Clock } from '../../app/clock.js';
import { recordCsv, sessionRecord } from '../../domain/record.js';
import type { AuditAction, Records } from '../../app/records.js';
import type { LiveSession } from '@circle/shared';
import { securityHeaders } from './security.js';
import { type HttpAction, type TokenAction, canCall, staffCan, tokenCan } from '../../domain/permissions.js';
import { byId } from '../../domain/roomState.js';
import { StoreUnavailableError } from '../store/RoomStore.js';

export interface HttpDeps {
  sessions: Sessions;
  adminToken: string;
  /** The address people open (for the CSP's WebSocket origin). */
  publicUrl: string;
  /** Express `trust proxy` (TRUST_PROXY): whose X-Forwarded-* headers to believe. */
  trustProxy: boolean | number | string;
  logger: Logger;
  clientDir: string | undefined;
  ready: () => Promise<boolean>;
  /** The audit log (who created, changed, viewed or exported what: ids only). */
  records: Records;
  /** GET /metrics and GET /api/health/sessions (operatorRoutes.ts), mounted before the API and the client. */
  operatorRoutes?: express.Router;
  /** POST /internal/backup for the operator's `npm run backup` (embedded database only; localBackup.ts). */
  localRoutes?: express.Router;
  clock: Clock;
  /** Staff accounts: sign-in, the cookie session, the clinician's home. */
  staff: StaffDeps;
  /** Every live session on this node with its health and open alerts (the supervisor's home). */
  liveSessions?: () => LiveSession[];
  /** API tokens for integrations (scoped; ADMIN_TOKEN stays, with every scope). */
  tokens: ApiTokens;
  /** Groups that meet for weeks (groupRoutes.ts, memberRoutes.ts); absent: those routes are not mounted. */
  groups?: Groups;
}

export interface StaffDeps {
  auth: StaffAuth;
  store: StaffStore;
  /** 2-step sign-in: the check, enrolment, the clinic's requirement. */
  totp: StaffTotp;
  /** Drop every live room connection of this account now (disabled, reset, signed out everywhere). */
  disconnectAccount: (accountId: string) => Promise<void>;
  /** Single sign-on (OIDC_ISSUER…); undefined: not configured. */
  sso?: StaffSso;
}

/**
 * Who is calling: the admin token, an API token (with its scopes), a participant's invitation token,
 * or a signed-in staff account (the cookie) acting as `role` in the session at hand (its therapist
 * for the sessions it owns).
 */
export type Caller =
  | { kind: 'admin' }
  | { kind: 'token'; tokenId: string; scopes: readonly ApiScope[] }
  | { kind: 'participant'; role: Role; participantId: string }
  | { kind: 'staff'; account: StaffAccount; role: Role | null };

export const auditActor = (c: Caller): string => {
  switch (c.kind) {
    case 'admin':
      return 'admin';
    case 'token':
      return `token:${c.tokenId}`;
    case 'staff':
      return `staff:${c.account.id}`;
    case 'participant':
      return `participant:${c.participantId}`;
  }
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createHttpApp(deps: HttpDeps): express.Express {
  const { sessions, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(securityHeaders(deps.publicUrl));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res, next) => {
    deps
      .ready()
      .then((ready) => res.status(ready ? 200 : 503).json({ ok: ready }))
      .catch(next);
  });
  if (deps.operatorRoutes) app.use(deps.operatorRoutes);
  if (deps.localRoutes) app.use(deps.localRoutes);

  const api = express.Router();
  // Answers carry invitation links and rosters: never cached by browsers or proxies.
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // A body is JSON in UTF-8 or nothing: any other content type is refused before it is read.
  api.use((req, _res, next) => {
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return next();
    if (req.headers['content-length'] === '0') return next();
    if (!req.is('application/json')) return next(new HttpError('UNSUPPORTED_MEDIA_TYPE'));
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return next(new HttpError('UNSUPPORTED_MEDIA_TYPE'));
    }
    next();
  });
  api.use(express.json({ limit: '16kb', strict: true }));

  // CSRF: a state-changing request a browser makes with the staff cookie (or to sign in) must come
  // from Circle's own pages. Bearer tokens are not sent by browsers on their own: not checked.
  const SIGN_IN_PATHS = new Set(['/setup', '/auth/login', '/auth/password']);
  api.use((req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    if (/^Bearer /.test(req.get('authorization') ?? '')) return next();
    const withCookie = cookieValue(req.headers.cookie, STAFF_COOKIE) !== undefined;
    if (!withCookie && !SIGN_IN_PATHS.has(req.path)) return next();
    if (!sameOrigin(req, deps.publicUrl, deps.trustProxy !== false)) {
      logger.warn({ path: req.path }, 'cross-origin request refused');
      return next(new HttpError('FORBIDDEN'));
    }
    next();
  });

  /** The signed-in staff account of this browser (the cookie), or undefined. */
  const staffOf = async (req: Request) => deps.staff.auth.signedIn(cookieValue(req.headers.cookie, STAFF_COOKIE));

  /** The admin token, or a live API token (401 for one that is unknown or revoked); undefined: neither. */
  const serviceCaller = async (token: string): Promise<(Caller & { kind: 'admin' | 'token' }) | undefined> => {
    if (sameSecret(token, deps.adminToken)) return { kind: 'admin' };
    if (!isApiToken(token)) return undefined;
    const row = await deps.tokens.verify(token);
    if (!row) throw new HttpError('UNAUTHORIZED');
    return { kind: 'token', tokenId: row.id, scopes: row.scopes };
  };
  /** The same, from the request's Authorization header. */
  const serviceCallerOf = async (req: Request) => {
    const m = /^Bearer (.{1,1024})$/.exec(req.get('authorization') ?? '');
    return m?.[1] ? serviceCaller(m[1]) : undefined;
  };

  /**
   * Who is calling: the admin token, an invite token of this session, or (no Authorization header)
   * the staff cookie: the therapist of the sessions its account owns, a supervisor of any session.
   */
  const callerOf = async (req: Request, actor: RoomActor | undefined): Promise<Caller> => {
    const header = req.get('authorization') ?? '';
    if (header === '' && req.headers.cookie !== undefined) {
      const signed = await staffOf(req);
      if (!signed) throw new HttpError('UNAUTHORIZED');
      const { account } = signed;
      if (await deps.staff.totp.enrolmentDue(account.id)) throw new HttpError('TOTP_REQUIRED');
      const role: Role | null =
        account.role === 'therapist' && actor?.snapshot.ownerAccountId === account.id
          ? 'therapist'
          : account.role === 'supervisor' && actor
            ? 'supervisor'
            : null;
      if (actor && role === null) throw new HttpError('FORBIDDEN');
      return { kind: 'staff', account, role };
    }
    const m = /^Bearer (.{1,1024})$/.exec(header);
    if (!m?.[1]) throw new HttpError('UNAUTHORIZED');
    const token = m[1];
    const service = await serviceCaller(token);
    if (service) return service;
    const claims = sessions.verify(token);
    if (!claims) throw new HttpError('UNAUTHORIZED');
    if (!actor || claims.sessionId !== actor.sessionId) throw new HttpError('FORBIDDEN');
    const invite = byId(actor.snapshot.invites, claims.inviteId);
    if (!invite || invite.revoked) throw new HttpError('UNAUTHORIZED');
    return { kind: 'participant', role: invite.role, participantId: invite.id };
  };

  /** An API token needs the scope the permission table names for `action` (the admin token has them all). */
  const requireScope = (caller: Caller, action: TokenAction) => {
    if (caller.kind === 'token' && !tokenCan(caller.scopes, action)) {
      logger.warn({ tokenId: caller.tokenId, action }, 'api token without the scope');
      throw new HttpError('FORBIDDEN');
    }
  };

  /** The admin may make every call; a participant, what the permission table gives their role; a token, its scopes. */
  const requireRole = (caller: Caller, action: HttpAction) => {
    requireScope(caller, action);
    if (caller.kind === 'participant' && !canCall(caller.role, action)) {
      logger.warn({ participantId: caller.participantId, role: caller.role }, 'forbidden http call');
      throw new HttpError('FORBIDDEN');
    }
    if (caller.kind === 'staff' && (caller.role === null || !canCall(caller.role, action))) {
      logger.warn({ accountId: caller.account.id, role: caller.role }, 'forbidden http call');
      throw new HttpError('FORBIDDEN');
    }
  };

  const actorFor = async (req: Request): Promise<RoomActor | undefined> => {
    const id = idSchema.safeParse(req.params.id);
    return id.success ? sessions.get(id.data) : undefined;
  };

  /** A path parameter that names a record: the shared id schema, or 400 naming the parameter. */
  const pathId = (req: Request, name: string): string => {
    const id = idSchema.safeParse(req.params[name]);
    if (!id.success) throw new HttpError('INVALID_PAYLOAD', name);
    return id.data;
  };

  const wrap =
    (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
      fn(req, res).catch(next);
    };

  /** Written before the answer is sent: an action the audit log cannot record is not done. */
  const audit = async (caller: Caller, action: AuditAction, sessionId?: string, targetId?: string) => {
    try {
      await deps.records.audit({
        actor: auditActor(caller),
        action,
        ...(sessionId === undefined ? {} : { sessionId }),
        ...(targetId === undefined ? {} : { targetId }),
      });
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  };

  api.post(
    '/sessions',
    wrap(async (req, res) => {
      const caller = await callerOf(req, undefined);
      if (caller.kind === 'participant') throw new HttpError('FORBIDDEN');
      if (caller.kind === 'staff' && !staffCan(caller.account.role, 'session:create')) throw new HttpError('FORBIDDEN');
      requireScope(caller, 'session:create');
      const body = createSessionBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const { state, therapist } = await sessions.create({
        title: body.data.title,
        durationMinutes: body.data.durationMinutes,
        maxMembers: body.data.maxMembers,
        ...(body.data.startsAt ? { startsAt: Date.parse(body.data.startsAt) } : {}),
        // A therapist's own session: its therapist link works only in a browser signed in as them.
        ...(caller.kind === 'staff'
          ? {
              ownerAccountId: caller.account.id,
              therapistAccountId: caller.account.id,
              therapistName: caller.account.name,
            }
          : {}),
      });
      await audit(caller, 'session:create', state.sessionId);
      logger.info({ sessionId: state.sessionId }, 'session created');
      res.status(201).json({ id: state.sessionId, therapistUrl: therapist.url } satisfies SessionCreated);
    }),
  );

  api.get(
    '/sessions/:id',
    wrap(async (req, res) => {
      const actor = await actorFor(req);
      const caller = await callerOf(req, actor);
      if (!actor) throw new HttpError('NOT_FOUND');
      requireRole(caller, 'session:read');
      await audit(caller, 'session:view', actor.sessionId);
      const s = actor.snapshot;
      res.json({
        id: s.sessionId,
        title: s.title,
        startsAt: new Date(s.startsAt).toISOString(),
        durationMinutes: s.durationMinutes,
        maxMembers: s.maxMembers,
        status: s.locked ? 'locked' : 'open',
        invites: Object.values(s.invites).map((i) => ({
          id: i.id,
          role: i.role,
          displayName: i.displayName,
          revoked: i.revoked,
          expiresAt: new Date(i.expiresAt).toISOString(),
        })),
        roster: Object.values(s.participants).map((p) => ({
          id: p.id,
          role: p.role,
          displayName: p.displayName,
          status: p.status,
          connected: p.connected,
        })),
      } satisfies SessionDetail);
    }),
  );

  api.get(
    '/sessions/:id/record',
    wrap(async (req, res) => {
      const actor = await actorFor(req);
      const caller = await callerOf(req, actor);
      if (!actor) throw new HttpError('NOT_FOUND');
      requireRole(caller, 'record:read');
      const format = recordQuerySchema.safeParse(req.query);
      if (!format.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(format.error));
      await audit(caller, 'record:export', actor.sessionId);
      const record = sessionRecord(actor.snapshot, deps.clock.now());
      const name = `circle-session-${actor.sessionId}`;
      res.set('Cache-Control', 'no-store');
      if (format.data.format === 'csv') {
        res.type('text/csv').attachment(`${name}.csv`).send(recordCsv(record));
      } else {
        res.attachment(`${name}.json`).json(record satisfies SessionRecordResponse);
      }
    }),
  );

  api.post(
    '/sessions/:id/invites',
    wrap(async (req, res) => {
      const actor = await actorFor(req);
      const caller = await callerOf(req, actor);
      if (!actor) throw new HttpError('NOT_FOUND');
      requireRole(caller, 'invite:create');
      const body = createInviteBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const invite = await sessions.invite(actor, body.data.role, body.data.displayName);
      if ('code' in invite) throw new HttpError(invite.code, invite.code === 'NAME_TAKEN' ? 'displayName' : undefined);
      await audit(caller, 'invite:create', actor.sessionId, invite.inviteId);
      logger.info({ sessionId: actor.sessionId, inviteId: invite.inviteId, role: invite.role }, 'invite created');
      res.status(201).json({ id: invite.inviteId, role: invite.role, url: invite.url } satisfies InviteCreated);
    }),
  );

  api.delete(
    '/sessions/:id/invites/:inviteId',
    wrap(async (req, res) => {
      const actor = await actorFor(req);
      const caller = await callerOf(req, actor);
      if (!actor) throw new HttpError('NOT_FOUND');
      requireRole(caller, 'invite:revoke');
      const inviteId = pathId(req, 'inviteId');
      if (caller.kind === 'participant' && caller.participantId === inviteId) throw new HttpError('FORBIDDEN');
      if (caller.kind === 'staff' && byId(actor.snapshot.invites, inviteId)?.accountId === caller.account.id) {
        throw new HttpError('FORBIDDEN');
      }
      const r = await actor.command({ type: 'revokeInvite', inviteId });
      if (!r.ok) throw new HttpError(r.code);
      await audit(caller, 'invite:revoke', actor.sessionId, inviteId);
      logger.info({ sessionId: actor.sessionId, inviteId }, 'invite revoked');
      res.status(204).end();
    }),
  );

  const staffKit = { deps, wrap, audit, staffOf, actorFor, pathId, serviceCallerOf, requireScope };
  api.use(staffRoutes(staffKit));
  api.use(ssoRoutes(staffKit));
  api.use(tokenRoutes({ deps, wrap, audit, staffOf, serviceCallerOf }));
  if (deps.groups) {
    api.use(groupRoutes({ ...staffKit, groups: deps.groups }));
    api.use(memberRoutes({ deps, wrap, groups: deps.groups }));
  }

  api.use((_req, res) => sendError(res, 'NOT_FOUND'));
  app.use('/api', api);

  if (deps.clientDir && fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(clientDir, 'index.html'));
    });
  }

  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    void next;
    if (res.headersSent) return;
    if (err instanceof RateLimited) res.set('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
    if (err instanceof HttpError) return sendError(res, err.code, err.field);
    // A store that cannot be reached: nothing was changed, the caller may try again (503).
    if (err instanceof StoreUnavailableError) return sendError(res, 'UNAVAILABLE');
    // The body parser's and router's own refusals (http-errors with a 4xx status): the caller's fault.
    const e = (typeof err === 'object' && err !== null ? err : {}) as { type?: unknown; status?: unknown };
    if (e.type === 'entity.too.large') return sendError(res, 'PAYLOAD_TOO_LARGE', '(body)');
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
      return sendError(res, 'UNSUPPORTED_MEDIA_TYPE', '(body)');
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, 'INVALID_PAYLOAD', '(body)');
    }
    logger.error({ err: err instanceof Error ? err.message.slice(0, 200) : typeof err }, 'http handler failed');
    sendError(res, 'INTERNAL');
  });

  return app;
}
