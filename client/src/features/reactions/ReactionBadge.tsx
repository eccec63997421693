import { useEffect } from 'react';
import { REACTION_LOOK } from '@circle/shared/constants';
import { expireReaction, reactionRemainingMs, useReactionStore } from '../../stores/useReactionStore';
import { useT } from '../../i18n';

/**
 * The reaction this participant sent, on their tile for a few seconds. Hidden from screen readers:
 * the polite announcer in the controls reads reactions out, at a pace that never floods.
 */
export function ReactionBadge({ participantId }: { participantId: string }) {
  const reaction = useReactionStore((s) => s.shown[participantId]);
  const { t } = useT('reactions');
  useEffect(() => {
    if (!reaction) return undefined;
    const t = setTimeout(
      () => expireReaction(participantId, reaction.id),
      reactionRemainingMs(reaction.at, Date.now()),
    );
    return () => clearTimeout(t);
  }, [participantId, reaction]);
  if (!reaction) return null;
  const look = REACTION_LOOK[reaction.kind];
  return (
    <span key={reaction.id} className="reaction-badge" aria-hidden="true" data-reaction={reaction.kind}>
      <span className="reaction-emoji">{look.emoji}</span>{' '}
      <span className="reaction-label">{t(`kind.${reaction.kind}`)}</span>
    </span>
  );
}
