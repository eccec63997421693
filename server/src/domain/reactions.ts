/**
 * Quiet reactions: a nod, a heart, a thank-you, shown for a few seconds on the sender's tile to the
 * people in the sender's own space. Nothing about a reaction is stored: the decision is quiet (no
 * write, no room broadcast), and only the room's on/off switch is part of the room's state.
 */
import { REACTION_INTERVAL_MS } from '@circle/shared';
import { type Ctx, type Decision, type Handlers, type RoomState, done, no, type ResultOf } from './roomState.js';

/** Reactions are on unless the therapist turned them off (rooms stored before reactions: on). */
export const reactionsEnabled = (state: Pick<RoomState, 'reactionsEnabled'>): boolean => state.reactionsEnabled ?? true;

/** Too soon after this person's previous reaction (`previousAt`, kept in memory by the room's actor)? */
export const reactionTooSoon = (previousAt: number | null, now: number): boolean =>
  previousAt !== null && now - previousAt < REACTION_INTERVAL_MS;

const onReact = ({ state, command, now, actor }: Ctx<'react'>): Decision<ResultOf<'react'>> => {
  if (!reactionsEnabled(state)) return no('REACTIONS_OFF');
  if (reactionTooSoon(command.previousAt, now)) return no('RATE_LIMITED');
  return {
    ok: true,
    state,
    events: [{ type: 'reaction', participantId: actor.id, kind: command.kind, space: actor.space, at: now }],
    result: null,
    quiet: true,
  };
};

const onReactionsSetEnabled = ({
  state,
  command,
}: Ctx<'reactionsSetEnabled'>): Decision<ResultOf<'reactionsSetEnabled'>> =>
  reactionsEnabled(state) === command.enabled ? done(state) : done({ ...state, reactionsEnabled: command.enabled });

export const REACTION_HANDLERS: Handlers<'react' | 'reactionsSetEnabled'> = {
  react: onReact,
  reactionsSetEnabled: onReactionsSetEnabled,
};
