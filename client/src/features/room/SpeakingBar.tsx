import type { RoomView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { endMyTurn, passTurn } from '../../actions';
import { displayNameOf } from '../../stores/roster';
import { formatClock, useServerNow } from './useServerNow';

/** The policy the room really follows now, in the words people use. */
function policyOf(view: RoomView): { title: string; hint: string | null } {
  if (view.pairs) return { title: 'Practice in pairs', hint: 'each pair talks freely' };
  if (view.speaking.roundRobin) return { title: 'Round robin', hint: 'everyone in turn; you may pass' };
  if (view.speaking.mode === 'facilitated')
    return { title: 'Facilitated speaking', hint: view.speaking.floor ? null : 'the therapist will give the floor' };
  return { title: 'Open conversation', hint: null };
}

const TURN_STATE = {
  done: 'done',
  speaking: 'speaking now',
  next: 'next',
  waiting: 'waiting',
  passed: 'passed',
} as const;

/** Who has the floor, the turn countdown everyone sees, the round-robin order and the raised-hand queue. */
export function SpeakingBar() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow();
  if (!view) return null;
  const { speaking } = view;
  const name = (id: string) => displayNameOf(view, id) ?? 'Someone';
  const floor = speaking.floor;
  const mine = floor?.participantId === view.you.id;
  const paused = floor?.pausedAt != null;
  const remaining = floor ? floor.endsAt - (floor.pausedAt ?? now) : 0;
  const policy = policyOf(view);
  const rr = speaking.roundRobin;
  const myTurn = rr?.order.find((o) => o.participantId === view.you.id);
  const canPass = view.you.role === 'member' && !!myTurn && ['speaking', 'next', 'waiting'].includes(myTurn.state);

  return (
    <section className="speaking-bar" aria-label="Speaking">
      <p>
        <strong>{policy.title}</strong>
        {policy.hint && ` · ${policy.hint}`}
      </p>
      {floor && (
        <p className={floor.warned ? 'turn warn' : 'turn'}>
          {mine ? 'You have the floor' : `${name(floor.participantId)} has the floor`} ·{' '}
          <span aria-label="Turn time left" role="timer">
            {remaining > 0 ? formatClock(remaining) : 'time is up'}
          </span>
          {paused && ' (paused for the break)'}
          {mine && !rr && (
            <button type="button" onClick={() => void endMyTurn()}>
              I&apos;m done
            </button>
          )}
          {mine && rr && (
            <button type="button" onClick={() => void endMyTurn()}>
              I&apos;m done, next please
            </button>
          )}
        </p>
      )}
      {rr && (
        <div className="round-robin">
          <h2 className="small" id="rr-title">
            Round robin order
          </h2>
          <ol className="rr-order" aria-labelledby="rr-title">
            {rr.order.map((o) => (
              <li key={o.participantId} className={`rr-${o.state}`}>
                {name(o.participantId)}
                {o.participantId === view.you.id ? ' (you)' : ''} · {TURN_STATE[o.state]}
              </li>
            ))}
          </ol>
          {canPass && (
            <p>
              <button type="button" onClick={() => void passTurn()}>
                Not now
              </button>
              <span className="hint">
                {myTurn?.state === 'speaking' ? 'Pass the rest of your turn.' : 'Pass your turn. It is always okay.'}
              </span>
            </p>
          )}
        </div>
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
