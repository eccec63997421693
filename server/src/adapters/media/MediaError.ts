import { MediaError } from '../../app/mediaPort.js';

export { MediaError };

/**
 * Run a mediasoup call that reads parameters a client sent (DTLS, RTP parameters, capabilities).
 * mediasoup refuses bad ones with a TypeError or UnsupportedError: that is the caller's bad input
 * (INVALID_PAYLOAD), not a fault of the server.
 */
export async function withClientParameters<T>(what: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TypeError || (err as Error | null)?.name === 'UnsupportedError') {
      throw new MediaError('INVALID_PAYLOAD', what);
    }
    throw err;
  }
}
