/**
 * What the actions need from the layer below, as small interfaces. `RoomClient` (net/) implements
 * both; tests implement them with fakes. Components never see these: they call the actions.
 */
import type { Ack, ClientEventName, ClientEventResults, ClientPayload } from '@circle/shared';
import type { CheckResult } from '../net/connectionCheck';

/** One typed request on the room's socket and its ack (an error ack when not connected or timed out). */
export interface RoomSignal {
  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<Ack<ClientEventResults[E]>>;
}

/** A tile's size on this screen, in device pixels, and whether it can be seen. */
export interface TileView {
  width: number;
  height: number;
  visible: boolean;
}

/** The connection, the devices and the SFU media, which the room client owns. */
export interface RoomSession {
  /** This tab's invitation token, if any. */
  readonly token: string | null;
  /** Left within this page: "Rejoin" can take them straight back. */
  readonly canRejoin: boolean;
  connect(token: string): void;
  /** Connect unless a connection with this token is already open or opening (the page opens it at load). */
  connectOnce(token: string): void;
  disconnect(): void;
  startPreview(): Promise<void>;
  chooseDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void>;
  prepareMedia(): void;
  joinMedia(): void;
  roomOnScreen(): void;
  setMic(on: boolean): Promise<boolean>;
  setCamera(on: boolean): Promise<void>;
  setAudioOnly(on: boolean, options?: { listenOnly?: boolean }): Promise<void>;
  setTileView(participantId: string, view: TileView): void;
  connectionCheck(): Promise<CheckResult>;
  leave(): Promise<void>;
  rejoin(): void;
}

export type { CheckResult };
