/** The connection check's figures and what they mean for a person joining a group. */
export interface CheckFigures {
  /** Round trip to the server (median of a few pings), ms. */
  rttMs: number | null;
  /** Share of looped-back packets lost, 0–100. */
  lossPercent: number | null;
  /** Video bitrate that made it through the SFU and back, kbps. */
  videoKbps: number | null;
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

/** Plain-language verdict from the figures. Thresholds: what a 3x3 grid of video needs. */
export function checkVerdict(f: CheckFigures): CheckVerdict {
  const advice: string[] = [];
  if (!f.audioOk && !f.videoSent) {
    return {
      level: 'failed',
      headline: 'We could not reach the video service from this network.',
      advice: ['Try another network (a phone hotspot often works), or ask your therapist for the phone-in option.'],
      suggestAudioOnly: false,
    };
  }
  const slowVideo = f.videoSent && f.videoKbps !== null && f.videoKbps < 250;
  const lossy = f.lossPercent !== null && f.lossPercent > 3;
  const laggy = f.rttMs !== null && f.rttMs > 400;
  const fair = (f.videoKbps !== null && f.videoKbps < 500) || (f.lossPercent ?? 0) > 1 || (f.rttMs ?? 0) > 200;
  if (lossy || laggy) advice.push('Move closer to your router, or use a network cable if you can.');
  if (slowVideo || lossy) advice.push('Join audio-only: others will still hear you, and you will hear everyone.');
  if (fair || lossy || laggy)
    advice.push('Ask others at home to pause large downloads or streaming during the session.');
  advice.push('Use headphones, so others do not hear themselves echo.');
  const poor = slowVideo || lossy || laggy;
  return {
    level: poor ? 'poor' : fair ? 'fair' : 'good',
    headline: poor
      ? 'Your connection may struggle with video.'
      : fair
        ? 'Your connection should work; video may sometimes be less sharp.'
        : 'Your connection looks good for video.',
    advice,
    suggestAudioOnly: slowVideo || lossy,
  };
}
