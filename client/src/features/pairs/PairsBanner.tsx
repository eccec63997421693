import { useRoomStore } from '../../stores/useRoomStore';
import { displayNameOf } from '../../stores/roster';
import { formatClock, useServerNow } from '../room/useServerNow';

/** A member's view of breakout pairs: who they practise with and how long is left. */
export function PairsBanner() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow(1000);
  if (!view?.pairs) return null;
  const mine = view.pairs.groups.find((g) => g.memberIds.includes(view.you.id));
  if (!mine) return null;
  const names = mine.memberIds
    .filter((id) => id !== view.you.id)
    .map((id) => displayNameOf(view, id) ?? 'your partner');
  return (
    <p className="banner" role="status">
      Practising in pairs with {names.join(' and ')} ·{' '}
      <span role="timer" aria-label="Time left in pairs">
        {formatClock(view.pairs.endsAt - now)}
      </span>{' '}
      left. Everyone returns to the group when time is up.
    </p>
  );
}
