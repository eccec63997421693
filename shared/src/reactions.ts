/**
 * Quiet reactions: a member (or a therapist) shows a nod, a heart, a thank-you or a "me too" on their
 * own tile for a few seconds, to everyone in the same space. Ephemeral: never stored, never recorded.
 */
export const ReactionKind = { nod: 'nod', heart: 'heart', thanks: 'thanks', meToo: 'meToo' } as const;
export type ReactionKind = (typeof ReactionKind)[keyof typeof ReactionKind];

export const REACTION_KINDS: readonly ReactionKind[] = Object.values(ReactionKind);

/** What each reaction looks like on a tile, and the words a person (and a screen reader) reads. */
export const REACTION_LOOK: Readonly<Record<ReactionKind, { emoji: string; label: string }>> = {
  nod: { emoji: '👍', label: 'Nod' },
  heart: { emoji: '❤️', label: 'Heart' },
  thanks: { emoji: '🙏', label: 'Thank you' },
  meToo: { emoji: '🙋', label: 'Me too' },
};

/** How long a reaction stays on the sender's tile. */
export const REACTION_SHOW_MS = 4_000;

/** One reaction per person per this interval; a faster one is refused with RATE_LIMITED. */
export const REACTION_INTERVAL_MS = 1_000;
