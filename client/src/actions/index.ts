/**
 * The actions components call, bound to the one room client and the HTTP API. Components import
 * from here (or from hooks beside their feature), never from net/: see eslint.config.js.
 */
import { RoomClient, roomClient } from '../net/RoomClient';
import { createApi } from '../net/api';
import { createRoomActions } from './roomActions';
import { createSessionActions } from './sessionActions';
import { createHttpActions } from './httpActions';

export type { CheckResult, TileView } from './ports';
export type { CheckInAnswers, Outcome } from './roomActions';
export type { RecordFormat } from './httpActions';

/** The invitation from the link's #fragment (kept for this tab, so a reload rejoins). */
export const takeInviteToken = (): string | null => RoomClient.takeToken();

/** A download the browser saves under `name`. */
function saveFile(name: string, file: Blob): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const api = createApi({ fetch: (url, init) => fetch(url, init), token: () => roomClient.token });

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
  disconnect,
  inviteToken,
  startPreview,
  chooseMicrophone,
  chooseCamera,
  prepareMedia,
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

export const { invite, revokeInvite, downloadRecord } = createHttpActions({ api, saveFile });
