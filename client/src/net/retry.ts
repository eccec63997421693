/**
 * Trying again after a retryable refusal (the server could not store the change just now, is
 * restarting, or asks us to slow down): capped exponential backoff with jitter, so a room full of
 * browsers does not come back in one wave. Framework-free: RoomClient and the HTTP API use it.
 */
import type { Ack, ErrorCode } from '@circle/shared';
import { isRetryable } from '@circle/shared/constants';

export interface BackoffPolicy {
  /** The first wait, before jitter. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

/** Requests: a few quick tries, then the error is shown. */
export const REQUEST_RETRY: BackoffPolicy & { attempts: number } = { baseMs: 300, maxMs: 3_000, attempts: 4 };
/** Connecting: tried again for as long as it takes, never more than 10 s apart. */
export const CONNECT_RETRY: BackoffPolicy = { baseMs: 500, maxMs: 10_000 };

/** The wait before retry number `attempt` (0-based): base·2^attempt, capped, with jitter between half and all of it. */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Successive waits of one retry loop; `reset` once it succeeded. */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    return backoffMs(this.attempt++, this.policy, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }
}

export interface RetryDeps {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  policy?: BackoffPolicy & { attempts: number };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Send, and send again while the answer is a retryable refusal, up to `policy.attempts` retries. */
export async function withRetry<T>(send: () => Promise<Ack<T>>, deps: RetryDeps = {}): Promise<Ack<T>> {
  const { sleep = realSleep, random = Math.random, policy = REQUEST_RETRY } = deps;
  for (let attempt = 0; ; attempt++) {
    const res = await send();
    if (res.ok || !isRetryable(res.error.code) || attempt >= policy.attempts) return res;
    await sleep(backoffMs(attempt, policy, random));
  }
}

/** What a refused connection means: go to another node, try again later, or stop (the link is not valid…). */
export type ConnectRefusal = 'elsewhere' | 'retry' | 'final';

export function connectRefusal(code: ErrorCode | undefined): ConnectRefusal {
  // No code: the transport failed (network, server away); socket.io tries again by itself.
  if (code === undefined) return 'retry';
  if (code === 'WRONG_NODE') return 'elsewhere';
  // A failure on our side is not the person's: it may pass (a store that is back, a node restarted).
  if (code === 'INTERNAL' || isRetryable(code)) return 'retry';
  return 'final';
}
