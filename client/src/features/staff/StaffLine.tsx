import { useState, type FormEvent } from 'react';
import { STAFF_MESSAGE_CHARS } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { useHealthStore } from '../../stores/useHealthStore';
import { sendStaffMessage } from '../../actions';
import { displayNameOf } from '../../stores/roster';
import { intlLocale, useT } from '../../i18n';

const time = (ms: number) => new Date(ms).toLocaleTimeString(intlLocale(), { hour: '2-digit', minute: '2-digit' });

/** The private line between therapists and supervisors: text only, never shown to members, not saved. */
export function StaffLine() {
  const view = useRoomStore((s) => s.view);
  const messages = useHealthStore((s) => s.staffMessages);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const { t } = useT('staff');
  if (!view) return null;
  const name = (id: string) => (id === view.you.id ? t('line.you') : (displayNameOf(view, id) ?? t('line.staff')));

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || sending) return;
    setSending(true);
    const sent = await sendStaffMessage(text);
    setSending(false);
    if (sent) setText('');
  };

  return (
    <section aria-labelledby="staff-line-title">
      <h2 id="staff-line-title">{t('line.title')}</h2>
      <p className="hint">{t('line.hint')}</p>
      {messages.length > 0 && (
        <ol className="people" aria-label={t('line.messages')} aria-live="polite">
          {messages.map((m) => (
            <li key={m.id}>
              <strong>{name(m.fromId)}</strong> <span className="badge">{t(`roster.role.${m.fromRole}`)}</span>{' '}
              <time className="hint" dateTime={new Date(m.at).toISOString()}>
                {time(m.at)}
              </time>
              <p className="staff-text">{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="staff-line-form" onSubmit={(e) => void send(e)}>
        <label htmlFor="staff-line-text">{t('line.label')}</label>
        <textarea
          id="staff-line-text"
          rows={2}
          maxLength={STAFF_MESSAGE_CHARS}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={sending || !text.trim()}>
          {t('line.send')}
        </button>
      </form>
    </section>
  );
}
