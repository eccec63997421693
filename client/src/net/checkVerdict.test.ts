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

/** What each browser's check measured here on a perfect link (a loopback through the SFU on this machine). */
const CHROMIUM_CLEAN: CheckFigures = {
  ...LOOPBACK,
  videoKbps: 480,
  sendEstimateKbps: 1_400,
  browser: 'chromium',
  connected: true,
};
const FIREFOX_CLEAN: CheckFigures = {
  ...LOOPBACK,
  videoKbps: 104,
  sendEstimateKbps: null,
  browser: 'firefox',
  connected: true,
};

describe('verdict thresholds per browser', () => {
  it('a perfect link is good in Chromium and in Firefox (whose video ramps slower, with no uplink estimate)', () => {
    expect(checkVerdict(CHROMIUM_CLEAN).level).toBe('good');
    expect(checkVerdict(FIREFOX_CLEAN).level).toBe('good');
    expect(checkVerdict({ ...FIREFOX_CLEAN, videoKbps: 112 }).level).toBe('good');
  });

  it('Firefox’s perfect-link figure would read "slow" on Chromium’s scale: the scale is per browser', () => {
    expect(checkVerdict({ ...FIREFOX_CLEAN, browser: 'chromium' }).level).toBe('poor');
  });

  it.each<[number, string]>([
    [74, 'fair'],
    [75, 'good'],
    [39, 'poor'],
    [40, 'fair'],
  ])('Firefox video at %i kbps is %s', (videoKbps, level) => {
    expect(checkVerdict({ ...FIREFOX_CLEAN, videoKbps }).level).toBe(level);
  });

  it('Safari and unknown browsers use the Chromium scale (libwebrtc; not measured here)', () => {
    for (const browser of ['safari', 'other'] as const) {
      expect(checkVerdict({ ...FIREFOX_CLEAN, browser }).level).toBe('poor');
      expect(checkVerdict({ ...CHROMIUM_CLEAN, browser }).level).toBe('good');
    }
  });

  it('the browser family comes from mediasoup-client’s handler', async () => {
    const { checkBrowserOf } = await import('./checkVerdict');
    expect(checkBrowserOf('Chrome111')).toBe('chromium');
    expect(checkBrowserOf('Chrome74')).toBe('chromium');
    expect(checkBrowserOf('Firefox120')).toBe('firefox');
    expect(checkBrowserOf('Safari12')).toBe('safari');
    expect(checkBrowserOf('ReactNative106')).toBe('other');
    expect(checkBrowserOf(undefined)).toBe('other');
  });
});

describe('could not connect is told apart from slow', () => {
  it('ICE or DTLS failed (the transports never connected): could not connect, whatever else was measured', () => {
    const v = checkVerdict({ ...FIREFOX_CLEAN, connected: false, audioOk: false, videoKbps: 0, lossPercent: null });
    expect(v.level).toBe('failed');
    expect(v.headline).toMatch(/could not connect/);
    expect(v.suggestAudioOnly).toBe(false);
  });

  it('connected, video tried, but nothing came back (0 kbps, no audio): could not connect, not "slow"', () => {
    expect(checkVerdict({ ...CHROMIUM_CLEAN, audioOk: false, videoKbps: 0, sendEstimateKbps: null }).level).toBe(
      'failed',
    );
  });

  it('connected and only audio came back: not failed', () => {
    expect(checkVerdict({ ...CHROMIUM_CLEAN, videoKbps: 0, sendEstimateKbps: null }).level).not.toBe('failed');
  });

  it('nothing to send (no camera, no microphone): judged on the round trip, and says sound and video were not tested', () => {
    const v = checkVerdict({
      rttMs: 30,
      lossPercent: null,
      videoKbps: null,
      audioOk: false,
      videoSent: false,
      connected: null,
    });
    expect(v.level).toBe('good');
    expect(v.headline).toMatch(/not tested/);
  });
});
