import { describe, expect, it } from 'vitest';
import { type Ack, type ErrorCode, errorOf } from '@circle/shared';
import { Backoff, CONNECT_RETRY, backoffMs, connectRefusal, withRetry } from './retry';

const refused = (code: ErrorCode): Ack<string> => ({ ok: false, error: errorOf(code) });

describe('backoff', () => {
  const policy = { baseMs: 100, maxMs: 1_000 };

  it.each([
    [0, 100],
    [1, 200],
    [3, 800],
    [4, 1_000],
    [40, 1_000],
  ])('retry %i waits at most %i ms (doubling, capped)', (attempt, most) => {
    expect(backoffMs(attempt, policy, () => 1)).toBe(most);
  });

  it('is jittered between half and all of the wait, so browsers do not come back in one wave', () => {
    expect(backoffMs(2, policy, () => 0)).toBe(200);
    expect(backoffMs(2, policy, () => 0.5)).toBe(300);
  });

  it('reconnecting keeps trying, never more than 10 s apart, and starts over once connected', () => {
    const b = new Backoff(CONNECT_RETRY, () => 1);
    const waits = Array.from({ length: 8 }, () => b.next());
    expect(waits).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    b.reset();
    expect(b.next()).toBe(500);
  });
});

describe('requests refused for now are sent again', () => {
  const run = async (answers: Ack<string>[]) => {
    const waits: number[] = [];
    let sent = 0;
    const res = await withRetry(async () => answers[Math.min(sent++, answers.length - 1)]!, {
      sleep: async (ms) => void waits.push(ms),
      random: () => 1,
    });
    return { res, waits, sent };
  };

  it.each<ErrorCode>(['UNAVAILABLE', 'RESTARTING', 'RATE_LIMITED'])('%s: tried again until it works', async (code) => {
    const { res, sent, waits } = await run([refused(code), refused(code), { ok: true, data: 'done' }]);
    expect(res).toEqual({ ok: true, data: 'done' });
    expect(sent).toBe(3);
    expect(waits).toEqual([300, 600]);
  });

  it('a few times only: then the person is told', async () => {
    const { res, sent } = await run([refused('UNAVAILABLE')]);
    expect(res).toEqual(refused('UNAVAILABLE'));
    expect(sent).toBe(5);
  });

  it.each<ErrorCode>(['FORBIDDEN', 'NOT_YOUR_TURN', 'INVALID_PAYLOAD', 'INTERNAL'])(
    '%s: answered at once, never sent twice',
    async (code) => {
      const { res, sent } = await run([refused(code), { ok: true, data: 'no' }]);
      expect(res).toEqual(refused(code));
      expect(sent).toBe(1);
    },
  );
});

describe('a refused connection', () => {
  it.each<[ErrorCode | undefined, string]>([
    [undefined, 'retry'],
    ['INTERNAL', 'retry'],
    ['UNAVAILABLE', 'retry'],
    ['RESTARTING', 'retry'],
    ['RATE_LIMITED', 'retry'],
    ['WRONG_NODE', 'elsewhere'],
    ['INVITE_INVALID', 'final'],
    ['REMOVED', 'final'],
    ['REPLACED', 'final'],
    ['PROTOCOL_MISMATCH', 'final'],
  ])('%s → %s', (code, what) => {
    expect(connectRefusal(code)).toBe(what);
  });
});
