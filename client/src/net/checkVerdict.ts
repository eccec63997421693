/** The connection check's figures and what they mean for a person joining a group. */
import { en } from '@circle/shared/i18n';
export interface CheckFigures {
  /** Round trip to the server (median of a few pings), ms. */
  rttMs: number | null;
  /** Share of looped-back packets lost, 0–100. */
  lossPercent: number | null;
  /** Video bitrate that made it through the SFU and back, kbps. */
  videoKbps: number | null;
  /**
   * The sender's own estimate of what its uplink can carry (WebRTC's `availableOutgoingBitrate`),
   * kbps. A simple picture may need less than the network could take; this says what it could.
   */
  sendEstimateKbps?: number | null;
  audioOk: boolean;
  /** A camera was sent through the loopback (a video figure was measured). */
  videoSent: boolean;
  /**
   * Whether the check's media connection (ICE and DTLS, both directions) came up: `false` is
   * "could not connect", whatever else was measured; `null` (or absent): nothing was sent (no camera
   * and no microphone), so no media connection was tried.
   */
  connected?: boolean | null;
  /** Whose sender produced the figures: thresholds are calibrated per browser (see VIDEO_THRESHOLDS). */
  browser?: CheckBrowser;
}

/** The browser families whose video senders behave differently in a five-second check. */
export type CheckBrowser = 'chromium' | 'firefox' | 'safari' | 'other';

/** The browser family from mediasoup-client's handler name (`Device.handlerName`). */
export function checkBrowserOf(handlerName: string | undefined): CheckBrowser {
  if (!handlerName) return 'other';
  if (handlerName.startsWith('Chrome')) return 'chromium';
  if (handlerName.startsWith('Firefox')) return 'firefox';
  if (handlerName.startsWith('Safari')) return 'safari';
  return 'other';
}

export type CheckLevel = 'good' | 'fair' | 'poor' | 'failed';

export interface CheckVerdict {
  level: CheckLevel;
  /** In English; `headlineKeys` / `adviceKeys` name the same sentences in the catalogue (`network:verdict…`). */
  headline: string;
  advice: string[];
  headlineKeys: VerdictKey[];
  adviceKeys: AdviceKey[];
  /** Suggest joining audio-only. */
  suggestAudioOnly: boolean;
}

/**
 * Thresholds, for a group room (send one camera up to ~1.3 Mbps, receive a grid of small layers):
 * - failed ("could not connect"): the media connection did not come up (ICE or DTLS failed), or it
 *   did and still no audio and no video came back through the video service at all;
 * - poor ("slow"): loss above 5 %, or a round trip above 400 ms, or video capacity under the
 *   browser's "poor" figure (VIDEO_THRESHOLDS);
 * - fair: loss above 2 %, or a round trip above 250 ms, or video capacity under its "fair" figure;
 * - good: everything else. Video capacity is the higher of the video that came back and the
 *   sender's own estimate of its uplink: in a 5 s test the bitrate sent is the encoder's ramp and
 *   the picture's content (a still room compresses to little) as much as the network, so a clean
 *   loopback (no loss, a round trip of a few ms) reads plainly good.
 * Missing figures (no camera: no video measured) count neither for nor against.
 */
export const VERDICT_THRESHOLDS = {
  poor: { lossPercent: 5, rttMs: 400, videoKbps: 150 },
  fair: { lossPercent: 2, rttMs: 250, videoKbps: 300 },
} as const;

/**
 * Video capacity thresholds (kbps) per browser, from what each actually sends in the check's five
 * seconds on a perfect link here (a loopback through the SFU, same machine, same fake camera):
 * - Chromium (libwebrtc): starts at the 1 Mbps start bitrate and reports `availableOutgoingBitrate`;
 *   measured 477–492 kbps of video with an uplink estimate of ~1.4 Mbps, so 150/300 leave a wide margin.
 * - Firefox: its encoder ramps from a low start and it reports no uplink estimate; measured 104–112 kbps
 *   on the same perfect link (about a quarter of Chromium's). The Chromium figures would call a perfect
 *   link "slow"; scaled by the same quarter: 40/75.
 * - Safari (libwebrtc, like Chromium) and others: Chromium's figures; not measured (no WebKit with WebRTC here).
 */
export const VIDEO_THRESHOLDS: Record<CheckBrowser, { poor: number; fair: number }> = {
  chromium: { poor: VERDICT_THRESHOLDS.poor.videoKbps, fair: VERDICT_THRESHOLDS.fair.videoKbps },
  firefox: { poor: 40, fair: 75 },
  safari: { poor: VERDICT_THRESHOLDS.poor.videoKbps, fair: VERDICT_THRESHOLDS.fair.videoKbps },
  other: { poor: VERDICT_THRESHOLDS.poor.videoKbps, fair: VERDICT_THRESHOLDS.fair.videoKbps },
};

type VerdictKey = CheckLevel | 'untested';
type AdviceKey = keyof typeof en.network.verdict.advice;
const HEADLINE = en.network.verdict;
const ADVICE = en.network.verdict.advice;

/** Plain-language verdict from the figures. */
export function checkVerdict(f: CheckFigures): CheckVerdict {
  const nothingBack = !f.audioOk && !(f.videoSent && (f.videoKbps ?? 0) > 0);
  if (f.connected === false || (f.connected !== null && nothingBack)) {
    return {
      level: 'failed',
      headline: HEADLINE.failed,
      advice: [ADVICE.otherNetwork],
      headlineKeys: ['failed'],
      adviceKeys: ['otherNetwork'],
      suggestAudioOnly: false,
    };
  }
  const capacity =
    f.videoKbps === null && f.sendEstimateKbps == null ? null : Math.max(f.videoKbps ?? 0, f.sendEstimateKbps ?? 0);
  const video = VIDEO_THRESHOLDS[f.browser ?? 'chromium'];
  const past = (t: { lossPercent: number; rttMs: number; videoKbps: number }) => ({
    lossy: f.lossPercent !== null && f.lossPercent > t.lossPercent,
    laggy: f.rttMs !== null && f.rttMs > t.rttMs,
    slowVideo: f.videoSent && capacity !== null && capacity < t.videoKbps,
  });
  const poor = past({ ...VERDICT_THRESHOLDS.poor, videoKbps: video.poor });
  const fair = past({ ...VERDICT_THRESHOLDS.fair, videoKbps: video.fair });
  const isPoor = poor.lossy || poor.laggy || poor.slowVideo;
  const isFair = !isPoor && (fair.lossy || fair.laggy || fair.slowVideo);
  const level: CheckLevel = isPoor ? 'poor' : isFair ? 'fair' : 'good';

  const adviceKeys: AdviceKey[] = [];
  if (fair.lossy || fair.laggy) adviceKeys.push('router');
  if (poor.slowVideo || poor.lossy) adviceKeys.push('audioOnly');
  if (level !== 'good') adviceKeys.push('downloads');
  adviceKeys.push('headphones');
  const advice = adviceKeys.map((k) => ADVICE[k]);
  // No camera and no microphone: only the round trip was measured, and the headline says so.
  const headlineKeys: VerdictKey[] = f.connected === null ? [level, 'untested'] : [level];
  const headline = headlineKeys.map((k) => HEADLINE[k]).join(' ');
  return { level, headline, advice, headlineKeys, adviceKeys, suggestAudioOnly: poor.slowVideo || poor.lossy };
}
