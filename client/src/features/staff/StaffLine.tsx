import { useState, type FormEvent } from 'react';
import { STAFF_MESSAGE_CHARS } from '@circle/shared/constants';
import { useRoomStore } from '../../stores/useRoomStore';
import { useHealthStore } from '../../stores/useHealthStore';
import { sendStaffMessage } from '../../actions';
import { displayNameOf } from '../../stores/roster';

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The private line between therapists and supervisors: text only, never shown to members, not saved. */
export function StaffLine() {
  const view = useRoomStore((s) => s.view);
  const messages = useHealthStore((s) => s.staffMessages);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  if (!view) return null;
  const name = (id: string) => (id === view.you.id ? 'You' : (displayNameOf(view, id) ?? 'Staff'));

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
      <h2 id="staff-line-title">Staff line</h2>
      <p className="hint">Between therapists and supervisors only. Members never see it; it is not saved.</p>
      {messages.length > 0 && (
        <ol className="people" aria-label="Staff messages" aria-live="polite">
          {messages.map((m) => (
            <li key={m.id}>
              <strong>{name(m.fromId)}</strong> <span className="badge">{m.fromRole}</span>{' '}
              <time className="hint" dateTime={new Date(m.at).toISOString()}>
                {time(m.at)}
              </time>
              <p className="staff-text">{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="staff-line-form" onSubmit={(e) => void send(e)}>
        <label htmlFor="staff-line-text">Message to staff</label>
        <textarea
          id="staff-line-text"
          rows={2}
          maxLength={STAFF_MESSAGE_CHARS}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={sending || !text.trim()}>
          Send to staff
        </button>
      </form>
    </section>
  );
}
