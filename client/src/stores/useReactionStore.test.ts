import { beforeEach, describe, expect, it } from 'vitest';
import { REACTION_SHOW_MS } from '@circle/shared';
import {
  announcementFor,
  expireReaction,
  reactionRemainingMs,
  showReaction,
  takePending,
  useReactionStore,
} from './useReactionStore';
import { useRoomStore } from './useRoomStore';
import { createRoomActions } from '../actions/roomActions';
import { FakeSignal, resetStores } from '../test/fakes';

const NAMES: Record<string, string> = { ana: 'Ana', ben: 'Ben', cy: 'Cy' };
const nameOf = (id: string) => NAMES[id] ?? 'Someone';

beforeEach(() => resetStores());

describe('a reaction on the sender’s tile', () => {
  it('shows on that person’s tile until its few seconds are over', () => {
    showReaction('ana', 'heart', false, 1000);
    const shown = useReactionStore.getState().shown.ana;
    expect(shown).toMatchObject({ kind: 'heart', at: 1000 });
    expect(reactionRemainingMs(1000, 1000 + REACTION_SHOW_MS - 1)).toBe(1);
    expect(reactionRemainingMs(1000, 1000 + REACTION_SHOW_MS)).toBe(0);
    expireReaction('ana', shown!.id);
    expect(useReactionStore.getState().shown.ana).toBeUndefined();
  });

  it('a newer reaction from the same person replaces the older and is not cut short by its expiry', () => {
    showReaction('ana', 'heart', false, 1000);
    const first = useReactionStore.getState().shown.ana!;
    showReaction('ana', 'nod', false, 2000);
    expireReaction('ana', first.id);
    expect(useReactionStore.getState().shown.ana).toMatchObject({ kind: 'nod', at: 2000 });
  });
});

describe('what a screen reader hears', () => {
  it('others’ reactions wait to be announced; one’s own never is', () => {
    showReaction('me', 'thanks', true);
    showReaction('ana', 'heart', false);
    expect(takePending()).toEqual([{ participantId: 'ana', kind: 'heart' }]);
    expect(takePending()).toEqual([]);
  });

  it.each([
    [[{ participantId: 'ana', kind: 'heart' }], 'Reaction from Ana: Heart.'],
    [
      [
        { participantId: 'ana', kind: 'heart' },
        { participantId: 'ben', kind: 'meToo' },
      ],
      'Reaction from Ana: Heart; Ben: Me too.',
    ],
    [
      [
        { participantId: 'ana', kind: 'heart' },
        { participantId: 'ben', kind: 'nod' },
        { participantId: 'cy', kind: 'thanks' },
      ],
      '3 reactions, the latest from Cy: Thank you.',
    ],
  ] as const)('a burst is one short sentence: %j → %s', (items, text) => {
    expect(announcementFor(items, nameOf)).toBe(text);
  });

  it('a flood keeps only the latest twenty waiting', () => {
    for (let i = 0; i < 50; i++) showReaction('ana', 'nod', false);
    expect(takePending()).toHaveLength(20);
  });
});

describe('sending a reaction', () => {
  it('sends the kind; too soon is dropped quietly, turned off is said', async () => {
    const ok = new FakeSignal({ 'reaction:send': null });
    expect(await createRoomActions(ok).sendReaction('nod')).toBe(true);
    expect(ok.sent).toEqual([{ event: 'reaction:send', payload: { kind: 'nod' } }]);

    expect(await createRoomActions(new FakeSignal().refuse('RATE_LIMITED')).sendReaction('nod')).toBe(false);
    expect(useRoomStore.getState().notices).toEqual([]);

    expect(await createRoomActions(new FakeSignal().refuse('REACTIONS_OFF')).sendReaction('nod')).toBe(false);
    expect(useRoomStore.getState().notices).toEqual([
      expect.objectContaining({ kind: 'error', text: 'The therapist has turned reactions off for this session.' }),
    ]);
  });

  it('the therapist turns reactions off', async () => {
    const signal = new FakeSignal({ 'reactions:setEnabled': null });
    expect(await createRoomActions(signal).setReactionsEnabled(false)).toBe(true);
    expect(signal.sent).toEqual([{ event: 'reactions:setEnabled', payload: { enabled: false } }]);
  });
});
