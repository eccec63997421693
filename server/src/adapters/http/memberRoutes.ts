/**
 * The member's page over HTTP (no account: the personal link's token, from the URL fragment, in each
 * request body). A revoked, replaced or forged link is 401 INVITE_INVALID; a discharged member gets
 * the page, never a room. Rate-limited per client address like the other public routes.
 */
import express from 'express';
import {
  type MemberPage,
  type RoomEntry,
  memberAbsenceBody,
  memberRemindersBody,
  memberTokenBody,
} from '@circle/shared';
import type { Groups } from '../../app/Groups.js';
import type { AuditAction } from '../../app/records.js';
import { StoreUnavailableError } from '../store/RoomStore.js';
import { refusals } from './groupRoutes.js';
import type { HttpDeps } from './httpApp.js';
import { RateLimited, parseOr400 } from './httpError.js';
import type { StaffRouteKit } from './staffRoutes.js';

/** Requests per client address per window on the member routes. */
export const MEMBER_RATE = { requests: 60, windowMs: 60_000 } as const;

export interface MemberRouteKit {
  deps: HttpDeps;
  wrap: StaffRouteKit['wrap'];
  groups: Groups;
}

export function memberRoutes(kit: MemberRouteKit): express.Router {
  const { deps, groups } = kit;
  const logger = deps.logger;
  const router = express.Router();
  const route = (fn: Parameters<typeof refusals>[0]) => kit.wrap(refusals(fn));

  // A fixed window per address, on the injected clock: enough to stop guessing tokens or hammering the database.
  const windows = new Map<string, { start: number; count: number }>();
  router.use('/member', (req, _res, next) => {
    const now = deps.clock.now();
    const key = req.ip ?? 'unknown';
    let w = windows.get(key);
    if (!w || now - w.start >= MEMBER_RATE.windowMs) {
      if (windows.size > 10_000) windows.clear();
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    w.count += 1;
    if (w.count > MEMBER_RATE.requests) return next(new RateLimited(w.start + MEMBER_RATE.windowMs - now));
    next();
  });

  const auditMember = async (memberId: string, action: AuditAction, sessionId?: string, targetId?: string) => {
    try {
      await deps.records.audit({
        actor: `member:${memberId}`,
        action,
        ...(sessionId === undefined ? {} : { sessionId }),
        ...(targetId === undefined ? {} : { targetId }),
      });
    } catch (err) {
      throw new StoreUnavailableError(err);
    }
  };

  router.post(
    '/member/page',
    route(async (req, res) => {
      const { token } = parseOr400(memberTokenBody, req.body);
      const { member, group } = await groups.byToken(token);
      res.json((await groups.page(member, group)) satisfies MemberPage);
    }),
  );

  router.post(
    '/member/calendar',
    route(async (req, res) => {
      const { token } = parseOr400(memberTokenBody, req.body);
      const { member, group } = await groups.byToken(token);
      res
        .type('text/calendar; charset=utf-8')
        .attachment('circle-group.ics')
        .send(await groups.calendar(member, group));
    }),
  );

  router.post(
    '/member/cant-make-it',
    route(async (req, res) => {
      const body = parseOr400(memberAbsenceBody, req.body);
      const { member, group } = await groups.byToken(body.token);
      const added = await groups.excuse(member, group, body.occurrenceId);
      if (added) {
        await auditMember(member.id, 'group:member-excused', undefined, body.occurrenceId);
        logger.info({ groupId: group.id, memberId: member.id, occurrenceId: body.occurrenceId }, 'member excused');
      }
      res.json((await groups.page(member, group)) satisfies MemberPage);
    }),
  );

  router.post(
    '/member/join',
    route(async (req, res) => {
      const { token } = parseOr400(memberTokenBody, req.body);
      const { member, group } = await groups.byToken(token);
      const entry = await groups.memberJoin(member, group);
      await auditMember(member.id, 'group:member-join', entry.sessionId, entry.invite.inviteId);
      logger.info(
        { groupId: group.id, memberId: member.id, sessionId: entry.sessionId, inviteId: entry.invite.inviteId },
        'member entering the group session',
      );
      res.json({ joinUrl: entry.invite.url } satisfies RoomEntry);
    }),
  );

  router.post(
    '/member/reminders',
    route(async (req, res) => {
      const body = parseOr400(memberRemindersBody, req.body);
      const { member, group } = await groups.byToken(body.token);
      const updated = await groups.setReminders(member, body.reminders);
      await auditMember(member.id, 'group:member-reminders', undefined, member.id);
      res.json((await groups.page(updated, group)) satisfies MemberPage);
    }),
  );

  return router;
}
