/**
 * The group chat and private messages between a member and the therapists.
 */
import {
  CHAT_KEEP,
  type ChatEntry,
  type Ctx,
  type Decision,
  type Handlers,
  type PrivateEntry,
  done,
  no,
  byId,
  type ResultOf,
} from './roomState.js';

const onChatSend = ({ state, command, now, actor }: Ctx<'chatSend'>): Decision<ResultOf<'chatSend'>> => {
  if (actor.role === 'member' && !state.chat.enabled) return no('FORBIDDEN');
  const entry: ChatEntry = { id: command.messageId, fromId: actor.id, text: command.text, at: now, removed: false };
  return done(
    { ...state, chat: { ...state.chat, group: [...state.chat.group, entry].slice(-CHAT_KEEP) } },
    [{ type: 'chatMessage', entry }],
    { messageId: entry.id },
  );
};

const onChatDelete = ({ state, command }: Ctx<'chatDelete'>): Decision<ResultOf<'chatDelete'>> => {
  if (!state.chat.group.some((m) => m.id === command.messageId)) return no('NOT_FOUND');
  const group = state.chat.group.map((m) => (m.id === command.messageId ? { ...m, text: '', removed: true } : m));
  return done({ ...state, chat: { ...state.chat, group } }, [{ type: 'chatRemoved', messageId: command.messageId }]);
};

const onChatSetEnabled = ({ state, command }: Ctx<'chatSetEnabled'>): Decision<ResultOf<'chatSetEnabled'>> => {
  return done({ ...state, chat: { ...state.chat, enabled: command.enabled } });
};

const onChatPrivate = ({ state, command, now, actor }: Ctx<'chatPrivate'>): Decision<ResultOf<'chatPrivate'>> => {
  let memberId: string;
  if (actor.role === 'member') {
    if (command.memberId !== undefined && command.memberId !== actor.id) return no('FORBIDDEN');
    if (actor.status !== 'admitted' && actor.status !== 'waiting') return no('NOT_ADMITTED');
    memberId = actor.id;
  } else {
    const member = command.memberId === undefined ? undefined : byId(state.participants, command.memberId);
    if (!member || member.role !== 'member') return no('NOT_FOUND');
    memberId = member.id;
  }
  const entry: PrivateEntry = { id: command.messageId, memberId, fromId: actor.id, text: command.text, at: now };
  return done(
    { ...state, chat: { ...state.chat, private: [...state.chat.private, entry].slice(-CHAT_KEEP) } },
    [{ type: 'privateMessage', entry }],
    { messageId: entry.id },
  );
};

export const CHAT_HANDLERS: Handlers<'chatSend' | 'chatDelete' | 'chatSetEnabled' | 'chatPrivate'> = {
  chatSend: onChatSend,
  chatDelete: onChatDelete,
  chatSetEnabled: onChatSetEnabled,
  chatPrivate: onChatPrivate,
};
