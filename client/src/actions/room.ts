/**
 * The room's actions (the one room client: signaling, media, effects), apart from the HTTP and staff
 * actions in ./index: the first screen (pre-join) imports these alone, so it loads without the HTTP
 * schemas; ./index re-exports them for everything else.
 */
import { RoomClient, roomClient } from '../net/RoomClient';
import { createRoomActions } from './roomActions';
import { createSessionActions } from './sessionActions';
import { createEffectsActions } from './effectsActions';

export type { CheckResult, TileView } from './ports';
export type { CheckInAnswers, Outcome } from './roomActions';

/** The invitation from the link's #fragment (kept for this tab, so a reload rejoins). */
export const takeInviteToken = (): string | null => RoomClient.takeToken();

export const {
  checkIn,
  admit,
  admitAll,
  decline,
  raiseHand,
  lowerHand,
  giveFloor,
  giveFloorToNext,
  takeFloorBack,
  endMyTurn,
  passTurn,
  setSpeakingMode,
  setTurn,
  mute,
  muteAll,
  askToUnmute,
  stopCameraOf,
  removeParticipant,
  lockRoom,
  startBreak,
  endBreak,
  endSessionForEveryone,
  raiseCrisisAlert,
  acknowledgeAlert,
  openSideRoom,
  returnToGroup,
  resolveAlert,
  sendChat,
  deleteChatMessage,
  setChatEnabled,
  sendReaction,
  setReactionsEnabled,
  setFocusMode,
  sendPrivateMessage,
  sendStaffMessage,
  setAgenda,
  applyAgendaTemplate,
  startAgenda,
  pauseAgenda,
  resumeAgenda,
  previousAgendaItem,
  nextAgendaItem,
  extendAgendaItem,
  startPairs,
  visitPair,
  backToMainRoom,
  endPairs,
  messageAllPairs,
  loadHealthHistory,
  refreshSessions,
} = createRoomActions(roomClient);

export const {
  connect,
  connectOnce,
  disconnect,
  inviteToken,
  startPreview,
  chooseMicrophone,
  chooseCamera,
  chooseSpeaker,
  joinWithCamera,
  joinWithMic,
  prepareMedia,
  joinMedia,
  checkConnection,
  enterRoom,
  toggleMic,
  toggleCamera,
  setAudioOnly,
  listenOnly,
  reportTileView,
  leave,
  canRejoin,
  rejoin,
} = createSessionActions(roomClient);

export const { setBackground, setNoiseSuppression } = createEffectsActions(() => roomClient.effects);
export { allowedBackgrounds, type AllowedBackgrounds, type BackgroundChoice } from './effectsActions';
