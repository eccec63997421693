/**
 * Sign-in lockout: after a few failed attempts in a row (for one account, or from one address), the
 * next attempt waits, and each further failure doubles the wait up to a cap. Pure: counts and times in.
 */

/** Failures in a row allowed before the first lockout. */
export const LOCKOUT_FREE_FAILURES = 4;
export const LOCKOUT_FIRST_MS = 60_000;
export const LOCKOUT_MAX_MS = 60 * 60_000;

/** How long to lock after the `failures`-th failure in a row (0: not locked). */
export function lockoutMs(failures: number, freeFailures: number = LOCKOUT_FREE_FAILURES): number {
  if (failures <= freeFailures) return 0;
  const doublings = failures - freeFailures - 1;
  return Math.min(LOCKOUT_MAX_MS, LOCKOUT_FIRST_MS * 2 ** Math.min(doublings, 30));
}

/** Milliseconds still to wait before trying again (0: may try now). */
export function retryAfterMs(lockedUntil: number | null, now: number): number {
  return lockedUntil === null || lockedUntil <= now ? 0 : lockedUntil - now;
}
