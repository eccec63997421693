/**
 * Staff accounts over HTTP (the routes of shared/src/staff.ts): setup, sign-in and out, the staff
 * list (admins), the clinician's own sessions and entering one as its therapist, the audit log.
 * Every route reads the caller from the staff cookie only: an invitation token never reaches them.
 */
import express, { type Request, type Response } from 'express';
import {
  type AuditPage,
  type Me,
  type MySession,
  type MySessions,
  type RoomEntry,
  type LiveSessions,
  type StaffLink,
  type StaffList,
  addStaffBody,
  auditQuery,
  fieldOf,
  loginBody,
  setPasswordBody,
  setupBody,
} from '@circle/shared';
import type { AuditAction } from '../../app/records.js';
import type { RoomActor } from '../../app/RoomActor.js';
import type { IssuedInvite } from '../../app/Sessions.js';
import { type SignedIn, meOf } from '../../app/StaffAuth.js';
import type { StaffAccount } from '../../app/staffStore.js';
import { OPEN_BEFORE_ENROLMENT, type StaffAction, type TokenAction, staffCan } from '../../domain/permissions.js';
import type { Caller, HttpDeps } from './httpApp.js';
import { HttpError, RateLimited } from './httpError.js';
import { STAFF_COOKIE, clearStaffCookie, cookieValue, setStaffCookie } from './staffCookie.js';
import { totpRoutes } from './totpRoutes.js';

export interface StaffRouteKit {
  deps: HttpDeps;
  wrap: (fn: (req: Request, res: Response) => Promise<void>) => express.RequestHandler;
  audit: (caller: Caller, action: AuditAction, sessionId?: string, targetId?: string) => Promise<void>;
  staffOf: (req: Request) => Promise<{ account: StaffAccount; sessionId: string } | undefined>;
  actorFor: (req: Request) => Promise<RoomActor | undefined>;
  pathId: (req: Request, name: string) => string;
  /** The admin token or a live API token in the Authorization header (401: an unknown API token); else undefined. */
  serviceCallerOf: (req: Request) => Promise<(Caller & { kind: 'admin' | 'token' }) | undefined>;
  /** 403 for an API token without the scope the permission table names. */
  requireScope: (caller: Caller, action: TokenAction) => void;
}

const AUDIT_PAGE_ROWS = 50;
/** An invitation with less than this left is not handed out again by Start: a new one is made. */
const START_INVITE_MIN_LEFT_MS = 60 * 60_000;

/**
 * This account's own invitation to the room in `role` (bound to the account: the socket needs its
 * sign-in too), made once and reused while it has time left; a name another invitation holds
 * falls back to the name with the role.
 */
export async function boundRoomEntry(
  deps: HttpDeps,
  actor: RoomActor,
  account: StaffAccount,
  role: 'therapist' | 'supervisor',
): Promise<IssuedInvite> {
  const now = deps.clock.now();
  const own = Object.values(actor.snapshot.invites).find(
    (i) => i.role === role && i.accountId === account.id && !i.revoked && i.expiresAt - now > START_INVITE_MIN_LEFT_MS,
  );
  const issued = own && deps.sessions.issued(actor.sessionId, own);
  if (issued) return issued;
  let made = await deps.sessions.invite(actor, role, account.name, account.id);
  if ('code' in made && made.code === 'NAME_TAKEN') {
    made = await deps.sessions.invite(actor, role, `${account.name} (${role})`, account.id);
  }
  if ('code' in made) throw new HttpError(made.code);
  return made;
}

/** The signed-in account, allowed `action` by the permission table; 401 without a session, 403 without the right. */
export async function requireStaff(kit: StaffRouteKit, req: Request, action: StaffAction): Promise<StaffAccount> {
  const signed = await kit.staffOf(req);
  if (!signed) throw new HttpError('UNAUTHORIZED');
  if (!staffCan(signed.account.role, action)) {
    kit.deps.logger.warn({ accountId: signed.account.id, role: signed.account.role, action }, 'forbidden staff call');
    throw new HttpError('FORBIDDEN');
  }
  if (!OPEN_BEFORE_ENROLMENT.includes(action) && (await kit.deps.staff.totp.enrolmentDue(signed.account.id))) {
    throw new HttpError('TOTP_REQUIRED');
  }
  return signed.account;
}

export function staffRoutes(kit: StaffRouteKit): express.Router {
  const { deps, wrap, audit } = kit;
  const { auth, store } = deps.staff;
  const logger = deps.logger;
  const secure = deps.publicUrl.startsWith('https:');
  const router = express.Router();

  const asStaff = (account: StaffAccount): Caller => ({ kind: 'staff', account, role: null });
  const auditAs = async (actor: string, action: AuditAction, targetId?: string) => {
    // The same write as `audit`, with an actor that is not a caller (a failed sign-in).
    await deps.records.audit({ actor, action, ...(targetId === undefined ? {} : { targetId }) });
  };

  const boundEntry = (actor: RoomActor, account: StaffAccount, role: 'therapist' | 'supervisor') =>
    boundRoomEntry(deps, actor, account, role);

  const staffCaller = (req: Request, action: StaffAction) => requireStaff(kit, req, action);

  /** Who is signed in, with the state of their 2-step sign-in. */
  const meAnswer = async (account: StaffAccount): Promise<Me> => {
    const status = await deps.staff.totp.status(account.id);
    return { ...meOf(account), twoStep: { enabled: status.enabled, due: status.required && !status.enabled } };
  };

  /** Signed in: this browser's old session (if any) is dropped, the new one set (rotation). */
  const signIn = async (req: Request, res: Response, signed: SignedIn) => {
    await auth.endSession(cookieValue(req.headers.cookie, STAFF_COOKIE));
    setStaffCookie(res, signed.token, auth.absoluteMs, secure);
  };

  const refuse = (r: { code: string; field?: string; retryAfterMs?: number }): never => {
    if (r.code === 'RATE_LIMITED') throw new RateLimited(r.retryAfterMs ?? 60_000);
    throw new HttpError(r.code as HttpError['code'], r.field);
  };

  router.post(
    '/setup',
    wrap(async (req, res) => {
      const body = setupBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const r = await auth.setup(body.data);
      if ('code' in r) return refuse(r);
      await audit(asStaff(r.account), 'staff:setup', undefined, r.account.id);
      await signIn(req, res, r);
      logger.info({ accountId: r.account.id }, 'clinic set up: owner account created');
      res.status(201).json(meOf(r.account));
    }),
  );

  router.post(
    '/auth/login',
    wrap(async (req, res) => {
      const body = loginBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const r = await auth.login(body.data, req.ip ?? 'unknown');
      if ('code' in r) {
        await auditAs(r.accountId ? `staff:${r.accountId}` : 'anonymous', 'staff:login-failed', r.accountId);
        logger.info({ accountId: r.accountId, code: r.code }, 'sign-in refused');
        return refuse(r);
      }
      if (r.usedRecoveryCode) await audit(asStaff(r.account), 'staff:recovery-code-used', undefined, r.account.id);
      await audit(asStaff(r.account), 'staff:login', undefined, r.account.id);
      await signIn(req, res, r);
      res.json(await meAnswer(r.account));
    }),
  );

  router.post(
    '/auth/logout',
    wrap(async (req, res) => {
      const signed = await kit.staffOf(req);
      await auth.endSession(cookieValue(req.headers.cookie, STAFF_COOKIE));
      if (signed) await audit(asStaff(signed.account), 'staff:logout', undefined, signed.account.id);
      clearStaffCookie(res, secure);
      res.status(204).end();
    }),
  );

  router.post(
    '/auth/logout-everywhere',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'me:read');
      await auth.endAllSessions(account.id);
      await deps.staff.disconnectAccount(account.id);
      await audit(asStaff(account), 'staff:logout-everywhere', undefined, account.id);
      clearStaffCookie(res, secure);
      res.status(204).end();
    }),
  );

  router.post(
    '/auth/password',
    wrap(async (req, res) => {
      const body = setPasswordBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const r = await auth.setPassword(body.data);
      if ('code' in r) return refuse(r);
      await audit(asStaff(r.account), 'staff:set-password', undefined, r.account.id);
      await signIn(req, res, r);
      res.json(meOf(r.account));
    }),
  );

  router.get(
    '/me',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'me:read');
      res.json(await meAnswer(account));
    }),
  );

  router.get(
    '/staff',
    wrap(async (req, res) => {
      await staffCaller(req, 'staff:list');
      const staff = await auth.list();
      res.json({
        staff: staff.map((a) => ({
          id: a.id,
          name: a.name,
          email: a.email,
          role: a.role,
          status: a.status,
          lastSignInAt: a.lastSignInAt === null ? null : new Date(a.lastSignInAt).toISOString(),
        })),
      } satisfies StaffList);
    }),
  );

  router.post(
    '/staff',
    wrap(async (req, res) => {
      const caller = await staffCaller(req, 'staff:add');
      const body = addStaffBody.safeParse(req.body);
      if (!body.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(body.error));
      const r = await auth.add(body.data);
      if ('code' in r) return refuse(r);
      await audit(asStaff(caller), 'staff:add', undefined, r.account.id);
      logger.info({ accountId: r.account.id, role: r.account.role, by: caller.id }, 'staff account added');
      res.status(201).json({
        id: r.account.id,
        setPasswordUrl: r.url,
        expiresAt: new Date(r.expiresAt).toISOString(),
      } satisfies StaffLink);
    }),
  );

  router.post(
    '/staff/:id/disable',
    wrap(async (req, res) => {
      const caller = await staffCaller(req, 'staff:disable');
      const id = kit.pathId(req, 'id');
      if (id === caller.id) throw new HttpError('INVALID_STATE');
      const r = await auth.disable(id);
      if ('code' in r) return refuse(r);
      // Its room connections end now too: an account-bound invitation needs a live session to come back.
      await deps.staff.disconnectAccount(id);
      await audit(asStaff(caller), 'staff:disable', undefined, id);
      logger.info({ accountId: id, by: caller.id }, 'staff account disabled');
      res.status(204).end();
    }),
  );

  router.post(
    '/staff/:id/reset',
    wrap(async (req, res) => {
      const caller = await staffCaller(req, 'staff:reset');
      const id = kit.pathId(req, 'id');
      if (id === caller.id) throw new HttpError('INVALID_STATE');
      const r = await auth.reset(id);
      if ('code' in r) return refuse(r);
      await deps.staff.totp.resetByAdmin(id);
      await deps.staff.disconnectAccount(id);
      await audit(asStaff(caller), 'staff:reset', undefined, id);
      logger.info({ accountId: id, by: caller.id }, 'staff access reset');
      res.json({ id, setPasswordUrl: r.url, expiresAt: new Date(r.expiresAt).toISOString() } satisfies StaffLink);
    }),
  );

  router.get(
    '/my/sessions',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'sessions:mine');
      const rows = await store.ownedSessions(account.role === 'supervisor' ? null : account.id);
      const now = deps.clock.now();
      const live = new Map(deps.sessions.live().map((a) => [a.sessionId, a]));
      const upcoming: MySession[] = [];
      const past: MySession[] = [];
      for (const r of rows) {
        const actor = live.get(r.id);
        const ended = r.endedAt !== null || (actor?.snapshot.endedAt ?? null) !== null;
        const connected = actor ? Object.values(actor.snapshot.participants).some((p) => p.connected) : false;
        const status = ended ? 'ended' : connected ? 'live' : 'scheduled';
        const session: MySession = {
          id: r.id,
          title: r.title,
          startsAt: new Date(r.startsAt).toISOString(),
          durationMinutes: r.durationMinutes,
          status,
          members: r.members,
        };
        const over = r.startsAt + r.durationMinutes * 60_000 <= now;
        if (status === 'ended' || (status === 'scheduled' && over)) past.push(session);
        else upcoming.push(session);
      }
      upcoming.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      res.json({ upcoming, past } satisfies MySessions);
    }),
  );

  router.post(
    '/sessions/:id/start',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'session:start');
      const actor = await kit.actorFor(req);
      if (!actor) throw new HttpError('NOT_FOUND');
      if (actor.snapshot.ownerAccountId !== account.id) throw new HttpError('FORBIDDEN');
      if (actor.snapshot.endedAt !== null) throw new HttpError('SESSION_ENDED');
      const entry = await boundEntry(actor, account, 'therapist');
      await audit(asStaff(account), 'session:start', actor.sessionId, entry.inviteId);
      logger.info({ sessionId: actor.sessionId, accountId: account.id, inviteId: entry.inviteId }, 'session started');
      res.json({ joinUrl: entry.url } satisfies RoomEntry);
    }),
  );

  router.get(
    '/supervision/live',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'supervision:live');
      await audit(asStaff(account), 'supervision:view');
      res.json({ sessions: deps.liveSessions?.() ?? [] } satisfies LiveSessions);
    }),
  );

  router.post(
    '/sessions/:id/observe',
    wrap(async (req, res) => {
      const account = await staffCaller(req, 'session:observe');
      const actor = await kit.actorFor(req);
      if (!actor) throw new HttpError('NOT_FOUND');
      if (actor.snapshot.endedAt !== null) throw new HttpError('SESSION_ENDED');
      const entry = await boundEntry(actor, account, 'supervisor');
      await audit(asStaff(account), 'session:observe', actor.sessionId, entry.inviteId);
      logger.info({ sessionId: actor.sessionId, accountId: account.id, inviteId: entry.inviteId }, 'observing');
      res.json({ joinUrl: entry.url } satisfies RoomEntry);
    }),
  );

  router.get(
    '/audit',
    wrap(async (req, res) => {
      // An admin's cookie, the admin token, or an API token with audit:read.
      let caller: Caller | undefined = await kit.serviceCallerOf(req);
      if (caller) kit.requireScope(caller, 'audit:read');
      else caller = asStaff(await staffCaller(req, 'audit:read'));
      const q = auditQuery.safeParse(req.query);
      if (!q.success) throw new HttpError('INVALID_PAYLOAD', fieldOf(q.error));
      const rows = await store.auditPage(q.data, AUDIT_PAGE_ROWS + 1);
      const page = rows.slice(0, AUDIT_PAGE_ROWS);
      await audit(caller, 'audit:view');
      res.json({
        entries: page.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          actor: r.actor,
          action: r.action,
          sessionId: r.sessionId,
          targetId: r.targetId,
        })),
        next: rows.length > AUDIT_PAGE_ROWS ? (page[page.length - 1]?.id ?? null) : null,
      } satisfies AuditPage);
    }),
  );

  router.use(totpRoutes(kit, staffCaller));

  return router;
}
