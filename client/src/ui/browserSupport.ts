/**
 * What this browser can do for a video group, read from its globals before anything is tried: a
 * browser without WebRTC, without a codec the video service uses, or without camera/microphone access
 * is told so plainly (and what to do), instead of failing later as "could not reach the video service".
 * Pure: the globals come in as an argument, so tests pass fakes.
 */
import { en } from '@circle/shared/i18n';

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

/** A text of the `support` catalogue namespace by its key ("noWebrtc.headline"); English by default. */
export type SupportText = (key: string) => string;

const english: SupportText = (key) => {
  let node: unknown = en.support;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return typeof node === 'string' ? node : key;
};

/** The browsers Circle works in, said plainly (Safari is built for but not tested on these machines). */
export const WORKING_BROWSERS = en.support.working;

export interface SupportMessage {
  headline: string;
  /** What it means for the session, then what to do. */
  body: string[];
  /** In the room (already joined): what it means now and what still works, after the headline. */
  inRoom: string;
  /** One short reason for a disabled control ("Unmute", "Camera", "Audio only"). */
  controlReason: string;
}

/**
 * The plain-language message for a gap, in the person's language (`t`: the catalogue's `support`
 * texts; whole sentences, put side by side). `secure`: the page is on https (or localhost).
 */
export function supportMessage(gap: SupportGap, secure = true, t: SupportText = english): SupportMessage {
  const key = ({ 'no-webrtc': 'noWebrtc', 'no-codecs': 'noCodecs', 'no-devices': 'noDevices' } as const)[gap];
  const working = t('working');
  if (gap === 'no-devices') {
    return {
      headline: t(`${key}.headline`),
      body: [t(`${key}.body`), secure ? `${working} ${t('openOrUpdate')}` : t('insecure'), t(`${key}.still`)],
      inRoom: `${t(`${key}.inRoom`)} ${secure ? t('elsewhere') : t('insecureRoom')} ${t('meanwhile')}`,
      controlReason: t(`${key}.reason`),
    };
  }
  return {
    headline: t(`${key}.headline`),
    body: [t(`${key}.body`), `${working} ${gap === 'no-webrtc' ? t('openThere') : t('openOrUpdate')}`, t('still')],
    inRoom: `${t(`${key}.inRoom`)} ${t('elsewhere')} ${t('meanwhile')}`,
    controlReason: t(`${key}.reason`),
  };
}

/** This browser, read once. */
export function browserSupport(): BrowserSupport {
  cached ??= detectSupport(globalThis as unknown as BrowserGlobals);
  return cached;
}
let cached: BrowserSupport | undefined;
