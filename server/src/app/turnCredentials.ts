import { createHmac } from 'node:crypto';
import type { IceServer, IceTransportPolicy } from '@circle/shared';

/** A TURN server shared with Circle through a secret (coturn's `use-auth-secret`). */
export interface TurnSettings {
  /** `turn:`/`turns:`/`stun:` URLs handed to browsers as they are. */
  urls: string[];
  secret: string;
  ttlSeconds: number;
  /** Tell browsers to send media only through TURN (`iceTransportPolicy: 'relay'`). */
  forceRelay: boolean;
}

/** What a client adds to its transports: none when no TURN server is configured. */
export interface IceConfig {
  iceServers?: IceServer[];
  iceTransportPolicy?: IceTransportPolicy;
}

/**
 * A short-lived TURN credential in the TURN REST scheme that coturn implements
 * (draft-uberti-behave-turn-rest): username `<expiry unix seconds>:<participantId>`,
 * credential base64(HMAC-SHA1(secret, username)). The TURN server checks the expiry itself.
 */
export function turnCredential(
  secret: string,
  participantId: string,
  expiresAtSeconds: number,
): { username: string; credential: string } {
  if (!Number.isInteger(expiresAtSeconds) || expiresAtSeconds < 0) {
    throw new Error('expiresAtSeconds must be a whole number of seconds');
  }
  // coturn reads the expiry up to the first separator; one in the id would cut the username short.
  if (!participantId || participantId.includes(':')) throw new Error('participantId must be non-empty, without ":"');
  const username = `${expiresAtSeconds}:${participantId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The ICE servers and policy for one participant at `nowMs`; empty without TURN. */
export function iceConfigFor(turn: TurnSettings | undefined, participantId: string, nowMs: number): IceConfig {
  if (!turn) return {};
  const expiresAt = Math.floor(nowMs / 1000) + turn.ttlSeconds;
  return {
    iceServers: [{ urls: [...turn.urls], ...turnCredential(turn.secret, participantId, expiresAt) }],
    iceTransportPolicy: turn.forceRelay ? 'relay' : 'all',
  };
}
