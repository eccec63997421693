/**
 * The connection, devices and media by name: what the pre-join screen, the controls and the tiles
 * ask for. The room client does the work; these say what is meant (`toggleMic`, `listenOnly`).
 */
import { useMediaStore } from '../stores/useMediaStore';
import type { RoomSession, TileView } from './ports';

export function createSessionActions(session: RoomSession) {
  return {
    /** Connect with this tab's invitation (from the link, or kept for a reload). */
    connect: (token: string) => session.connect(token),
    /** The same, unless it is already connected or connecting with it (main.tsx connects at page load). */
    connectOnce: (token: string) => session.connectOnce(token),
    disconnect: () => session.disconnect(),
    /** This tab's invitation token (a supervisor keeps it to open the session again). */
    inviteToken: (): string | null => session.token,

    // ------------------------------------------------------------ before entering
    startPreview: () => session.startPreview(),
    chooseMicrophone: (deviceId: string) => session.chooseDevice('audioinput', deviceId),
    chooseCamera: (deviceId: string) => session.chooseDevice('videoinput', deviceId),
    /** The speaker the room's voices play on (where the browser lets a page choose). */
    chooseSpeaker: (deviceId: string | null) => useMediaStore.setState({ speakerId: deviceId || null }),
    /** Before joining: enter with the camera or the microphone off (or on). */
    joinWithCamera: (on: boolean) => session.setCamera(on),
    joinWithMic: (on: boolean) => session.setMic(on),
    /** Already admitted: get the room's media ready while they check their camera. */
    prepareMedia: () => session.prepareMedia(),
    /** "Join" pressed by someone already admitted: enter the room's media at once, while the room screen loads. */
    joinMedia: () => session.joinMedia(),
    checkConnection: () => session.connectionCheck(),

    // ------------------------------------------------------------ in the room
    /** The room is on screen: enter its media and name who wrote before this person arrived. */
    enterRoom(): void {
      session.joinMedia();
      session.roomOnScreen();
    },
    /** Microphone on or off; the server may refuse to open it (not your turn). */
    toggleMic: () => session.setMic(!useMediaStore.getState().micOn),
    toggleCamera: () => session.setCamera(!useMediaStore.getState().cameraOn),
    /** Audio only: stop sending video and receive the smallest; `false` turns video back on. */
    setAudioOnly: (on: boolean) => session.setAudioOnly(on),
    /** Audio only and muted: a round robin passes over a member who listens only. */
    listenOnly: () => session.setAudioOnly(true, { listenOnly: true }),
    reportTileView: (participantId: string, view: TileView) => session.setTileView(participantId, view),

    // ------------------------------------------------------------ leaving
    leave: () => session.leave(),
    canRejoin: (): boolean => session.canRejoin,
    rejoin: () => session.rejoin(),
  };
}

export type SessionActions = ReturnType<typeof createSessionActions>;
