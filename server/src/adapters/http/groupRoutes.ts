/**
 * Groups over HTTP (the staff and integration routes of shared/src/groups.ts). A clinician reaches
 * the groups it leads or co-leads (therapist) or is assigned to (supervisor): any other group does
 * not exist for it (404). The admin token and API tokens reach the integration routes with the
 * scope the permission table names. Every create, change, correction and note write, and every note
 * read, is in the audit log (ids only); logs carry ids, never names or notes.
 */
import express, { type Request, type Response } from 'express';
import {
  type AttendanceSheet,
  type GroupCreated,
  type GroupList,
  type MemberAdded,
  type MemberLink,
  type OccurrenceList,
  type ProgressNote,
  type RoomEntry,
  addMemberBody,
  cancelOccurrenceBody,
  correctAttendanceBody,
  createGroupBody,
  memberStatusBody,
  moveOccurrenceBody,
  progressNoteBody,
  updateGroupBody,
} from '@circle/shared';
import { type GroupViewer, type Groups, GroupRefusal, cellAnswer } from '../../app/Groups.js';
import type { StaffAction, TokenAction } from '../../domain/permissions.js';
import { attendanceCsv } from '../../domain/groups/attendance.js';
import type { Caller } from './httpApp.js';
import { HttpError, parseOr400 } from './httpError.js';
import { type StaffRouteKit, boundRoomEntry, requireStaff } from './staffRoutes.js';

export interface GroupRouteKit extends StaffRouteKit {
  groups: Groups;
}

/** A handler whose service refusals become the error table's answers. */
export const refusals =
  (fn: (req: Request, res: Response) => Promise<void>) =>
  async (req: Request, res: Response): Promise<void> => {
    try {
      await fn(req, res);
    } catch (err) {
      if (err instanceof GroupRefusal) throw new HttpError(err.code, err.field);
      throw err;
    }
  };

export function groupRoutes(kit: GroupRouteKit): express.Router {
  const { deps, audit, groups } = kit;
  const logger = deps.logger;
  const router = express.Router();
  const route = (fn: (req: Request, res: Response) => Promise<void>) => kit.wrap(refusals(fn));

  /**
   * Who is calling: the admin token or an API token (only where `scope` names the token's right:
   * 403 without it or on routes tokens cannot use), else the staff cookie allowed `action`.
   */
  const callerOf = async (
    req: Request,
    action: StaffAction,
    scope?: TokenAction,
  ): Promise<{ caller: Caller; viewer: GroupViewer; by: string }> => {
    const service = await kit.serviceCallerOf(req);
    if (service) {
      if (!scope) throw new HttpError('FORBIDDEN');
      kit.requireScope(service, scope);
      return { caller: service, viewer: { kind: 'service' }, by: service.kind === 'admin' ? 'admin' : 'integration' };
    }
    if (/^Bearer /.test(req.get('authorization') ?? '')) throw new HttpError('UNAUTHORIZED');
    const account = await requireStaff(kit, req, action);
    return { caller: { kind: 'staff', account, role: null }, viewer: { kind: 'staff', account }, by: account.id };
  };

  /** The caller and the group of the path, which it must be able to see (404) and, for changes, edit (403). */
  const groupOf = async (req: Request, action: StaffAction, scope?: TokenAction, edit = false) => {
    const who = await callerOf(req, action, scope);
    const group = await groups.visible(who.viewer, kit.pathId(req, 'id'));
    if (edit && who.viewer.kind === 'staff' && !groups.canEdit(who.viewer, group)) throw new HttpError('FORBIDDEN');
    return { ...who, group };
  };

  router.get(
    '/groups',
    route(async (req, res) => {
      const { viewer } = await callerOf(req, 'group:read', 'group:read');
      res.json({ groups: await groups.summaries(viewer) } satisfies GroupList);
    }),
  );

  router.post(
    '/groups',
    route(async (req, res) => {
      const { caller, viewer } = await callerOf(req, 'group:create', 'group:create');
      const body = parseOr400(createGroupBody, req.body);
      const g = await groups.create(body, viewer);
      await audit(caller, 'group:create', undefined, g.id);
      res.status(201).json({ id: g.id } satisfies GroupCreated);
    }),
  );

  router.get(
    '/groups/:id',
    route(async (req, res) => {
      const { viewer, group } = await groupOf(req, 'group:read', 'group:read');
      res.json(await groups.detail(viewer, group));
    }),
  );

  router.patch(
    '/groups/:id',
    route(async (req, res) => {
      const { caller, viewer, group, by } = await groupOf(req, 'group:edit', undefined, true);
      const body = parseOr400(updateGroupBody, req.body);
      const updated = await groups.update(group, body, by);
      await audit(caller, 'group:update', undefined, group.id);
      logger.info({ groupId: group.id, fields: Object.keys(body) }, 'group changed');
      res.json(await groups.detail(viewer, updated));
    }),
  );

  router.get(
    '/groups/:id/occurrences',
    route(async (req, res) => {
      const { group } = await groupOf(req, 'group:read', 'group:read');
      const list = await groups.occurrences(group);
      res.json({ occurrences: list.map((o) => groups.occurrenceAnswer(o)) } satisfies OccurrenceList);
    }),
  );

  router.post(
    '/groups/:id/occurrences/:occ/move',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:edit', undefined, true);
      const occ = kit.pathId(req, 'occ');
      const body = parseOr400(moveOccurrenceBody, req.body);
      const answer = await groups.move(group, occ, Date.parse(body.startsAt));
      await audit(caller, 'group:occurrence-move', undefined, occ);
      res.json(answer);
    }),
  );

  router.post(
    '/groups/:id/occurrences/:occ/cancel',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:edit', undefined, true);
      const occ = kit.pathId(req, 'occ');
      const body = parseOr400(cancelOccurrenceBody, req.body);
      const answer = await groups.cancel(group, occ, body.reason ?? null);
      await audit(caller, 'group:occurrence-cancel', undefined, occ);
      res.json(answer);
    }),
  );

  router.post(
    '/groups/:id/occurrences/:occ/restore',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:edit', undefined, true);
      const occ = kit.pathId(req, 'occ');
      const answer = await groups.restore(group, occ);
      await audit(caller, 'group:occurrence-restore', undefined, occ);
      res.json(answer);
    }),
  );

  router.post(
    '/groups/:id/occurrences/:occ/start',
    route(async (req, res) => {
      const { caller, viewer, group } = await groupOf(req, 'group:edit', undefined, true);
      if (viewer.kind !== 'staff') throw new HttpError('FORBIDDEN');
      const occ = kit.pathId(req, 'occ');
      const actor = await groups.therapistRoom(group, occ);
      const entry = await boundRoomEntry(deps, actor, viewer.account, 'therapist');
      await audit(caller, 'group:start', actor.sessionId, occ);
      logger.info(
        { groupId: group.id, occurrenceId: occ, sessionId: actor.sessionId, inviteId: entry.inviteId },
        'group session entered by its therapist',
      );
      res.json({ joinUrl: entry.url } satisfies RoomEntry);
    }),
  );

  router.post(
    '/groups/:id/members',
    route(async (req, res) => {
      const { caller, group, by } = await groupOf(req, 'group:members', 'group:members', true);
      const body = parseOr400(addMemberBody, req.body);
      const { member, url } = await groups.addMember(group, body, by);
      await audit(caller, 'group:member-add', undefined, member.id);
      logger.info({ groupId: group.id, memberId: member.id, status: member.status }, 'group member added');
      res.status(201).json({ id: member.id, url } satisfies MemberAdded);
    }),
  );

  router.post(
    '/groups/:id/members/:mid/status',
    route(async (req, res) => {
      const { caller, group, by } = await groupOf(req, 'group:members', undefined, true);
      const mid = kit.pathId(req, 'mid');
      const body = parseOr400(memberStatusBody, req.body);
      const answer = await groups.setStatus(group, mid, body.status, body.note, by);
      await audit(caller, 'group:member-status', undefined, mid);
      logger.info({ groupId: group.id, memberId: mid, status: body.status }, 'group member status changed');
      res.json(answer);
    }),
  );

  router.get(
    '/groups/:id/members/:mid/link',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:members', undefined, true);
      const member = await groups.memberOf(group, kit.pathId(req, 'mid'));
      const url = groups.currentLink(member);
      await audit(caller, 'group:link-view', undefined, member.id);
      res.json({ url } satisfies MemberLink);
    }),
  );

  router.post(
    '/groups/:id/members/:mid/link',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:members', undefined, true);
      const member = await groups.memberOf(group, kit.pathId(req, 'mid'));
      const url = await groups.replaceLink(member);
      await audit(caller, 'group:link-replace', undefined, member.id);
      logger.info({ groupId: group.id, memberId: member.id }, 'member link replaced');
      res.json({ url } satisfies MemberLink);
    }),
  );

  router.delete(
    '/groups/:id/members/:mid/link',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:members', undefined, true);
      const member = await groups.memberOf(group, kit.pathId(req, 'mid'));
      await groups.revokeLink(member);
      await audit(caller, 'group:link-revoke', undefined, member.id);
      logger.info({ groupId: group.id, memberId: member.id }, 'member link revoked');
      res.status(204).end();
    }),
  );

  router.get(
    '/groups/:id/attendance',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:attendance', 'group:attendance');
      const sheet = await groups.attendance(group);
      await audit(caller, 'group:attendance-view', undefined, group.id);
      res.json({ ...sheet, cells: sheet.cells.map(cellAnswer) } satisfies AttendanceSheet);
    }),
  );

  router.get(
    '/groups/:id/attendance.csv',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:attendance', 'group:attendance');
      const sheet = await groups.attendance(group);
      await audit(caller, 'group:attendance-export', undefined, group.id);
      res
        .type('text/csv')
        .attachment(`circle-group-${group.id}-attendance.csv`)
        .send(attendanceCsv(sheet, { timeZone: group.schedule.timeZone }));
    }),
  );

  router.put(
    '/groups/:id/attendance/:occ/:mid',
    route(async (req, res) => {
      const { caller, group, by } = await groupOf(req, 'group:attendance:correct', undefined, true);
      const occ = kit.pathId(req, 'occ');
      const mid = kit.pathId(req, 'mid');
      const body = parseOr400(correctAttendanceBody, req.body);
      const cell = await groups.correct(group, occ, mid, body.status, body.reason, by);
      await audit(caller, 'group:attendance-correct', undefined, `${occ}/${mid}`);
      logger.info({ groupId: group.id, occurrenceId: occ, memberId: mid }, 'attendance corrected');
      res.json(cell);
    }),
  );

  router.get(
    '/groups/:id/notes/:occ/:mid',
    route(async (req, res) => {
      const { caller, group } = await groupOf(req, 'group:notes:read');
      const occ = kit.pathId(req, 'occ');
      const mid = kit.pathId(req, 'mid');
      const note = await groups.note(group, occ, mid);
      await audit(caller, 'group:note-read', undefined, `${occ}/${mid}`);
      res.json(note satisfies ProgressNote);
    }),
  );

  router.put(
    '/groups/:id/notes/:occ/:mid',
    route(async (req, res) => {
      const { caller, group, by } = await groupOf(req, 'group:notes:write', undefined, true);
      const occ = kit.pathId(req, 'occ');
      const mid = kit.pathId(req, 'mid');
      const body = parseOr400(progressNoteBody, req.body);
      const note = await groups.putNote(group, occ, mid, body.text, by);
      await audit(caller, 'group:note-write', undefined, `${occ}/${mid}`);
      res.json(note satisfies ProgressNote);
    }),
  );

  return router;
}
