import { describe, expect, it } from 'vitest';
import { LOCKOUT_MAX_MS, lockoutMs, retryAfterMs } from './lockout.js';

describe('sign-in lockout', () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 60_000],
    [6, 120_000],
    [7, 240_000],
    [11, LOCKOUT_MAX_MS],
    [1000, LOCKOUT_MAX_MS],
  ])('after %i failures in a row locks for %i ms', (failures, ms) => {
    expect(lockoutMs(failures)).toBe(ms);
  });

  it('allows more failures from one address before locking it', () => {
    expect(lockoutMs(19, 19)).toBe(0);
    expect(lockoutMs(20, 19)).toBe(60_000);
  });

  it('says how long is left to wait', () => {
    expect(retryAfterMs(null, 1000)).toBe(0);
    expect(retryAfterMs(900, 1000)).toBe(0);
    expect(retryAfterMs(61_000, 1000)).toBe(60_000);
  });
});
