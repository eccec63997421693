import { describe, expect, it } from 'vitest';
import { checkVerdict, type CheckFigures } from './checkVerdict';

const GOOD: CheckFigures = { rttMs: 40, lossPercent: 0, videoKbps: 900, audioOk: true, videoSent: true };
/** What a loopback on this machine gave: a round trip of 2 ms, no loss, a simple picture at 200 kbps. */
const LOOPBACK: CheckFigures = {
  rttMs: 2,
  lossPercent: 0,
  videoKbps: 200,
  sendEstimateKbps: 1_400,
  audioOk: true,
  videoSent: true,
};

describe('connection check verdict', () => {
  it.each<[string, CheckFigures, string]>([
    ['a good home network', GOOD, 'good'],
    ['a perfect loopback', LOOPBACK, 'good'],
    [
      'a perfect loopback whose uplink estimate is not in yet',
      { ...LOOPBACK, videoKbps: 450, sendEstimateKbps: null },
      'good',
    ],
    ['little video and a low uplink estimate', { ...GOOD, videoKbps: 120, sendEstimateKbps: 140 }, 'poor'],
    [
      'little video but a high uplink estimate (a still picture)',
      { ...GOOD, videoKbps: 120, sendEstimateKbps: 2_000 },
      'good',
    ],
    ['no camera, audio through cleanly', { ...GOOD, videoSent: false, videoKbps: null }, 'good'],
    ['nothing got through', { ...GOOD, audioOk: false, videoSent: false, rttMs: null, videoKbps: null }, 'failed'],
    ['audio only got through', { ...GOOD, videoSent: false, videoKbps: null }, 'good'],
    ['3% loss', { ...GOOD, lossPercent: 3 }, 'fair'],
    ['a 300 ms round trip', { ...GOOD, rttMs: 300 }, 'fair'],
    ['video at 200 kbps', { ...GOOD, videoKbps: 200 }, 'fair'],
    ['8% loss', { ...GOOD, lossPercent: 8 }, 'poor'],
    ['a 600 ms round trip', { ...GOOD, rttMs: 600 }, 'poor'],
    ['video at 100 kbps', { ...GOOD, videoKbps: 100 }, 'poor'],
    ['exactly 2% loss and 250 ms', { ...GOOD, lossPercent: 2, rttMs: 250 }, 'good'],
  ])('%s is %s', (_name, figures, level) => {
    expect(checkVerdict(figures).level).toBe(level);
  });

  it('a good connection says "good" plainly, with no advice about the network', () => {
    const v = checkVerdict(LOOPBACK);
    expect(v.headline).toBe('Your connection is good.');
    expect(v.advice.join(' ')).not.toMatch(/router|audio-only|downloads/);
    expect(v.suggestAudioOnly).toBe(false);
  });

  it('slow and could-not-connect are told apart', () => {
    expect(checkVerdict({ ...GOOD, lossPercent: 15 }).headline).toMatch(/slow/);
    expect(checkVerdict({ ...GOOD, audioOk: false, videoSent: false }).headline).toMatch(/could not connect/);
  });

  it('heavy loss comes with advice, and suggests audio-only', () => {
    const lossy = checkVerdict({ ...GOOD, lossPercent: 15 });
    expect(lossy.advice).toContain('Join audio-only: others will still hear you, and you will hear everyone.');
    expect(lossy.suggestAudioOnly).toBe(true);
  });

  it('a long round trip alone does not suggest audio-only (it would not help)', () => {
    expect(checkVerdict({ ...GOOD, rttMs: 700 }).suggestAudioOnly).toBe(false);
  });
});
