/** Group chat and private messages between a member and the therapists. */
import { describe, test, expect } from 'vitest';
import { CHAT_KEEP, type Command, type RoomState, createRoom, decide } from './room.js';
import {
  CONFIG,
  T0,
  SECOND,
  DAY,
  THERAPIST,
  SUPERVISOR,
  accept,
  refusal,
  apply,
  join,
} from '../../test/support/roomFixture.js';
import { viewFor } from './views.js';

/** Therapist, supervisor, Ana and Ben in the room; Cy waiting in the lobby; Dee connected, not checked in. */
function room(): RoomState {
  let s = createRoom({ sessionId: 'session-1', title: 'Tuesday evening group', now: T0 - DAY });
  s = join(s, THERAPIST, 'therapist', 'admitted');
  s = join(s, SUPERVISOR, 'supervisor', 'admitted');
  s = join(s, 'ana', 'member', 'admitted');
  s = join(s, 'ben', 'member', 'admitted');
  s = join(s, 'cy', 'member', 'waiting');
  return join(s, 'dee', 'member', 'arriving');
}

const send = (actor: string, messageId: string, text = 'Hello, everyone.'): Command => ({
  type: 'chatSend',
  actor,
  messageId,
  text,
});
const setEnabled = (enabled: boolean): Command => ({ type: 'chatSetEnabled', actor: THERAPIST, enabled });
const privately = (actor: string, memberId: string | undefined, messageId = 'private-1'): Command =>
  memberId === undefined
    ? { type: 'chatPrivate', actor, messageId, text: 'Can we talk after the group?' }
    : { type: 'chatPrivate', actor, messageId, memberId, text: 'Can we talk after the group?' };

describe('group chat', () => {
  test('a message is kept and broadcast with who wrote it and when', () => {
    const d = accept(room(), send('ana', 'm1'), T0 + SECOND);
    const entry = { id: 'm1', fromId: 'ana', text: 'Hello, everyone.', at: T0 + SECOND, removed: false };
    expect(d.state.chat.group).toEqual([entry]);
    expect(d.events).toEqual([{ type: 'chatMessage', entry }]);
    expect(d.result).toEqual({ messageId: 'm1' });
  });

  test.each([
    ['a member', 'ana', 'FORBIDDEN'],
    ['the therapist', THERAPIST, null],
    ['the supervisor', SUPERVISOR, null],
  ] as const)('with the chat turned off, %s writing gets %s (null: accepted)', (_who, actor, code) => {
    const s = apply(room(), [setEnabled(false)]);
    const d = decide(s, send(actor, 'm1'), T0, CONFIG);
    expect(d.ok ? null : d.code).toBe(code);
  });

  test('turning the chat back on lets members write again, and every view shows the switch', () => {
    const off = apply(room(), [setEnabled(false)]);
    expect(viewFor(off, 'ana', T0)?.chatEnabled).toBe(false);
    const on = apply(off, [setEnabled(true)]);
    expect(viewFor(on, 'ana', T0)?.chatEnabled).toBe(true);
    expect(accept(on, send('ana', 'm1')).state.chat.group).toHaveLength(1);
  });

  test.each([
    ['waiting in the lobby', 'cy', 'NOT_ADMITTED'],
    ['not checked in', 'dee', 'NOT_ADMITTED'],
  ] as const)('a member %s cannot write in the group chat (%s)', (_where, actor, code) => {
    expect(refusal(room(), send(actor, 'm1'))).toBe(code);
  });

  test('a therapist removes a message: its text is gone for everyone, the others stay', () => {
    const s = apply(room(), [send('ana', 'm1', 'something regrettable'), send('ben', 'm2', 'Welcome back')]);
    const d = accept(s, { type: 'chatDelete', actor: THERAPIST, messageId: 'm1' }, T0 + SECOND);
    expect(d.state.chat.group.map((m) => ({ id: m.id, text: m.text, removed: m.removed }))).toEqual([
      { id: 'm1', text: '', removed: true },
      { id: 'm2', text: 'Welcome back', removed: false },
    ]);
    expect(JSON.stringify(d.state.chat)).not.toContain('regrettable');
    expect(d.events).toEqual([{ type: 'chatRemoved', messageId: 'm1' }]);
  });

  test('removing a message that does not exist is refused (NOT_FOUND)', () => {
    expect(refusal(room(), { type: 'chatDelete', actor: THERAPIST, messageId: 'm404' })).toBe('NOT_FOUND');
  });

  test(`at most CHAT_KEEP (${CHAT_KEEP}) group messages are kept, the oldest dropped first`, () => {
    let s = room();
    for (let i = 1; i <= CHAT_KEEP + 1; i++) s = accept(s, send(i % 2 ? 'ana' : 'ben', `m${i}`), T0 + i).state;
    expect(s.chat.group).toHaveLength(CHAT_KEEP);
    expect(s.chat.group[0]?.id).toBe('m2');
    expect(s.chat.group[CHAT_KEEP - 1]?.id).toBe(`m${CHAT_KEEP + 1}`);
  });
});

describe('private messages', () => {
  test.each([
    ['a member writing to the therapists (no memberId)', 'ana', undefined, 'ana'],
    ['a member naming their own thread', 'ana', 'ana', 'ana'],
    ['a member waiting in the lobby', 'cy', undefined, 'cy'],
    ['the therapist answering a member', THERAPIST, 'ana', 'ana'],
    ['the supervisor answering a member', SUPERVISOR, 'ben', 'ben'],
    ['the therapist writing to a member in the lobby', THERAPIST, 'cy', 'cy'],
  ] as const)('%s writes into the thread of %s', (_who, actor, memberId, thread) => {
    const d = accept(room(), privately(actor, memberId), T0 + SECOND);
    const entry = {
      id: 'private-1',
      memberId: thread,
      fromId: actor,
      text: 'Can we talk after the group?',
      at: T0 + SECOND,
    };
    expect(d.state.chat.private).toEqual([entry]);
    expect(d.events).toEqual([{ type: 'privateMessage', entry }]);
    expect(d.result).toEqual({ messageId: 'private-1' });
    expect(d.state.chat.group).toEqual([]);
  });

  test.each([
    ['a member writing into another member’s thread', 'ana', 'ben', 'FORBIDDEN'],
    ['a member writing into a therapist’s “thread”', 'ana', THERAPIST, 'FORBIDDEN'],
    ['staff naming no member', THERAPIST, undefined, 'NOT_FOUND'],
    ['staff naming someone who is not a member', THERAPIST, SUPERVISOR, 'NOT_FOUND'],
    ['staff naming nobody known', SUPERVISOR, 'zed', 'NOT_FOUND'],
    ['a member who has not checked in', 'dee', undefined, 'NOT_ADMITTED'],
  ] as const)('%s is refused (%s)', (_what, actor, memberId, code) => {
    const s = room();
    expect(refusal(s, privately(actor, memberId))).toBe(code);
  });

  test('private messages still work with the group chat turned off', () => {
    const s = apply(room(), [setEnabled(false)]);
    expect(accept(s, privately('ana', undefined)).state.chat.private).toHaveLength(1);
  });

  test(`at most CHAT_KEEP (${CHAT_KEEP}) private messages are kept, the oldest dropped first`, () => {
    let s = room();
    for (let i = 1; i <= CHAT_KEEP + 1; i++) {
      s = accept(s, i % 2 ? privately('ana', undefined, `p${i}`) : privately(THERAPIST, 'ana', `p${i}`), T0 + i).state;
    }
    expect(s.chat.private).toHaveLength(CHAT_KEEP);
    expect(s.chat.private[0]?.id).toBe('p2');
    expect(s.chat.private[CHAT_KEEP - 1]?.id).toBe(`p${CHAT_KEEP + 1}`);
  });
});
