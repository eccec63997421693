import { describe, expect, test } from 'vitest';
import {
  httpErrorSchema,
  inviteCreatedSchema,
  sessionCreatedSchema,
  sessionDetailSchema,
  sessionRecordSchema,
} from './http.js';
import { errorOf } from './errors.js';

const AT = '2026-11-30T18:00:00.000Z';

const SESSION_DETAIL = {
  id: 'sess-1',
  title: 'Tuesday group',
  startsAt: AT,
  durationMinutes: 90,
  maxMembers: 10,
  status: 'open',
  invites: [{ id: 'inv-1', role: 'member', displayName: 'Ana', revoked: false, expiresAt: AT }],
  roster: [{ id: 'inv-1', role: 'member', displayName: 'Ana', status: 'waiting', connected: true }],
};

const RECORD = {
  session: { id: 'sess-1', title: 'Tuesday group', startsAt: AT, durationMinutes: 90, generatedAt: AT },
  agenda: [{ title: 'Check-in', plannedMinutes: 10, actualMinutes: null, startedAt: AT, endedAt: null }],
  attendance: [{ participantId: 'p1', displayName: 'Ana', role: 'member', joinedAt: AT, leftAt: null, minutes: 12.5 }],
  turns: [{ participantId: 'p1', displayName: 'Ana', startedAt: AT, endedAt: AT, seconds: 40 }],
  passes: [{ participantId: 'p1', displayName: 'Ana', at: AT, how: 'not-now' }],
  breaks: [{ startedAt: AT, endedAt: null, minutes: 0, cause: 'side-room' }],
  crisis: [
    { alertId: 'a1', participantId: 'p1', displayName: 'Ana', event: 'raised', at: AT, actorId: 'p1', note: null },
  ],
  chat: [{ at: AT, from: 'Ana', to: 'group', text: 'hello' }],
};

describe('HTTP response schemas', () => {
  test.each([
    ['POST /api/sessions', sessionCreatedSchema, { id: 'sess-1', therapistUrl: 'http://x/join#t' }],
    ['POST /api/sessions/:id/invites', inviteCreatedSchema, { id: 'inv-1', role: 'supervisor', url: 'http://x/j#t' }],
    ['GET /api/sessions/:id', sessionDetailSchema, SESSION_DETAIL],
    ['GET /api/sessions/:id/record', sessionRecordSchema, RECORD],
    ['an error', httpErrorSchema, { error: errorOf('INVALID_PAYLOAD', 'displayName') }],
  ])('%s: the answer the server sends parses to itself', (_name, schema, body) => {
    expect(schema.parse(body)).toEqual(body);
  });

  test.each([
    ['an invitation with an unknown role', inviteCreatedSchema, { id: 'inv-1', role: 'admin', url: 'u' }],
    ['an invitation without its link', inviteCreatedSchema, { id: 'inv-1', role: 'member' }],
    ['a session with an unknown status', sessionDetailSchema, { ...SESSION_DETAIL, status: 'paused' }],
    [
      'a roster entry with an unknown participant status',
      sessionDetailSchema,
      { ...SESSION_DETAIL, roster: [{ ...SESSION_DETAIL.roster[0], status: 'asleep' }] },
    ],
    ['a record without its turns', sessionRecordSchema, { ...RECORD, turns: undefined }],
    [
      'a record pass of an unknown kind',
      sessionRecordSchema,
      { ...RECORD, passes: [{ ...RECORD.passes[0], how: 'x' }] },
    ],
    ['an error with an unknown code', httpErrorSchema, { error: { code: 'TEAPOT', message: 'no' } }],
    ['an HTML error page', httpErrorSchema, '<html>Bad gateway</html>'],
  ])('refuses %s', (_name, schema, body) => {
    expect(schema.safeParse(body).success).toBe(false);
  });
});
