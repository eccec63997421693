/**
 * What the connection is, after each thing that happens to the socket. Framework-free, so the
 * transitions are tested without a browser; RoomClient feeds them and writes the result to the store.
 */
import type { ErrorCode } from '@circle/shared';
import { connectRefusal } from './retry';
import type { ConnectionState } from '../stores/useRoomStore';

export type ConnectionCause =
  | { type: 'connecting'; everConnected: boolean }
  | { type: 'connected' }
  /** The server said it is restarting (`server:restarting`): the connection closes next. */
  | { type: 'serverRestarting' }
  /** The socket closed; `byServer`/`byClient`: on purpose (removed, left), not a dropped transport. */
  | { type: 'disconnected'; reason: string }
  /** A connection attempt failed: refused with a code, or not answered at all (no code). */
  | { type: 'connectError'; code: ErrorCode | undefined; everConnected: boolean };

/** Whether a refusal at connect means "come back shortly" (the client retries) rather than "no". */
export function retryableRefusal(code: ErrorCode | undefined): boolean {
  // INTERNAL too: a failure on our side may pass (a store that is back, a node restarted).
  return code !== undefined && connectRefusal(code) === 'retry';
}

export function nextConnection(current: ConnectionState, cause: ConnectionCause): ConnectionState {
  if (current === 'ended' && cause.type !== 'connecting') return 'ended';
  switch (cause.type) {
    case 'connecting':
      return cause.everConnected ? 'reconnecting' : 'connecting';
    case 'connected':
      return 'connected';
    case 'serverRestarting':
      return 'restarting';
    case 'disconnected':
      if (cause.reason === 'io server disconnect' || cause.reason === 'io client disconnect') return 'ended';
      // Told the server is restarting: the dropped transport is expected, and the calm status stays.
      return current === 'restarting' ? 'restarting' : 'reconnecting';
    case 'connectError':
      if (cause.code === undefined || retryableRefusal(cause.code)) {
        if (current === 'restarting' || cause.code === 'RESTARTING') return 'restarting';
        return cause.everConnected ? 'reconnecting' : 'connecting';
      }
      // Refused by the server (bad invite, removed…): retrying will not help.
      return 'failed';
  }
}
