/**
 * Practice in pairs: members split into their own media spaces for a set time.
 */
import { say } from '@circle/shared';
import {
  type Ctx,
  type Decision,
  type DomainEvent,
  type Handlers,
  MAIN_SPACE,
  type RoomState,
  TURN_TIMER,
  admittedMembers,
  done,
  muteLocally,
  no,
  pairSpace,
  withParticipant,
  byId,
  type ResultOf,
} from './roomState.js';
import { endFloor } from './floor.js';

export const PAIRS_TIMER = 'pairs';

/** A stable, well-mixed order (FNV-1a of id and time): pairs differ from session to session. */
export function mixedOrder(ids: string[], salt: number): string[] {
  const hash = (s: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  };
  return [...ids].sort((a, b) => hash(`${a}:${salt}`) - hash(`${b}:${salt}`) || a.localeCompare(b));
}

/** Split members into pairs, with a trio when the count is odd. */
export function pairUp(ids: string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i + 1 < ids.length; i += 2) groups.push([ids[i]!, ids[i + 1]!]);
  if (ids.length % 2 === 1 && groups.length > 0) groups[groups.length - 1]!.push(ids[ids.length - 1]!);
  return groups;
}

export function startPairs(
  state: RoomState,
  minutes: number,
  now: number,
  manual?: string[][],
): Decision<{ pairs: number }> {
  if (state.pairs) return no('INVALID_STATE');
  const present = admittedMembers(state).filter((p) => p.connected && p.space === MAIN_SPACE);
  const presentIds = new Set(present.map((p) => p.id));
  let groups: string[][];
  if (manual) {
    const seen = new Set<string>();
    for (const id of manual.flat()) {
      if (!presentIds.has(id) || seen.has(id)) return no('INVALID_STATE');
      seen.add(id);
    }
    groups = manual;
  } else {
    groups = pairUp(mixedOrder([...presentIds], now));
  }
  if (groups.length === 0) return no('INVALID_STATE');
  let next = state;
  const events: DomainEvent[] = [{ type: 'cancel', key: TURN_TIMER }];
  if (next.speaking.floor) next = endFloor(next, now);
  const named = groups.map((memberIds, i) => ({ id: `p${i + 1}`, memberIds }));
  for (const g of named) {
    for (const id of g.memberIds) {
      const p = byId(next.participants, id);
      if (p) next = withParticipant(next, { ...p, space: pairSpace(g.id), handRaisedAt: null });
      const partners = g.memberIds.filter((x) => x !== id).map((x) => byId(state.participants, x)?.displayName ?? '');
      events.push({
        type: 'notice',
        to: id,
        kind: 'pairs-started',
        ...say('pairsStarted', { partners, minutes }),
      });
    }
  }
  const endsAt = now + minutes * 60_000;
  next = { ...next, pairs: { groups: named, endsAt } };
  events.push(
    { type: 'spacesChanged' },
    { type: 'schedule', key: PAIRS_TIMER, at: endsAt, command: { type: 'pairsTimeUp' } },
  );
  return done(next, events, { pairs: named.length });
}

/** Everyone back to the main room, members muted. */
export function endPairs(state: RoomState): Extract<Decision, { ok: true }> {
  let next: RoomState = { ...state, pairs: null };
  const events: DomainEvent[] = [{ type: 'cancel', key: PAIRS_TIMER }];
  for (const p of Object.values(state.participants)) {
    if (!p.space.startsWith('pair:')) continue;
    next = withParticipant(next, { ...(byId(next.participants, p.id) ?? p), space: MAIN_SPACE });
    if (p.role === 'member') events.push({ type: 'muteAudio', participantId: p.id });
  }
  next = muteLocally(next, events);
  events.push({ type: 'spacesChanged' }, { type: 'roomNotice', kind: 'pairs-ended', ...say('pairsEnded') });
  return done(next, events);
}

const onPairsStart = ({ state, command, now }: Ctx<'pairsStart'>): Decision<ResultOf<'pairsStart'>> => {
  return startPairs(state, command.minutes, now, command.groups);
};

const onPairsEndPairsTimeUp = ({
  state,
  command,
}: Ctx<'pairsEnd' | 'pairsTimeUp'>): Decision<ResultOf<'pairsEnd' | 'pairsTimeUp'>> => {
  if (!state.pairs) return command.type === 'pairsEnd' ? no('INVALID_STATE') : done(state);
  return endPairs(state);
};

const onPairsVisit = ({ state, command, actor }: Ctx<'pairsVisit'>): Decision<ResultOf<'pairsVisit'>> => {
  if (command.pairId !== null && !state.pairs?.groups.some((g) => g.id === command.pairId)) return no('NOT_FOUND');
  if (actor.space.startsWith('side:')) return no('INVALID_STATE');
  const space = command.pairId === null ? MAIN_SPACE : pairSpace(command.pairId);
  return done(withParticipant(state, { ...actor, space }), [{ type: 'spacesChanged' }]);
};

const onPairsBroadcast = ({ state, command }: Ctx<'pairsBroadcast'>): Decision<ResultOf<'pairsBroadcast'>> => {
  if (!state.pairs) return no('INVALID_STATE');
  const events: DomainEvent[] = Object.values(state.participants)
    .filter((p) => p.connected && p.status === 'admitted')
    .map((p) => ({
      type: 'notice',
      to: p.id,
      kind: 'pairs-broadcast',
      ...say('pairsBroadcast', { text: command.text }),
    }));
  return done(state, events);
};

export const PAIRS_HANDLERS: Handlers<'pairsStart' | 'pairsEnd' | 'pairsTimeUp' | 'pairsVisit' | 'pairsBroadcast'> = {
  pairsStart: onPairsStart,
  pairsEnd: onPairsEndPairsTimeUp,
  pairsTimeUp: onPairsEndPairsTimeUp,
  pairsVisit: onPairsVisit,
  pairsBroadcast: onPairsBroadcast,
};
