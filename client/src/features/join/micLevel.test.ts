import { describe, expect, it } from 'vitest';
import { HOLD_MS, levelPercent, levelWord, nextMeter, rmsDbfs, silentMeter } from './micLevel';

/** A sine wave of this amplitude (0–1): its RMS is amplitude / √2. */
const sine = (amplitude: number, n = 1024) =>
  Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / 48_000));
/** The amplitude whose sine has this RMS level. */
const amplitudeFor = (dbfs: number) => Math.SQRT2 * 10 ** (dbfs / 20);

describe('microphone level meter calibration', () => {
  it.each<[string, number, number, number]>([
    // [what, dBFS, lowest %, highest %]
    ['digital silence is empty', -100, 0, 0],
    ['a quiet room (−55 dBFS) is nearly empty', -55, 5, 12],
    ['soft speech at arm’s length (−35 dBFS) is just under the middle', -35, 44, 48],
    ['normal speech at arm’s length (−25 dBFS) is in the middle / upper range', -25, 62, 68],
    ['close, clear speech (−20 dBFS) is in the upper range', -20, 72, 76],
    ['a raised voice (−10 dBFS) is near the top', -10, 90, 94],
    ['clipping (0 dBFS) is full', 0, 100, 100],
  ])('%s', (_what, dbfs, low, high) => {
    const p = levelPercent(dbfs);
    expect(p).toBeGreaterThanOrEqual(low);
    expect(p).toBeLessThanOrEqual(high);
  });

  it.each<[number, string]>([
    [-100, 'quiet'],
    [-55, 'quiet'],
    [-50, 'good'],
    [-40, 'good'],
    [-25, 'good'],
    [-7, 'good'],
    [-3, 'loud'],
  ])('%s dBFS reads "%s" (quiet only when truly quiet)', (dbfs, word) => {
    expect(levelWord(dbfs)).toBe(word);
  });

  it.each([-40, -25, -12])('a sine at %s dBFS RMS measures the same', (dbfs) => {
    expect(rmsDbfs(sine(amplitudeFor(dbfs)))).toBeCloseTo(dbfs, 0);
  });

  it('silence and no samples measure as the floor, never −Infinity', () => {
    expect(rmsDbfs(new Float32Array(512))).toBe(-100);
    expect(rmsDbfs([])).toBe(-100);
  });
});

describe('the bar moves so it can be read', () => {
  it('rises at once, falls slowly, and the word follows the loudest moment for a while', () => {
    let m = nextMeter(silentMeter(0), -25, 0, 16);
    expect(m.shownDbfs).toBe(-25);
    // The voice stops: 100 ms later the bar has fallen only a little.
    m = nextMeter(m, -90, 100, 100);
    expect(m.shownDbfs).toBeCloseTo(-28);
    expect(levelWord(m.peakDbfs)).toBe('good');
    // Still quiet after the hold: the word says so.
    m = nextMeter(m, -90, HOLD_MS + 50, HOLD_MS - 50);
    expect(levelWord(m.peakDbfs)).toBe('quiet');
    expect(levelPercent(m.shownDbfs)).toBe(0);
  });
});
