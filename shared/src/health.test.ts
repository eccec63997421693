import { describe, expect, test } from 'vitest';
import { ConnectionQuality, STAFF_MESSAGE_CHARS, statsReportSchema, worseQuality } from './health.js';
import { clientEventSchemas } from './schemas.js';

const REPORT = { sendKbps: 800, recvKbps: 2400, lossPct: 0.5, rttMs: 40, jitterMs: 5 };

describe('stats:report numbers are bounded', () => {
  test.each([
    ['no traffic at all', { sendKbps: 0, recvKbps: 0, lossPct: 0 }, true],
    ['100 Mbit/s each way', { sendKbps: 100_000, recvKbps: 100_000 }, true],
    ['more than 100 Mbit/s sent', { sendKbps: 100_001 }, false],
    ['a negative bitrate', { recvKbps: -1 }, false],
    ['all packets lost', { lossPct: 100 }, true],
    ['more than 100% loss', { lossPct: 100.1 }, false],
    ['no round-trip figure yet', { rttMs: null }, true],
    ['a round trip of a minute', { rttMs: 60_000 }, true],
    ['a round trip over a minute', { rttMs: 60_001 }, false],
    ['no jitter figure yet', { jitterMs: null }, true],
    ['negative jitter', { jitterMs: -0.1 }, false],
    ['an infinite bitrate', { sendKbps: Number.POSITIVE_INFINITY }, false],
    ['NaN loss', { lossPct: Number.NaN }, false],
  ])('%s: accepted %s', (_case, change, accepted) => {
    expect(statsReportSchema.safeParse({ ...REPORT, ...change }).success).toBe(accepted);
  });

  test('the event carries exactly this schema', () => {
    expect(clientEventSchemas['stats:report']).toBe(statsReportSchema);
  });
});

describe('staff:message text', () => {
  const parse = (text: unknown) => clientEventSchemas['staff:message'].safeParse({ text });
  test.each([
    ['a short message', 'Can you check on Sam?', true],
    [`exactly ${STAFF_MESSAGE_CHARS} characters`, 'a'.repeat(STAFF_MESSAGE_CHARS), true],
    [`${STAFF_MESSAGE_CHARS + 1} characters`, 'a'.repeat(STAFF_MESSAGE_CHARS + 1), false],
    ['only spaces', '   ', false],
    ['a control character', 'line\u0007bell', false],
  ])('%s: accepted %s', (_case, text, accepted) => {
    expect(parse(text).success).toBe(accepted);
  });
});

describe('worseQuality', () => {
  const { good, fair, poor, unknown } = ConnectionQuality;
  test.each([
    [good, fair, fair],
    [fair, good, fair],
    [poor, fair, poor],
    [unknown, good, good],
    [poor, unknown, poor],
    [unknown, unknown, unknown],
  ])('worse of %s and %s is %s', (a, b, worst) => {
    expect(worseQuality(a, b)).toBe(worst);
  });
});
