import { create } from 'zustand';
import type { EndReason, NoticeKind, RoomView, WireError } from '@circle/shared';

/** `restarting`: the server said it is restarting; the client reconnects on its own (not an error). */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'restarting' | 'failed' | 'ended';

export interface Notice {
  id: number;
  /** `message`: a private message arrived (the notice names the sender, never the text). */
  kind: NoticeKind | 'error' | 'message';
  text: string;
}

interface RoomStore {
  connection: ConnectionState;
  /** Why the connection failed or was refused. */
  error: WireError | null;
  ended: { reason: EndReason; message?: string } | null;
  view: RoomView | null;
  speaking: string[];
  notices: Notice[];
  /** Server time minus local time, estimated from pings. */
  clockOffsetMs: number;
}

export const useRoomStore = create<RoomStore>(() => ({
  connection: 'idle',
  error: null,
  ended: null,
  view: null,
  speaking: [],
  notices: [],
  clockOffsetMs: 0,
}));

let nextNoticeId = 1;

export function pushNotice(kind: Notice['kind'], text: string): void {
  const notice = { id: nextNoticeId++, kind, text };
  // Two at most: each is announced as it comes; older ones give way so the room stays in view.
  useRoomStore.setState((s) => ({ notices: [...s.notices.slice(-1), notice] }));
}

export function dismissNotice(id: number): void {
  useRoomStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
