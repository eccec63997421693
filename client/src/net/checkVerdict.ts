/** The connection check's figures and what they mean for a person joining a group. */
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
  videoSent: boolean;
}

export type CheckLevel = 'good' | 'fair' | 'poor' | 'failed';

export interface CheckVerdict {
  level: CheckLevel;
  headline: string;
  advice: string[];
  /** Suggest joining audio-only. */
  suggestAudioOnly: boolean;
}

/**
 * Thresholds, for a group room (send one camera up to ~1.3 Mbps, receive a grid of small layers):
 * - failed ("could not connect"): no audio and no video came back through the video service at all;
 * - poor ("slow"): loss above 5 %, or a round trip above 400 ms, or video capacity under 150 kbps;
 * - fair: loss above 2 %, or a round trip above 250 ms, or video capacity under 300 kbps;
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

const HEADLINE: Record<CheckLevel, string> = {
  good: 'Your connection is good.',
  fair: 'Your connection is fair: video may sometimes be less sharp.',
  poor: 'Your connection is slow for video.',
  failed: 'We could not connect to the video service from this network.',
};

/** Plain-language verdict from the figures. */
export function checkVerdict(f: CheckFigures): CheckVerdict {
  if (!f.audioOk && !f.videoSent) {
    return {
      level: 'failed',
      headline: HEADLINE.failed,
      advice: ['Try another network (a phone hotspot often works), or ask your therapist for the phone-in option.'],
      suggestAudioOnly: false,
    };
  }
  const capacity =
    f.videoKbps === null && f.sendEstimateKbps == null ? null : Math.max(f.videoKbps ?? 0, f.sendEstimateKbps ?? 0);
  const past = (t: { lossPercent: number; rttMs: number; videoKbps: number }) => ({
    lossy: f.lossPercent !== null && f.lossPercent > t.lossPercent,
    laggy: f.rttMs !== null && f.rttMs > t.rttMs,
    slowVideo: f.videoSent && capacity !== null && capacity < t.videoKbps,
  });
  const poor = past(VERDICT_THRESHOLDS.poor);
  const fair = past(VERDICT_THRESHOLDS.fair);
  const isPoor = poor.lossy || poor.laggy || poor.slowVideo;
  const isFair = !isPoor && (fair.lossy || fair.laggy || fair.slowVideo);
  const level: CheckLevel = isPoor ? 'poor' : isFair ? 'fair' : 'good';

  const advice: string[] = [];
  if (fair.lossy || fair.laggy) advice.push('Move closer to your router, or use a network cable if you can.');
  if (poor.slowVideo || poor.lossy)
    advice.push('Join audio-only: others will still hear you, and you will hear everyone.');
  if (level !== 'good') advice.push('Ask others at home to pause large downloads or streaming during the session.');
  advice.push('Use headphones, so others do not hear themselves echo.');
  return { level, headline: HEADLINE[level], advice, suggestAudioOnly: poor.slowVideo || poor.lossy };
}
