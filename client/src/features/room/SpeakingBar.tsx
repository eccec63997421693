import type { ParticipantView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { roomClient } from '../../net/RoomClient';
import { formatClock, useServerNow } from './useServerNow';

/** Who has the floor, the turn countdown everyone sees, and the raised-hand queue. */
export function SpeakingBar() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow();
  if (!view) return null;
  const { speaking } = view;
  const name = (id: string) =>
    (view.participants as ParticipantView[]).find((p) => p.id === id)?.displayName ?? 'Someone';
  const floor = speaking.floor;
  const mine = floor?.participantId === view.you.id;
  const remaining = floor ? floor.endsAt - now : 0;

  return (
    <section className="speaking-bar" aria-label="Speaking">
      <p>
        <strong>{speaking.mode === 'facilitated' ? 'Facilitated speaking' : 'Open conversation'}</strong>
        {speaking.mode === 'facilitated' && !floor && ' · the therapist will give the floor'}
      </p>
      {floor && (
        <p className={floor.warned ? 'turn warn' : 'turn'}>
          {mine ? 'You have the floor' : `${name(floor.participantId)} has the floor`} ·{' '}
          <span aria-label="Turn time left" role="timer">
            {remaining > 0 ? formatClock(remaining) : 'time is up'}
          </span>
          {mine && (
            <button type="button" onClick={() => void roomClient.act('floor:end', {})}>
              I&apos;m done
            </button>
          )}
        </p>
      )}
      {speaking.queue.length > 0 && (
        <div>
          <h2 className="small">Raised hands</h2>
          <ol className="queue" aria-label="Raised hands in order">
            {speaking.queue.map((q) => (
              <li key={q.participantId}>{name(q.participantId)}</li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
