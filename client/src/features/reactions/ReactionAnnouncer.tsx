import { useEffect, useRef, useState } from 'react';
import { useRoomStore } from '../../stores/useRoomStore';
import type { ReactionKind } from '@circle/shared';
import { useReactionStore, announcementFor, takePending, type AnnouncementWords } from '../../stores/useReactionStore';
import { displayNameOf } from '../../stores/roster';
import i18next from 'i18next';

/** At most one announcement this often: the reactions in between are read out together. */
export const ANNOUNCE_GAP_MS = 5_000;

/** The announcement's words in the language the person has at the moment it is read out. */
const WORDS: AnnouncementWords = {
  label: (kind: ReactionKind) => i18next.t(`reactions:kind.${kind}`),
  few: (said) => i18next.t('reactions:few', { said }),
  many: (count, latest) => i18next.t('reactions:many', { count, latest }),
};

/**
 * A polite live region that reads others' reactions out, never more than once every few seconds,
 * and never interrupting: a moment with many reactions becomes one short sentence.
 */
export function ReactionAnnouncer() {
  const pending = useReactionStore((s) => s.pending.length);
  const [text, setText] = useState('');
  const lastAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (pending === 0 || timer.current) return;
    const wait = Math.max(0, lastAt.current + ANNOUNCE_GAP_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      const items = takePending();
      if (items.length === 0) return;
      const view = useRoomStore.getState().view;
      lastAt.current = Date.now();
      setText(
        announcementFor(items, (id) => (view && displayNameOf(view, id)) ?? i18next.t('reactions:someone'), WORDS),
      );
    }, wait);
  }, [pending]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
