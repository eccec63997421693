import type { RoomView } from '@circle/shared';
import { useRoomStore } from '../../stores/useRoomStore';
import { endMyTurn, passTurn } from '../../actions';
import { displayNameOf } from '../../stores/roster';
import { formatClock, useServerNow } from './useServerNow';
import { useT } from '../../i18n';

/** The policy the room really follows now, in the words people use. */
function policyOf(view: RoomView) {
  if (view.pairs) return { title: 'speaking.pairs', hint: 'speaking.pairsHint' } as const;
  if (view.speaking.roundRobin) return { title: 'speaking.roundRobin', hint: 'speaking.roundRobinHint' } as const;
  if (view.speaking.mode === 'facilitated')
    return { title: 'speaking.facilitated', hint: view.speaking.floor ? null : 'speaking.facilitatedHint' } as const;
  return { title: 'speaking.open', hint: null } as const;
}

/** Who has the floor, the turn countdown everyone sees, the round-robin order and the raised-hand queue. */
export function SpeakingBar() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow();
  const { t } = useT('room');
  if (!view) return null;
  const { speaking } = view;
  const name = (id: string) => displayNameOf(view, id) ?? t('Someone');
  const floor = speaking.floor;
  const mine = floor?.participantId === view.you.id;
  const paused = floor?.pausedAt != null;
  const remaining = floor ? floor.endsAt - (floor.pausedAt ?? now) : 0;
  const policy = policyOf(view);
  const rr = speaking.roundRobin;
  const myTurn = rr?.order.find((o) => o.participantId === view.you.id);
  const canPass = view.you.role === 'member' && !!myTurn && ['speaking', 'next', 'waiting'].includes(myTurn.state);

  return (
    <section className="speaking-bar" aria-label={t('speaking.label')}>
      <p>
        <strong>{t(policy.title)}</strong>
        {policy.hint && ` · ${t(policy.hint)}`}
      </p>
      {floor && (
        <p className={floor.warned ? 'turn warn' : 'turn'}>
          {mine ? t('speaking.youHaveFloor') : t('speaking.hasFloor', { name: name(floor.participantId) })} ·{' '}
          <span aria-label={t('speaking.timeLeft')} role="timer">
            {remaining > 0 ? formatClock(remaining) : t('speaking.timeUp')}
          </span>
          {paused && ` ${t('speaking.paused')}`}
          {mine && !rr && (
            <button type="button" onClick={() => void endMyTurn()}>
              {t('speaking.done')}
            </button>
          )}
          {mine && rr && (
            <button type="button" onClick={() => void endMyTurn()}>
              {t('speaking.doneNext')}
            </button>
          )}
        </p>
      )}
      {rr && (
        <div className="round-robin">
          <h2 className="small" id="rr-title">
            {t('speaking.order')}
          </h2>
          <ol className="rr-order" aria-labelledby="rr-title">
            {rr.order.map((o) => (
              <li key={o.participantId} className={`rr-${o.state}`}>
                {o.participantId === view.you.id ? t('you', { name: name(o.participantId) }) : name(o.participantId)} ·{' '}
                {t(`speaking.state.${o.state}`)}
              </li>
            ))}
          </ol>
          {canPass && (
            <p>
              <button type="button" onClick={() => void passTurn()}>
                {t('speaking.notNow')}
              </button>
              <span className="hint">{myTurn?.state === 'speaking' ? t('speaking.passRest') : t('speaking.pass')}</span>
            </p>
          )}
        </div>
      )}
      {speaking.queue.length > 0 && (
        <div>
          <h2 className="small">{t('speaking.hands')}</h2>
          <ol className="queue" aria-label={t('speaking.handsInOrder')}>
            {speaking.queue.map((q) => (
              <li key={q.participantId}>{name(q.participantId)}</li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
