import { create } from 'zustand';
import type { EndReason, ErrorCode, NoticeKind, NoticeMessage, RoomView, WireError } from '@circle/shared';

/** `restarting`: the server said it is restarting; the client reconnects on its own (not an error). */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'restarting' | 'failed' | 'ended';

export interface Notice {
  id: number;
  /** `message`: a private message arrived (the notice names the sender, never the text). */
  kind: NoticeKind | 'error' | 'message';
  /** As it arrived (English from the server); shown only when there is no `line`. */
  text: string;
  /** Which line of the catalogue it is: written in the person's language when shown (and again if they switch). */
  line?: NoticeLine;
}

/** A notice as data: a server notice's key and details, a refusal's code, or one of the client's own lines. */
export type NoticeLine =
  | { type: 'notice'; message: NoticeMessage }
  | { type: 'error'; code: ErrorCode }
  | { type: 'client'; key: 'mediaRestarted' }
  | { type: 'client'; key: 'privateMessage' | 'privateMessageBefore'; name: string };

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

export function pushNotice(kind: Notice['kind'], text: string, line?: NoticeLine): void {
  const notice: Notice = line ? { id: nextNoticeId++, kind, text, line } : { id: nextNoticeId++, kind, text };
  // Two at most: each is announced as it comes; older ones give way so the room stays in view.
  useRoomStore.setState((s) => ({ notices: [...s.notices.slice(-1), notice] }));
}

/** A refusal from the server as an error notice (its code's text in the person's language). */
export function pushError(error: Pick<WireError, 'code' | 'message'>): void {
  pushNotice('error', error.message, { type: 'error', code: error.code });
}

export function dismissNotice(id: number): void {
  useRoomStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
