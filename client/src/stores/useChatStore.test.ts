import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage, PrivateMessage } from '@circle/shared';
import {
  addGroupMessage,
  addPrivateMessage,
  markUnreadFromHistory,
  openThread,
  removeGroupMessage,
  useChatStore,
} from './useChatStore';
import { resetStores } from '../test/fakes';

const group = (id: string, text = 'hi'): ChatMessage => ({
  id,
  fromId: 'p1',
  fromName: 'Ana',
  text,
  at: 1,
  removed: false,
});
const privately = (id: string, memberId: string, fromId: string, fromName: string): PrivateMessage => ({
  id,
  memberId,
  fromId,
  fromName,
  text: 'x',
  at: 1,
});
const unread = () => useChatStore.getState().unread;

describe('chat store', () => {
  beforeEach(resetStores);

  it('counts others’ group messages as unread, never one’s own', () => {
    addGroupMessage(group('m1'), false);
    addGroupMessage(group('m2'), false);
    addGroupMessage(group('m3'), true);
    expect(unread()).toEqual({ group: 2 });
    expect(useChatStore.getState().group.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('nothing is unread in the thread on screen', () => {
    openThread('group');
    addGroupMessage(group('m1'), false);
    expect(unread()).toEqual({ group: 0 });
  });

  it('opening a thread marks it read and leaves the others as they are', () => {
    addGroupMessage(group('m1'), false);
    addPrivateMessage(privately('q1', 'p1', 'p1', 'Ana'), false);
    openThread('p1');
    expect(unread()).toEqual({ group: 1, p1: 0 });
    openThread(null);
    expect(unread()).toEqual({ group: 1, p1: 0 });
    expect(useChatStore.getState().openThread).toBeNull();
  });

  it('private messages are unread in their member’s thread', () => {
    addPrivateMessage(privately('q1', 'p1', 'p1', 'Ana'), false);
    addPrivateMessage(privately('q2', 'p2', 'p2', 'Ben'), false);
    addPrivateMessage(privately('q3', 'p2', 'p2', 'Ben'), false);
    expect(unread()).toEqual({ p1: 1, p2: 2 });
  });

  it('a message that arrives twice (history, then live) is kept once', () => {
    addGroupMessage(group('m1', 'first'), false);
    addGroupMessage(group('m1', 'first'), false);
    expect(useChatStore.getState().group).toHaveLength(1);
  });

  it('keeps the latest 200 messages', () => {
    for (let i = 0; i < 205; i++) addGroupMessage(group(`m${i}`), true);
    const ids = useChatStore.getState().group.map((m) => m.id);
    expect(ids).toHaveLength(200);
    expect(ids[0]).toBe('m5');
    expect(ids[199]).toBe('m204');
  });

  it('a removed message loses its text for everyone', () => {
    addGroupMessage(group('m1', 'something private'), false);
    removeGroupMessage('m1');
    expect(useChatStore.getState().group).toEqual([{ ...group('m1'), text: '', removed: true }]);
  });

  describe('messages that came before a staff member joined', () => {
    it('count as unread after the last staff reply in each thread, and name who wrote', () => {
      useChatStore.setState({
        private: [
          privately('q1', 'p1', 'p1', 'Ana'),
          privately('q2', 'p1', 't1', 'Dr. Kim'),
          privately('q3', 'p1', 'p1', 'Ana'),
          privately('q4', 'p2', 'p2', 'Ben'),
          privately('q5', 'p2', 'p2', 'Ben'),
          privately('q6', 'p3', 'p3', 'Cy'),
          privately('q7', 'p3', 't1', 'Dr. Kim'),
        ],
      });
      expect(markUnreadFromHistory(new Set(['t1']))).toEqual(['Ana', 'Ben']);
      expect(unread()).toEqual({ p1: 1, p2: 2 });
    });

    it('leave the thread already on screen read', () => {
      useChatStore.setState({ private: [privately('q1', 'p1', 'p1', 'Ana')], openThread: 'p1' });
      markUnreadFromHistory(new Set(['t1']));
      expect(unread()).toEqual({});
    });
  });
});
