import { describe, expect, it } from 'vitest';
import { checkVerdict, type CheckFigures } from './checkVerdict';

const GOOD: CheckFigures = { rttMs: 40, lossPercent: 0, videoKbps: 900, audioOk: true, videoSent: true };

describe('connection check verdict', () => {
  it.each<[string, CheckFigures, string]>([
    ['a good network', GOOD, 'good'],
    ['nothing got through', { ...GOOD, audioOk: false, videoSent: false, rttMs: null, videoKbps: null }, 'failed'],
  ])('%s is %s', (_name, figures, level) => {
    expect(checkVerdict(figures).level).toBe(level);
  });

  it('heavy loss is worse than a clean line, and comes with advice', () => {
    const lossy = checkVerdict({ ...GOOD, lossPercent: 15 });
    expect(lossy.level).not.toBe('good');
    expect(lossy.advice.length).toBeGreaterThan(0);
  });
});
