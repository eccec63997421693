/**
 * Focus mode, a group setting: members see only the therapists. Whom a participant receives is
 * decided here, once, for the views and for the SFU (a member is never given another member's video).
 */
import {
  type Ctx,
  type Decision,
  type Handlers,
  type RoomState,
  type ResultOf,
  MAIN_SPACE,
  byId,
  done,
  isStaffRole,
} from './roomState.js';

const onSetFocusMode = ({ state, command }: Ctx<'setFocusMode'>): Decision<ResultOf<'setFocusMode'>> => {
  if ((state.focusMode ?? false) === command.on) return done(state);
  // The SFU re-checks who receives whom: members' video to other members closes, or is offered again.
  return done({ ...state, focusMode: command.on }, [{ type: 'spacesChanged' }]);
};

export const FOCUS_HANDLERS: Handlers<'setFocusMode'> = { setFocusMode: onSetFocusMode };

/**
 * Does `viewerId` see `ownerId` as a tile? Not in focus mode when both are members in the group
 * (in a practice pair or a private room, the people there see each other).
 */
export function seesTile(state: RoomState, viewerId: string, ownerId: string): boolean {
  if (!state.focusMode || viewerId === ownerId) return true;
  const viewer = byId(state.participants, viewerId);
  const owner = byId(state.participants, ownerId);
  if (!viewer || !owner) return false;
  if (isStaffRole(viewer.role) || isStaffRole(owner.role)) return true;
  return viewer.space !== MAIN_SPACE;
}

/**
 * May `receiverId` receive `ownerId`'s media of `kind`? Only within one space; in focus mode a member
 * in the group receives other members' audio (the group still hears who speaks) but not their video.
 */
export function receives(state: RoomState, receiverId: string, ownerId: string, kind: 'audio' | 'video'): boolean {
  const receiver = byId(state.participants, receiverId);
  const owner = byId(state.participants, ownerId);
  const spaceOf = (p: typeof receiver) => p?.space ?? MAIN_SPACE;
  if (spaceOf(receiver) !== spaceOf(owner)) return false;
  return kind === 'audio' || seesTile(state, receiverId, ownerId);
}
