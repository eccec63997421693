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

/**
 * Private messages that arrived before this staff member was here (from the lobby, before they joined):
 * each member's messages after the last reply from staff count as unread. Returns who wrote.
 */
export function markUnreadFromHistory(staffIds: ReadonlySet<string>): string[] {
  const threads = new Map<string, { count: number; name: string }>();
  for (const m of useChatStore.getState().private) {
    if (staffIds.has(m.fromId)) threads.delete(m.memberId);
    else threads.set(m.memberId, { count: (threads.get(m.memberId)?.count ?? 0) + 1, name: m.fromName });
  }
  useChatStore.setState((s) => {
    const unread = { ...s.unread };
    for (const [memberId, t] of threads) if (s.openThread !== memberId) unread[memberId] = t.count;
    return { unread };
  });
  return [...threads.values()].map((t) => t.name);
}

export function openThread(thread: string | null): void {
  useChatStore.setState((s) => ({
    openThread: thread,
    unread: thread === null ? s.unread : { ...s.unread, [thread]: 0 },
  }));
}
