import { create } from 'zustand';

export interface RemoteMedia {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  videoPaused: boolean;
}

export type MediaProblem = 'none' | 'no-camera' | 'no-microphone' | 'no-devices';

interface MediaStore {
  /** The local preview stream (camera and/or microphone), if any permission was granted. */
  localStream: MediaStream | null;
  micOn: boolean;
  cameraOn: boolean;
  problem: MediaProblem;
  devices: { audioinput: MediaDeviceInfo[]; videoinput: MediaDeviceInfo[]; audiooutput: MediaDeviceInfo[] };
  micId: string | null;
  cameraId: string | null;
  /** The chosen speaker (audio output) for the room's voices; null: the system's default. */
  speakerId: string | null;
  /** Media joined in the SFU (transports up). */
  joined: boolean;
  remote: Record<string, RemoteMedia>;
  /** Sending no video, receiving the lowest layers: chosen, or after the SFU saw a weak uplink. */
  audioOnly: boolean;
  audioOnlyReason: 'chosen' | 'network' | null;
  /** Chose "Listen only" (audio only and muted). */
  listenOnly: boolean;
  /** The room's media connection (ICE and DTLS): up, failed (until it comes up again), or not yet. */
  mediaLink: 'connecting' | 'up' | 'failed';
  /**
   * End-to-end encryption of the room's media: not used by this room, on (with the safety code of the
   * keys held now), or asked for but not possible in this browser.
   */
  e2ee: E2eeState;
  /** Per participant: whether their frames open on this page (E2EE on); absent: nothing received yet. */
  e2eeOpened: Record<string, boolean>;
}

/** One picture of the safety code, and its name's key in the catalogue (`network:e2ee.picture.<name>`). */
export interface SafetyPicture {
  picture: string;
  name: string;
}

export type E2eeState = { state: 'off' } | { state: 'on'; code: SafetyPicture[] | null } | { state: 'unsupported' };

export const useMediaStore = create<MediaStore>(() => ({
  localStream: null,
  micOn: false,
  cameraOn: false,
  problem: 'none',
  devices: { audioinput: [], videoinput: [], audiooutput: [] },
  micId: null,
  cameraId: null,
  speakerId: null,
  joined: false,
  remote: {},
  audioOnly: false,
  audioOnlyReason: null,
  listenOnly: false,
  mediaLink: 'connecting',
  e2ee: { state: 'off' },
  e2eeOpened: {},
}));

/** What this browser receives from one participant: a new track, a track gone, or their video paused. */
export function patchRemote(participantId: string, patch: Partial<RemoteMedia>): void {
  useMediaStore.setState((s) => {
    const current = s.remote[participantId] ?? { audio: null, video: null, videoPaused: false };
    return { remote: { ...s.remote, [participantId]: { ...current, ...patch } } };
  });
}
