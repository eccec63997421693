/**
 * Quiet reactions on this screen: the one each person shows on their tile now (a few seconds, then
 * it goes), and the ones a screen reader has not heard yet. Framework-free rules; the tile badge and
 * the announcer (features/reactions) read this store.
 */
import { create } from 'zustand';
import type { ReactionKind } from '@circle/shared';
import { REACTION_LOOK, REACTION_SHOW_MS } from '@circle/shared/constants';

export interface ShownReaction {
  /** Distinguishes two reactions in a row from one person (each starts its own few seconds). */
  id: number;
  kind: ReactionKind;
  /** Local time it arrived (ms). */
  at: number;
}

/** A reaction not yet read out by the polite live region. */
export interface PendingAnnouncement {
  participantId: string;
  kind: ReactionKind;
}

interface ReactionStore {
  /** Per participant, the reaction on their tile now. */
  shown: Record<string, ShownReaction>;
  /** Others' reactions the live region has not announced yet (one's own are never read out). */
  pending: PendingAnnouncement[];
}

export const useReactionStore = create<ReactionStore>(() => ({ shown: {}, pending: [] }));

let nextId = 1;

/** At most this many unannounced reactions are kept: the announcement then says how many in all. */
const PENDING_KEEP = 20;

export function showReaction(participantId: string, kind: ReactionKind, mine: boolean, now = Date.now()): void {
  const reaction: ShownReaction = { id: nextId++, kind, at: now };
  useReactionStore.setState((s) => ({
    shown: { ...s.shown, [participantId]: reaction },
    pending: mine ? s.pending : [...s.pending, { participantId, kind }].slice(-PENDING_KEEP),
  }));
}

/** The reaction `id` of this participant has had its few seconds (a newer one stays). */
export function expireReaction(participantId: string, id: number): void {
  useReactionStore.setState((s) => {
    if (s.shown[participantId]?.id !== id) return s;
    const { [participantId]: _gone, ...rest } = s.shown;
    return { shown: rest };
  });
}

/** How long a reaction that arrived at `at` still shows at `now` (0: it is over). */
export const reactionRemainingMs = (at: number, now: number): number => Math.max(0, at + REACTION_SHOW_MS - now);

/** Take everything waiting to be announced (the announcer reads it out in one sentence). */
export function takePending(): PendingAnnouncement[] {
  const { pending } = useReactionStore.getState();
  if (pending.length > 0) useReactionStore.setState({ pending: [] });
  return pending;
}

/**
 * One short sentence for the reactions since the last announcement: each by name when there are
 * one or two, else how many and the latest, so a lively moment is never read out as a flood.
 */
export function announcementFor(
  items: readonly PendingAnnouncement[],
  nameOf: (id: string) => string,
  words: AnnouncementWords = ENGLISH_WORDS,
): string {
  const said = (p: PendingAnnouncement) => `${nameOf(p.participantId)}: ${words.label(p.kind)}`;
  const last = items[items.length - 1];
  if (!last) return '';
  if (items.length <= 2) return words.few(items.map(said).join('; '));
  return words.many(items.length, said(last));
}

/** The words of an announcement, in the listener's language (the announcer passes the catalogue's). */
export interface AnnouncementWords {
  label: (kind: ReactionKind) => string;
  /** One or two reactions, each as "Name: Heart", joined. */
  few: (said: string) => string;
  many: (count: number, latest: string) => string;
}

const ENGLISH_WORDS: AnnouncementWords = {
  label: (kind) => REACTION_LOOK[kind].label,
  few: (said) => `Reaction from ${said}.`,
  many: (count, latest) => `${count} reactions, the latest from ${latest}.`,
};
