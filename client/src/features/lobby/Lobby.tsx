import { useRoomStore } from '../../stores/useRoomStore';
import { ChatPanel } from '../chat/ChatPanel';
import { useScreenHeading } from '../../ui/useScreenHeading';
import { sessionTimeText } from '../../ui/clockTime';

/** A calm waiting screen until a therapist admits the member. */
export function Lobby() {
  const view = useRoomStore((s) => s.view);
  const heading = useScreenHeading();
  if (!view) return null;
  const starts = new Date(view.startsAt);
  return (
    <main className="page narrow lobby" aria-labelledby="lobby-title">
      <h1 id="lobby-title" tabIndex={-1} ref={heading}>
        {view.title}
      </h1>
      <p role="status" aria-live="polite">
        You are in the waiting room. Your therapist will let you in soon.
      </p>
      <p>
        Session time:{' '}
        <time dateTime={starts.toISOString()}>{sessionTimeText(view.startsAt, view.durationMinutes)}</time> (
        {view.durationMinutes} minutes).
      </p>
      <ChatPanel />
      <p className="hint">Take a breath. If you need help now, the Crisis support button is always at the top.</p>
    </main>
  );
}
