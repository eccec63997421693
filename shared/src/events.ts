import type { Ack } from './errors.js';
import type { ClientEventName, ClientPayload } from './schemas.js';
import type { ReactionKind } from './reactions.js';
import type { RoomPatch } from './roomPatch.js';
import type { NoticePayload } from './notices.js';
import type { HealthPoint, RoomHealthView, SessionHealthSummary, StaffMessageView } from './health.js';
import type {
  ChatMessage,
  PrivateMessage,
  ConsumerInfo,
  EndReason,
  ParticipantStatus,
  ProducerInfo,
  RoomView,
  TransportInfo,
} from './views.js';

/** A STUN/TURN server for the browser's RTCPeerConnection (TURN credentials are short-lived). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** `relay`: the browser sends media only through TURN. */
export type IceTransportPolicy = 'all' | 'relay';

/** What each client→server event answers with in its ack. */
export interface ClientEventResults {
  'session:checkIn': { status: ParticipantStatus };
  'lobby:admit': null;
  'lobby:admitAll': { admitted: number };
  'lobby:decline': null;
  'participant:remove': null;
  'room:lock': null;
  'room:end': null;
  'room:leave': null;
  'clock:ping': { clientTime: number; serverTime: number };
  /** The room arrives as a `room:state` (sent before this ack). */
  'room:resync': null;
  'media:capabilities': {
    routerRtpCapabilities: unknown;
    /** The room's media is end-to-end encrypted: browsers encrypt frames with keys the server never holds. */
    e2ee?: boolean;
    /** Present when Circle is configured with a TURN server (TURN_URLS, TURN_SECRET). */
    iceServers?: IceServer[];
    iceTransportPolicy?: IceTransportPolicy;
  };
  'media:join': { producers: ProducerInfo[] };
  'transport:create': TransportInfo;
  'transport:connect': null;
  'transport:connectPlain': null;
  'transport:restartIce': { iceParameters: unknown };
  'producer:create': { producerId: string; paused: boolean };
  'producer:setPaused': null;
  'producer:close': null;
  'consumer:create': ConsumerInfo;
  'consumer:resume': null;
  'consumer:setView': null;
  'media:setAudioOnly': null;
  'check:start': { routerRtpCapabilities: unknown; send: TransportInfo; recv: TransportInfo; iceServers?: IceServer[] };
  'check:connect': null;
  'check:produce': { producerId: string };
  'check:consume': { id: string; producerId: string; kind: 'audio' | 'video'; rtpParameters: unknown };
  'check:end': null;
  'hand:raise': null;
  'hand:lower': null;
  'floor:give': null;
  'floor:next': null;
  'floor:takeBack': null;
  'floor:end': null;
  'turn:pass': null;
  'speaking:listenOnly': null;
  'speaking:setMode': null;
  'speaking:setTurn': null;
  'participant:mute': null;
  'participant:muteAll': { muted: number };
  'participant:askUnmute': null;
  'participant:stopCamera': null;
  'agenda:set': null;
  'agenda:useTemplate': null;
  'agenda:start': null;
  'agenda:pause': null;
  'agenda:resume': null;
  'agenda:next': null;
  'agenda:previous': null;
  'agenda:extend': null;
  'crisis:alert': { alertId: string };
  'crisis:acknowledge': null;
  'crisis:resolve': null;
  'chat:send': { messageId: string };
  'chat:delete': null;
  'chat:setEnabled': null;
  'room:setFocusMode': null;
  'chat:private': { messageId: string };
  'chat:history': { group: ChatMessage[]; private: PrivateMessage[] };
  'reaction:send': null;
  'reactions:setEnabled': null;
  'pairs:start': { pairs: number };
  'pairs:end': null;
  'pairs:visit': null;
  'pairs:broadcast': null;
  'crisis:sideRoom': null;
  'crisis:return': null;
  'room:break': null;
  'stats:report': null;
  /** The last 10 minutes of this room's health, for the charts, and the latest sample. */
  'health:history': { history: HealthPoint[]; current: RoomHealthView | null };
  /** Every live session on this node (supervisors). */
  'health:sessions': { sessions: SessionHealthSummary[] };
  'staff:message': StaffMessageView;
  /** The device keys of the others in the room now (each then sends this browser its media key). */
  'e2ee:announce': { devices: E2eeDevice[] };
  'e2ee:key': null;
  'e2ee:cannotEncrypt': null;
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: (res: Ack<ClientEventResults[E]>) => void) => void;
};

export interface ServerToClientEvents {
  /**
   * The whole room as this viewer may see it, at room version `version`: sent on connect and when the
   * client asks (`room:resync`, after a gap). Every change after it comes as a `room:patch`.
   */
  'room:state': (view: RoomView, version: number) => void;
  /** What changed in this viewer's room view since the version it names (`base`); see roomPatch.ts. */
  'room:patch': (patch: RoomPatch) => void;
  'media:producerAdded': (producer: ProducerInfo) => void;
  'media:producerClosed': (p: { producerId: string; participantId: string }) => void;
  'media:producerPaused': (p: { producerId: string; paused: boolean }) => void;
  'media:consumerClosed': (p: { consumerId: string }) => void;
  /** The SFU lost its worker: drop all transports and join the media again. */
  'media:restart': () => void;
  'session:ended': (p: { reason: EndReason; message?: string }) => void;
  notice: (p: NoticePayload) => void;
  'chat:message': (m: ChatMessage) => void;
  'chat:removed': (p: { messageId: string }) => void;
  /** A private message between a member and the therapists (the client sends `chat:private`). */
  'chat:privateDelivered': (m: PrivateMessage) => void;
  /** A quiet reaction from someone in the receiver's own space (main room, pair, side room), to show on their tile. */
  'reaction:shown': (p: { participantId: string; kind: ReactionKind }) => void;
  /** Speaking participants, from the server's audio level observer. */
  'speaking:levels': (p: { speaking: string[] }) => void;
  /** Staff only: the room's health, sampled every few seconds while staff are connected. */
  'health:sampled': (health: RoomHealthView) => void;
  /** Staff only: a message on the private line between therapists and supervisors. */
  /** A message on the staff line (the client sends `staff:message`). */
  'staff:messageDelivered': (m: StaffMessageView) => void;
  /** The server is stopping (an update, a restart): the connection closes next; reconnect on your own. */
  'server:restarting': () => void;
  /** Someone in the room announced a device key (joined, or reconnected with a new page). */
  'e2ee:device': (device: E2eeDevice) => void;
  /** A sender's media key, wrapped to this browser's device key (opaque to the server). */
  'e2ee:key': (p: { from: string; blob: string }) => void;
}

/** A participant's device public key (raw P-256, base64url). */
export interface E2eeDevice {
  participantId: string;
  publicKey: string;
}

/** Room view checks: helpers shared by client and tests. */
export type { Ack };
