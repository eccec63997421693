import { useRoomStore } from '../../stores/useRoomStore';
import { displayNameOf } from '../../stores/roster';
import { formatClock, useServerNow } from '../room/useServerNow';
import { nameList } from '../room/nameList';
import { Trans, useT } from '../../i18n';

/** A member's view of breakout pairs: who they practise with and how long is left. */
export function PairsBanner() {
  const view = useRoomStore((s) => s.view);
  const now = useServerNow(1000);
  const { t } = useT('pairs');
  if (!view?.pairs) return null;
  const mine = view.pairs.groups.find((g) => g.memberIds.includes(view.you.id));
  if (!mine) return null;
  const names = mine.memberIds
    .filter((id) => id !== view.you.id)
    .map((id) => displayNameOf(view, id) ?? t('yourPartner'));
  return (
    <p className="banner" role="status">
      <Trans
        t={t}
        i18nKey="banner"
        values={{ names: nameList(names), time: formatClock(view.pairs.endsAt - now) }}
        components={{ timer: <span role="timer" aria-label={t('timeLeft')} /> }}
      />
    </p>
  );
}
