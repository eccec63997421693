/**
 * What this browser can do for a video group, read from its globals before anything is tried: a
 * browser without WebRTC, without a codec the video service uses, or without camera/microphone access
 * is told so plainly (and what to do), instead of failing later as "could not reach the video service".
 * Pure: the globals come in as an argument, so tests pass fakes.
 */

/** The codecs the video service (the SFU's router) can forward; a browser needs one of each kind. */
export const SERVICE_CODECS = { audio: ['audio/opus'], video: ['video/vp8', 'video/h264'] } as const;

/** The parts of `window` this reads. */
export interface BrowserGlobals {
  RTCPeerConnection?: unknown;
  RTCRtpSender?: { getCapabilities?: (kind: 'audio' | 'video') => { codecs: { mimeType: string }[] } | null };
  navigator?: { mediaDevices?: { getUserMedia?: unknown } };
  isSecureContext?: boolean;
}

/** Why sound and video cannot be used here, most fundamental first. */
export type SupportGap =
  /** No `RTCPeerConnection`: no video calls at all (e.g. WebKitGTK builds without WebRTC, old browsers). */
  | 'no-webrtc'
  /** WebRTC, but no audio or video codec the video service uses. */
  | 'no-codecs'
  /** WebRTC, but no access to a camera or microphone (no `getUserMedia`; often a page not on https). */
  | 'no-devices';

export interface BrowserSupport {
  /** Can receive the group's sound and video. */
  canReceive: boolean;
  /** Can send a camera and microphone. */
  canSend: boolean;
  gap: SupportGap | null;
}

function codecsOf(g: BrowserGlobals, kind: 'audio' | 'video'): string[] | null {
  const get = g.RTCRtpSender?.getCapabilities;
  if (typeof get !== 'function') return null;
  try {
    const caps = get.call(g.RTCRtpSender, kind);
    return caps ? caps.codecs.map((c) => c.mimeType.toLowerCase()) : [];
  } catch {
    return null;
  }
}

/** Read what this browser supports. A browser that cannot list its codecs is given the benefit of the doubt. */
export function detectSupport(g: BrowserGlobals): BrowserSupport {
  if (typeof g.RTCPeerConnection !== 'function') return { canReceive: false, canSend: false, gap: 'no-webrtc' };
  const audio = codecsOf(g, 'audio');
  const video = codecsOf(g, 'video');
  const usable = (have: string[] | null, want: readonly string[]) =>
    have === null || have.some((c) => want.includes(c));
  if (!usable(audio, SERVICE_CODECS.audio) || !usable(video, SERVICE_CODECS.video)) {
    return { canReceive: false, canSend: false, gap: 'no-codecs' };
  }
  if (typeof g.navigator?.mediaDevices?.getUserMedia !== 'function') {
    return { canReceive: true, canSend: false, gap: 'no-devices' };
  }
  return { canReceive: true, canSend: true, gap: null };
}

/** The browsers Circle works in, said plainly (Safari is built for but not tested on these machines). */
export const WORKING_BROWSERS =
  'Circle works in a current Chrome, Edge or Firefox on a computer or Android phone, and should work in Safari 16.4 or newer on a Mac, iPhone or iPad.';

export interface SupportMessage {
  headline: string;
  /** What it means for the session, then what to do. */
  body: string[];
  /** In the room (already joined): what it means now and what still works, after the headline. */
  inRoom: string;
  /** One short reason for a disabled control ("Unmute", "Camera", "Audio only"). */
  controlReason: string;
}

/** The plain-language message for a gap. `secure`: the page is on https (or localhost). */
export function supportMessage(gap: SupportGap, secure = true): SupportMessage {
  const meanwhile =
    'Meanwhile, Messages reaches your therapist privately, and Crisis support is at the top of the screen.';
  const elsewhere = 'Open your invitation link in a current Chrome, Edge or Firefox (or Safari 16.4 or newer).';
  const still =
    'You can still join: you can use Crisis support at the top of the screen, send your therapist a private message and read the group chat.';
  switch (gap) {
    case 'no-webrtc':
      return {
        headline: 'This browser cannot do video calls.',
        body: [
          'It is missing the part of the browser that sends and plays the group’s sound and video, so you would not see or hear the group here.',
          `${WORKING_BROWSERS} Please open your invitation link in one of those.`,
          still,
        ],
        inRoom: `You cannot see or hear the group here, and they cannot see or hear you. ${elsewhere} ${meanwhile}`,
        controlReason: 'Not available: this browser cannot do video calls.',
      };
    case 'no-codecs':
      return {
        headline: 'This browser cannot play the group’s sound and video.',
        body: [
          'It does not support the sound and video formats the group uses, so you would not see or hear the group here.',
          `${WORKING_BROWSERS} Please open your invitation link in one of those, or update this browser.`,
          still,
        ],
        inRoom: `You cannot see or hear the group here, and they cannot see or hear you. ${elsewhere} ${meanwhile}`,
        controlReason: 'Not available: this browser cannot play the group’s sound and video.',
      };
    case 'no-devices':
      return {
        headline: 'This browser cannot use your camera or microphone here.',
        body: [
          'You can join, see and hear the group, but others will not see or hear you.',
          secure
            ? `${WORKING_BROWSERS} Please open your invitation link in one of those, or update this browser.`
            : 'The page was not opened over a secure (https) link. Please open the invitation link exactly as you received it.',
          'You can still use Crisis support at the top of the screen and send your therapist a private message.',
        ],
        inRoom: `You can see and hear the group, but they cannot see or hear you. ${secure ? elsewhere : 'Open the invitation link exactly as you received it (https).'} ${meanwhile}`,
        controlReason: 'Not available: this browser cannot use your camera or microphone.',
      };
  }
}

/** This browser, read once. */
export function browserSupport(): BrowserSupport {
  cached ??= detectSupport(globalThis as unknown as BrowserGlobals);
  return cached;
}
let cached: BrowserSupport | undefined;
