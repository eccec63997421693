import { useEffect, useRef, useState, type FormEvent } from 'react';
import { LIMITS } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { openThread, useChatStore } from '../../stores/useChatStore';
import { deleteChatMessage, sendChat, sendPrivateMessage, setChatEnabled } from '../../actions';
import { participantsOf } from '../../stores/roster';
import { MessageText } from './MessageText';
import { ServerCheckbox } from '../../ui/ServerCheckbox';
import { intlLocale, useT } from '../../i18n';

/**
 * Group chat and private messages. Members write privately to their therapists (supervisors read
 * along); therapists see every member's thread and reply without leaving the room.
 */
export function ChatPanel() {
  const view = useRoomStore((s) => s.view);
  const { unread, openThread: thread } = useChatStore();
  const { t } = useT('chat');
  if (!view) return null;
  const member = view.you.role === 'member';
  const inRoom = view.you.status === 'admitted';
  const privateUnread = member
    ? (unread[view.you.id] ?? 0)
    : Object.entries(unread)
        .filter(([k]) => k !== 'group')
        .reduce((a, [, n]) => a + n, 0);

  return (
    <section className="chat" aria-label={t('label')}>
      <div className="row" role="group" aria-label={t('threads')}>
        {inRoom && (
          <button
            type="button"
            aria-pressed={thread === 'group'}
            onClick={() => openThread(thread === 'group' ? null : 'group')}
          >
            {unread.group ? t('groupNew', { count: unread.group }) : t('group')}
          </button>
        )}
        <button
          type="button"
          aria-pressed={thread !== null && thread !== 'group'}
          onClick={() =>
            openThread(thread !== null && thread !== 'group' ? null : member ? view.you.id : firstThread(view))
          }
        >
          {member
            ? privateUnread
              ? t('messageTherapistNew', { count: privateUnread })
              : t('messageTherapist')
            : privateUnread
              ? t('privateNew', { count: privateUnread })
              : t('private')}
        </button>
      </div>
      {thread === 'group' && inRoom && <GroupThread />}
      {thread !== null && thread !== 'group' && <PrivateThread memberId={thread} />}
    </section>
  );
}

function firstThread(view: NonNullable<ReturnType<typeof useRoomStore.getState>['view']>): string | null {
  const withMessages = useChatStore.getState().private.map((m) => m.memberId);
  const members = participantsOf(view)
    .filter((p) => p.role === 'member')
    .map((p) => p.id);
  return withMessages[withMessages.length - 1] ?? members[0] ?? null;
}

function useScrollToEnd(dep: unknown) {
  const ref = useRef<HTMLOListElement>(null);
  useEffect(() => {
    ref.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [dep]);
  return ref;
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString(intlLocale(), { hour: '2-digit', minute: '2-digit' });
}

function GroupThread() {
  const view = useRoomStore((s) => s.view);
  const messages = useChatStore((s) => s.group);
  const ref = useScrollToEnd(messages.length);
  const { t } = useT('chat');
  if (!view) return null;
  const therapist = view.you.role === 'therapist';
  const canWrite = view.you.role !== 'member' || view.chatEnabled;
  return (
    <div className="thread">
      <h2 className="small">{t('group')}</h2>
      {therapist && (
        <ServerCheckbox checked={view.chatEnabled} request={setChatEnabled}>
          {t('membersCanWrite')}
        </ServerCheckbox>
      )}
      <ol ref={ref} className="messages" aria-label={t('groupMessages')} aria-live="polite">
        {messages.map((m) => (
          <li key={m.id}>
            <span className="who">{m.fromName}</span> <span className="hint">{time(m.at)}</span>
            <p>{m.removed ? <em>{t('removed')}</em> : <MessageText text={m.text} />}</p>
            {therapist && !m.removed && (
              <button
                type="button"
                aria-label={t('removeFrom', { name: m.fromName })}
                onClick={() => void deleteChatMessage(m.id)}
              >
                {t('remove')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {canWrite ? <Composer label={t('toGroup')} onSend={sendChat} /> : <p className="hint">{t('groupOff')}</p>}
    </div>
  );
}

function PrivateThread({ memberId }: { memberId: string }) {
  const view = useRoomStore((s) => s.view);
  const all = useChatStore((s) => s.private);
  const messages = all.filter((m) => m.memberId === memberId);
  const ref = useScrollToEnd(messages.length);
  const { t } = useT('chat');
  if (!view) return null;
  const member = view.you.role === 'member';
  const members = participantsOf(view).filter((p) => p.role === 'member');
  const name = members.find((p) => p.id === memberId)?.displayName ?? t('thisMember');
  return (
    <div className="thread">
      {member ? (
        <h2 className="small">{t('toTherapists')}</h2>
      ) : (
        <div className="row">
          <label htmlFor="thread-select">{t('conversationWith')}</label>
          <select id="thread-select" value={memberId} onChange={(e) => openThread(e.target.value)}>
            {members.map((p) => (
              <option key={p.id} value={p.id}>
                {useChatStore.getState().unread[p.id]
                  ? t('optionNew', { name: p.displayName, count: useChatStore.getState().unread[p.id]! })
                  : p.displayName}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="hint">{member ? t('onlyTherapists') : t('onlyMember', { name })}</p>
      <ol ref={ref} className="messages" aria-label={t('private')} aria-live="polite">
        {messages.map((m) => (
          <li key={m.id}>
            <span className="who">{m.fromId === view.you.id ? t('you') : m.fromName}</span>{' '}
            <span className="hint">{time(m.at)}</span>
            <p>
              <MessageText text={m.text} />
            </p>
          </li>
        ))}
      </ol>
      {(member || view.you.role !== 'member') && (
        <Composer
          label={member ? t('toTherapists') : t('replyTo', { name })}
          onSend={(text) => sendPrivateMessage(text, member ? undefined : memberId)}
        />
      )}
    </div>
  );
}

function Composer({ label, onSend }: { label: string; onSend: (text: string) => Promise<boolean> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const { t } = useT('chat');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    if (await onSend(text)) setText('');
    setBusy(false);
  };
  return (
    <form className="row composer" onSubmit={submit}>
      <label className="visually-hidden" htmlFor={`composer-${label}`}>
        {label}
      </label>
      <input
        id={`composer-${label}`}
        value={text}
        maxLength={LIMITS.MESSAGE_CHARS}
        placeholder={label}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        {t('send')}
      </button>
    </form>
  );
}
