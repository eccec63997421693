import { create } from 'zustand';
import type { ChatMessage, PrivateMessage } from '@circle/shared';

interface ChatStore {
  group: ChatMessage[];
  private: PrivateMessage[];
  /** Messages not yet seen, by thread: 'group' or a member id. */
  unread: Record<string, number>;
  /** The thread on screen, if the chat is open. */
  openThread: string | null;
}

export const useChatStore = create<ChatStore>(() => ({ group: [], private: [], unread: {}, openThread: null }));

function bump(thread: string): void {
  useChatStore.setState((s) =>
    s.openThread === thread ? s : { unread: { ...s.unread, [thread]: (s.unread[thread] ?? 0) + 1 } },
  );
}

export function addGroupMessage(m: ChatMessage, mine: boolean): void {
  useChatStore.setState((s) => ({ group: [...s.group.filter((x) => x.id !== m.id), m].slice(-200) }));
  if (!mine) bump('group');
}

export function removeGroupMessage(id: string): void {
  useChatStore.setState((s) => ({ group: s.group.map((m) => (m.id === id ? { ...m, text: '', removed: true } : m)) }));
}

export function addPrivateMessage(m: PrivateMessage, mine: boolean): void {
  useChatStore.setState((s) => ({ private: [...s.private.filter((x) => x.id !== m.id), m].slice(-200) }));
  if (!mine) bump(m.memberId);
}

export function openThread(thread: string | null): void {
  useChatStore.setState((s) => ({
    openThread: thread,
    unread: thread === null ? s.unread : { ...s.unread, [thread]: 0 },
  }));
}
